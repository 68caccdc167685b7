import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing

/// The top-trading-cycles warm start gives exactly what rerunning school-choice TTC gives,
/// on every report of every student, and the search refuses it for a mechanism it does not
/// compute.
struct AuditTopTradingCyclesAcceleratorTests {
  /// Drives a session directly: for every student, in a shuffled order split into batches
  /// (so blocks are reused and rebuilt), each report of `reports(student)` is compared with a
  /// full run of `SchoolChoiceTopTradingCycles` on the market with that report. Returns the
  /// first disagreement and the number of reports compared.
  static func firstDisagreement(
    _ spec: AuditSpec, seed: UInt64, batchSize: Int,
    reports: (Int) -> [[Int]] = { _ in [] }
  ) -> (failure: String?, compared: Int) {
    let market = spec.build()
    guard let session = TopTradingCyclesWarmStart().makeSession(for: market, side: .students)
    else { return ("no session for the students' side", 0) }
    var rng = SeededGenerator(seed: seed ^ 0x77C)
    var order = Array(0..<market.studentCount)
    rng.shuffle(&order)
    var work = market
    var start = 0
    var compared = 0
    while start < order.count {
      let batch = Array(order[start..<min(start + batchSize, order.count)])
      start += batchSize
      session.prepare(batch: batch)
      var visit = batch
      rng.shuffle(&visit)
      for i in visit {
        session.begin(agent: i)
        let candidates = reports(i)
        for report in candidates.isEmpty ? AuditBostonAcceleratorTests.orderedSubsets(spec.preferences[i]) : candidates {
          work.setReport(report, of: i, on: .students, truthful: market)
          let full = SchoolChoiceTopTradingCycles().match(work).assignment[i]
          work.restoreTruthfulReport(of: i, on: .students, truthful: market)
          let fast = session.holdings(reporting: report)
          let expected = full < 0 ? [] : [Int(full)]
          compared += 1
          if fast != expected {
            return ("seed \(seed), student \(i) reporting \(report): TTC gives \(expected), the warm start \(fast); \(spec)", compared)
          }
        }
      }
    }
    return (nil, compared)
  }

  /// Small markets (2...12 students, 1...5 schools, capacities 1...3, lists of 0...4, both
  /// tie-breaking rules): every ordered subset of every student's list.
  @Test(arguments: Array(UInt64(0)..<160))
  func warmStartAgreesWithTopTradingCyclesOnEveryReportOfSmallMarkets(seed: UInt64) {
    let spec = AuditBostonAcceleratorTests.smallMarket(seed)
    let result = Self.firstDisagreement(spec, seed: seed, batchSize: 1 + Int(seed % 5))
    #expect(result.failure == nil, "\(result.failure ?? "")")
  }

  /// Larger markets, scarce seats (long paths into the frozen student), several blocks of
  /// 16 per batch: every ordered subset of lists of up to 5 schools.
  @Test(arguments: Array(UInt64(0)..<8))
  func warmStartAgreesWithTopTradingCyclesOnEveryReportAcrossBlocks(seed: UInt64) {
    var rng = SeededGenerator(seed: seed ^ 0x7BC)
    let tie: TieBreaking = seed % 2 == 0 ? .multiple(seed: seed) : .single(seed: seed)
    let spec = AuditBostonAcceleratorTests.market(
      seed, students: 40 + rng.uniform(below: 40), schools: 5 + rng.uniform(below: 4),
      maxList: 5, maxCapacity: 1 + rng.uniform(below: 6), tieBreaking: tie)
    let result = Self.firstDisagreement(spec, seed: seed, batchSize: 50)
    #expect(result.failure == nil, "\(result.failure ?? "")")
    #expect(result.compared >= spec.preferences.count)
  }

  /// Two hundred students with long lists: the heuristic family of every student.
  @Test(arguments: Array(UInt64(0)..<2))
  func warmStartAgreesWithTopTradingCyclesOnHeuristicReportsOfLargerMarkets(seed: UInt64) {
    let spec = AuditSpec.random(
      seed: seed, students: 200, schools: 20, maxList: 9, maxCapacity: 1 + Int(seed) * 12)
    let space = MisreportSpace.heuristic
    let result = Self.firstDisagreement(spec, seed: seed, batchSize: 64) { i in
      let list = spec.preferences[i]
      return [list] + space.misreports(forLength: list.count).map { $0.apply(to: list) }
    }
    #expect(result.failure == nil, "\(result.failure ?? "")")
  }

