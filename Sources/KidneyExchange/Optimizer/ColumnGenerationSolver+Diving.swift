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
  func dive(level: Int, target: Double) throws -> [Double]? {
    var fixedSteps: [[Int]] = []
    var touched: [Int] = []
    var backtracks = 0
    defer {
      for j in touched { lp.setColumnBound(j, .lower(0)) }
    }
    defer { divingBlocked = [] }
    var isFixed = [Bool](repeating: false, count: columns.count)
    while !mustStop {
      // Pairs that receive in a fixed column can receive in no other: pricing skips them.
      divingBlocked = [Bool](repeating: false, count: n)
      for step in fixedSteps {
        for j in step {
          switch columns[j].kind {
          case .cycle, .chain: for p in columns[j].pairs { divingBlocked[Int(p)] = true }
          case .arc(_, let r, _): divingBlocked[Int(r)] = true
          }
        }
      }
      let r = try generateColumns(level: level, diving: true, stopAt: target - 1e-6 * max(1, abs(target)))
      if !(r.value >= target - 1e-6 * max(1, abs(target))) {
        guard let last = fixedSteps.popLast(), backtracks < 25 else { return nil }
        backtracks += 1
        for j in last { lp.setColumnBound(j, .lower(0)); isFixed[j] = false }
        // Forbid the step's main column.
        lp.setColumnBound(last[0], .fixed(0))
        continue
      }
      var x = [Double](repeating: 0, count: columns.count)
      var fractional: [(value: Double, column: Int)] = []
      var integral: [Int] = []
      if isFixed.count < columns.count { isFixed += [Bool](repeating: false, count: columns.count - isFixed.count) }
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
      var step = [fractional[0].column]
      for f in fractional.dropFirst() where f.value > 0.5 { step.append(f.column) }
      // The columns already at 1 are fixed too: the LP left to re-solve is the residual
      // problem (a 5,000-pair heterogeneous pool: 12 s instead of 45 s).
      step += integral
      for j in step { lp.setColumnBound(j, .lower(1)) }
      for j in step { isFixed[j] = true }
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
}
