import MatchingCore

extension OutcomeMetrics {
  /// How many students `matching` puts strictly higher, and strictly lower, in their lists
  /// than `baseline` (DA in a study); an unassigned student ranks below every school.
  ///
  /// ```swift
  /// OutcomeMetrics.comparison(eadam, with: da, in: market)   // (better: 12, worse: 0)
  /// ```
  ///
  /// - Complexity: O(*E*) for total list length *E*.
  public static func comparison(
    _ matching: Matching, with baseline: Matching, in market: SchoolChoiceMarket
  ) -> (better: Int, worse: Int) {
    var better = 0
    var worse = 0
    for i in 0..<market.studentCount where matching.assignment[i] != baseline.assignment[i] {
      let a = matching.partner(of: i).flatMap { market.position(of: $0, in: i) } ?? .max
      let b = baseline.partner(of: i).flatMap { market.position(of: $0, in: i) } ?? .max
      if a < b { better += 1 } else if a > b { worse += 1 }
    }
    return (better, worse)
  }
}
