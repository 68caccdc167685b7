import MatchingCore

/// A seeded random stable-marriage market: *n* men and *n* women with uniformly random
/// strict lists, as a school-choice market whose schools (the women) have one seat.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1, stream: 0)
/// let market = StableMarriageModel(size: 100).generate(using: &rng)
/// market.schoolCount   // 100, each with capacity 1
/// ```
///
/// Each man lists his `listLength` most preferred women of a uniform random order (complete
/// lists when `listLength >= size`); each woman ranks all men by a uniform random order, and a
/// man's priority at a woman is his position in her order (0 = her favourite), so priorities
/// are strict and tie-breaking plays no role. Uniform complete lists are the classic model of
/// Wilson (1972) and Knuth (1976): men-proposing DA makes about *n* ln *n* proposals.
public struct StableMarriageModel: Sendable, Hashable, Codable {
  /// Men (and women) *n*.
  public var size: Int
  /// How many women each man lists.
  public var listLength: Int

  /// Creates a model with *n* men and *n* women; complete lists unless `listLength` is given.
  public init(size: Int, listLength: Int? = nil) {
    precondition(size >= 1, "a marriage market needs at least one man and one woman")
    self.size = size
    self.listLength = min(listLength ?? size, size)
    precondition(self.listLength >= 1, "men must list at least one woman")
  }

  /// Draws the market's raw data: the women's strict orders are stored as priorities.
  ///
  /// - Complexity: O(*n*²) for *n* men and women.
  public func generateData(using rng: inout SeededGenerator) -> GeneratedSchoolChoice {
    let n = size
    let k = listLength
    var offsets = [Int32](repeating: 0, count: n + 1)
    var schools = [Int32](repeating: 0, count: n * k)
    var order = (0..<n).map { Int32($0) }
    for i in 0..<n {
      // A partial Fisher-Yates shuffle: the first k positions are a uniform k-prefix.
      for j in 0..<k {
        let r = j + rng.uniform(below: n - j)
        order.swapAt(j, r)
        schools[i * k + j] = order[j]
      }
      offsets[i + 1] = Int32((i + 1) * k)
    }
    // womanRank[w * n + man] = position of the man in woman w's order.
    var womanRank = [Int32](repeating: 0, count: n * n)
    for w in 0..<n {
      let perm = rng.permutation(n)
      for (r, man) in perm.enumerated() { womanRank[w * n + Int(man)] = Int32(r) }
    }
    var classes = [Int32](repeating: 0, count: n * k)
    for i in 0..<n {
      for j in 0..<k {
        classes[i * k + j] = womanRank[Int(schools[i * k + j]) * n + i]
      }
    }
    return GeneratedSchoolChoice(
      capacities: [Int32](repeating: 1, count: n), listOffsets: offsets, schools: schools,
      priorityClasses: classes, tieBreaking: .single(seed: 0))
  }

  /// Draws a market (schools = women, capacity 1).
  public func generate(using rng: inout SeededGenerator) -> SchoolChoiceMarket {
    generateData(using: &rng).market()
  }
}

/// A seeded random Shapley-Scarf housing market: agent *i* owns house *i*, and agents rank
/// houses by a utility mixing a common quality and an idiosyncratic taste.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1, stream: 0)
/// let market = HousingModel(agentCount: 1_000, listLength: 10).generate(using: &rng)
/// ```
///
/// Agent *i*'s utility for house *h* is `alpha * q(h) + (1 - alpha) * e(i, h)` with
/// independent standard normals; she lists her top `listLength` houses, and (as every
/// `HousingMarket`) her list is cut after her own house, or her own house appended.
public struct HousingModel: Sendable, Hashable, Codable {
  /// Agents (and houses) *n*.
  public var agentCount: Int
  /// How many houses each agent ranks before her own is appended.
  public var listLength: Int
  /// Weight of the common quality, in [0, 1].
  public var alpha: Double

  /// Creates a model.
  public init(agentCount: Int, listLength: Int = 10, alpha: Double = 0.5) {
    precondition(agentCount >= 1, "a housing market needs at least one agent")
    precondition(listLength >= 1, "agents must list at least one house")
    precondition((0...1).contains(alpha), "alpha must lie in [0, 1]")
    self.agentCount = agentCount
    self.listLength = min(listLength, agentCount)
    self.alpha = alpha
  }

  /// Draws a market.
  ///
  /// - Complexity: O(*n* min(*n*, 4*k* + 16) *k*) for *n* agents and list length *k* (at
  ///   worst; the top-*k* insertion is usually O(1) per sampled house).
  ///
  /// For large markets, scoring every house for every agent would be O(*n*²); instead each
  /// agent scores `min(n, 4k + 16)` houses drawn uniformly with replacement and keeps the
  /// best *k* distinct ones, so a list is the top of a random sample (popular houses still
  /// rise through the common quality). With `4k + 16 >= n` every house is scored.
  public func generate(using rng: inout SeededGenerator) -> HousingMarket {
    let n = agentCount
    let k = listLength
    let normal = NormalSampler()
    var quality = [Double](repeating: 0, count: n)
    for h in 0..<n { quality[h] = alpha * normal.next(using: &rng) }
    let idio = 1 - alpha
    let sampleAll = 4 * k + 16 >= n
    var offsets: [Int32] = [0]
    offsets.reserveCapacity(n + 1)
    var houses: [Int32] = []
    houses.reserveCapacity(n * k)
    var topU = [Double](repeating: 0, count: k)
    var topH = [Int32](repeating: 0, count: k)
    var seen = [Int32](repeating: -1, count: n)
    for a in 0..<n {
      var filled = 0
      @inline(__always) func consider(_ h: Int, _ u: Double) {
        if filled < k {
          var j = filled
          while j > 0 && topU[j - 1] < u {
            topU[j] = topU[j - 1]
            topH[j] = topH[j - 1]
            j -= 1
          }
          topU[j] = u
          topH[j] = Int32(h)
          filled += 1
        } else if u > topU[k - 1] {
          var j = k - 1
          while j > 0 && topU[j - 1] < u {
            topU[j] = topU[j - 1]
            topH[j] = topH[j - 1]
            j -= 1
          }
          topU[j] = u
          topH[j] = Int32(h)
        }
      }
      if sampleAll {
        for h in 0..<n { consider(h, quality[h] + idio * normal.next(using: &rng)) }
      } else {
        for _ in 0..<(4 * k + 16) {
          let h = rng.uniform(below: n)
          let u = quality[h] + idio * normal.next(using: &rng)
          if seen[h] == Int32(a) { continue }
          seen[h] = Int32(a)
          consider(h, u)
        }
      }
      for j in 0..<filled { houses.append(topH[j]) }
      offsets.append(Int32(houses.count))
    }
    return try! HousingMarket(
      endowments: (0..<n).map { Int32($0) }, listOffsets: offsets, houses: houses)
  }
}
