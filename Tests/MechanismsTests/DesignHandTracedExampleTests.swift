import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing
import _MatchingTestSupport

/// Small markets for the designs of issue 10, **traced by hand** (not the papers' published
/// examples: Erdil and Ergin's (2008), Chen and Kesten's (2017) and Hafalir, Yenmez and
/// Yildirim's (2013) examples could not be retrieved while writing these; see
/// docs/Guides/DesignsStudy.md, "Textbook examples"). Each shows the point its paper makes,
/// with every step of the trace in the comments, so a reader can check it by hand.
struct DesignHandTracedExampleTests {
  // MARK: Stable improvement cycles

  /// Schools a, b, c (0, 1, 2) with one seat; every student in the same (only) priority class
  /// at a and b, so the lottery decides. s0 wants b > a, s1 wants a > b, s2 wants b > c.
  /// Lottery (smaller wins) at a: s0 (1) before s1 (2); at b: s1 (1), s2 (2), s0 (3); at c:
  /// s2 alone.
  static let sicMarket = try! SchoolChoiceMarket(
    capacities: [1, 1, 1], preferences: [[1, 0], [0, 1], [1, 2]],
    priorities: [[0, 0], [0, 0], [0, 0]],
    lotteryNumbers: [[3, 1], [2, 1], [2, 1]], tieBreaking: .given)

  @Test func sicSwapsTheSeatsTheLotteryMisallocated() {
    // DA: s0 -> b, s1 -> a, s2 -> b; b keeps s2 (lottery 2 < 3), rejects s0; s0 -> a, a keeps
    // s0 (1 < 2), rejects s1; s1 -> b, b keeps s1 (1 < 2), rejects s2; s2 -> c.
    let da = DeferredAcceptance().match(Self.sicMarket)
    #expect(da.assignment == [0, 1, 2])
    // D(b) = {s0, s2} (both prefer b to their seat, same class), D(a) = {s1}: arcs a -> b
    // (s0), c -> b (s2), b -> a (s1). The cycle a -> b -> a swaps s0 and s1; then b holds
    // s0's first choice and a s1's: no arc leaves a or b, no cycle is left.
    let sic = StableImprovementCycles().match(Self.sicMarket)
    #expect(sic.assignment == [1, 0, 2])
    // s2 still envies b, but she is tied with s0 there: no justified envy for the weak
    // priorities, while the strict (lottery) priorities are violated.
    #expect(Self.sicMarket.isStable(sic, standard: .weak))
    #expect(!Self.sicMarket.isStable(sic, standard: .strict))
    #expect(Self.sicMarket.isStable(da, standard: .strict))
    // By enumeration: no weakly stable matching Pareto-dominates it, and DA is dominated.
    let weaklyStable = BruteForce.allMatchings(Self.sicMarket).filter { BruteForce.isStable($0, in: Self.sicMarket, strict: false) }
    #expect(weaklyStable.contains(sic) && weaklyStable.contains(da))
    func dominates(_ x: Matching, _ y: Matching) -> Bool {
      let positions = (0..<3).map { (BruteForce.position(x, $0, in: Self.sicMarket), BruteForce.position(y, $0, in: Self.sicMarket)) }
      return positions.allSatisfy { $0.0 <= $0.1 } && positions.contains { $0.0 < $0.1 }
    }
    #expect(!weaklyStable.contains { dominates($0, sic) })
    #expect(dominates(sic, da))
  }

  // MARK: The Chinese parallel mechanism

  /// One seat per school: A, B, C, E, F, G (0...5). Two separate parts.
  /// Part 1: s0 wants A > B > C, s1 wants A, s2 wants C > E, s3 wants B; A ranks s1 > s0, B
  /// ranks s3 > s0, C ranks s0 > s2, E ranks s2.
  /// Part 2: s4 wants F > G, s5 wants G, s6 wants F; F ranks s6 > s4, G ranks s4 > s5.
  static let parallelMarket = try! SchoolChoiceMarket(
    capacities: [1, 1, 1, 1, 1, 1],
    studentPreferences: [[0, 1, 2], [0], [2, 3], [1], [4, 5], [5], [4]],
    schoolPreferences: [[1, 0], [3, 0], [0, 2], [2], [6, 4], [4, 5]])

