import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing

/// The textbook example of Bogomolnaia and Moulin (2001): random serial dictatorship is ex post
/// efficient but not sd-efficient; probabilistic serial is.
struct RandomAssignmentExampleTests {
  @Test func bogomolnaiaMoulinPublishedProbabilities() {
    let market = bogomolnaiaMoulinMarket()
    let ps = ProbabilisticSerial().match(market)
    let rsd = RandomSerialDictatorshipProbabilities(method: .exact).match(market)
    // PS: agents 0, 1 get a and c with 1/2 each; agents 2, 3 get b and d with 1/2 each.
    for i in [0, 1] {
      #expect(abs(ps.probability(of: i, at: 0) - 0.5) < 1e-12 && abs(ps.probability(of: i, at: 2) - 0.5) < 1e-12)
    }
    for i in [2, 3] {
      #expect(abs(ps.probability(of: i, at: 1) - 0.5) < 1e-12 && abs(ps.probability(of: i, at: 3) - 0.5) < 1e-12)
    }
    // RSD: 5/12 of the first and third choices, 1/12 of the second and fourth.
    for i in 0..<4 {
      let list = market.preferenceList(of: i)
      let expected = [5.0 / 12, 1.0 / 12, 5.0 / 12, 1.0 / 12]
      for (k, s) in list.enumerated() { #expect(abs(rsd.probability(of: i, at: s) - expected[k]) < 1e-12) }
    }
  }

  @Test func randomSerialDictatorshipFailsSDEfficiencyWithAWitness() throws {
    let market = bogomolnaiaMoulinMarket()
    let rsd = RandomSerialDictatorshipProbabilities(method: .exact).match(market)
    #expect(market.isSDEfficient(ProbabilisticSerial().match(market)))
    let trade = try #require(market.sdEfficiencyViolation(of: rsd))
    #expect(trade.kind == .cycle)
    #expect(trade.moves.count == 2)
    #expect(abs(trade.moves[0].amount - 1.0 / 12) < 1e-12)
    // Re-check the witness: the traded matrix is feasible, and every student on the trade
    // holds a lottery that strictly stochastically dominates her old one.
    let after = rsd.applying(trade)
    #expect(after.feasibilityViolation(capacities: market.capacities) == nil)
    for move in trade.moves {
      let i = move.student
      let old = market.shares(of: i, in: rsd)
      let new = market.shares(of: i, in: after)
      #expect(SchoolChoiceMarket.firstFailureOfDominance(new, over: old) == nil)
      #expect(SchoolChoiceMarket.firstFailureOfDominance(old, over: new) != nil)
    }
    for i in 0..<4 where !trade.moves.contains(where: { $0.student == i }) {
      #expect(market.shares(of: i, in: after) == market.shares(of: i, in: rsd))
    }
  }

  @Test func checkersFindEnvyUnequalTreatmentAndWasteInHandMadeMatrices() throws {
    let market = try SchoolChoiceMarket(capacities: [1, 1], preferences: [[0, 1], [0, 1]])
    // Equals treated unequally: student 1 envies student 0 at her first choice.
    let unfair = RandomAssignment(schoolCount: 2, rows: [[(0, 0.75), (1, 0.25)], [(0, 0.25), (1, 0.75)]])
    let envy = try #require(market.sdEnvy(in: unfair))
    #expect(envy.student == 1 && envy.envied == 0 && envy.school == 0 && envy.rank == 0)
    #expect(abs(envy.ownCumulative - 0.25) < 1e-12 && abs(envy.enviedCumulative - 0.75) < 1e-12)
    #expect(market.unequalTreatment(in: unfair)?.school == 0)
    #expect(market.isSDEfficient(unfair))
    // Waste: both are half unassigned while school 1 has a free expected seat.
    let wasteful = RandomAssignment(schoolCount: 2, rows: [[(0, 0.5)], [(0, 0.5)]])
    let trade = try #require(market.sdEfficiencyViolation(of: wasteful))
    #expect(trade.kind == .emptySeat)
    #expect(trade.moves[0].gives == nil && trade.moves[0].receives == 1)
    #expect(wasteful.applying(trade).feasibilityViolation(capacities: market.capacities) == nil)
    // Unacceptable: a student holding a school she does not list.
    let short = try SchoolChoiceMarket(capacities: [1, 1], preferences: [[0], [0, 1]])
    let bad = RandomAssignment(schoolCount: 2, rows: [[(0, 0.5), (1, 0.5)], [(0, 0.5), (1, 0.5)]])
    #expect(short.sdEfficiencyViolation(of: bad)?.kind == .unacceptable)
  }
}
