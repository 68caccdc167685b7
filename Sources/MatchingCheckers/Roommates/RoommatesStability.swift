import MatchingCore

/// A pair of agents who would rather be together than with their partners: the witness that
/// a roommates matching (or a stable partition) is not stable.
///
/// ```swift
/// market.blockingPairs(in: matching).first   // a 0 prefers 2 (has 1), 2 prefers 0 (has 3)
/// ```
public struct RoommatesBlockingPair: Sendable, Hashable, CustomStringConvertible {
  /// The two agents, `first < second`.
  public var first: AgentID
  public var second: AgentID
  /// What each holds instead (the partner, or for a partition the predecessor π⁻¹); `nil`
  /// when alone.
  public var firstHolds: AgentID?
  public var secondHolds: AgentID?

  public var description: String {
    "\(first) and \(second) prefer each other (they hold \(firstHolds.map(String.init) ?? "nobody") and \(secondHolds.map(String.init) ?? "nobody"))"
  }
}

/// Why a roommates matching or partition is not even feasible.
public enum RoommatesViolation: Sendable, Hashable, CustomStringConvertible {
  /// The matching has a different number of agents than the market.
  case wrongAgentCount(expected: Int, found: Int)
  /// `agent` is matched to `partner`, who is not matched back.
  case notSymmetric(agent: AgentID, partner: AgentID)
  /// `agent` is matched (or, in a partition, linked) to `partner` without mutual acceptance.
  case unacceptable(agent: AgentID, partner: AgentID)
  /// A partition that is not a permutation: `agent` has no unique predecessor.
  case notAPermutation(agent: AgentID)
  /// In a partition, `agent` prefers her predecessor to her successor.
  case predecessorPreferred(agent: AgentID)

  public var description: String {
    switch self {
    case .wrongAgentCount(let e, let f): "the matching has \(f) agents, the market \(e)"
    case .notSymmetric(let a, let b): "\(a) is matched to \(b), who is not matched back"
    case .unacceptable(let a, let b): "\(a) and \(b) are not mutually acceptable"
    case .notAPermutation(let a): "agent \(a) is the successor of more than one agent (or of none)"
    case .predecessorPreferred(let a): "agent \(a) prefers her predecessor to her successor"
    }
  }
}

extension RoommatesMarket {
  /// The positions (0 = first) of `holds[a]` in each agent's list; the list length when she
  /// holds nobody (or herself); -1 when she holds someone not on her list.
  private func positions(of holds: [Int32]) -> [Int32] {
    (0..<agentCount).map { a in
      let r = listRange(of: a)
      let h = holds[a]
      if h < 0 || Int(h) == a { return Int32(r.count) }
      for e in r where partners[e] == h { return Int32(e - r.lowerBound) }
      return -1
    }
  }

  /// Why `matching` is not a matching of this market (partners not symmetric, not mutually
  /// acceptable, wrong size); empty when it is one.
  ///
  /// - Complexity: O(*n* + *E*).
  public func violations(of matching: Matching) -> [RoommatesViolation] {
    guard matching.count == agentCount else {
      return [.wrongAgentCount(expected: agentCount, found: matching.count)]
    }
    var result: [RoommatesViolation] = []
    let pos = positions(of: matching.assignment)
    for a in 0..<agentCount {
      guard let b = matching.partner(of: a) else { continue }
      if b >= agentCount || matching.assignment[b] != Int32(a) {
        result.append(.notSymmetric(agent: a, partner: b))
      } else if pos[a] < 0 {
        result.append(.unacceptable(agent: a, partner: b))
      }
    }
    return result
  }

  /// Every pair that blocks `matching`: mutually acceptable agents who each prefer the other
  /// to what they hold (being unmatched is worse than any acceptable partner).
  ///
  /// - Parameters:
  ///   - matching: a feasible matching (see ``violations(of:)``).
  ///   - limit: the most pairs to return.
  /// - Returns: the blocking pairs, by first agent then second.
  /// - Complexity: O(*n* + *E*).
  public func blockingPairs(in matching: Matching, limit: Int = .max) -> [RoommatesBlockingPair] {
    blocking(holds: matching.assignment, limit: limit)
  }

  /// Whether `matching` is a stable matching of this market.
  public func isStable(_ matching: Matching) -> Bool {
    violations(of: matching).isEmpty && blockingPairs(in: matching, limit: 1).isEmpty
  }

  private func blocking(holds: [Int32], limit: Int) -> [RoommatesBlockingPair] {
    let pos = positions(of: holds)
    var result: [RoommatesBlockingPair] = []
    for a in 0..<agentCount {
      let r = listRange(of: a)
      for e in r where Int32(e - r.lowerBound) < pos[a] {
        let b = Int(partners[e])
        guard a < b, reverse[e] < pos[b] else { continue }
        func held(_ x: Int) -> AgentID? { holds[x] < 0 || Int(holds[x]) == x ? nil : Int(holds[x]) }
        result.append(RoommatesBlockingPair(first: a, second: b, firstHolds: held(a), secondHolds: held(b)))
        if result.count >= limit { return result }
      }
    }
    return result
  }

  /// Checks a stable partition (Tan 1991) from its definition: π is a permutation linking
  /// mutually acceptable agents, every agent weakly prefers her successor to her
  /// predecessor, and no pair prefers each other to their predecessors.
  ///
  /// A partition that passes and has an odd party proves that the market has no stable
  /// matching (all stable partitions have the same odd parties, and a stable matching is a
  /// stable partition without one).
  ///
  /// - Returns: the violations of the permutation rules, then the blocking pairs (both empty
  ///   for a stable partition).
  /// - Complexity: O(*n* + *E*).
  public func partitionReport(_ partition: StablePartition, limit: Int = .max)
    -> (violations: [RoommatesViolation], blockingPairs: [RoommatesBlockingPair])
  {
    let n = agentCount
    guard partition.successor.count == n else {
      return ([.wrongAgentCount(expected: n, found: partition.successor.count)], [])
    }
    var predecessor = [Int32](repeating: -1, count: n)
    var violations: [RoommatesViolation] = []
    for a in 0..<n {
      let b = Int(partition.successor[a])
      guard b >= 0 && b < n else {
        violations.append(.notAPermutation(agent: a))
        continue
      }
      if predecessor[b] >= 0 { violations.append(.notAPermutation(agent: b)) }
      predecessor[b] = Int32(a)
    }
    guard violations.isEmpty else { return (violations, []) }
    let succPos = positions(of: partition.successor)
    let predPos = positions(of: predecessor)
    for a in 0..<n {
      if succPos[a] < 0 { violations.append(.unacceptable(agent: a, partner: Int(partition.successor[a]))) }
      if predPos[a] < 0 { violations.append(.unacceptable(agent: a, partner: Int(predecessor[a]))) }
      if succPos[a] >= 0 && predPos[a] >= 0 && succPos[a] > predPos[a] {
        violations.append(.predecessorPreferred(agent: a))
      }
    }
    return (violations, blocking(holds: predecessor, limit: limit))
  }
}
