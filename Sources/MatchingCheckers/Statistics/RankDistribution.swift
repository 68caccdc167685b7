import MatchingCore

/// How many students got their first choice, their second, ..., and how many none.
///
/// ```swift
/// let d = market.rankDistribution(of: matching)
/// d.counts[0]    // students at their first choice
/// d.unassigned   // students without a school
/// ```
public struct RankDistribution: Hashable, Sendable, Codable {
  /// `counts[k]` students hold the school at position *k* (0-based) of their list.
  public var counts: [Int]
  /// Students without a school.
  public var unassigned: Int

  public init(counts: [Int], unassigned: Int) {
    self.counts = counts
    self.unassigned = unassigned
  }

  /// All students.
  public var total: Int { counts.reduce(unassigned, +) }
  /// Students at their first choice.
  public var firstChoice: Int { counts.first ?? 0 }
  /// Students at one of their first `k` choices.
  public func topChoices(_ k: Int) -> Int { counts.prefix(k).reduce(0, +) }
  /// Mean position (1 = first choice) among assigned students, or `nil` if none.
  public var meanAssignedRank: Double? {
    let assigned = total - unassigned
    guard assigned > 0 else { return nil }
    var sum = 0
    for (k, c) in counts.enumerated() { sum += (k + 1) * c }
    return Double(sum) / Double(assigned)
  }
}

extension SchoolChoiceMarket {
  /// The rank distribution of `matching`: counts by position of each student's school in her
  /// (current) list. A student at a school she did not list counts as unassigned.
  ///
  /// - Complexity: O(*n* + *E*).
  public func rankDistribution(of matching: Matching) -> RankDistribution {
    var counts: [Int] = []
    var unassignedCount = 0
    for i in 0..<studentCount {
      guard let s = matching.partner(of: i), let k = position(of: s, in: i) else {
        unassignedCount += 1
        continue
      }
      if k >= counts.count { counts += [Int](repeating: 0, count: k + 1 - counts.count) }
      counts[k] += 1
    }
    return RankDistribution(counts: counts, unassigned: unassignedCount)
  }
}

extension HousingMarket {
  /// The rank distribution of an allocation: counts by position of each agent's house in her
  /// list (her own house is the last position of her list).
  public func rankDistribution(of matching: Matching) -> RankDistribution {
    var counts: [Int] = []
    var none = 0
    for a in 0..<agentCount {
      guard let h = matching.partner(of: a), let k = position(of: h, in: a) else {
        none += 1
        continue
      }
      if k >= counts.count { counts += [Int](repeating: 0, count: k + 1 - counts.count) }
      counts[k] += 1
    }
    return RankDistribution(counts: counts, unassigned: none)
  }
}
