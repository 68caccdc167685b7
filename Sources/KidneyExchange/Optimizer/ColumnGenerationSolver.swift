import MatchingCore
import GLPKSolver

/// One variable of the master problem.
struct Column {
  enum Kind: Hashable {
    case cycle
    /// A whole chain (used when the objective is not arc-separable).
    case chain(altruist: Int32)
    /// Chain arc donor -> recipient at `position` (1-based); donor is a donor vertex
    /// (pairs `0..<n`, altruist *a* at `n + a`).
    case arc(donor: Int32, recipient: Int32, position: Int32)
  }
  var kind: Kind
  /// Pairs of a cycle or chain in donation order (empty for arcs).
  var pairs: [Int32]
  /// Value of each criterion of the objective.
  var values: [Double]
}

private struct ColumnKey: Hashable {
  var kind: Column.Kind
  var pairs: [Int32]
}

/// Solves the master problem by column generation and branch and bound; see
/// ``KidneyExchangeOptimizer``.
final class ColumnGenerationSolver {
  let pool: KidneyPool
  let graph: ExchangeGraph
  let criteria: [KidneyCriterion]
  let maxCycle: Int
  let maxChain: Int
  /// Chains as path columns rather than position-indexed arcs (always with expected
  /// transplants).
  let chainPaths: Bool
  let progress: (@Sendable (KidneyProgress) -> Void)?
  let shouldStop: (@Sendable () -> Bool)?
  /// Set once `shouldStop` answered yes; sticky.
  var interrupted = false
  let clock = ContinuousClock()
  let started: ContinuousClock.Instant
  let deadline: ContinuousClock.Instant?

  let lp = LinearProgram(direction: .maximize)
  var columns: [Column] = []
  private var keys: Set<ColumnKey> = []
  /// Rows holding earlier levels at their values, and those values (the rows' lower bounds).
  var levelRows: [Int] = []
  var levelTargets: [Double] = []
  var statistics = KidneyPlan.Statistics()
  /// Reduced-cost tolerance: a column "prices out" when its reduced cost exceeds this.
  let epsilon = 1e-7

  /// Columns deleted from the master by ``purgeColumns(margin:)`` so far.
  var columnsDropped = 0
  /// When the root drops columns: every `dropEvery` rounds once the master holds more than
  /// `dropAbovePerRow` columns per row, those below `-dropMargin` (tests lower the first two).
  var dropEvery = 5
  var dropAbovePerRow = 3
  var dropMargin = 0.25

  /// While diving: the pairs that receive in a column fixed at 1 (empty otherwise).
  var divingBlocked: [Bool] = []

  /// Greedy rounding of the dive's last LP solution when time ran out during the dive.
  var diveFallback: [Double]? = nil

  let n: Int
  let a: Int
  /// Threads for pricing (``readThreadCount()``).
  let pricingWorkers = readThreadCount()
  var flowBase: Int { n + a }

  init(
    pool: KidneyPool, maxCycle: Int, maxChain: Int, criteria: [KidneyCriterion], chainPaths: Bool, timeLimit: Double?,
    progress: (@Sendable (KidneyProgress) -> Void)?, shouldStop: (@Sendable () -> Bool)?
  ) {
    let now = clock.now
    started = now
    // Beyond 10^9 s (31 years) a limit is no limit; below, the nanoseconds fit in Int64.
    deadline = timeLimit.flatMap { t in t <= 1e9 ? now + .nanoseconds(Int64((t * 1e9).rounded(.up))) : nil }
    self.shouldStop = shouldStop
    self.pool = pool
    self.maxCycle = maxCycle
    self.maxChain = maxChain
    self.criteria = criteria
    self.progress = progress
    self.chainPaths = chainPaths
    graph = ExchangeGraph(pool: pool, maxCycle: maxCycle, maxChain: maxChain)
    n = pool.pairCount
    a = pool.altruistCount
    statistics.pairsInCycleComponents = graph.pairsInCycleComponents
    // Rows: pairs (receive at most once), altruists (give at most once), chain flow.
    lp.addRows(n, bound: .upper(1))
    lp.addRows(a, bound: .upper(1))
    if !chainPaths && maxChain >= 2 { lp.addRows(n * (maxChain - 1), bound: .upper(0)) }
    // Start from a greedy packing of short cycles rather than the empty plan.
    var taken = [Bool](repeating: false, count: n)
    for c in graph.greedyShortCycles() {
      add(makeColumn(.cycle, pairs: c), level: 0)
      for p in c { taken[Int(p)] = true }
    }
    // And, with chains as paths, a greedy chain from each altruist through the pairs left.
    if chainPaths {
      for c in graph.greedyChains(taken: taken) { add(makeColumn(.chain(altruist: Int32(c.altruist)), pairs: c.pairs), level: 0) }
    }
  }

  var elapsed: Double {
    let d = clock.now - started
    return DurationText.seconds(d)
  }

  var remaining: Double? {
    guard let deadline else { return nil }
    let d = deadline - clock.now
    return DurationText.seconds(d)
  }

  var timeIsUp: Bool { (remaining ?? 1) <= 0 }

  /// Whether to stop now: the time limit passed or the caller asked (polling `shouldStop`).
  var mustStop: Bool {
    if interrupted { return true }
    if let shouldStop, shouldStop() {
      interrupted = true
      return true
    }
    return timeIsUp
  }

