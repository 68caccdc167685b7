import MatchingCheckers
import MatchingCore
@testable import Mechanisms
import Testing
import _MatchingTestSupport

/// Textbook instances with their published answers.
///
/// Provenance of each expected answer is stated in the test; where a source gives only the
/// instance, the expected set comes from brute force (every perfect matching checked).
struct StableMatchingsExampleTests {
  /// 1-based lists to a one-to-one market (students = men, schools = women).
  static func marriage(men: [[Int]], women: [[Int]]) throws -> SchoolChoiceMarket {
    try SchoolChoiceMarket(
      capacities: [Int](repeating: 1, count: women.count),
      studentPreferences: men.map { $0.map { $0 - 1 } },
      schoolPreferences: women.map { $0.map { $0 - 1 } })
  }

  /// Every stable matching of a complete one-to-one market with as many schools as students
  /// (all of them perfect), by trying the n! permutations.
  static func stablePerfectMatchings(_ market: SchoolChoiceMarket) -> [Matching] {
    var result: [Matching] = []
    var perm = (0..<market.studentCount).map { Int32($0) }
    func go(_ k: Int) {
      if k == perm.count {
        let m = Matching(assignment: perm)
        if BruteForce.isStable(m, in: market) { result.append(m) }
        return
      }
      for j in k..<perm.count {
        perm.swapAt(k, j)
        go(k + 1)
        perm.swapAt(k, j)
      }
    }
    go(0)
    return result
  }

  /// Gusfield and Irving (1989), the size-4 instance of the Gale-Shapley example (p. 10, as
  /// reproduced in patrickbucher/stable-marriage-problem); man-optimal matching
  /// {1-4, 2-3, 3-2, 4-1} as asserted for this instance in alex011235/algo's tests.
  @Test func gusfieldIrvingSizeFour() throws {
    let market = try Self.marriage(
      men: [[4, 1, 2, 3], [2, 3, 1, 4], [2, 4, 3, 1], [3, 1, 4, 2]],
      women: [[4, 1, 3, 2], [1, 3, 2, 4], [1, 2, 3, 4], [4, 1, 3, 2]])
    let poset = RotationPoset(market)
    #expect(poset.studentOptimal.assignment == [3, 2, 1, 0])
    var all: Set<Matching> = []
    poset.enumerate { _, a in
      all.insert(Matching(assignment: Array(a)))
      return true
    }
    #expect(all == Set(BruteForce.stableMatchings(market)))
  }

  /// The size-8 instance of McVitie and Wilson (1971) used throughout Gusfield and Irving
  /// (1989) (lists as in alex011235/algo's tests); the man-optimal matching
  /// {1-5, 2-3, 3-8, 4-6, 5-7, 6-1, 7-2, 8-4} is the one asserted there. The full set of
  /// stable matchings and the optima are checked against brute force over all 8! perfect matchings.
  @Test func mcVitieWilsonSizeEight() throws {
    let market = try Self.marriage(
      men: [
        [5, 7, 1, 2, 6, 8, 4, 3], [2, 3, 7, 5, 4, 1, 8, 6], [8, 5, 1, 4, 6, 2, 3, 7],
        [3, 2, 7, 4, 1, 6, 8, 5], [7, 2, 5, 1, 3, 6, 8, 4], [1, 6, 7, 5, 8, 4, 2, 3],
        [2, 5, 7, 6, 3, 4, 8, 1], [3, 8, 4, 5, 7, 2, 6, 1],
      ],
      women: [
        [5, 3, 7, 6, 1, 2, 8, 4], [8, 6, 3, 5, 7, 2, 1, 4], [1, 5, 6, 2, 4, 8, 7, 3],
        [8, 7, 3, 2, 4, 1, 5, 6], [6, 4, 7, 3, 8, 1, 2, 5], [2, 8, 5, 3, 4, 6, 7, 1],
        [7, 5, 2, 1, 8, 6, 4, 3], [7, 4, 1, 5, 2, 3, 6, 8],
      ])
    let poset = RotationPoset(market)
    #expect(poset.studentOptimal.assignment == [4, 2, 7, 5, 6, 0, 1, 3])
    var all: [Matching] = []
    poset.enumerate { _, a in
      all.append(Matching(assignment: Array(a)))
      return true
    }
    let brute = Self.stablePerfectMatchings(market)
    #expect(all.count == brute.count && Set(all) == Set(brute))
    #expect(all.count > 2, "the instance is known for having many stable matchings")
    let costs = brute.map { StableMatchingCosts($0, in: market) }
    let egalitarian = poset.matching(including: poset.egalitarianRotations())
    #expect(StableMatchingCosts(egalitarian, in: market).egalitarianCost == costs.map(\.egalitarianCost).min())
    let regret = poset.matching(including: poset.minimumRegretRotations())
    #expect(StableMatchingCosts(regret, in: market).regret == costs.map(\.regret).min())
  }

  /// Wikipedia's instance ("Stable roommates problem"): A:(B,C,D) B:(C,A,D) C:(A,B,D)
  /// D:(A,B,C) has no stable matching; the odd party is {A, B, C} (each is someone's first
  /// choice, and D is everyone's last).
  @Test func roommatesWithoutAStableMatching() throws {
    let market = try RoommatesMarket(preferences: [[1, 2, 3], [2, 0, 3], [0, 1, 3], [0, 1, 2]])
    let outcome = StableRoommates().match(market)
    #expect(outcome.matching == nil)
    #expect(Set(try #require(outcome.oddParty)) == [0, 1, 2])
    let report = market.partitionReport(outcome.partition)
    #expect(report.violations.isEmpty && report.blockingPairs.isEmpty)
    #expect(StableRoommates().enumerate(market) { _, _ in true })
  }

  /// The six-agent instance worked through in Wikipedia's "Stable roommates problem" (and in
  /// liuvince/polytech-algorithm-srp, which prints the phase-1 table and the rotation): the
  /// stable matching is {A, C}, {B, F}, {D, E}, and it is the only one (brute force).
  @Test func roommatesSixAgents() throws {
    // A B C D E F = 0 1 2 3 4 5.
    let lists = [[1, 2, 5, 4, 3], [5, 3, 0, 2, 4], [5, 4, 1, 0, 3], [0, 2, 4, 1, 5], [1, 0, 3, 2, 5], [0, 1, 3, 4, 2]]
    let market = try RoommatesMarket(preferences: lists)
    let outcome = StableRoommates().match(market)
    #expect(outcome.matching?.assignment == [2, 5, 0, 4, 3, 1])
    // The phase-1 table of the worked example: A:(B C F) B:(F A) C:(E A D) D:(C E) E:(D C) F:(A B).
    var table = RoommatesTable(market)
    table.phaseOne()
    var reduced: [[Int]] = []
    for a in 0..<6 { reduced.append((0..<lists[a].count).filter { table.isLive(a, $0) }.map { lists[a][$0] }) }
    #expect(reduced == [[1, 2, 5], [5, 0], [4, 0, 3], [2, 4], [3, 2], [0, 1]])
    var all: [[Int32]] = []
    StableRoommates().enumerate(market) { _, m in
      all.append(m.assignment)
      return true
    }
    #expect(all == [[2, 5, 0, 4, 3, 1]])
    #expect(BruteForce.stableRoommatesMatchings(lists) == [[2, 5, 0, 4, 3, 1]])
  }
}
