import MatchingCore

/// A seeded stable-marriage market with correlated preferences (a common-value model): *n* men
/// and *n* women, as a school-choice market whose schools (the women) have one seat.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1, stream: 0)
/// let data = CorrelatedMarriageModel(size: 1_000, correlation: 0.5).generateData(using: &rng)
/// data.market().schoolCount   // 1000, each with capacity 1
/// ```
///
/// Man *m*'s utility for woman *w* is `a * q(w) + (1 - a) * e(m, w)` and woman *w*'s for man
/// *m* is `a * p(m) + (1 - a) * f(w, m)`, with the common qualities `q`, `p` and the tastes
/// `e`, `f` independent standard normals and `a` = ``correlation``. Each man lists his top
/// ``listLength`` women; each woman ranks every man, and a man's priority at a woman is his
/// position in her order (0 = her favourite), so priorities are strict. With `a = 0` lists
/// are uniform (the model of ``StableMarriageModel``, drawn differently); with `a = 1` every
/// man has the same list and every woman the same order, so the stable matching is unique and
/// men-proposing DA makes n(n+1)/2 proposals. In between, popular women reject many men, so
/// DA does more work than on uniform lists (Caldarelli and Capocci 2001 study such
/// "beauty"-correlated markets).
///
/// The stream is consumed in a fixed order: women's qualities, men's qualities, then man by
/// man his tastes for women 0..<n, then woman by woman her tastes for men 0..<n. Ties of
/// utility (probability zero) go to the smaller index.
public struct CorrelatedMarriageModel: Sendable, Hashable, Codable {
  /// Men (and women) *n*.
  public var size: Int
  /// How many women each man lists.
  public var listLength: Int
  /// Weight `a` of the common quality, in [0, 1].
  public var correlation: Double

  /// Creates a model; complete lists unless `listLength` is given.
  public init(size: Int, listLength: Int? = nil, correlation: Double = 0.5) {
    precondition(size >= 1, "a marriage market needs at least one man and one woman")
    precondition(correlation.isFinite && (0...1).contains(correlation), "correlation must lie in [0, 1]")
    self.size = size
    self.listLength = min(listLength ?? size, size)
    precondition(self.listLength >= 1, "men must list at least one woman")
    self.correlation = correlation
  }

  /// Draws the market's raw data: the women's strict orders are stored as priorities.
  ///
  /// - Complexity: O(*n*² log *n*) time and O(*n*²) memory for *n* men and women.
  public func generateData(using rng: inout SeededGenerator) -> GeneratedSchoolChoice {
    let n = size
    let k = listLength
    let a = correlation
    let normal = NormalSampler()
    var womenQuality = [Double](repeating: 0, count: n)
    for w in 0..<n { womenQuality[w] = a * normal.next(using: &rng) }
    var menQuality = [Double](repeating: 0, count: n)
    for m in 0..<n { menQuality[m] = a * normal.next(using: &rng) }
    var utility = [Double](repeating: 0, count: n)
    var order = [Int32](repeating: 0, count: n)
    func rankAll(_ common: [Double]) -> [Int32] {
      for j in 0..<n { utility[j] = common[j] + (1 - a) * normal.next(using: &rng) }
      for j in 0..<n { order[j] = Int32(j) }
      order.sort { utility[Int($0)] > utility[Int($1)] || (utility[Int($0)] == utility[Int($1)] && $0 < $1) }
      return order
    }
    var offsets = [Int32](repeating: 0, count: n + 1)
    var schools = [Int32](repeating: 0, count: n * k)
    for m in 0..<n {
      let ranked = rankAll(womenQuality)
      for j in 0..<k { schools[m * k + j] = ranked[j] }
      offsets[m + 1] = Int32((m + 1) * k)
    }
    // womanRank[w * n + man] = position of the man in woman w's order.
    var womanRank = [Int32](repeating: 0, count: n * n)
    for w in 0..<n {
      let ranked = rankAll(menQuality)
      for (r, man) in ranked.enumerated() { womanRank[w * n + Int(man)] = Int32(r) }
    }
    var classes = [Int32](repeating: 0, count: n * k)
    for m in 0..<n {
      for j in 0..<k { classes[m * k + j] = womanRank[Int(schools[m * k + j]) * n + m] }
    }
    return GeneratedSchoolChoice(
      capacities: [Int32](repeating: 1, count: n), listOffsets: offsets, schools: schools,
      priorityClasses: classes, tieBreaking: .single(seed: 0))
  }
}
