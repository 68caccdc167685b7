import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing

/// The audit on the school-choice designs of issue 10: DA with reserves and DA with quotas
/// are strategy-proof (Hafalir, Yenmez and Yildirim 2013; Abdulkadiroglu 2005), EADAM, stable
/// improvement cycles and the parallel mechanism with e = 2 are not (Kesten 2010; Erdil and
/// Ergin 2008; Chen and Kesten 2017), and each witness re-checks from scratch.
struct AuditDesignTests {
  static let seeds: [UInt64] = Array(0..<60)

  static func types(_ spec: AuditSpec, seed: UInt64) -> (minority: [Bool], reserves: [Int], quotas: [Int?]) {
    var rng = SeededGenerator(seed: seed ^ 0x7195)
    let minority = spec.preferences.map { _ in rng.uniform(below: 2) == 0 }
    let reserves = spec.capacities.map { rng.uniform(below: $0 + 1) }
    let quotas: [Int?] = spec.capacities.map { c in rng.uniform(below: 3) == 0 ? nil : rng.uniform(below: c + 1) }
    return (minority, reserves, quotas)
  }

  @Test(arguments: seeds)
  func reservesAndQuotasAreStrategyProofForStudents(seed: UInt64) throws {
    let spec = AuditStrategyProofnessTests.smallMarket(seed)
    let market = spec.build()
    let (minority, reserves, quotas) = Self.types(spec, seed: seed)
    let withReserves = DeferredAcceptanceWithReserves(isMinority: minority, reserves: reserves)
    let withQuotas = DeferredAcceptanceWithQuotas(isMinority: minority, majorityQuotas: quotas)
    for report in [
      try ManipulationSearch(mechanism: withReserves, side: .students).run(on: market),
      try ManipulationSearch(mechanism: withQuotas, side: .students).run(on: market),
    ] {
      #expect(report.witnesses.isEmpty, "seed \(seed) \(report.mechanism): \(report.witnesses) in \(spec), types \(minority)")
      #expect(report.agentsSearchedHeuristically == 0)
    }
  }

  /// Counts the markets where `mechanism` is manipulable; re-checks every witness.
  func manipulableMarkets<M: MatchingMechanism>(
    _ mechanism: M, classes: Int = 3, multipleTieBreaking: Bool = false
  ) throws -> Int
  where M.Market == SchoolChoiceMarket, M.Outcome == Matching {
    var count = 0
    for seed in Self.seeds {
      var rng = SeededGenerator(seed: seed ^ 0xA0D1)
      var spec = AuditSpec.random(
        seed: seed, students: 4 + rng.uniform(below: 3), schools: 3, maxList: 3, classes: classes)
      if multipleTieBreaking { spec.tieBreaking = .multiple(seed: seed) }
      let report = try ManipulationSearch(mechanism: mechanism, side: .students).run(on: spec.build())
      for w in report.witnesses { try recheckStudentWitness(w, spec: spec, mechanism: mechanism) }
      if !report.witnesses.isEmpty { count += 1 }
    }
    return count
  }

  @Test func eadamIsManipulable() throws {
    #expect(try manipulableMarkets(EfficiencyAdjustedDeferredAcceptance()) > 0)
  }

  @Test func parallelMechanismWithTwoChoicesPerRoundIsManipulable() throws {
    #expect(try manipulableMarkets(ChineseParallel(choicesPerRound: 2)) > 0)
  }

  /// SIC manipulations are rare on tiny markets (about 1 in 200 random ones): scan tiny
  /// markets with everyone tied and a lottery per school until the audit has found a few,
  /// and re-check every witness from scratch.
  @Test func stableImprovementCyclesAreManipulable() throws {
    var found = 0
    var scanned = 0
    for seed in UInt64(0)..<3000 where found < 3 {
      var rng = SeededGenerator(seed: seed)
      var spec = AuditSpec.random(
        seed: seed, students: 3 + rng.uniform(below: 3), schools: 3, maxList: 3,
        maxCapacity: 1 + rng.uniform(below: 2), classes: 1 + rng.uniform(below: 2))
      spec.tieBreaking = .multiple(seed: seed)
      scanned += 1
      let report = try ManipulationSearch(mechanism: StableImprovementCycles(), side: .students).run(on: spec.build())
      for w in report.witnesses { try recheckStudentWitness(w, spec: spec, mechanism: StableImprovementCycles()) }
      if !report.witnesses.isEmpty { found += 1 }
    }
    #expect(found >= 1, "no SIC manipulation in \(scanned) markets")
  }
}