  @Test func parallelWithTwoChoicesPerRoundSitsBetweenBostonAndDA() {
    // DA. Part 1: A keeps s1, rejects s0; B keeps s3, rejects s0; s0 -> C displaces s2
    // (s0 > s2 at C); s2 -> E. Part 2: F keeps s6, rejects s4; s4 -> G displaces s5.
    let da = DeferredAcceptance().match(Self.parallelMarket)
    #expect(da.assignment == [2, 0, 3, 1, 5, -1, 4])
    // Boston. Round 1 (first choices): A -> s1, C -> s2, B -> s3, F -> s6, G -> s5, for good.
    // Round 2: s0 -> B and s4 -> G are full. Round 3: s0 -> C is full. s0 and s4 unassigned.
    let boston = ImmediateAcceptance().match(Self.parallelMarket)
    #expect(boston.assignment == [-1, 0, 2, 1, -1, 5, 4])
    // e = 2. Round 1 is DA on the first two choices: part 1 as Boston's round 1 (s0's two
    // choices A and B both keep someone better; s2 holds C, which s0 cannot reach yet); part
    // 2 as DA (s4 -> G displaces s5 inside the round). Admissions are final; round 2: s0's
    // third choice C is taken. So part 1 is Boston's outcome, part 2 DA's.
    let parallel = ChineseParallel(choicesPerRound: 2).match(Self.parallelMarket)
    #expect(parallel.assignment == [-1, 0, 2, 1, 5, -1, 4])
    #expect(parallel != boston && parallel != da)
    // Its price: s0 has justified envy at C, which s2 holds with lower priority.
    let report = Self.parallelMarket.stabilityReport(of: parallel)
    #expect(report.witnesses.contains(BlockingPair(student: 0, school: 2, displaced: 2)))
    // e = 3 covers every list: DA.
    #expect(ChineseParallel(choicesPerRound: 3).match(Self.parallelMarket) == da)
    #expect(ChineseParallel(choicesPerRound: 1).match(Self.parallelMarket) == boston)
  }

  // MARK: Reserves and quotas

  /// School a has two seats, b one. Students M1, M2 (majority, 0 and 1) want a > b; m
  /// (minority, 2) wants b > a. a ranks M1 > M2 > m; b ranks M2 > m > M1. The district's goal
  /// at a: one seat for the minority, written as a reserve of 1 or as a majority quota of 1.
  static let affirmativeMarket = try! SchoolChoiceMarket(
    capacities: [2, 1], studentPreferences: [[0, 1], [0, 1], [1, 0]],
    schoolPreferences: [[0, 1, 2], [1, 2, 0]])
  static let minority = [false, false, true]

  @Test func quotasHurtTheMinorityStudentAndReservesDoNot() {
    // DA: a keeps M1 and M2, b keeps m; everyone gets her first choice.
    let da = DeferredAcceptance().match(Self.affirmativeMarket)
    #expect(da.assignment == [0, 0, 1])
    // Quota 1 at a: a keeps M1 and rejects M2 although a seat is free; M2 -> b displaces m
    // (M2 > m at b); m -> a takes the free seat. m, whom the quota is meant to help, and M2
    // both end at their second choice.
    let quotas = DeferredAcceptanceWithQuotas(isMinority: Self.minority, majorityQuotas: [1, nil])
      .match(Self.affirmativeMarket)
    #expect(quotas.assignment == [0, 1, 0])
    // Reserve 1 at a: no minority student applies to a, so the reserved seat goes to M2 by
    // priority; m keeps b. The outcome is DA's and Pareto-dominates the quota's (Hafalir,
    // Yenmez and Yildirim 2013's point, here in three students).
    let reserves = DeferredAcceptanceWithReserves(isMinority: Self.minority, reserves: [1, 0])
      .match(Self.affirmativeMarket)
    #expect(reserves.assignment == [0, 0, 1])
  }

  @Test func aReservedSeatGoesToTheMinorityApplicantFirst() {
    // The same market with m wanting a > b. DA: a keeps M1, M2 and rejects m; m -> b.
    let market = try! SchoolChoiceMarket(
      capacities: [2, 1], studentPreferences: [[0, 1], [0, 1], [0, 1]],
      schoolPreferences: [[0, 1, 2], [1, 2, 0]])
    #expect(DeferredAcceptance().match(market).assignment == [0, 0, 1])
    // Reserve 1 at a: a fills the reserved seat with m, the other by priority with M1, and
    // rejects M2, who takes b. The quota of 1 gives the same here.
    let reserves = DeferredAcceptanceWithReserves(isMinority: Self.minority, reserves: [1, 0]).match(market)
    #expect(reserves.assignment == [0, 1, 0])
    let quotas = DeferredAcceptanceWithQuotas(isMinority: Self.minority, majorityQuotas: [1, nil]).match(market)
    #expect(quotas.assignment == [0, 1, 0])
  }
}
