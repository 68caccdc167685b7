import MatchingCore

/// The costs by which optimal stable matchings are chosen.
///
/// ```swift
/// let c = StableMatchingCosts(matching, in: market)
/// c.studentCost      // Σ over assigned students of the position of her school (1 = first)
/// c.egalitarianCost  // studentCost + schoolCost
/// ```
///
/// A student's cost is the position of her school in her list (1 = first choice); a school's
/// cost for a student it holds is that student's position (1 = first) in the school's strict
/// order over its applicants (the rank after tie-breaking, plus one). The **egalitarian
/// cost** adds both over all matched pairs; unassigned students add nothing (by the rural
/// hospitals theorem the same students are unassigned in every stable matching). The
/// **regret** is the largest single cost on either side (Gusfield 1987).
public struct StableMatchingCosts: Sendable, Hashable {
  /// Σ over assigned students of her school's position in her list.
  public var studentCost: Int
  /// Σ over matched pairs of the student's position in the school's strict order.
  public var schoolCost: Int
  /// The largest single cost on either side (0 when nobody is assigned).
  public var regret: Int
  /// `studentCost + schoolCost`.
  public var egalitarianCost: Int { studentCost + schoolCost }

  /// The costs of `matching` in `market`.
  ///
  /// - Precondition: every assigned student holds a school on her list.
  /// - Complexity: O(*E*) for total list length *E*.
  public init(_ matching: Matching, in market: SchoolChoiceMarket) {
    var student = 0
    var school = 0
    var regret = 0
    for i in 0..<market.studentCount {
      guard let s = matching.partner(of: i) else { continue }
      let range = market.listRange(of: i)
      guard let e = range.first(where: { Int(market.entries[$0].school) == s }) else {
        preconditionFailure("student \(i) holds school \(s), which is not on her list")
      }
      let a = e - range.lowerBound + 1
      let b = Int(market.entries[e].rank) + 1
      student += a
      school += b
      regret = max(regret, a, b)
    }
    studentCost = student
    schoolCost = school
    self.regret = regret
  }
}
