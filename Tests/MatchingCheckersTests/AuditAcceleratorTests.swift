import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing

/// The deferred-acceptance warm start gives exactly what rerunning DA gives, and the search
/// refuses it for a mechanism it does not compute.
struct AuditAcceleratorTests {
  static func mediumMarket(_ seed: UInt64) -> AuditSpec {
    var rng = SeededGenerator(seed: seed ^ 0x5EED)
    let n = 20 + rng.uniform(below: 30)
    let m = 3 + rng.uniform(below: 6)
    return AuditSpec.random(seed: seed, students: n, schools: m, maxList: 6, maxCapacity: 4)
  }

  /// Every misreport verified (interval 1): any disagreement with DA would throw.
  @Test(arguments: Array(UInt64(0)..<25))
  func warmStartAgreesWithDeferredAcceptanceOnEveryMisreport(seed: UInt64) throws {
    let market = Self.mediumMarket(seed).build()
    var search = ManipulationSearch(
      mechanism: DeferredAcceptance(), side: .students, misreports: .exhaustive(maxOptions: 4),
      accelerator: DeferredAcceptanceWarmStart())
    search.verificationInterval = 1
    let fast = try search.run(on: market)
    #expect(fast.accelerated)
    #expect(fast.noneFound, "seed \(seed)")
    #expect(fast.mechanismRuns == fast.misreportsEvaluated)
    let plain = try ManipulationSearch(
      mechanism: DeferredAcceptance(), side: .students, misreports: .exhaustive(maxOptions: 4)
    ).run(on: market)
    #expect(plain.misreportsEvaluated == fast.misreportsEvaluated)
    #expect(plain.agentsAtBest == fast.agentsAtBest)
  }

  /// With the default sampling, results and counts equal the unaccelerated search's, for
  /// any number of workers (blocks of agents are shared differently).
  @Test(arguments: Array(UInt64(0)..<10))
  func acceleratedSearchMatchesThePlainSearch(seed: UInt64) throws {
    let market = AuditSpec.random(seed: seed, students: 150, schools: 8, maxList: 7, maxCapacity: 15).build()
    let plain = try ManipulationSearch(
      mechanism: DeferredAcceptance(), side: .students, misreports: .heuristic
    ).run(on: market)
    for workers in [1, 2] {
      let fast = try ManipulationSearch(
        mechanism: DeferredAcceptance(), side: .students, misreports: .heuristic,
        workers: workers, accelerator: DeferredAcceptanceWarmStart()
      ).run(on: market)
      #expect(fast.witnesses == plain.witnesses && fast.noneFound)
      #expect(fast.misreportsEvaluated == plain.misreportsEvaluated)
      #expect(fast.mechanismRuns < plain.mechanismRuns)
    }
  }

  /// Given Boston (or school-proposing DA), the accelerator disagrees and the audit stops
  /// instead of reporting DA's answer as Boston's.
  @Test func acceleratorForTheWrongMechanismIsRejected() throws {
    let market = AuditStrategyProofnessTests.smallMarket(1).build()
    var rejected = 0
    for seed in UInt64(0)..<20 {
      let market = AuditStrategyProofnessTests.smallMarket(seed).build()
      do {
        var search = ManipulationSearch(
          mechanism: ImmediateAcceptance(), side: .students, accelerator: DeferredAcceptanceWarmStart())
        search.verificationInterval = 1
        _ = try search.run(on: market)
      } catch let error as AuditError {
        guard case .acceleratorDisagrees = error else { continue }
        rejected += 1
      }
    }
    #expect(rejected > 0)
    _ = market
  }

  /// The schools' side is not accelerated: the search falls back to rerunning the mechanism.
  @Test func schoolsSideFallsBackToReruns() throws {
    let market = AuditExampleTests.roth1982.build()
    let report = try ManipulationSearch(
      mechanism: DeferredAcceptance(), side: .schools, misreports: .heuristic,
      accelerator: DeferredAcceptanceWarmStart()
    ).run(on: market)
    #expect(report.mechanismRuns == report.misreportsEvaluated)
    #expect(report.manipulableAgents == [0, 1])
  }
}
