@testable import KidneyExchange
import MatchingCore
import Testing

/// Answers "stop" from its `limit + 1`-th poll on; counts the polls. Called only from the
/// solving thread.
final class StopAfter: @unchecked Sendable {
  let limit: Int
  var polls = 0
  init(_ limit: Int) { self.limit = limit }
  func poll() -> Bool {
    polls += 1
    return polls > limit
  }
}

/// Stopping early (a time limit, or the caller's stop request as Ctrl-C makes it) must leave a
/// feasible plan, a status that says it is not proven, and a bound that is still proven: never
/// below the optimum of an unlimited run.
struct KidneyExchangeStopTests {
  /// The optimum of an unlimited run, and how many times that run polled `shouldStop`.
  static func reference(
    _ pool: KidneyPool, maxCycle: Int, maxChain: Int, objective: KidneyObjective
  ) throws -> (plan: KidneyPlan, polls: Int) {
    let counter = StopAfter(.max)
    let plan = try KidneyExchangeOptimizer(
      maxCycle: maxCycle, maxChain: maxChain, objective: objective, shouldStop: { counter.poll() }
    ).match(pool)
    #expect(plan.status == .optimal)
    #expect(plan.boundKind == .lpRelaxation)
    return (plan, counter.polls)
  }

  /// Checks a plan stopped early against the unlimited optimum.
  static func checkStopped(
    _ plan: KidneyPlan, optimum: KidneyPlan, pool: KidneyPool, maxCycle: Int, maxChain: Int, context: String
  ) {
    #expect(pool.feasibilityViolation(of: plan.exchanges, maxCycle: maxCycle, maxChain: maxChain) == nil, "\(context)")
    #expect(plan.bound >= optimum.objective - 1e-6, "bound \(plan.bound) (\(plan.boundKind)) below the optimum \(optimum.objective); \(context)")
    #expect(plan.objective <= optimum.objective + 1e-6, "\(context)")
    #expect(abs(plan.objective - pool.value(of: plan.levels[0].criterion, for: plan)) < 1e-6, "\(context)")
    if plan.status == .optimal {
      #expect(abs(plan.objective - optimum.objective) < 1e-6, "claimed optimal below the optimum; \(context)")
      #expect(plan.levels.count == optimum.levels.count, "\(context)")
    }
    if let lp = plan.levels[0].lpBound {
      #expect(plan.boundKind == .lpRelaxation, "\(context)")
      #expect(lp >= optimum.objective - 1e-6, "\(context)")
    } else {
      #expect(plan.boundKind != .lpRelaxation, "an LP bound claimed without a finished column generation; \(context)")
    }
    for (m, level) in plan.levels.enumerated() {
      #expect(level.bound >= level.value - 1e-6, "level \(m + 1); \(context)")
    }
    if !plan.planFound {
      #expect(plan.exchanges.isEmpty && plan.objective == 0, "\(context)")
    }
  }

