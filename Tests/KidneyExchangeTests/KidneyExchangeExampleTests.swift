import KidneyExchange
import Testing

/// Small pools whose optimal plans are known by hand.
struct KidneyExchangeExampleTests {
  func pool(pairs: Int, altruists: Int = 0, _ arcs: [(Int, Int)], altruistArcs: [(Int, Int)] = [], weights: [Double]? = nil) -> KidneyPool {
    var list = arcs.map { KidneyPool.Arc(donor: .pair($0.0), recipient: $0.1) }
    list += altruistArcs.map { KidneyPool.Arc(donor: .altruist($0.0), recipient: $0.1) }
    if let weights { for k in list.indices { list[k].weight = weights[k] } }
    return try! KidneyPool(
      pairs: (0..<pairs).map { .init(id: "\($0 + 1)") }, altruists: (0..<altruists).map { .init(id: "A\($0 + 1)") }, arcs: list)
  }

  @Test func threeCycleNeedsCycleCapThree() throws {
    // 1 -> 2 -> 3 -> 1 only: K = 2 plans nothing, K = 3 plans all three.
    let p = pool(pairs: 3, [(0, 1), (1, 2), (2, 0)])
    #expect(try KidneyExchangeOptimizer(maxCycle: 2, maxChain: 0).match(p).transplants == 0)
    let plan = try KidneyExchangeOptimizer(maxCycle: 3, maxChain: 0).match(p)
    #expect(plan.transplants == 3)
    #expect(plan.exchanges == [.init(kind: .cycle, pairs: [0, 1, 2])])
  }

  @Test func chainCapCountsTransplantsToPairs() throws {
    // A1 -> 1 -> 2 -> 3: L = 2 gives two transplants, L = 3 three (kidney_solver's convention).
    let p = pool(pairs: 3, altruists: 1, [(0, 1), (1, 2)], altruistArcs: [(0, 0)])
    #expect(try KidneyExchangeOptimizer(maxChain: 2).match(p).transplants == 2)
    let plan = try KidneyExchangeOptimizer(maxChain: 3).match(p)
    #expect(plan.exchanges == [.init(kind: .chain(altruist: 0), pairs: [0, 1, 2])])
    #expect(try KidneyExchangeOptimizer(maxChain: 0).match(p).transplants == 0)
  }

  @Test func twoTwoCyclesBeatOneThreeCycleThroughTheirMiddle() throws {
    // Pairs 1..4: 2-cycles (1,2) and (3,4), and a 3-cycle 2 -> 3 -> 4 -> 2 sharing pairs.
    let p = pool(pairs: 4, [(0, 1), (1, 0), (2, 3), (3, 2), (1, 2), (3, 1)])
    let plan = try KidneyExchangeOptimizer().match(p)
    #expect(plan.transplants == 4)
    #expect(plan.cycleCounts == [0, 0, 2])
  }

  @Test func weightObjectivePrefersHeavyArcsOverCount() throws {
    // A 2-cycle of weight 10+10 versus two 2-cycles of weight 1 each sharing pair 1.
    let p = pool(pairs: 3, [(0, 1), (1, 0), (0, 2), (2, 0)], weights: [10, 10, 1, 1])
    let plan = try KidneyExchangeOptimizer(objective: .weight).match(p)
    #expect(plan.objective == 20)
    #expect(plan.exchanges == [.init(kind: .cycle, pairs: [0, 1])])
  }

  @Test func ukSchemePrefersTwoWayExchangesAtEqualTransplants() throws {
    // Six pairs: two 3-cycles (1,2,3),(4,5,6), or three 2-cycles (1,4),(2,5),(3,6).
    let three = [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)]
    let two = [(0, 3), (3, 0), (1, 4), (4, 1), (2, 5), (5, 2)]
    let p = pool(pairs: 6, three + two)
    let plan = try KidneyExchangeOptimizer(objective: .ukScheme).match(p)
    #expect(plan.transplants == 6)
    #expect(plan.cycleCounts == [0, 0, 3])
    #expect(plan.levels.map(\.criterion) == [.transplants, .twoWayExchanges, .backArcs, .weight])
    #expect(plan.levels.allSatisfy { $0.proven })
  }

  @Test func expectedTransplantsAvoidFragileLongCycles() throws {
    // A 3-cycle whose arcs succeed with probability 0.5 (expected 3/8) against a sure 2-cycle
    // sharing a pair (expected 2).
    var arcs = [(0, 1), (1, 2), (2, 0), (0, 3), (3, 0)].map { KidneyPool.Arc(donor: .pair($0.0), recipient: $0.1) }
    for k in 0..<3 { arcs[k].successProbability = 0.5 }
    let p = try KidneyPool(pairs: (0..<4).map { .init(id: "\($0)") }, altruists: [], arcs: arcs)
    let plan = try KidneyExchangeOptimizer(objective: .expectedTransplants).match(p)
    #expect(plan.exchanges == [.init(kind: .cycle, pairs: [0, 3])])
    #expect(abs(plan.objective - 2) < 1e-9)
    #expect(try KidneyExchangeOptimizer(objective: .transplants).match(p).transplants == 3)
  }

  @Test func emptyPoolGivesEmptyOptimalPlan() throws {
    let p = pool(pairs: 0, [])
    let plan = try KidneyExchangeOptimizer().match(p)
    #expect(plan.exchanges.isEmpty)
    #expect(plan.status == .optimal)
  }

  @Test func objectivesParseFromText() {
    #expect(KidneyObjective("uk") == .ukScheme)
    #expect(KidneyObjective("hierarchical:transplants,two-way,back-arcs,weight") == .ukScheme)
    #expect(KidneyObjective("weight") == .weight)
    #expect(KidneyObjective("hierarchical:transplants,transplants") == nil)
    #expect(KidneyObjective("nonsense") == nil)
  }

  @Test func poolRejectsBrokenArcs() {
    let pairs: [KidneyPool.Pair] = [.init(id: "1"), .init(id: "2")]
    #expect(throws: KidneyPoolError.self) { try KidneyPool(pairs: pairs, altruists: [], arcs: [.init(donor: .pair(0), recipient: 0)]) }
    #expect(throws: KidneyPoolError.self) {
      try KidneyPool(pairs: pairs, altruists: [], arcs: [.init(donor: .pair(0), recipient: 1), .init(donor: .pair(0), recipient: 1)])
    }
    #expect(throws: KidneyPoolError.self) { try KidneyPool(pairs: pairs, altruists: [], arcs: [.init(donor: .pair(0), recipient: 1, weight: .nan)]) }
    #expect(throws: KidneyPoolError.self) {
      try KidneyPool(pairs: pairs, altruists: [], arcs: [.init(donor: .pair(0), recipient: 1, successProbability: 1.5)])
    }
  }

  @Test func timeLimitReturnsAFeasiblePlanWithAValidBound() throws {
    let p = randomPool(seed: 99, pairs: 120, altruists: 6)
    let plan = try KidneyExchangeOptimizer(maxCycle: 3, maxChain: 3, timeLimit: 0.02).match(p)
    #expect(p.feasibilityViolation(of: plan.exchanges, maxCycle: 3, maxChain: 3) == nil)
    let exact = try KidneyExchangeOptimizer(maxCycle: 3, maxChain: 3).match(p)
    #expect(exact.status == .optimal)
    #expect(plan.bound >= exact.objective - 1e-6)
    #expect(plan.objective <= exact.objective)
    if plan.status != .optimal { #expect(plan.status.gap >= 0) }
  }
}
