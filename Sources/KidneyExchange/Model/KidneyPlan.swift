/// A kidney-exchange plan: disjoint cycles and chains, with the proof status of its optimality.
///
/// ```swift
/// let plan = try KidneyExchangeOptimizer().match(pool)
/// plan.transplants   // e.g. 171
/// plan.status        // .optimal
/// plan.bound         // 171: no plan can do better
/// ```
///
/// ``objective`` and ``bound`` are those of the objective's first criterion; ``levels``
/// gives every criterion of a hierarchical objective.
public struct KidneyPlan: Sendable, Hashable {
  /// One exchange: a cycle of pairs, or a chain started by an altruist.
  public struct Exchange: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
      /// `pairs[0]`'s donor gives to `pairs[1]`'s patient, ..., the last pair's donor to `pairs[0]`'s patient.
      case cycle
      /// The altruist gives to `pairs[0]`'s patient, `pairs[0]`'s donor to `pairs[1]`'s, ...;
      /// the last pair's donor (the bridge donor) is left for the next run or the waiting list.
      case chain(altruist: Int)
    }
    public var kind: Kind
    public var pairs: [PairID]
    public init(kind: Kind, pairs: [PairID]) {
      self.kind = kind
      self.pairs = pairs
    }
    /// Transplants to pair patients.
    public var transplants: Int { pairs.count }
    /// The donations in order, as (donor, recipient pair).
    public var donations: [(donor: KidneyPool.Donor, recipient: PairID)] {
      switch kind {
      case .cycle:
        return pairs.indices.map { (.pair(pairs[$0]), pairs[($0 + 1) % pairs.count]) }
      case .chain(let a):
        return pairs.indices.map { ($0 == 0 ? .altruist(a) : .pair(pairs[$0 - 1]), pairs[$0]) }
      }
    }
    public var isCycle: Bool { if case .cycle = kind { true } else { false } }
  }

  /// Whether the plan is proven optimal, and if not, why the search stopped.
  public enum Status: Sendable, Hashable, CustomStringConvertible {
    /// The objective meets the proven bound (for every level of a hierarchical objective).
    case optimal
    /// Stopped by the time limit; `gap` is (bound - objective) / max(1, |bound|).
    case timeLimit(gap: Double)
    /// Stopped without a proof for another reason (see ``KidneyPlan/note``).
    case feasible(gap: Double)
    /// Stopped because the caller asked (``KidneyExchangeOptimizer/shouldStop``, Ctrl-C in
    /// the command line); the plan is the best found so far.
    case interrupted(gap: Double)

    public var description: String {
      switch self {
      case .optimal: "optimal"
      case .timeLimit: "time_limit"
      case .feasible: "feasible"
      case .interrupted: "interrupted"
      }
    }
    public var gap: Double {
      switch self {
      case .optimal: 0
      case .timeLimit(let g), .feasible(let g), .interrupted(let g): g
      }
    }
  }

  /// What proves a ``Level/bound`` (and ``KidneyPlan/bound``), from the strongest to the
  /// weakest. Every kind is a proven upper bound; they differ in how close they are.
  public enum BoundKind: String, Sendable, Hashable, CustomStringConvertible {
    /// Column generation finished (no column has a positive reduced cost): the LP
    /// relaxation's optimum, rounded down for an integral criterion; when the plan meets it,
    /// the plan is optimal.
    case lpRelaxation = "lp_relaxation"
    /// Column generation stopped early: Farley's Lagrangian bound from the last round's duals,
    /// (dual objective) + (pairs) x (largest reduced cost), valid by weak duality but looser
    /// than the LP optimum.
    case lagrangian
    /// Column generation did not finish and gave nothing tighter (or no LP was solved in
    /// time): each pair receives at most once, so the pairs with an incoming arc (for weight,
    /// the sum of each pair's heaviest incoming arc). Valid, and usually far above the optimum.
    case trivial

    public var description: String { rawValue }

    /// A phrase for a person: "LP relaxation", ...
    public var explanation: String {
      switch self {
      case .lpRelaxation: "LP relaxation"
      case .lagrangian: "Lagrangian bound from an unfinished column generation"
      case .trivial: "trivial cap, each pair receives at most once: column generation did not finish"
      }
    }
  }

  /// The result of one criterion of the objective.
  public struct Level: Sendable, Hashable {
    public var criterion: KidneyCriterion
    /// The plan's value of the criterion.
    public var value: Double
    /// A proven upper bound on the criterion given the earlier levels' values.
    public var bound: Double
    /// What proves ``bound``.
    public var boundKind: BoundKind
    /// The LP-relaxation optimum found by column generation, or `nil` when column generation
    /// did not finish (then no LP bound is known).
    public var lpBound: Double?
    public var proven: Bool
  }

  /// Counters of the optimisation.
  public struct Statistics: Sendable, Hashable {
    /// Cycle columns created (by pricing and by reduced-cost fixing).
    public var cyclesGenerated = 0
    /// Chain columns created (position-indexed arc variables, or chain paths for `expected`).
    public var chainColumnsGenerated = 0
    /// LP solves in column generation, over all levels.
    public var pricingRounds = 0
    /// Columns added by reduced-cost fixing.
    public var fixingColumns = 0
    /// Pairs in a strongly connected component with at least two pairs.
    public var pairsInCycleComponents = 0
    /// Seconds spent in LP column generation and in branch and bound.
    public var lpSeconds = 0.0
    public var ipSeconds = 0.0
    public init() {}
  }

  public var exchanges: [Exchange]
  public var status: Status
  public var objective: Double
  /// A proven upper bound on ``objective`` (the first level's; see ``boundKind``).
  public var bound: Double
  public var levels: [Level]
  public var statistics: Statistics
  /// Wall-clock seconds of the whole optimisation.
  public var seconds: Double
  /// Why the plan is not proven optimal, when it is not.
  public var note: String?

  /// What proves ``bound``: the first level's ``Level/boundKind``.
  public var boundKind: BoundKind { levels.first?.boundKind ?? .trivial }

  /// Whether the search found a plan: `false` when it stopped (time limit or interruption)
  /// before finding any exchange, so that the empty plan is only a placeholder. An empty
  /// plan proven optimal (a pool with no cycle or chain) counts as found.
  public var planFound: Bool { !exchanges.isEmpty || status == .optimal }

  /// Transplants to pair patients.
  public var transplants: Int { exchanges.reduce(0) { $0 + $1.transplants } }
  /// Number of cycles of each length (index = length).
  public var cycleCounts: [Int] {
    var counts: [Int] = []
    for e in exchanges where e.isCycle {
      while counts.count <= e.pairs.count { counts.append(0) }
      counts[e.pairs.count] += 1
    }
    return counts
  }
  /// Number of chains.
  public var chainCount: Int { exchanges.filter { !$0.isCycle }.count }
}
