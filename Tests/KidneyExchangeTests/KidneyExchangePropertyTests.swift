import GLPKSolver
import KidneyExchange
import MatchingCore
import Testing

/// The optimiser against brute force on every small pool of a seeded family.
struct KidneyExchangePropertyTests {
  static let seeds: [UInt64] = Array(0..<40)

  /// Pool shape for a seed: 2...10 pairs, 0...3 altruists, sparse to dense.
  static func pool(_ seed: UInt64, weighted: Bool = false, probabilities: Bool = false) -> KidneyPool {
    var rng = SeededGenerator(seed: seed &+ 1000)
    let n = 2 + rng.uniform(below: 9)
    let a = rng.uniform(below: 4)
    let density = [0.15, 0.25, 0.4, 0.6][rng.uniform(below: 4)]
    return randomPool(seed: seed, pairs: n, altruists: a, weighted: weighted, probabilities: probabilities, density: density)
  }

  func check(
    _ pool: KidneyPool, seed: UInt64, maxCycle: Int, maxChain: Int, objective: KidneyObjective,
    chains: KidneyExchangeOptimizer.ChainFormulation = .paths
  ) throws {
    let plan = try KidneyExchangeOptimizer(
      maxCycle: maxCycle, maxChain: maxChain, objective: objective, chainFormulation: chains
    ).match(pool)
    let context = "seed \(seed), K=\(maxCycle), L=\(maxChain), \(objective), \(chains), pool: \(describe(pool))"
    #expect(pool.feasibilityViolation(of: plan.exchanges, maxCycle: maxCycle, maxChain: maxChain) == nil, "\(context)")
    #expect(plan.status == .optimal, "\(context)")
    let expected = bruteForceOptimum(pool, maxCycle: maxCycle, maxChain: maxChain, criteria: objective.criteria)
    for (m, c) in objective.criteria.enumerated() {
      let got = pool.value(of: c, for: plan)
      #expect(abs(got - expected[m]) < 1e-6, "level \(m + 1) \(c): plan \(got), brute force \(expected[m]); \(context)")
      #expect(abs(plan.levels[m].value - got) < 1e-6, "reported \(plan.levels[m].value) vs recomputed \(got); \(context)")
      #expect(plan.levels[m].bound >= got - 1e-6, "bound below the plan; \(context)")
    }
    #expect(plan.transplants == Int(pool.value(of: .transplants, for: plan)))
  }

  @Test(arguments: seeds)
  func maximumTransplantsEqualsBruteForce(seed: UInt64) throws {
    let pool = Self.pool(seed)
    for (k, l) in [(3, 3), (3, 0), (2, 2), (4, 1)] {
      try check(pool, seed: seed, maxCycle: k, maxChain: l, objective: .transplants)
    }
  }

  @Test(arguments: seeds)
  func positionIndexedChainArcsEqualBruteForce(seed: UInt64) throws {
    try check(Self.pool(seed), seed: seed, maxCycle: 3, maxChain: 3, objective: .transplants, chains: .positionIndexedArcs)
    try check(
      Self.pool(seed, weighted: true), seed: seed, maxCycle: 3, maxChain: 2, objective: .ukScheme,
      chains: .positionIndexedArcs)
  }

  @Test(arguments: seeds)
  func maximumWeightEqualsBruteForce(seed: UInt64) throws {
    try check(Self.pool(seed, weighted: true), seed: seed, maxCycle: 3, maxChain: 3, objective: .weight)
  }

  @Test(arguments: seeds)
  func maximumExpectedTransplantsEqualsBruteForce(seed: UInt64) throws {
    try check(Self.pool(seed, probabilities: true), seed: seed, maxCycle: 3, maxChain: 2, objective: .expectedTransplants)
  }

  @Test(arguments: seeds)
  func hierarchicalLevelsEqualLexicographicBruteForce(seed: UInt64) throws {
    let pool = Self.pool(seed, weighted: true)
    try check(pool, seed: seed, maxCycle: 3, maxChain: 2, objective: .ukScheme)
    try check(pool, seed: seed, maxCycle: 3, maxChain: 2, objective: .hierarchical([.weight, .transplants]))
  }

  @Test(arguments: seeds)
  func earlierLevelsNeverWorseThanSolvedAlone(seed: UInt64) throws {
    let pool = Self.pool(seed, weighted: true, probabilities: true)
    let criteria: [KidneyCriterion] = [.transplants, .twoWayExchanges, .backArcs, .weight]
    let plan = try KidneyExchangeOptimizer(maxCycle: 3, maxChain: 2, objective: .hierarchical(criteria)).match(pool)
    let first = try KidneyExchangeOptimizer(maxCycle: 3, maxChain: 2, objective: .transplants).match(pool)
    #expect(pool.value(of: .transplants, for: plan) == pool.value(of: .transplants, for: first), "seed \(seed)")
    let two = try KidneyExchangeOptimizer(maxCycle: 3, maxChain: 2, objective: .hierarchical(Array(criteria.prefix(2)))).match(pool)
    #expect(abs(pool.value(of: .twoWayExchanges, for: plan) - pool.value(of: .twoWayExchanges, for: two)) < 1e-9, "seed \(seed)")
  }

  @Test(arguments: [UInt64(1), 2, 3])
  func saidmanPoolsOfForty(seed: UInt64) throws {
    // Larger than brute force can check: feasibility, proof, and bound >= objective.
    let pool = randomPool(seed: seed, pairs: 40, altruists: 2)
    for l in [0, 3] {
      let plan = try KidneyExchangeOptimizer(maxCycle: 3, maxChain: l).match(pool)
      #expect(pool.feasibilityViolation(of: plan.exchanges, maxCycle: 3, maxChain: l) == nil)
      #expect(plan.status == .optimal)
      #expect(plan.bound == Double(plan.transplants))
      #expect(plan.boundKind == .lpRelaxation)
      #expect((plan.levels[0].lpBound ?? -1) >= Double(plan.transplants) - 1e-6)
    }
  }
}
