import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing

/// The audit reproduces the theory on seeded random markets: exhaustive searches find no
/// profitable misreport where a theorem says there is none, and find (re-checkable) ones
/// where a theorem says they exist.
struct AuditStrategyProofnessTests {
  static let seeds: [UInt64] = Array(0..<60)

  static func smallMarket(_ seed: UInt64) -> AuditSpec {
    var rng = SeededGenerator(seed: seed ^ 0xA0D1)
    let n = 3 + rng.uniform(below: 3)  // 3...5 students
    let m = 2 + rng.uniform(below: 3)  // 2...4 schools
    return AuditSpec.random(seed: seed, students: n, schools: m, maxList: 4)
  }

  /// The number of misreports an exhaustive search must run: every ordered subset but the
  /// truth, for each student not already at her first choice.
  static func expectedExhaustiveRuns(_ spec: AuditSpec, truthful: Matching) -> Int {
    var total = 0
    for (i, list) in spec.preferences.enumerated() where truthful.partner(of: i) != list.first {
      total += MisreportSpace.orderedSubsetCount(list.count) - 1
    }
    return total
  }

  func expectNoneFound<M: MatchingMechanism>(
    _ mechanism: M, seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation
  ) throws where M.Market == SchoolChoiceMarket, M.Outcome == Matching {
    let spec = Self.smallMarket(seed)
    let market = spec.build()
    let report = try ManipulationSearch(mechanism: mechanism, side: .students).run(on: market)
    #expect(
      report.witnesses.isEmpty, "seed \(seed): \(report.witnesses) in \(spec)",
      sourceLocation: sourceLocation)
    #expect(report.agentsAudited == spec.preferences.count, sourceLocation: sourceLocation)
    #expect(report.agentsSearchedHeuristically == 0, sourceLocation: sourceLocation)
    // The search really ran every misreport of every student who could gain.
    let truthful = try mechanism.match(market)
    #expect(
      report.misreportsEvaluated == Self.expectedExhaustiveRuns(spec, truthful: truthful),
      "seed \(seed)", sourceLocation: sourceLocation)
  }

  @Test(arguments: seeds)
  func studentProposingDAIsStrategyProofForStudents(seed: UInt64) throws {
    try expectNoneFound(DeferredAcceptance(), seed: seed)
  }

  @Test(arguments: seeds)
  func topTradingCyclesIsStrategyProofForStudents(seed: UInt64) throws {
    try expectNoneFound(SchoolChoiceTopTradingCycles(), seed: seed)
  }

  @Test(arguments: seeds)
  func serialDictatorshipIsStrategyProof(seed: UInt64) throws {
    try expectNoneFound(SerialDictatorship(order: .inputOrder), seed: seed)
    try expectNoneFound(SerialDictatorship(order: .random(seed: seed)), seed: seed)
  }

  /// The same searches have power: on the same markets Boston and school-proposing DA are
  /// manipulable by students, and every witness re-checks from scratch.
  @Test func bostonAndSchoolProposingDAAreManipulableOnTheSameMarkets() throws {
    var bostonManipulable = 0
    var schoolDAManipulable = 0
    for seed in Self.seeds {
      let spec = Self.smallMarket(seed)
      let market = spec.build()
      let boston = try ManipulationSearch(
        mechanism: ImmediateAcceptance(), side: .students, witnessesPerAgent: 1000
      ).run(on: market)
      for w in boston.witnesses {
        try recheckStudentWitness(w, spec: spec, mechanism: ImmediateAcceptance())
      }
      if !boston.noneFound { bostonManipulable += 1 }
      let schoolDA = try ManipulationSearch(
        mechanism: DeferredAcceptance(proposing: .schools), side: .students,
        witnessesPerAgent: 1000
      ).run(on: market)
      for w in schoolDA.witnesses {
        try recheckStudentWitness(w, spec: spec, mechanism: DeferredAcceptance(proposing: .schools))
      }
      if !schoolDA.noneFound { schoolDAManipulable += 1 }
      // Manipulable agents are exactly the agents with witnesses, each kept in misreport order.
      #expect(boston.manipulableAgents == Array(Set(boston.witnesses.map(\.agent))).sorted())
      for (a, b) in zip(boston.witnesses, boston.witnesses.dropFirst()) {
        #expect(a.agent < b.agent || (a.agent == b.agent && a.misreportIndex < b.misreportIndex))
      }
    }
    #expect(bostonManipulable > 0)
    #expect(schoolDAManipulable > 0)
  }

  @Test(arguments: seeds.prefix(20))
  func resultDoesNotDependOnTheNumberOfWorkers(seed: UInt64) throws {
    let market = Self.smallMarket(seed).build()
    var reports: [ManipulationReport] = []
    for workers in [1, 2, 3] {
      var r = try ManipulationSearch(
        mechanism: ImmediateAcceptance(), side: .students, witnessesPerAgent: 5, workers: workers
      ).run(on: market)
      r.seconds = 0
      r.workers = 0
      reports.append(r)
    }
    #expect(reports[0] == reports[1] && reports[1] == reports[2], "seed \(seed)")
  }

  @Test func heuristicSearchSkipsStudentsAtTheirFirstChoice() throws {
    let spec = AuditSpec.random(seed: 9, students: 40, schools: 8, maxList: 8)
    let market = spec.build()
    let report = try ManipulationSearch(
      mechanism: DeferredAcceptance(), side: .students, misreports: .heuristic
    ).run(on: market)
    let truthful = DeferredAcceptance().match(market)
    let atFirst = spec.preferences.indices.filter { truthful.partner(of: $0) == spec.preferences[$0].first }
    #expect(report.agentsAtBest == atFirst.count)
    var runs = 0
    for (i, list) in spec.preferences.enumerated() where !atFirst.contains(i) {
      runs += list.count < 2 ? 0 : 4 * list.count - 5
    }
    #expect(report.misreportsEvaluated == runs)
    #expect(report.noneFound)
  }

  /// A mechanism that fails on one report: the search reports the error, not a result.
  @Test func mechanismErrorsPropagate() throws {
    struct Refusal: Error {}
    struct Picky: MatchingMechanism {
      var name: String { "picky" }
      func match(_ market: SchoolChoiceMarket) throws -> Matching {
        if market.listLength[0] == 0 { throw Refusal() }
        return DeferredAcceptance().match(market)
      }
    }
    // Student 0 loses her first choice to student 1, so her misreports (the empty one among
    // them) are run.
    let market = try SchoolChoiceMarket(
      capacities: [1, 1], preferences: [[0, 1], [0]], priorities: [[1, 0], [0]])
    #expect(DeferredAcceptance().match(market).assignment == [1, 0])
    #expect(throws: Refusal.self) {
      _ = try ManipulationSearch(mechanism: Picky(), side: .students).run(on: market, agents: [0])
    }
  }
}