  @Test(arguments: [(UInt64(1), 3), (2, 0), (3, 3)])
  func stoppingAtAnyPollLeavesAFeasiblePlanAndAProvenBound(seed: UInt64, maxChain: Int) throws {
    let pool = randomPool(seed: seed, pairs: 40, altruists: 3)
    let (optimum, polls) = try Self.reference(pool, maxCycle: 3, maxChain: maxChain, objective: .transplants)
    #expect(polls >= 3, "the search polls the stop request while it works")
    var statuses: Set<String> = []
    var kinds: Set<KidneyPlan.BoundKind> = []
    let stride = max(1, polls / 40)
    for k in Swift.stride(from: 0, through: polls, by: stride) {
      let stop = StopAfter(k)
      let plan = try KidneyExchangeOptimizer(maxCycle: 3, maxChain: maxChain, shouldStop: { stop.poll() }).match(pool)
      let context = "seed \(seed), L=\(maxChain), stopped after \(k) of \(polls) polls: \(plan.status), objective \(plan.objective), bound \(plan.bound) (\(plan.boundKind))"
      Self.checkStopped(plan, optimum: optimum, pool: pool, maxCycle: 3, maxChain: maxChain, context: context)
      // The run is the unlimited one up to the request, which it heeds at once and for good.
      #expect(stop.polls == min(k + 1, polls), "polled \(stop.polls) times; \(context)")
      // A stop request never shows as a time limit; an unproven plan says it was interrupted.
      #expect(plan.status == .optimal || plan.status == .interrupted(gap: plan.status.gap), "\(context)")
      if k == 0 {
        #expect(plan.status == .interrupted(gap: 1), "\(context)")
        #expect(!plan.planFound && plan.boundKind == .trivial, "\(context)")
      }
      statuses.insert(plan.status.description)
      kinds.insert(plan.boundKind)
    }
    // The sweep saw both ends: stopped before any LP, and a finished proof.
    #expect(statuses.contains("interrupted") && statuses.contains("optimal"), "\(statuses)")
    #expect(kinds.contains(.trivial) && kinds.contains(.lpRelaxation), "\(kinds)")
  }

