import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing

/// The immediate-acceptance warm start gives exactly what rerunning Boston gives, on every
/// report of every student, and the search refuses it for a mechanism it does not compute.
struct AuditBostonAcceleratorTests {
  /// A random market with capacities 1...`maxCapacity`, lists of 0...`maxList` schools
  /// (empty lists included), 1...3 priority classes, and the tie-breaking chosen by the caller.
  static func market(
    _ seed: UInt64, students n: Int, schools m: Int, maxList: Int, maxCapacity: Int,
    tieBreaking: TieBreaking
  ) -> AuditSpec {
    var rng = SeededGenerator(seed: seed ^ 0xB057_0A)
    let classes = 1 + rng.uniform(below: 3)
    let capacities = (0..<m).map { _ in 1 + rng.uniform(below: maxCapacity) }
    var preferences: [[Int]] = []
    var priorities: [[Int]] = []
    for _ in 0..<n {
      var schools = Array(0..<m)
      rng.shuffle(&schools)
      let k = rng.uniform(below: min(maxList, m) + 1)
      preferences.append(Array(schools.prefix(k)))
      priorities.append((0..<k).map { _ in rng.uniform(below: classes) })
    }
    return AuditSpec(
      capacities: capacities, preferences: preferences, priorities: priorities,
      tieBreaking: tieBreaking)
  }

  /// Small markets: 2...12 students, 1...5 schools, capacities 1...3, lists of 0...4.
  static func smallMarket(_ seed: UInt64) -> AuditSpec {
    var rng = SeededGenerator(seed: seed ^ 0x1A)
    let n = 2 + rng.uniform(below: 11)
    let m = 1 + rng.uniform(below: 5)
    let tie: TieBreaking = seed % 2 == 0 ? .single(seed: seed) : .multiple(seed: seed)
    return market(seed, students: n, schools: m, maxList: 4, maxCapacity: 3, tieBreaking: tie)
  }

  /// Every ordered subset of `list` (the empty report and the truth included).
  static func orderedSubsets(_ list: [Int]) -> [[Int]] {
    var result: [[Int]] = [[]]
    func extend(_ prefix: [Int], _ rest: [Int]) {
      for (j, s) in rest.enumerated() {
        var shorter = rest
        shorter.remove(at: j)
        result.append(prefix + [s])
        extend(prefix + [s], shorter)
      }
    }
    extend([], list)
    return result
  }

  /// Drives a session directly: for every student, in a shuffled order split into batches
  /// (so blocks are reused and rebuilt), every ordered subset of her list is compared with a
  /// full run of `ImmediateAcceptance` on the market with that report. Returns the first
  /// disagreement.
  static func firstDisagreement(
    _ spec: AuditSpec, seed: UInt64, batchSize: Int
  ) -> String? {
    let market = spec.build()
    guard let session = ImmediateAcceptanceWarmStart().makeSession(for: market, side: .students)
    else { return "no session for the students' side" }
    var rng = SeededGenerator(seed: seed ^ 0x0DE7)
    var order = Array(0..<market.studentCount)
    rng.shuffle(&order)
    var work = market
    var start = 0
    while start < order.count {
      let batch = Array(order[start..<min(start + batchSize, order.count)])
      start += batchSize
      session.prepare(batch: batch)
      // Within a batch, visit the students in a shuffled order too (blocks are reused).
      var visit = batch
      rng.shuffle(&visit)
      for i in visit {
        session.begin(agent: i)
        for report in orderedSubsets(spec.preferences[i]) {
          work.setReport(report, of: i, on: .students, truthful: market)
          let full = ImmediateAcceptance().match(work).assignment[i]
          work.restoreTruthfulReport(of: i, on: .students, truthful: market)
          let fast = session.holdings(reporting: report)
          let expected = full < 0 ? [] : [Int(full)]
          if fast != expected {
            return "seed \(seed), student \(i) reporting \(report): Boston gives \(expected), the warm start \(fast); \(spec)"
          }
        }
      }
    }
    return nil
  }

  @Test(arguments: Array(UInt64(0)..<200))
  func warmStartAgreesWithBostonOnEveryReportOfSmallMarkets(seed: UInt64) {
    let spec = Self.smallMarket(seed)
    let failure = Self.firstDisagreement(spec, seed: seed, batchSize: 1 + Int(seed % 5))
    #expect(failure == nil, "\(failure ?? "")")
  }

  /// Larger markets with longer lists and several blocks of 16 per batch, both tie-breaking
  /// rules.
  @Test(arguments: Array(UInt64(0)..<12))
  func warmStartAgreesWithBostonOnEveryReportAcrossBlocks(seed: UInt64) {
    var rng = SeededGenerator(seed: seed ^ 0xB10C)
    let tie: TieBreaking = seed % 2 == 0 ? .multiple(seed: seed) : .single(seed: seed)
    let spec = Self.market(
      seed, students: 30 + rng.uniform(below: 30), schools: 3 + rng.uniform(below: 4), maxList: 4,
      maxCapacity: 5, tieBreaking: tie)
    let failure = Self.firstDisagreement(spec, seed: seed, batchSize: 40)
    #expect(failure == nil, "\(failure ?? "")")
  }

