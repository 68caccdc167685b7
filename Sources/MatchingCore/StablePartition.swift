/// A stable partition of a roommates market (Tan 1991): a permutation π of the agents, read
/// as cycles, that generalises a stable matching.
///
/// ```swift
/// // A:(B,C)  B:(C,A)  C:(A,B)  D:(A,B,C): no stable matching
/// partition.cycles       // [[0, 1, 2], [3]]: the odd party {A, B, C}, D alone
/// partition.oddParties   // [[0, 1, 2]]
/// ```
///
/// Each agent *a* proposes to her successor π(a) and holds her predecessor π⁻¹(a):
/// 1. π(a) and π⁻¹(a) are on *a*'s list (or equal *a*: she is alone), and *a* prefers π(a)
///    to π⁻¹(a) unless they are equal;
/// 2. no pair {a, b} of mutually acceptable agents has *a* preferring *b* to π⁻¹(a) and *b*
///    preferring *a* to π⁻¹(b) (being alone is worse than any acceptable partner).
///
/// Cycles of length 2 are matched pairs, of length 1 agents alone. A stable matching is a
/// stable partition without longer cycles. Tan (1991) proves that every market has a stable
/// partition, that all stable partitions have the same **odd parties** (cycles of odd length
/// at least 3), and that a stable matching exists exactly when there is none: one stable
/// partition with an odd party is a certificate that no stable matching exists.
public struct StablePartition: Sendable, Hashable {
  /// π(a) for each agent (*a* itself when alone).
  public var successor: [Int32]

  public init(successor: [Int32]) { self.successor = successor }

  /// The cycles of π, each starting at its smallest agent, in order of that agent.
  public var cycles: [[AgentID]] {
    var seen = [Bool](repeating: false, count: successor.count)
    var result: [[AgentID]] = []
    for a in 0..<successor.count where !seen[a] {
      var cycle: [AgentID] = []
      var x = a
      while !seen[x] {
        seen[x] = true
        cycle.append(x)
        x = Int(successor[x])
      }
      result.append(cycle)
    }
    return result
  }

  /// The cycles of odd length at least 3.
  public var oddParties: [[AgentID]] { cycles.filter { $0.count >= 3 && $0.count % 2 == 1 } }
}
