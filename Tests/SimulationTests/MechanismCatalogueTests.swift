import MatchingCheckers
import MatchingCore
import Mechanisms
import Simulation
import Testing

/// A mechanism written by a library user, unknown to the engine: serial dictatorship in
/// reverse input order (the last student chooses first).
struct ReverseSerialDictatorship: MatchingMechanism {
  var name: String { "test-reverse-sd" }

  func match(_ market: SchoolChoiceMarket) -> Matching {
    var seats = market.capacities
    var assignment = [Int32](repeating: unassigned, count: market.studentCount)
    for i in (0..<market.studentCount).reversed() {
      for s in market.preferenceList(of: i) where seats[s] > 0 {
        seats[s] -= 1
        assignment[i] = Int32(s)
        break
      }
    }
    return Matching(assignment: assignment)
  }
}

struct MechanismCatalogueTests {
  static let model = SchoolChoiceModel(studentCount: 200, schoolCount: 8, listLength: 4, seatsRatio: 0.9)

  static func registerUserMechanism() {
    MechanismCatalogue.register(CatalogueEntry(name: "test-reverse-sd", label: "Reverse SD (user)") { _ in
      ReverseSerialDictatorship()
    })
  }

  @Test func aRegisteredMechanismIsSimulatedAuditedAndChecked() throws {
    Self.registerUserMechanism()
    let mechanisms = try SimulatedMechanism.parseList("da,test-reverse-sd")
    #expect(mechanisms.map(\.rawValue) == ["da", "test-reverse-sd"])
    #expect(SimulatedMechanism.allCases.contains(mechanisms[1]))
    let study = SimulationStudy(model: Self.model, mechanisms: mechanisms, seed: 3, runCount: 4, auditSample: 5)
    let result = study.run(threads: 2)
    for record in result.records {
      let user = record.metrics[1]
      // Serial dictatorship is strategy-proof: the audit finds nobody.
      #expect(user.audited == 5)
      #expect(user.manipulable == 0)
      #expect(user.betterThanDA != nil && user.worseThanDA != nil)
      // The same numbers by hand.
      let (market, _, _) = study.market(ofRun: record.run)
      let matching = ReverseSerialDictatorship().match(market)
      let da = DeferredAcceptance().match(market)
      let expected = OutcomeMetrics.comparison(matching, with: da, in: market)
      #expect(user.betterThanDA == expected.better && user.worseThanDA == expected.worse)
      #expect(user.blockingPairs == market.stabilityReport(of: matching).blockingPairCount)
      #expect(market.paretoImprovement(of: matching) == nil)  // checked like any mechanism
    }
  }

  @Test func parameterisedNamesAndErrors() throws {
    #expect(try SimulatedMechanism.parseList("chinese-parallel:3") == [.chineseParallel(3)])
    #expect(try SimulatedMechanism.parseList("chinese-parallel", defaultParameter: 4) == [.chineseParallel(4)])
    #expect(throws: SimulationError.self) { try SimulatedMechanism.parseList("chinese-parallel") }
    #expect(throws: SimulationError.self) { try SimulatedMechanism.parseList("chinese-parallel:0") }
    #expect(throws: SimulationError.self) { try SimulatedMechanism.parseList("chinese-parallel:x") }
    #expect(throws: SimulationError.self) { try SimulatedMechanism.parseList("da:2") }
    #expect(SimulatedMechanism(rawValue: "eadam") == .eadam)
    #expect(MechanismCatalogue.spelledNames.contains("chinese-parallel:E"))
  }

  /// The comparison with DA states the theorems: EADAM and SIC never make anyone worse off
  /// than DA; Boston and the parallel mechanism do on some runs.
  @Test func comparisonWithDAFollowsTheTheorems() throws {
    let mechanisms = try SimulatedMechanism.parseList("da,eadam,sic,chinese-parallel:2,boston")
    let study = SimulationStudy(model: Self.model, mechanisms: mechanisms, seed: 5, runCount: 6)
    let result = study.run(threads: 2)
    var bostonWorse = 0
    for record in result.records {
      #expect(record.metrics[0].betterThanDA == 0 && record.metrics[0].worseThanDA == 0)
      #expect(record.metrics[1].worseThanDA == 0, "eadam, run \(record.run)")
      #expect(record.metrics[2].worseThanDA == 0, "sic, run \(record.run)")
      bostonWorse += record.metrics[4].worseThanDA ?? 0
    }
    #expect(bostonWorse > 0)
    let report = StudyReport(result: result)
    #expect(report.comparisonSVG().contains("Better off than DA"))
    #expect(report.table().contains("better than DA"))
  }
}
