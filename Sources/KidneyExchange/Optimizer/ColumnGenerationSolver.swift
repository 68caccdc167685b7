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
  /// Chains as path columns (expected transplants) rather than position-indexed arcs.
  let chainPaths: Bool
  let progress: (@Sendable (KidneyProgress) -> Void)?
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

  let n: Int
  let a: Int
  var flowBase: Int { n + a }

  init(
    pool: KidneyPool, maxCycle: Int, maxChain: Int, criteria: [KidneyCriterion], timeLimit: Double?,
    progress: (@Sendable (KidneyProgress) -> Void)?
  ) {
    let now = clock.now
    started = now
    deadline = timeLimit.map { now + .milliseconds(Int64(($0 * 1000).rounded())) }
    self.pool = pool
    self.maxCycle = maxCycle
    self.maxChain = maxChain
    self.criteria = criteria
    self.progress = progress
    chainPaths = criteria.contains(.expectedTransplants)
    graph = ExchangeGraph(pool: pool, maxCycle: maxCycle, maxChain: maxChain)
    n = pool.pairCount
    a = pool.altruistCount
    statistics.pairsInCycleComponents = graph.pairsInCycleComponents
    // Rows: pairs (receive at most once), altruists (give at most once), chain flow.
    lp.addRows(n, bound: .upper(1))
    lp.addRows(a, bound: .upper(1))
    if !chainPaths && maxChain >= 2 { lp.addRows(n * (maxChain - 1), bound: .upper(0)) }
  }

  var elapsed: Double {
    let d = clock.now - started
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  var remaining: Double? {
    guard let deadline else { return nil }
    let d = deadline - clock.now
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  var timeIsUp: Bool { (remaining ?? 1) <= 0 }

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

  // MARK: Duals and pricing

  struct Duals {
    var pair: [Double]
    var altruist: [Double]
    var flow: [Double]
    /// Nonnegative weights of the criteria in pricing: 1 for the current level, minus the
    /// dual of each earlier level's row (which is <= 0).
    var coefficients: [Double]
    /// The dual objective: a valid bound when no column has positive reduced cost.
    var value: Double
  }

  func duals(level: Int) -> Duals {
    let y = lp.rowDuals()
    let pair = (0..<n).map { max(0, y[$0]) }
    let alt = (0..<a).map { max(0, y[n + $0]) }
    let flowCount = (!chainPaths && maxChain >= 2) ? n * (maxChain - 1) : 0
    let flow = (0..<flowCount).map { max(0, y[flowBase + $0]) }
    var coefficients = [Double](repeating: 0, count: criteria.count)
    coefficients[level] = 1
    var value = pair.reduce(0, +) + alt.reduce(0, +)
    for (m, row) in levelRows.enumerated() {
      let ym = min(0, y[row])
      coefficients[m] = -ym
      value += ym * levelTargets[m]
    }
    return Duals(pair: pair, altruist: alt, flow: flow, coefficients: coefficients, value: value)
  }

  struct Candidate {
    var rc: Double
    var kind: Column.Kind
    var pairs: [Int32]
  }

  /// Prices every column against `duals`, calling `take` for each with reduced cost above
  /// `threshold`, and returns the largest reduced cost seen (at least `threshold`).
  func price(_ duals: Duals, threshold: Double, perStart: Int?, take: (Candidate) -> Void) -> Double {
    let w = PricingWeights(criteria: criteria, coefficients: duals.coefficients)
    var best = threshold
    // Cycles, keeping the best `perStart` for each smallest pair when asked.
    var bucket: [Candidate] = []
    var bucketStart: Int32 = -1
    let cycleBest = graph.forEachCycle(duals: duals.pair, weights: w, threshold: threshold) { path, _, rc in
      guard let limit = perStart else {
        take(Candidate(rc: rc, kind: .cycle, pairs: Array(path)))
        return
      }
      if path[0] != bucketStart {
        for c in bucket { take(c) }
        bucket.removeAll(keepingCapacity: true)
        bucketStart = path[0]
      }
      if bucket.count < limit {
        bucket.append(Candidate(rc: rc, kind: .cycle, pairs: Array(path)))
      } else {
        var worst = 0
        for i in 1..<bucket.count where bucket[i].rc < bucket[worst].rc { worst = i }
        if rc > bucket[worst].rc { bucket[worst] = Candidate(rc: rc, kind: .cycle, pairs: Array(path)) }
      }
    }
    for c in bucket { take(c) }
    best = max(best, cycleBest)
    guard maxChain >= 1 && a > 0 else { return best }
    if chainPaths {
      let chainBest = graph.forEachChain(pairDuals: duals.pair, altruistDuals: duals.altruist, weights: w, threshold: threshold) {
        alt, path, _, rc in
        take(Candidate(rc: rc, kind: .chain(altruist: Int32(alt)), pairs: Array(path)))
      }
      best = max(best, chainBest)
    } else {
      // Position-indexed arcs: reduced cost = value - dual(recipient) - dual(donor's row at
      // the previous position, or the altruist) + dual(recipient's flow row at this position).
      let L = maxChain
      let st = graph.start, tg = graph.target, wt = graph.weight
      for donor in 0..<(n + a) {
        let positions: ClosedRange<Int>
        if donor >= n {
          positions = 1...1
        } else {
          let e = graph.earliestPosition[donor]
          guard e < L else { continue }
          positions = (e + 1)...L
        }
        for arc in st[donor]..<st[donor + 1] {
          let r = Int(tg[arc])
          let value = w.transplants + w.weight * wt[arc]
          for k in positions {
            var rc = value - duals.pair[r]
            rc -= donor >= n ? duals.altruist[donor - n] : duals.flow[donor * (L - 1) + k - 2]
            if k < L { rc += duals.flow[r * (L - 1) + k - 1] }
            if rc > threshold {
              if rc > best { best = rc }
              take(Candidate(rc: rc, kind: .arc(donor: Int32(donor), recipient: Int32(r), position: Int32(k)), pairs: []))
            }
          }
        }
      }
    }
    return best
  }

  // MARK: Column generation

  struct LevelLP {
    var value: Double
    /// Proven upper bound on the level's LP optimum (hence on any plan).
    var bound: Double
    var duals: Duals
    var converged: Bool
  }

  /// Column generation for `level`: returns the LP value and a proven bound.
  ///
  /// When `diving`, columns may be fixed at 1, so the bound is meaningless and an infeasible
  /// LP is reported as `value = -infinity` instead of an error.
  func generateColumns(level: Int, diving: Bool = false) throws -> LevelLP {
    var round = 0
    var bestBound = Double.infinity
    let kappa = Double(max(1, n))  // sum of columns in any LP-feasible solution <= pairs
    let maxCyclesPerRound = max(200, n)
    let maxChainsPerRound = max(50, n / 4)
    var lastDuals: Duals? = nil
    var lastValue = 0.0
    while true {
      if timeIsUp {
        return LevelLP(value: lastValue, bound: bestBound, duals: lastDuals ?? duals(level: level), converged: false)
      }
      var options = LinearProgram.SimplexOptions()
      options.timeLimit = remaining.map { max(0.001, $0) }
      let code = lp.simplex(options)
      round += 1
      statistics.pricingRounds += 1
      if code == .timeLimit {
        return LevelLP(value: lastValue, bound: bestBound, duals: lastDuals ?? duals(level: level), converged: false)
      }
      guard code == .ok, lp.status == .optimal else {
        if diving {
          return LevelLP(value: -.infinity, bound: .infinity, duals: lastDuals ?? duals(level: level), converged: false)
        }
        throw GLPKError(routine: "glp_simplex", code: code == .ok ? .solverFailed : code)
      }
      let value = lp.objectiveValue
      let d = duals(level: level)
      var candidates: [Candidate] = []
      let maxRC = price(d, threshold: epsilon, perStart: 3) { candidates.append($0) }
      // Farley's bound: z_LP <= dual value + (sum of columns) * max reduced cost.
      bestBound = min(bestBound, d.value + kappa * max(0, maxRC))
      lastDuals = d
      lastValue = value
      candidates.sort { $0.rc > $1.rc }
      var used = [UInt8](repeating: 0, count: n)
      var added = 0
      var addedCycles = 0
      var addedChains = 0
      for c in candidates {
        if c.kind == .cycle {
          if addedCycles >= maxCyclesPerRound { continue }
          if c.pairs.contains(where: { used[Int($0)] >= 2 }) { continue }
          for p in c.pairs { used[Int(p)] += 1 }
          if add(makeColumn(c.kind, pairs: c.pairs), level: level) { added += 1; addedCycles += 1 }
        } else {
          if addedChains >= maxChainsPerRound { continue }
          if add(makeColumn(c.kind, pairs: c.pairs), level: level) { added += 1; addedChains += 1 }
        }
      }
      progress?(KidneyProgress(
        level: level, criterion: criteria[level], phase: .pricing, round: round, columns: columns.count,
        lpValue: value, bound: bestBound, incumbent: nil, seconds: elapsed))
      if added == 0 {
        // Converged: every column prices out (up to epsilon).
        return LevelLP(value: value, bound: min(bestBound, d.value + kappa * epsilon), duals: d, converged: true)
      }
    }
  }

  // MARK: Integer solutions

  /// A plan built greedily from the LP values (cycles and chains by decreasing value).
  func greedySolution() -> [Double] {
    var x = [Double](repeating: 0, count: columns.count)
    var order = Array(columns.indices).filter { lp.value(ofColumn: $0) > 1e-6 }
    order.sort { (lp.value(ofColumn: $0), -$0) > (lp.value(ofColumn: $1), -$1) }
    var receives = [Bool](repeating: false, count: n)
    var altUsed = [Bool](repeating: false, count: a)
    // Chain ends: for a pair that received at position k and has not given, k.
    var endPosition = [Int](repeating: 0, count: n)
    for j in order {
      let c = columns[j]
      switch c.kind {
      case .cycle:
        if c.pairs.contains(where: { receives[Int($0)] }) { continue }
        for p in c.pairs { receives[Int(p)] = true }
        x[j] = 1
      case .chain(let alt):
        if altUsed[Int(alt)] || c.pairs.contains(where: { receives[Int($0)] }) { continue }
        altUsed[Int(alt)] = true
        for p in c.pairs { receives[Int(p)] = true }
        x[j] = 1
      case .arc: continue
      }
    }
    if !chainPaths {
      // Grow chains position by position along the arcs with the largest LP values.
      for k in 1...max(1, maxChain) where maxChain >= 1 {
        for j in order {
          guard case .arc(let d, let r, let pos) = columns[j].kind, Int(pos) == k else { continue }
          let donor = Int(d), rec = Int(r)
          if receives[rec] { continue }
          if donor >= n {
            if altUsed[donor - n] { continue }
            altUsed[donor - n] = true
          } else {
            if endPosition[donor] != k - 1 || k == 1 { continue }
            endPosition[donor] = -1
          }
          receives[rec] = true
          endPosition[rec] = k
          x[j] = 1
        }
      }
    }
    return x
  }

  /// The value of every criterion for a column vector.
  func criterionValues(_ x: [Double]) -> [Double] {
    var v = [Double](repeating: 0, count: criteria.count)
    for (j, c) in columns.enumerated() where x[j] > 0.5 {
      for m in 0..<criteria.count { v[m] += c.values[m] }
    }
    return v
  }

  func satisfiesLevels(_ x: [Double]) -> Bool {
    let v = criterionValues(x)
    for m in levelTargets.indices where v[m] < levelTargets[m] - 1e-9 * max(1, abs(levelTargets[m])) { return false }
    return true
  }

  struct IntegerResult {
    var x: [Double]
    var value: Double
    /// GLPK proved the restricted problem optimal.
    var restrictedOptimal: Bool
    var timedOut: Bool
  }

  /// Branch and bound over the current columns, stopping as soon as `target` is reached.
  func branchAndBound(level: Int, target: Double, starts: [[Double]], round: Int, bound: Double) -> IntegerResult? {
    let startsPadded = starts.map { $0 + [Double](repeating: 0, count: columns.count - $0.count) }
      .filter { satisfiesLevels($0) }
    var offered = false
    var options = LinearProgram.IntegerOptions()
    options.timeLimit = remaining.map { max(0.001, $0) }
    let progress = self.progress
    let criterion = criteria[level]
    let columnCount = columns.count
    let started = self.started
    let clock = self.clock
    var lastReport = clock.now
    options.callback = { tree in
      switch tree.reason {
      case .heuristic:
        if !offered {
          offered = true
          for s in startsPadded { tree.offer(s) }
        }
      case .betterSolution:
        if let v = tree.incumbentValue, v >= target - 1e-9 * max(1, abs(target)) { tree.terminate() }
      case .selection:
        if let progress, clock.now - lastReport > .milliseconds(500) {
          lastReport = clock.now
          let d = clock.now - started
          progress(KidneyProgress(
            level: level, criterion: criterion, phase: .branching, round: round, columns: columnCount,
            lpValue: bound, bound: min(bound, tree.bestBound ?? bound), incumbent: tree.incumbentValue,
            seconds: Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18))
        }
      default: break
      }
    }
    let t0 = clock.now
    let code = lp.branchAndCut(options)
    let d = clock.now - t0
    statistics.ipSeconds += Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    let status = lp.integerStatus
    guard status == .optimal || status == .feasible else { return nil }
    let x = (0..<columns.count).map { lp.integerValue(ofColumn: $0).rounded() }
    return IntegerResult(
      x: x, value: criterionValues(x)[level], restrictedOptimal: code == .ok && status == .optimal,
      timedOut: code == .timeLimit)
  }

  /// Price-and-dive: fixes the columns with the largest LP values at 1, re-running column
  /// generation after each step, as long as the LP value stays at `target` or above; undoes a
  /// step (and forbids its column) when it does not. Returns a 0/1 plan worth at least
  /// `target`, or nil. The LP relaxation is tight on the pools this is meant for, so the dive
  /// usually ends at the bound and proves optimality without branching.
  func dive(level: Int, target: Double) throws -> [Double]? {
    var fixedSteps: [[Int]] = []
    var touched: [Int] = []
    var backtracks = 0
    defer {
      for j in touched { lp.setColumnBound(j, .lower(0)) }
    }
    while !timeIsUp {
      let r = try generateColumns(level: level, diving: true)
      if !(r.value >= target - 1e-6 * max(1, abs(target))) {
        guard let last = fixedSteps.popLast(), backtracks < 25 else { return nil }
        backtracks += 1
        for j in last { lp.setColumnBound(j, .lower(0)) }
        // Forbid the step's main column.
        lp.setColumnBound(last[0], .fixed(0))
        continue
      }
      var x = [Double](repeating: 0, count: columns.count)
      var fractional: [(value: Double, column: Int)] = []
      for j in columns.indices {
        let v = lp.value(ofColumn: j)
        x[j] = v
        if v > 1e-6 && v < 1 - 1e-6 { fractional.append((v, j)) }
      }
      if fractional.isEmpty {
        let plan = x.map { $0.rounded() }
        return satisfiesLevels(plan) ? plan : nil
      }
      fractional.sort { ($0.value, -$0.column) > ($1.value, -$1.column) }
      var step = [fractional[0].column]
      for f in fractional.dropFirst() where f.value >= 0.9 { step.append(f.column) }
      for j in step { lp.setColumnBound(j, .lower(1)) }
      touched += step
      fixedSteps.append(step)
      progress?(KidneyProgress(
        level: level, criterion: criteria[level], phase: .diving, round: fixedSteps.count, columns: columns.count,
        lpValue: r.value, bound: target, incumbent: nil, seconds: elapsed))
    }
    // Out of time: round the dive's last LP solution (with its fixings) instead.
    diveFallback = greedySolution()
    return nil
  }

  /// Greedy rounding of the dive's last LP solution when time ran out during the dive.
  var diveFallback: [Double]? = nil

  // MARK: Levels

  func solve() throws -> KidneyPlan {
    var levels: [KidneyPlan.Level] = []
    var incumbent: [Double]? = nil
    var note: String? = nil
    var stoppedByTime = false
    var proven = true
    for level in criteria.indices {
      // Objective of this level.
      for j in columns.indices { lp.setObjective(j, columns[j].values[level]) }
      let t0 = clock.now
      let relaxation = try generateColumns(level: level)
      let dt = clock.now - t0
      statistics.lpSeconds += Double(dt.components.seconds) + Double(dt.components.attoseconds) * 1e-18
      let integral = isIntegral(criteria[level])
      let lpBound = min(relaxation.bound, trivialBound(criteria[level]))
      let bound = integral ? (lpBound + 1e-6).rounded(.down) : lpBound
      let tolerance = integral ? 0.5 : 1e-6 * max(1, abs(bound))
      var best: IntegerResult? = nil
      var levelProven = false
      var levelBound = bound
      if relaxation.converged || relaxation.bound.isFinite {
        var starts: [[Double]] = []
        if relaxation.converged { starts.append(greedySolution()) }
        if let x = incumbent { starts.append(x) }
        if relaxation.converged && !timeIsUp {
          // Greedy rounding, then the dive; branch and bound only when they fall short.
          let padded = starts.map { $0 + [Double](repeating: 0, count: columns.count - $0.count) }.filter { satisfiesLevels($0) }
          let greedyBest = padded.map { criterionValues($0)[level] }.max() ?? -.infinity
          diveFallback = nil
          if greedyBest < bound - tolerance, let x = try dive(level: level, target: bound) {
            starts.append(x)
          }
          if let x = diveFallback { starts.append(x) }
          let candidates = starts.map { $0 + [Double](repeating: 0, count: columns.count - $0.count) }.filter { satisfiesLevels($0) }
          let top = candidates.max(by: { criterionValues($0)[level] < criterionValues($1)[level] }).map {
            IntegerResult(x: $0, value: criterionValues($0)[level], restrictedOptimal: false, timedOut: timeIsUp)
          }
          if let top, top.value >= bound - tolerance {
            best = top
          } else if !timeIsUp {
            // The dive moved the basis: re-solve the root LP before branching.
            var options = LinearProgram.SimplexOptions()
            options.timeLimit = remaining.map { max(0.001, $0) }
            _ = lp.simplex(options)
            best = timeIsUp ? nil : branchAndBound(level: level, target: bound, starts: candidates, round: 0, bound: bound)
            if let top, best.map({ $0.value < top.value }) ?? true {
              best = IntegerResult(x: top.x, value: top.value, restrictedOptimal: false, timedOut: true)
            }
          } else {
            best = top
          }
        } else {
          // Out of time before the LP converged: the best of greedy rounding of the current
          // (feasible) LP solution and the earlier level's plan.
          let candidates = (starts + [greedySolution()])
            .map { $0 + [Double](repeating: 0, count: columns.count - $0.count) }.filter { satisfiesLevels($0) }
          best = candidates.max(by: { criterionValues($0)[level] < criterionValues($1)[level] }).map { x in
            IntegerResult(x: x, value: criterionValues(x)[level], restrictedOptimal: false, timedOut: true)
          }
        }
        if let b = best, b.value >= bound - tolerance {
          levelProven = true
          levelBound = b.value
        } else if let b = best, b.restrictedOptimal, !timeIsUp {
          // Reduced-cost fixing: a plan better than b uses only columns with reduced cost at
          // least (b + step) - dual value - n * epsilon.
          let step = integral ? 1.0 : tolerance
          let threshold = b.value + step - relaxation.duals.value - Double(n) * epsilon - 1e-9
          var added = 0
          var overflow = false
          let cap = 3_000_000
          _ = price(relaxation.duals, threshold: threshold, perStart: nil) { c in
            if overflow { return }
            if self.add(self.makeColumn(c.kind, pairs: c.pairs), level: level) { added += 1 }
            if added > cap { overflow = true }
          }
          statistics.fixingColumns += added
          progress?(KidneyProgress(
            level: level, criterion: criteria[level], phase: .fixing, round: 0, columns: columns.count,
            lpValue: relaxation.value, bound: bound, incumbent: b.value, seconds: elapsed))
          if overflow {
            note = "reduced-cost fixing would need more than \(cap) columns"
          } else if added == 0 {
            levelProven = true
            levelBound = b.value
          } else {
            var options = LinearProgram.SimplexOptions()
            options.timeLimit = remaining.map { max(0.001, $0) }
            let code = lp.simplex(options)
            if code == .ok && lp.status == .optimal && !timeIsUp,
              let again = branchAndBound(level: level, target: bound, starts: [b.x], round: 1, bound: bound)
            {
              best = again.value >= b.value ? again : b
              if again.restrictedOptimal || again.value >= bound - tolerance {
                levelProven = true
                levelBound = max(again.value, b.value)
              }
            }
          }
        }
      }
      guard let result = best else {
        // No integer plan at all (only when time ran out before the first LP): empty plan.
        levels.append(KidneyPlan.Level(criterion: criteria[level], value: 0, bound: bound, lpBound: lpBound, proven: false))
        stoppedByTime = true
        proven = false
        break
      }
      incumbent = result.x
      if !levelProven {
        proven = false
        if timeIsUp || result.timedOut || !relaxation.converged { stoppedByTime = true }
      }
      levels.append(KidneyPlan.Level(
        criterion: criteria[level], value: result.value, bound: levelProven ? result.value : levelBound,
        lpBound: lpBound, proven: levelProven))
      if level + 1 < criteria.count {
        if timeIsUp { stoppedByTime = true; proven = false; break }
        // Hold this level at its value.
        let target = integral ? result.value.rounded() : result.value - 1e-7 * max(1, abs(result.value))
        var cols: [Int32] = []
        var vals: [Double] = []
        for (j, c) in columns.enumerated() where c.values[level] != 0 {
          cols.append(Int32(j)); vals.append(c.values[level])
        }
        levelRows.append(lp.addRow(bound: .lower(target), columns: cols, values: vals))
        levelTargets.append(target)
      }
    }
    let x = incumbent ?? []
    let exchanges = extract(x)
    let seconds = elapsed
    let first = levels[0]
    let gap = max(0, first.bound - first.value) / max(1, abs(first.bound))
    let status: KidneyPlan.Status = proven
      ? .optimal : (stoppedByTime ? .timeLimit(gap: gap) : .feasible(gap: gap))
    if proven && levels.count < criteria.count { note = "stopped before every level was solved" }
    return KidneyPlan(
      exchanges: exchanges, status: status, objective: first.value, bound: first.bound, levels: levels,
      statistics: statistics, seconds: seconds, note: note)
  }

  /// The exchanges of a 0/1 column vector, cycles first (by smallest pair), then chains (by
  /// altruist).
  func extract(_ x: [Double]) -> [KidneyPlan.Exchange] {
    var cycles: [KidneyPlan.Exchange] = []
    var chains: [KidneyPlan.Exchange] = []
    var next: [Int: Int] = [:]  // (donor vertex * (L + 1) + position) -> recipient
    let L = maxChain
    for (j, c) in columns.enumerated() where j < x.count && x[j] > 0.5 {
      switch c.kind {
      case .cycle: cycles.append(exchange(of: c))
      case .chain: chains.append(exchange(of: c))
      case .arc(let d, let r, let k): next[Int(d) * (L + 1) + Int(k)] = Int(r)
      }
    }
    if !next.isEmpty {
      for alt in 0..<a {
        var pairs: [PairID] = []
        var donor = n + alt
        var k = 1
        while k <= L, let r = next[donor * (L + 1) + k] {
          pairs.append(r)
          donor = r
          k += 1
        }
        if !pairs.isEmpty { chains.append(KidneyPlan.Exchange(kind: .chain(altruist: alt), pairs: pairs)) }
      }
    }
    cycles.sort { $0.pairs.lexicographicallyPrecedes($1.pairs) }
    chains.sort {
      guard case .chain(let x) = $0.kind, case .chain(let y) = $1.kind else { return false }
      return x < y
    }
    return cycles + chains
  }
}
