import MatchingCore

/// The kidney-exchange optimiser: the plan of disjoint cycles and chains that maximises an
/// objective under a cycle cap and a chain cap, proven optimal by an LP bound.
///
/// ```swift
/// let optimizer = KidneyExchangeOptimizer(maxCycle: 3, maxChain: 3, objective: .transplants)
/// let plan = try optimizer.match(pool)
/// (plan.transplants, plan.status, plan.bound)   // (171, .optimal, 171.0)
/// ```
///
/// **Model.** One variable per cycle of 2...`maxCycle` pairs and, by default
/// (``ChainFormulation/paths``), one per chain of 1...`maxChain` transplants starting at an
/// altruist; each pair receives at most once and each altruist starts at most one chain.
/// `maxChain` counts transplants to pair patients (kidney_solver's convention; kep_solver's
/// `maxChainLength` is `maxChain + 1`). With ``ChainFormulation/positionIndexedArcs`` chains are
/// instead the position-indexed edges of PICEF (Dickerson, Manlove, Plaut, Sandholm and
/// Trimble, "Position-indexed formulations for kidney exchange", EC 2016): one variable per
/// (arc, position), where a pair's donor gives at position *k*+1 only if its patient received
/// at position *k*; its LP relaxation is never tighter than the path formulation's, and on
/// large dense pools it converges far more slowly (a 5,000-pair heterogeneous pool with
/// chains of 4: not within 300 s against 57 s). The expected-transplants criterion is not
/// arc-separable along a chain, so with it chains are always paths.
///
/// **Algorithm.** Cycles (and chain variables) are generated lazily: the LP relaxation of the
/// restricted problem (seeded with a greedy packing of short cycles) is solved by GLPK's
/// simplex, every cycle is priced against the duals of the pair rows (for K <= 4 and
/// transplants or weight directly from the pairs of largest slack, otherwise by a depth-first
/// search pruned by the dual bound; only inside strongly connected components: arcs between
/// components can only carry chains), every chain against the pair and altruist duals (a
/// bound on the best continuation from each pair, computed backwards over the positions,
/// guides a few paths per altruist and proves when none prices out), and columns with
/// positive reduced cost are added until
/// none remains; the LP value is then an upper bound
/// on every plan. Branch and bound (GLPK) on the generated columns finds a plan; if its value
/// meets the bound (rounded down for integral objectives) it is proven optimal. Otherwise every
/// column whose reduced cost is at least (incumbent - bound) is added (reduced-cost fixing:
/// no other column can be in a better plan) and branch and bound proves the optimum.
/// Hierarchical objectives repeat this per level with earlier levels held at their values.
///
/// **Guarantees.** The plan is feasible: pairs give and receive at most once, cycles have at
/// most `maxCycle` pairs, chains at most `maxChain` transplants and start at an altruist.
/// With status ``KidneyPlan/Status/optimal`` no feasible plan has a better objective (each
/// level of a hierarchical objective is optimal given the earlier ones); otherwise
/// ``KidneyPlan/bound`` is a proven upper bound. Abraham, Blum and Sandholm (EC 2007) show the
/// problem NP-hard for `maxCycle >= 3`, so the proof may take exponential time in the worst
/// case; the LP relaxation is tight in practice, which is what this design exploits.
///
/// - Complexity: each pricing round is O(*n* *d* *n*/64 + *C*) for *n* pairs, out-degree *d*
///   and *C* cycles with positive reduced cost at `maxCycle` 3, plus O(*E* *L*) for *E* arcs
///   and chain cap *L*; plus GLPK's simplex and branch and bound.
public struct KidneyExchangeOptimizer: MatchingMechanism {
  public typealias Market = KidneyPool
  public typealias Outcome = KidneyPlan

