import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing

/// The optimal stable matchings are mechanisms, so the audit searches them: the egalitarian
/// rule is manipulable (the student-optimal rule is the only stable rule that is
/// strategy-proof for students, Alcalde and Barberà 1994), and here is a witness, found by the audit and
/// rechecked by hand. The same market is in docs/Guides/StableMatchings.md.
struct AuditStableSelectionsTests {
  /// Students 0-2, schools A B C (0-2), one seat each.
  /// Students: 0: C > B > A; 1: A > B > C; 2: C > A > B.
  /// Schools:  A: 2 > 0 > 1; B: 1 > 2 > 0; C: 2 > 1 > 0.
  static func market() throws -> SchoolChoiceMarket {
    try SchoolChoiceMarket(
      capacities: [1, 1, 1], studentPreferences: [[2, 1, 0], [0, 1, 2], [2, 0, 1]],
      schoolPreferences: [[2, 0, 1], [1, 2, 0], [2, 1, 0]])
  }

  @Test func theEgalitarianRuleIsManipulable() throws {
    let market = try Self.market()
    // Truthful: two stable matchings, student-optimal 0-B 1-A 2-C (cost 11) and
    // school-optimal 0-A 1-B 2-C (cost 10); the egalitarian rule picks the second, giving
    // student 0 her last choice.
    let truthful = try OptimalStableMatching(.egalitarian).match(market)
    #expect(truthful.assignment == [0, 1, 2])
    let search = ManipulationSearch(mechanism: OptimalStableMatching(.egalitarian), side: .students, workers: 1)
    let report = try search.run(on: market)
    // Both students who lose against the student-optimal matching can force it back.
    #expect(report.manipulableAgents == [0, 1])
    let witness = try #require(report.witnesses.first { $0.agent == 0 })
    #expect(witness.truthfulOutcome == [0])
    #expect(witness.manipulatedOutcome == [1])
    // Recheck by hand: student 0 ranks only B; B is then hers in every stable matching.
    var misreported = market
    misreported.replaceList(of: 0, with: witness.misreport, truthful: market)
    #expect(try OptimalStableMatching(.egalitarian).match(misreported).partner(of: 0) == 1)
  }

  @Test func theStudentOptimalRuleIsNotManipulableHere() throws {
    let search = ManipulationSearch(mechanism: OptimalStableMatching(.studentOptimal), side: .students, workers: 1)
    #expect(try search.run(on: Self.market()).witnesses.isEmpty)
  }
}
