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

extension RankDistribution {
  /// Counts `positions`: a position in the list (0 = first), or `nil` for no assignment.
  init(positions: some Sequence<Int?>) {
    var counts: [Int] = []
    var none = 0
    for p in positions {
      guard let k = p else {
        none += 1
        continue
      }
      if k >= counts.count { counts += [Int](repeating: 0, count: k + 1 - counts.count) }
      counts[k] += 1
    }
    self.init(counts: counts, unassigned: none)
  }
}

extension SchoolChoiceMarket {
  /// The rank distribution of `matching`: counts by position of each student's school in her
  /// (current) list. A student at a school she did not list counts as unassigned.
  ///
  /// - Complexity: O(*n* + *E*).
  public func rankDistribution(of matching: Matching) -> RankDistribution {
    RankDistribution(positions: (0..<studentCount).lazy.map { i in
      matching.partner(of: i).flatMap { position(of: $0, in: i) }
    })
  }
}

extension HousingMarket {
  /// The rank distribution of an allocation: counts by position of each agent's house in her
  /// list (her own house is the last position of her list).
  public func rankDistribution(of matching: Matching) -> RankDistribution {
    RankDistribution(positions: (0..<agentCount).lazy.map { a in
      matching.partner(of: a).flatMap { position(of: $0, in: a) }
    })
  }
}