/// Housing markets: top trading cycles (and serial dictatorship) are strategy-proof (Roth
/// 1982); immediate acceptance on the housing market is not, and its witnesses re-check.
struct AuditHousingTests {
  static func randomHousing(_ seed: UInt64) -> (endowments: [Int], preferences: [[Int]]) {
    var rng = SeededGenerator(seed: seed)
    let n = 3 + rng.uniform(below: 3)
    var endowments = Array(0..<n)
    rng.shuffle(&endowments)
    let preferences = (0..<n).map { _ -> [Int] in
      var houses = Array(0..<n)
      rng.shuffle(&houses)
      return Array(houses.prefix(1 + rng.uniform(below: n)))
    }
    return (endowments, preferences)
  }

  /// Boston on the housing market seen as school choice (owners first at their houses).
  struct HousingBoston: MatchingMechanism {
    var name: String { "housing-boston" }
    func match(_ market: HousingMarket) -> Matching {
      ImmediateAcceptance().match(market.asSchoolChoiceMarket(tieBreaking: .single(seed: 1)))
    }
  }

  struct HousingSD: MatchingMechanism {
    var name: String { "sd" }
    func match(_ market: HousingMarket) -> Matching { SerialDictatorship().match(market) }
  }

  @Test(arguments: Array(UInt64(0)..<60))
  func topTradingCyclesIsStrategyProof(seed: UInt64) throws {
    let (endowments, preferences) = Self.randomHousing(seed)
    let market = try HousingMarket(endowments: endowments, preferences: preferences)
    let ttc = try ManipulationSearch(mechanism: TopTradingCycles(), side: .agents).run(on: market)
    #expect(ttc.noneFound, "seed \(seed): \(ttc.witnesses); \(endowments) \(preferences)")
    #expect(ttc.agentsAudited == endowments.count)
    let sd = try ManipulationSearch(mechanism: HousingSD(), side: .agents).run(on: market)
    #expect(sd.noneFound, "seed \(seed): \(sd.witnesses)")
  }

  @Test func housingBostonIsManipulableAndWitnessesRecheck() throws {
    var found = 0
    for seed in UInt64(0)..<60 {
      let (endowments, preferences) = Self.randomHousing(seed)
      let market = try HousingMarket(endowments: endowments, preferences: preferences)
      let report = try ManipulationSearch(mechanism: HousingBoston(), side: .agents).run(on: market)
      for w in report.witnesses {
        found += 1
        let a = w.agent
        let trueList = market.preferenceList(of: a)  // normalised: ends with her house
        #expect(w.trueList == trueList)
        var reported = preferences
        reported[a] = w.misreport
        let fresh = try HousingMarket(endowments: endowments, preferences: reported)
        let truthful = HousingBoston().match(market).partner(of: a)
        let manipulated = HousingBoston().match(fresh).partner(of: a)
        #expect(w.manipulatedOutcome == (manipulated.map { [$0] } ?? []), "seed \(seed)")
        #expect(w.truthfulOutcome == (truthful.map { [$0] } ?? []), "seed \(seed)")
        #expect(position(manipulated, in: trueList) < position(truthful, in: trueList), "seed \(seed)")
      }
    }
    #expect(found > 0)
  }
}