  func flowRow(_ pair: Int, _ position: Int) -> Int { flowBase + pair * (maxChain - 1) + position - 1 }

  /// Whether criterion `c` takes integer values on every column.
  func isIntegral(_ c: KidneyCriterion) -> Bool {
    switch c {
    case .transplants, .twoWayExchanges, .backArcs: true
    case .weight: pool.hasIntegerWeights
    case .expectedTransplants: false
    }
  }

  /// A bound that needs no LP: each pair receives at most once, so for transplants the pairs
  /// with an in-arc, for weight the sum of each pair's heaviest in-arc, and so on.
  func trivialBound(_ c: KidneyCriterion) -> Double {
    var best = [Double](repeating: -1, count: n)
    for e in 0..<graph.target.count {
      let r = Int(graph.target[e])
      best[r] = max(best[r], graph.weight[e])
    }
    let receivers = best.filter { $0 >= 0 }
    switch c {
    case .transplants, .expectedTransplants: return Double(receivers.count)
    case .weight: return receivers.reduce(0, +)
    case .twoWayExchanges: return Double(receivers.count / 2)
    case .backArcs: return Double(receivers.count)
    }
  }

  // MARK: Columns

  func exchange(of column: Column) -> KidneyPlan.Exchange {
    switch column.kind {
    case .cycle: KidneyPlan.Exchange(kind: .cycle, pairs: column.pairs.map(Int.init))
    case .chain(let alt): KidneyPlan.Exchange(kind: .chain(altruist: Int(alt)), pairs: column.pairs.map(Int.init))
    case .arc: preconditionFailure("an arc is not an exchange")
    }
  }

  func makeColumn(_ kind: Column.Kind, pairs: [Int32]) -> Column {
    var values: [Double]
    switch kind {
    case .cycle, .chain:
      let e = kind == .cycle
        ? KidneyPlan.Exchange(kind: .cycle, pairs: pairs.map(Int.init))
        : { if case .chain(let alt) = kind { return KidneyPlan.Exchange(kind: .chain(altruist: Int(alt)), pairs: pairs.map(Int.init)) }; fatalError() }()
      values = criteria.map { pool.value(of: $0, for: e) }
    case .arc(let d, let r, _):
      let e = graph.arcIndex(Int(d), Int(r))!
      values = criteria.map {
        switch $0 {
        case .transplants: 1
        case .weight: graph.weight[e]
        case .twoWayExchanges, .backArcs: 0
        case .expectedTransplants: preconditionFailure("expected transplants use chain paths")
        }
      }
    }
    return Column(kind: kind, pairs: pairs, values: values)
  }

  /// Deletes the columns that are nonbasic at zero with reduced cost below `-margin`, to keep
  /// the master LP small (GLPK's pricing scans every column at every pivot); pricing brings
  /// any of them back that the LP needs again. Only while nothing outside the LP holds column
  /// indices (the first level's root column generation). Returns how many were deleted.
  @discardableResult
  func purgeColumns(margin: Double) -> Int {
    var doomed: [Int] = []
    for j in columns.indices
    where lp.value(ofColumn: j) < 1e-9 && lp.reducedCost(ofColumn: j) < -margin && !lp.isBasic(column: j) {
      doomed.append(j)
    }
    guard !doomed.isEmpty else { return 0 }
    lp.deleteColumns(doomed)
    columnsDropped += doomed.count
    var keep = [Bool](repeating: true, count: columns.count)
    for j in doomed {
      keep[j] = false
      keys.remove(ColumnKey(kind: columns[j].kind, pairs: columns[j].pairs))
    }
    columns = columns.indices.filter { keep[$0] }.map { columns[$0] }
    return doomed.count
  }

  /// Adds `column` to the master problem unless it is there; returns whether it was added.
  @discardableResult
  func add(_ column: Column, level: Int) -> Bool {
    guard keys.insert(ColumnKey(kind: column.kind, pairs: column.pairs)).inserted else { return false }
    var rows: [Int32] = []
    var values: [Double] = []
    switch column.kind {
    case .cycle:
      for p in column.pairs { rows.append(p); values.append(1) }
      statistics.cyclesGenerated += 1
    case .chain(let alt):
      rows.append(Int32(n) + alt); values.append(1)
      for p in column.pairs { rows.append(p); values.append(1) }
      statistics.chainColumnsGenerated += 1
    case .arc(let d, let r, let k):
      rows.append(r); values.append(1)
      if Int(d) >= n {
        rows.append(d); values.append(1)  // the altruist's row is n + a = d
      } else {
        rows.append(Int32(flowRow(Int(d), Int(k) - 1))); values.append(1)
      }
      if Int(k) < maxChain {
        rows.append(Int32(flowRow(Int(r), Int(k)))); values.append(-1)
      }
      statistics.chainColumnsGenerated += 1
    }
    for (m, row) in levelRows.enumerated() where column.values[m] != 0 {
      rows.append(Int32(row)); values.append(column.values[m])
    }
    lp.addColumn(objective: column.values[level], bound: .lower(0), integer: true, rows: rows, values: values)
    columns.append(column)
    return true
  }
}
