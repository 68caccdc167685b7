// Integer plans from the LP: greedy rounding and price-and-dive.

extension ColumnGenerationSolver {
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

  /// Price-and-dive: fixes the column with the largest fractional LP value, and every other
  /// above one half, at 1, re-running column
  /// generation after each step, as long as the LP value stays at `target` or above; undoes a
  /// step (and forbids its column) when it does not. Returns a 0/1 plan worth at least
  /// `target`, or nil. The LP relaxation is tight on the pools this is meant for, so the dive
  /// usually ends at the bound and proves optimality without branching.
  ///
  /// Each step leaves a residual problem: the fixed columns are fixed at 1, every column
  /// through a pair they cover (or an altruist they use) at 0, and the LP restarts from the
  /// slack basis, which those fixings keep primal feasible but for chain flow and level rows
  /// (the primal simplex's first phase mends those). Re-solving from the previous optimal
  /// basis instead cost a 10,000-pair pool 36 s of degenerate pivots in one step; from the
  /// slack basis only the residual columns move.
  func dive(level: Int, target: Double) throws -> [Double]? {
    // Each step: the columns fixed at 1, and those it fixed at 0.
    var fixedSteps: [(ones: [Int], zeros: [Int])] = []
    var forbidden = Set<Int>()
    var touched = Set<Int>()
    var backtracks = 0
    defer {
      for j in touched { lp.setColumnBound(j, .lower(0)) }
    }
    defer { divingBlocked = [] }
    var isFixed = [Bool](repeating: false, count: columns.count)
    var isZeroed = [Bool](repeating: false, count: columns.count)
    divingBlocked = [Bool](repeating: false, count: n)
    var altruistUsed = [Bool](repeating: false, count: a)
    // The pairs a column receives in, and the altruist it starts from (if any).
    func receivers(_ j: Int) -> [Int32] {
      switch columns[j].kind {
      case .cycle, .chain: columns[j].pairs
      case .arc(_, let r, _): [r]
      }
    }
    func altruist(_ j: Int) -> Int? {
      switch columns[j].kind {
      case .cycle: nil
      case .chain(let alt): Int(alt)
      case .arc(let d, _, _): Int(d) >= n ? Int(d) - n : nil
      }
    }
    // Recomputes which pairs and altruists the fixed steps use.
    func markBlocked() {
      divingBlocked = [Bool](repeating: false, count: n)
      altruistUsed = [Bool](repeating: false, count: a)
      for step in fixedSteps {
        for j in step.ones {
          for p in receivers(j) { divingBlocked[Int(p)] = true }
          if let alt = altruist(j) { altruistUsed[alt] = true }
        }
      }
    }
    while !mustStop {
      // (Before the first step the basis is the root LP's optimal one.)
      if !fixedSteps.isEmpty || backtracks > 0 { lp.resetToSlackBasis() }
      let r = try generateColumns(level: level, diving: true, stopAt: target - 1e-6 * max(1, abs(target)))
      if isFixed.count < columns.count {
        isFixed += [Bool](repeating: false, count: columns.count - isFixed.count)
        isZeroed += [Bool](repeating: false, count: columns.count - isZeroed.count)
      }
      if !(r.value >= target - 1e-6 * max(1, abs(target))) {
        guard let last = fixedSteps.popLast(), backtracks < 25 else { return nil }
        backtracks += 1
        for j in last.ones { lp.setColumnBound(j, .lower(0)); isFixed[j] = false }
        for j in last.zeros where !forbidden.contains(j) { lp.setColumnBound(j, .lower(0)); isZeroed[j] = false }
        // Forbid the step's main column.
        lp.setColumnBound(last.ones[0], .fixed(0))
        forbidden.insert(last.ones[0])
        markBlocked()
        continue
      }
      var x = [Double](repeating: 0, count: columns.count)
      var fractional: [(value: Double, column: Int)] = []
      var integral: [Int] = []
      for j in columns.indices {
        let v = lp.value(ofColumn: j)
        x[j] = v
        if v > 1e-6 && v < 1 - 1e-6 { fractional.append((v, j)) }
        if v >= 1 - 1e-6 && !isFixed[j] { integral.append(j) }
      }
      if fractional.isEmpty {
        let plan = x.map { $0.rounded() }
        return satisfiesLevels(plan) ? plan : nil
      }
      fractional.sort { ($0.value, -$0.column) > ($1.value, -$1.column) }
      // Every column above one half goes in the same step: no two of them share a pair (their
      // values would add up to more than 1 in a row), and fixing them together cuts the
      // number of re-pricings from one per column to a few (measured: a 2,000-pair
      // heterogeneous pool proven in 55 rounds instead of not within 60 s at >= 0.9).
      var ones = [fractional[0].column]
      for f in fractional.dropFirst() where f.value > 0.5 { ones.append(f.column) }
      // The columns already at 1 are fixed too: the LP left to re-solve is the residual
      // problem (a 5,000-pair heterogeneous pool: 12 s instead of 45 s).
      ones += integral
      for j in ones {
        lp.setColumnBound(j, .fixed(1))
        isFixed[j] = true
        touched.insert(j)
        for p in receivers(j) { divingBlocked[Int(p)] = true }
        if let alt = altruist(j) { altruistUsed[alt] = true }
      }
      // Every other column through a covered pair or a used altruist is out.
      var zeros: [Int] = []
      for j in columns.indices where !isFixed[j] && !isZeroed[j] && !forbidden.contains(j) {
        if receivers(j).contains(where: { divingBlocked[Int($0)] }) || altruist(j).map({ altruistUsed[$0] }) == true {
          lp.setColumnBound(j, .fixed(0))
          isZeroed[j] = true
          touched.insert(j)
          zeros.append(j)
        }
      }
      fixedSteps.append((ones, zeros))
      progress?(KidneyProgress(
        level: level, criterion: criteria[level], phase: .diving, round: fixedSteps.count, columns: columns.count,
        lpValue: r.value, bound: target, incumbent: nil, seconds: elapsed))
    }
    // Out of time: round the dive's last LP solution (with its fixings) instead.
    diveFallback = greedySolution()
    return nil
  }
}
