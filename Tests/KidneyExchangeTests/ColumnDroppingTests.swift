@testable import KidneyExchange
import MatchingCore
import Testing

/// The root master drops columns far from entering (`purgeColumns`): made to drop every
/// round, the solver still proves the optimum, worth what the position-indexed formulation
/// (which never sees those columns) proves.
struct ColumnDroppingTests {
  @Test(arguments: [UInt64(1), 2, 3, 4])
  func droppingColumnsKeepsTheOptimum(seed: UInt64) throws {
    let pool = randomPool(seed: seed, pairs: 60, altruists: 6, density: 0.5)
    let solver = ColumnGenerationSolver(
      pool: pool, maxCycle: 3, maxChain: 4, criteria: [.transplants], chainPaths: true, timeLimit: nil,
      progress: nil, shouldStop: nil)
    // Every round, whatever the size, and whatever does not price near entering.
    (solver.dropEvery, solver.dropAbovePerRow, solver.dropMargin) = (1, 0, 0.01)
    let plan = try solver.solve()
    #expect(solver.columnsDropped > 0, "seed \(seed): nothing was dropped, so this tests nothing")
    #expect(plan.status == .optimal)
    #expect(pool.feasibilityViolation(of: plan.exchanges, maxCycle: 3, maxChain: 4) == nil)
    let arcs = try KidneyExchangeOptimizer(maxCycle: 3, maxChain: 4, chainFormulation: .positionIndexedArcs).match(pool)
    #expect(arcs.status == .optimal)
    #expect(plan.transplants == arcs.transplants, "seed \(seed)")
  }
}
