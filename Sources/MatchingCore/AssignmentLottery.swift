/// A lottery over deterministic assignments: weights summing to 1, each with a matching.
///
/// ```swift
/// let lottery = try LotteryDecomposition.decompose(ps, capacities: market.capacities)
/// lottery.weights.reduce(0, +)              // 1 (within 1e-9)
/// var rng = SeededGenerator(seed: 7)
/// let drawn = lottery.sample(using: &rng)   // one of lottery.assignments
/// ```
public struct AssignmentLottery: Sendable, Equatable {
  /// The probability of each assignment.
  public var weights: [Double]
  /// The deterministic assignments, aligned with ``weights``.
  public var assignments: [Matching]

  public init(weights: [Double], assignments: [Matching]) {
    precondition(weights.count == assignments.count, "one weight per assignment")
    self.weights = weights
    self.assignments = assignments
  }

  /// The index of the assignment a draw picks: the first whose cumulative weight exceeds a
  /// uniform draw in `[0, total weight)`.
  public func sampleIndex<G: RandomNumberGenerator>(using rng: inout G) -> Int {
    precondition(!weights.isEmpty, "an empty lottery has nothing to draw")
    let total = weights.reduce(0, +)
    let u = Double(rng.next() >> 11) * 0x1.0p-53 * total
    var cumulative = 0.0
    for (k, w) in weights.enumerated() {
      cumulative += w
      if u < cumulative { return k }
    }
    return weights.count - 1
  }

  /// Draws one assignment with probability equal to its weight.
  public func sample<G: RandomNumberGenerator>(using rng: inout G) -> Matching {
    assignments[sampleIndex(using: &rng)]
  }

  /// The random assignment the lottery implements: the weighted sum of its matchings (each
  /// student's row lists her schools in ascending order).
  ///
  /// - Complexity: O(*K* · *n*) for *K* assignments of *n* students.
  public func expectedAssignment(schoolCount: Int, studentCount: Int) -> RandomAssignment {
    var rows = [[Int: Double]](repeating: [:], count: studentCount)
    for (w, m) in zip(weights, assignments) {
      for i in 0..<studentCount where m.assignment[i] >= 0 { rows[i][Int(m.assignment[i]), default: 0] += w }
    }
    return RandomAssignment(
      schoolCount: schoolCount, rows: rows.map { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } })
  }
}