  @Test func stoppingAHierarchicalObjectiveKeepsEveryLevelHonest() throws {
    let pool = randomPool(seed: 5, pairs: 30, altruists: 2, weighted: true)
    let (optimum, polls) = try Self.reference(pool, maxCycle: 3, maxChain: 2, objective: .ukScheme)
    for k in Swift.stride(from: 0, through: polls, by: max(1, polls / 30)) {
      let stop = StopAfter(k)
      let plan = try KidneyExchangeOptimizer(maxCycle: 3, maxChain: 2, objective: .ukScheme, shouldStop: { stop.poll() })
        .match(pool)
      let context = "stopped after \(k) of \(polls) polls: \(plan.status), levels \(plan.levels.map { ($0.value, $0.bound, $0.boundKind) })"
      Self.checkStopped(plan, optimum: optimum, pool: pool, maxCycle: 3, maxChain: 2, context: context)
      // The run is the unlimited one up to the request, which it heeds at once and for good.
      #expect(stop.polls == min(k + 1, polls), "polled \(stop.polls) times; \(context)")
      for (m, level) in plan.levels.enumerated() {
        #expect(abs(level.value - pool.value(of: level.criterion, for: plan)) < 1e-6, "level \(m + 1); \(context)")
      }
      if plan.status != .optimal { #expect(plan.status == .interrupted(gap: plan.status.gap), "\(context)") }
    }
  }

  /// Five "triangles" of three pairs with arcs both ways between every two, K = 2: the LP
  /// takes every 2-cycle at 1/2 (3 per triangle) but a plan gets 2 per triangle, so the dive
  /// fails and GLPK's branch and bound runs, polling the stop request from its callback.
  static func triangles() throws -> KidneyPool {
    let pairs = (0..<15).map { KidneyPool.Pair(id: "p\($0)", donorBloodType: .o, patientBloodType: .o, patientCPRA: nil) }
    var arcs: [KidneyPool.Arc] = []
    for t in 0..<5 {
      for i in 0..<3 { for j in 0..<3 where i != j { arcs.append(.init(donor: .pair(3 * t + i), recipient: 3 * t + j, weight: 1, successProbability: 1)) } }
    }
    return try KidneyPool(pairs: pairs, altruists: [], arcs: arcs)
  }

  @Test func stoppingInsideBranchAndBoundKeepsTheBoundAboveTheOptimum() throws {
    let pool = try Self.triangles()
    let (optimum, polls) = try Self.reference(pool, maxCycle: 2, maxChain: 0, objective: .transplants)
    #expect(optimum.objective == 10)
    #expect(optimum.statistics.ipSeconds > 0, "branch and bound ran")
    // Branch and bound polls from GLPK's callback: 103 polls in all with GLPK 5.0, 13 when
    // the callback does not poll (then a stop request waits for the whole tree search).
    #expect(polls > 30, "the branch-and-bound callback polls the stop request (\(polls) polls)")
    var statuses: Set<String> = []
    for k in 0...polls {
      let stop = StopAfter(k)
      let plan = try KidneyExchangeOptimizer(maxCycle: 2, maxChain: 0, shouldStop: { stop.poll() }).match(pool)
      let context = "stopped after \(k) of \(polls) polls: \(plan.status), objective \(plan.objective), bound \(plan.bound) (\(plan.boundKind))"
      Self.checkStopped(plan, optimum: optimum, pool: pool, maxCycle: 2, maxChain: 0, context: context)
      // The run is the unlimited one up to the request, which it heeds at once and for good.
      #expect(stop.polls == min(k + 1, polls), "polled \(stop.polls) times; \(context)")
      #expect(plan.status == .optimal || plan.status == .interrupted(gap: plan.status.gap), "\(context)")
      statuses.insert(plan.status.description)
    }
    #expect(statuses == ["interrupted", "optimal"])
  }

  @Test func tinyTimeLimitsGiveHonestStatusesAndBounds() throws {
    let pool = randomPool(seed: 7, pairs: 70, altruists: 4)
    let (optimum, _) = try Self.reference(pool, maxCycle: 3, maxChain: 3, objective: .transplants)
    for limit in [1e-9, 1e-6, 1e-3, 5e-3, 0.02, 0.1] {
      let plan = try KidneyExchangeOptimizer(maxCycle: 3, maxChain: 3, timeLimit: limit).match(pool)
      let context = "time limit \(limit): \(plan.status), objective \(plan.objective), bound \(plan.bound) (\(plan.boundKind))"
      Self.checkStopped(plan, optimum: optimum, pool: pool, maxCycle: 3, maxChain: 3, context: context)
      #expect(plan.status == .optimal || plan.status == .timeLimit(gap: plan.status.gap), "\(context)")
      if limit == 1e-9 {
        // The deadline passes while the graph is built: no LP, no plan, the trivial cap.
        #expect(plan.status == .timeLimit(gap: 1), "\(context)")
        #expect(!plan.planFound && plan.boundKind == .trivial && plan.levels[0].lpBound == nil, "\(context)")
        #expect(plan.bound == Double((0..<pool.pairCount).filter { p in pool.arcs.contains { $0.recipient == p } }.count))
      }
    }
  }

  @Test func aProgressLineWithAnInfiniteOrHugeBoundDoesNotTrap() {
    // The line's number formatting went through Int(_:), which traps on inf and on 1e300.
    for bound in [Double.infinity, 1e300, -Double.infinity, .nan, 174] {
      let p = KidneyProgress(
        level: 0, criterion: .transplants, phase: .pricing, round: 1, columns: 10, lpValue: 173.5, bound: bound,
        incumbent: 1e20, seconds: 0.25)
      #expect(p.line.hasPrefix("level 1 transplants: pricing round 1, 10 columns, LP 173.5, bound "))
    }
    let p = KidneyProgress(
      level: 0, criterion: .transplants, phase: .pricing, round: 1, columns: 10, lpValue: 1, bound: .infinity,
      incumbent: nil, seconds: 0)
    #expect(p.line == "level 1 transplants: pricing round 1, 10 columns, LP 1, bound inf, 0.00 s")
  }

  @Test(arguments: [Double.infinity, 1e300, 1e12, Double.greatestFiniteMagnitude])
  func hugeTimeLimitsMeanNoLimit(limit: Double) throws {
    let pool = randomPool(seed: 11, pairs: 20, altruists: 2)
    let plan = try KidneyExchangeOptimizer(maxCycle: 3, maxChain: 3, timeLimit: limit).match(pool)
    #expect(plan.status == .optimal)
    #expect(plan.bound == plan.objective)
  }
}