  /// Maximum pairs in a cycle (K); 0 or 1 disables cycles.
  public var maxCycle: Int
  /// Maximum transplants to pair patients in a chain (L); 0 disables chains.
  public var maxChain: Int
  public var objective: KidneyObjective
  /// Wall-clock limit in seconds; `nil` (or more than 10^9, about 31 years) for none.
  public var timeLimit: Double?
  /// Called while solving (from the solving thread).
  public var progress: (@Sendable (KidneyProgress) -> Void)?
  /// Polled while solving (every pricing round, dive step and branch-and-bound event, from
  /// the solving thread): once it returns `true` the search stops and returns the best plan
  /// found so far with status ``KidneyPlan/Status/interrupted(gap:)``. The command line
  /// passes `{ Interrupt.requested }` (Ctrl-C).
  public var shouldStop: (@Sendable () -> Bool)?

  /// How chains enter the master problem: whole paths (the default) or PICEF's
  /// position-indexed arcs.
  public var chainFormulation: ChainFormulation

  /// The variables that model chains.
  public enum ChainFormulation: Sendable, Hashable {
    /// One variable per chain (altruist and pairs in order), priced as a path.
    case paths
    /// One variable per (arc, position), as PICEF (Dickerson et al., EC 2016).
    case positionIndexedArcs
  }

  public var name: String { "kidney" }

  public init(
    maxCycle: Int = 3, maxChain: Int = 3, objective: KidneyObjective = .transplants, timeLimit: Double? = nil,
    chainFormulation: ChainFormulation = .paths,
    progress: (@Sendable (KidneyProgress) -> Void)? = nil, shouldStop: (@Sendable () -> Bool)? = nil
  ) {
    precondition(maxCycle >= 0 && maxChain >= 0, "caps must be non-negative")
    precondition(timeLimit.map { $0 > 0 } ?? true, "the time limit must be a positive number of seconds")
    precondition(!objective.criteria.isEmpty, "an objective needs at least one criterion")
    self.maxCycle = maxCycle
    self.maxChain = maxChain
    self.objective = objective
    self.timeLimit = timeLimit
    self.chainFormulation = chainFormulation
    self.progress = progress
    self.shouldStop = shouldStop
  }

  /// Plans the exchanges of `pool`.
  ///
  /// Stopped by ``timeLimit`` or ``shouldStop``, it returns the best plan found so far (empty,
  /// with ``KidneyPlan/planFound`` false, if none) with a proven ``KidneyPlan/bound`` whose
  /// ``KidneyPlan/boundKind`` says how it is proven.
  ///
  /// - Throws: ``GLPKError`` if GLPK fails on the relaxation (numerical failure).
  public func match(_ pool: KidneyPool) throws -> KidneyPlan {
    let solver = ColumnGenerationSolver(
      pool: pool, maxCycle: maxCycle, maxChain: maxChain, criteria: objective.criteria,
      chainPaths: chainFormulation == .paths || objective.criteria.contains(.expectedTransplants),
      timeLimit: timeLimit, progress: progress, shouldStop: shouldStop)
    return try solver.solve()
  }
}

/// A report while solving.
public struct KidneyProgress: Sendable {
  public enum Phase: Sendable { case pricing, diving, branching, fixing }
  public var level: Int
  public var criterion: KidneyCriterion
  public var phase: Phase
  /// LP solves so far in this level.
  public var round: Int
  public var columns: Int
  public var lpValue: Double
  /// Best proven bound so far in this level.
  public var bound: Double
  public var incumbent: Double?
  public var seconds: Double

  /// One line for a terminal.
  public var line: String {
    func f(_ x: Double) -> String {
      guard x.isFinite else { return x.isNaN ? "?" : x > 0 ? "inf" : "-inf" }
      let r = (x * 1000).rounded() / 1000
      return r == r.rounded() && abs(r) < 1e15 ? String(Int(r)) : String(r)
    }
    let phaseName = switch phase { case .pricing: "pricing"; case .diving: "diving"; case .branching: "branching"; case .fixing: "fixing" }
    var s = "level \(level + 1) \(criterion.rawValue): \(phaseName) round \(round), \(columns) columns, LP \(f(lpValue)), bound \(f(bound))"
    if let i = incumbent { s += ", best plan \(f(i))" }
    return s + ", " + DurationText.text(seconds)
  }
}
