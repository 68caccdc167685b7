import MatchingCore

/// A seeded stable-marriage market with short lists, at any size: each of *n* men lists *k*
/// women drawn uniformly without replacement, and each woman's strict order over the men is
/// an independent uniform random order.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1, stream: 0)
/// let market = IncompleteMarriageModel(size: 1_000_000, listLength: 10).generate(using: &rng)
/// market.totalListLength   // 10,000,000
/// ```
///
/// Unlike ``StableMarriageModel``, which stores each woman's order as explicit priorities
/// (O(*n*²) memory), the women's orders here are the market's multiple tie-breaking: every
/// man is in one priority class at every woman, and each woman draws her own lottery (a
/// uniform random strict order, independent across women) from the seed drawn after the
/// lists. Memory and time are O(*n* *k*), so a million men with lists of 10 take a fraction
/// of a second. This is the incomplete-list model of Immorlica and Mahdian (2005).
public struct IncompleteMarriageModel: Sendable, Hashable, Codable {
  /// Men (and women) *n*.
  public var size: Int
  /// How many women each man lists, *k* (at most *n*).
  public var listLength: Int

  /// Creates a model.
  public init(size: Int, listLength: Int = 10) {
    precondition(size >= 1, "a marriage market needs at least one man and one woman")
    precondition(listLength >= 1, "men must list at least one woman")
    self.size = size
    self.listLength = min(listLength, size)
  }

  /// Draws the market's raw data: lists, one priority class, and the multiple tie-breaking
  /// that draws the women's orders.
  ///
  /// - Complexity: O(*n* *k*) time and memory (plus O(*n*) for the draw's scratch order).
  public func generateData(using rng: inout SeededGenerator) -> GeneratedSchoolChoice {
    let n = size
    let k = listLength
    var offsets = [Int32](repeating: 0, count: n + 1)
    var schools = [Int32](repeating: 0, count: n * k)
    var order = (0..<n).map { Int32($0) }
    for i in 0..<n {
      // A partial Fisher-Yates shuffle: the first k positions are a uniform k-subset in
      // uniform order (the scratch order carries over from man to man; each prefix is still
      // uniform).
      for j in 0..<k {
        let r = j + rng.uniform(below: n - j)
        order.swapAt(j, r)
        schools[i * k + j] = order[j]
      }
      offsets[i + 1] = Int32((i + 1) * k)
    }
    let seed = rng.next()
    return GeneratedSchoolChoice(
      capacities: [Int32](repeating: 1, count: n), listOffsets: offsets, schools: schools,
      priorityClasses: [Int32](repeating: 0, count: n * k), tieBreaking: .multiple(seed: seed))
  }

  /// Draws a market (schools = women, capacity 1).
  public func generate(using rng: inout SeededGenerator) -> SchoolChoiceMarket {
    generateData(using: &rng).market()
  }
}