  /// A student who is the best applicant of a school she leaves off her report: while she
  /// is frozen the school points to her, and the resume must let it point past her.
  ///
  /// Schools A and B, one seat each. Student 0 lists [B, A], 1 lists [A], 2 lists [A, B];
  /// A ranks 0, 2, 1 and B ranks 2, 0. Truthfully 0 -> B -> 2 -> A -> 0 is a cycle: 0 gets
  /// B, 2 gets A, 1 nothing. While 0 is frozen, 1 and 2 point to A, which points to her:
  /// both are blocked. Reporting [B], A is not hers to point at, so the resume follows
  /// 0 -> B -> 2 -> A -> 2 (2 takes A), then 0 -> B -> 0.
  @Test func schoolLeftOffTheReportPointsPastHer() {
    let market = try! SchoolChoiceMarket(
      capacities: [1, 1], studentPreferences: [[1, 0], [0], [0, 1]],
      schoolPreferences: [[0, 2, 1], [2, 0]])
    let ttc = SchoolChoiceTopTradingCycles()
    #expect(ttc.match(market).assignment == [1, -1, 0])
    var work = market
    work.setReport([1], of: 0, on: .students, truthful: market)
    // A points to 2 (0 is no longer its applicant), 2 to A: 2 takes A; then 0 -> B -> 0.
    #expect(ttc.match(work).assignment == [1, -1, 0])
    work.setReport([0], of: 0, on: .students, truthful: market)
    // 0 -> A -> 0: she takes A; then 2 -> B -> 2.
    #expect(ttc.match(work).assignment == [0, -1, 1])
    let session = TopTradingCyclesWarmStart().makeSession(for: market, side: .students)!
    session.prepare(batch: [0, 1, 2])
    session.begin(agent: 0)
    #expect(session.holdings(reporting: [1, 0]) == [1])
    #expect(session.holdings(reporting: [1]) == [1])
    #expect(session.holdings(reporting: [0]) == [0])
    #expect(session.holdings(reporting: [0, 1]) == [0])
    #expect(session.holdings(reporting: []) == [])
    session.begin(agent: 1)
    #expect(session.holdings(reporting: [0]) == [])
    #expect(session.holdings(reporting: []) == [])
  }

  /// Every misreport verified (interval 1) through the search: TTC is strategy-proof, so
  /// nothing is found, and any disagreement would have thrown.
  @Test(arguments: Array(UInt64(0)..<10))
  func searchWithEveryMisreportVerifiedFindsNothing(seed: UInt64) throws {
    let market = AuditAcceleratorTests.mediumMarket(seed).build()
    var search = ManipulationSearch(
      mechanism: SchoolChoiceTopTradingCycles(), side: .students,
      misreports: .exhaustive(maxOptions: 4), accelerator: TopTradingCyclesWarmStart())
    search.verificationInterval = 1
    let fast = try search.run(on: market)
    #expect(fast.accelerated)
    #expect(fast.noneFound, "seed \(seed)")
    #expect(fast.mechanismRuns == fast.misreportsEvaluated)
    let plain = try ManipulationSearch(
      mechanism: SchoolChoiceTopTradingCycles(), side: .students,
      misreports: .exhaustive(maxOptions: 4)
    ).run(on: market)
    #expect(plain.misreportsEvaluated == fast.misreportsEvaluated)
    #expect(plain.agentsAtBest == fast.agentsAtBest)
  }

  /// With the default sampling, results and counts equal the unaccelerated search's, for
  /// any number of workers.
  @Test(arguments: Array(UInt64(0)..<3))
  func acceleratedSearchMatchesThePlainSearch(seed: UInt64) throws {
    let market = AuditSpec.random(seed: seed, students: 150, schools: 8, maxList: 7, maxCapacity: 15).build()
    let plain = try ManipulationSearch(
      mechanism: SchoolChoiceTopTradingCycles(), side: .students, misreports: .heuristic
    ).run(on: market)
    for workers in [1, 2] {
      let fast = try ManipulationSearch(
        mechanism: SchoolChoiceTopTradingCycles(), side: .students, misreports: .heuristic,
        workers: workers, accelerator: TopTradingCyclesWarmStart()
      ).run(on: market)
      #expect(fast.witnesses == plain.witnesses && fast.noneFound)
      #expect(fast.manipulableAgents == plain.manipulableAgents)
      #expect(fast.misreportsEvaluated == plain.misreportsEvaluated)
      #expect(fast.agentsAtBest == plain.agentsAtBest)
      #expect(fast.mechanismRuns < plain.mechanismRuns)
    }
  }

  /// Given another mechanism (DA, Boston, serial dictatorship), the TTC warm start disagrees
  /// and the audit stops instead of reporting TTC's answer as theirs.
  @Test func acceleratorForTheWrongMechanismIsRejected() throws {
    var rejected = 0
    for seed in UInt64(0)..<20 {
      let market = AuditStrategyProofnessTests.smallMarket(seed).build()
      func attempt<M: MatchingMechanism>(_ mechanism: M) throws
      where M.Market == SchoolChoiceMarket, M.Outcome == Matching {
        do {
          var search = ManipulationSearch(
            mechanism: mechanism, side: .students, accelerator: TopTradingCyclesWarmStart())
          search.verificationInterval = 1
          _ = try search.run(on: market)
        } catch let error as AuditError {
          guard case .acceleratorDisagrees = error else { return }
          rejected += 1
        }
      }
      try attempt(DeferredAcceptance())
      try attempt(ImmediateAcceptance())
    }
    #expect(rejected > 0)
  }

  /// The schools' side is not accelerated: the search falls back to rerunning the mechanism.
  @Test func schoolsSideFallsBackToReruns() throws {
    let market = AuditExampleTests.roth1982.build()
    let report = try ManipulationSearch(
      mechanism: SchoolChoiceTopTradingCycles(), side: .schools, misreports: .heuristic,
      accelerator: TopTradingCyclesWarmStart()
    ).run(on: market)
    #expect(!report.accelerated)
    #expect(report.mechanismRuns == report.misreportsEvaluated)
  }
}
