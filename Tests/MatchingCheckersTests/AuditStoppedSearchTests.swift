import MatchingCheckers
import MatchingCore
import Mechanisms
import Synchronization
import Testing

/// A search stopped part way (as SIGINT stops `audit`) reports the longest prefix of agents
/// fully audited, with the witnesses a complete search finds for them.
struct StoppedSearchTests {
  @Test(arguments: [1, 2])
  func stoppedSearchCoversAPrefixOfTheAgents(workers: Int) throws {
    let market = AuditSpec.random(seed: 3, students: 120, schools: 6, maxList: 5, maxCapacity: 3).build()
    let search = ManipulationSearch(
      mechanism: ImmediateAcceptance(), side: .students, misreports: .heuristic, workers: workers,
      accelerator: ImmediateAcceptanceWarmStart())
    let full = try search.run(on: market)
    let polls = Atomic<Int>(0)
    let stopped = try search.run(on: market, shouldStop: { polls.add(1, ordering: .relaxed).newValue > 40 })
    #expect(stopped.interrupted && !full.interrupted)
    #expect(stopped.agentsRequested == 120 && stopped.agentsAudited <= 40, "\(stopped.agentsAudited)")
    let k = stopped.agentsAudited
    #expect(stopped.witnesses == full.witnesses.filter { $0.agent < k })
    #expect(stopped.manipulableAgents == full.manipulableAgents.filter { $0 < k })
  }
}