  /// A displacement chain worked by hand: a student inserted into a round-0 seat takes the
  /// seat a later round's admittee had, who is left unassigned.
  ///
  /// Schools A (2 seats) and B (1 seat); student 0 lists [B, A], student 1 [A], student 2
  /// [B] with B ranking 2 above 0, and student 3 lists [A] with the worst priority at A.
  /// Without student 3: round 0 gives A to 1 and B to 2; round 1 gives A's last seat to 0.
  /// With her: round 0 fills A with 1 and 3, and 0 is rejected everywhere.
  @Test func insertionDisplacesTheLaterRoundAdmittee() {
    let market = try! SchoolChoiceMarket(
      capacities: [2, 1], studentPreferences: [[1, 0], [0], [1], [0]],
      schoolPreferences: [[1, 0, 3], [2, 0]])
    #expect(ImmediateAcceptance().match(market).assignment == [-1, 0, 1, 0])
    let session = ImmediateAcceptanceWarmStart().makeSession(for: market, side: .students)!
    session.prepare(batch: [3])
    session.begin(agent: 3)
    #expect(session.holdings(reporting: [0]) == [0])
    #expect(session.holdings(reporting: []) == [])
    // A new batch rebuilds the run without its student: without 0, A holds 1 and 3 and B
    // holds 2, so she loses at both when ranking B first, and beats 3 at A when ranking it
    // first (Boston's round 0 then gives A to 1 and her).
    session.prepare(batch: [0])
    session.begin(agent: 0)
    #expect(session.holdings(reporting: [1, 0]) == [])
    #expect(session.holdings(reporting: [0, 1]) == [0])
  }

  /// Every misreport verified (interval 1) through the search, exhaustive space; Boston is
  /// manipulable, so witnesses must also equal the plain search's.
  @Test(arguments: Array(UInt64(0)..<25))
  func searchWithEveryMisreportVerifiedMatchesThePlainSearch(seed: UInt64) throws {
    let market = AuditAcceleratorTests.mediumMarket(seed).build()
    var search = ManipulationSearch(
      mechanism: ImmediateAcceptance(), side: .students, misreports: .exhaustive(maxOptions: 4),
      witnessesPerAgent: 3, accelerator: ImmediateAcceptanceWarmStart())
    search.verificationInterval = 1
    let fast = try search.run(on: market)
    #expect(fast.accelerated)
    #expect(fast.mechanismRuns >= fast.misreportsEvaluated)
    let plain = try ManipulationSearch(
      mechanism: ImmediateAcceptance(), side: .students, misreports: .exhaustive(maxOptions: 4),
      witnessesPerAgent: 3
    ).run(on: market)
    #expect(plain.witnesses == fast.witnesses, "seed \(seed)")
    #expect(plain.misreportsEvaluated == fast.misreportsEvaluated)
  }

  /// With the default sampling, results and counts equal the unaccelerated search's, for
  /// any number of workers.
  @Test(arguments: Array(UInt64(0)..<6))
  func acceleratedSearchMatchesThePlainSearch(seed: UInt64) throws {
    let market = AuditSpec.random(seed: seed, students: 150, schools: 8, maxList: 7, maxCapacity: 15).build()
    let plain = try ManipulationSearch(
      mechanism: ImmediateAcceptance(), side: .students, misreports: .heuristic
    ).run(on: market)
    #expect(!plain.noneFound, "seed \(seed): Boston should be manipulable here")
    for workers in [1, 2] {
      let fast = try ManipulationSearch(
        mechanism: ImmediateAcceptance(), side: .students, misreports: .heuristic,
        workers: workers, accelerator: ImmediateAcceptanceWarmStart()
      ).run(on: market)
      #expect(fast.witnesses == plain.witnesses)
      #expect(fast.manipulableAgents == plain.manipulableAgents)
      #expect(fast.misreportsEvaluated == plain.misreportsEvaluated)
      #expect(fast.mechanismRuns < plain.mechanismRuns)
    }
  }

  /// Given deferred acceptance, the Boston warm start disagrees and the audit stops instead
  /// of reporting Boston's answer as DA's.
  @Test func acceleratorForTheWrongMechanismIsRejected() throws {
    var rejected = 0
    for seed in UInt64(0)..<20 {
      let market = AuditStrategyProofnessTests.smallMarket(seed).build()
      for mechanism in [DeferredAcceptance(), DeferredAcceptance(proposing: .schools)] {
        do {
          var search = ManipulationSearch(
            mechanism: mechanism, side: .students, accelerator: ImmediateAcceptanceWarmStart())
          search.verificationInterval = 1
          _ = try search.run(on: market)
        } catch let error as AuditError {
          guard case .acceleratorDisagrees = error else { continue }
          rejected += 1
        }
      }
    }
    #expect(rejected > 0)
  }

  /// The schools' side is not accelerated: the search falls back to rerunning the mechanism.
  @Test func schoolsSideFallsBackToReruns() throws {
    let market = AuditExampleTests.roth1982.build()
    let plain = try ManipulationSearch(
      mechanism: ImmediateAcceptance(), side: .schools, misreports: .heuristic
    ).run(on: market)
    let report = try ManipulationSearch(
      mechanism: ImmediateAcceptance(), side: .schools, misreports: .heuristic,
      accelerator: ImmediateAcceptanceWarmStart()
    ).run(on: market)
    #expect(!report.accelerated)
    #expect(report.mechanismRuns == report.misreportsEvaluated)
    #expect(report.witnesses == plain.witnesses)
  }
}
