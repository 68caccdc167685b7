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

  /// Whether the plan is proven optimal.
  public enum Status: Sendable, Hashable, CustomStringConvertible {
    /// The objective meets the proven bound (for every level of a hierarchical objective).
    case optimal
    /// Stopped by the time limit; `gap` is (bound - objective) / max(1, |bound|).
    case timeLimit(gap: Double)
    /// Stopped without a proof for another reason (see ``KidneyPlan/note``).
    case feasible(gap: Double)

    public var description: String {
      switch self {
      case .optimal: "optimal"
      case .timeLimit: "time_limit"
      case .feasible: "feasible"
      }
    }
    public var gap: Double {
      switch self {
      case .optimal: 0
      case .timeLimit(let g), .feasible(let g): g
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
    /// The LP-relaxation bound found by column generation.
    public var lpBound: Double
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
  public var bound: Double
  public var levels: [Level]
  public var statistics: Statistics
  /// Wall-clock seconds of the whole optimisation.
  public var seconds: Double
  /// Why the plan is not proven optimal, when it is not.
  public var note: String?

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
