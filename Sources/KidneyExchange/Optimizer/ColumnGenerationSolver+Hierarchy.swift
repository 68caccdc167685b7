import MatchingCore
import GLPKSolver

// The levels of a hierarchical objective, one after the other, and the plan they give.

extension ColumnGenerationSolver {
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
      statistics.lpSeconds += DurationText.seconds(dt)
      let integral = isIntegral(criteria[level])
      // The best proven bound, and what proves it: the LP optimum only when column generation
      // finished; Farley's bound from an unfinished one; else the trivial cap.
      let trivial = trivialBound(criteria[level])
      let rootBound = min(relaxation.bound, trivial)
      let boundKind: KidneyPlan.BoundKind =
        relaxation.converged ? .lpRelaxation : (relaxation.bound < trivial ? .lagrangian : .trivial)
      let lpBound: Double? = relaxation.converged ? rootBound : nil
      let bound = integral ? (rootBound + 1e-6).rounded(.down) : rootBound
      let tolerance = integral ? 0.5 : 1e-6 * max(1, abs(bound))
      var best: IntegerResult? = nil
      var levelProven = false
      var levelBound = bound
      if relaxation.converged || relaxation.bound.isFinite {
        var starts: [[Double]] = []
        if relaxation.converged { starts.append(greedySolution()) }
        if let x = incumbent { starts.append(x) }
        if relaxation.converged && !mustStop {
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
            IntegerResult(x: $0, value: criterionValues($0)[level], restrictedOptimal: false, timedOut: mustStop)
          }
          if let top, top.value >= bound - tolerance {
            best = top
          } else if !mustStop {
            // The dive moved the basis: re-solve the root LP before branching.
            var options = LinearProgram.SimplexOptions()
            options.timeLimit = remaining.map { max(0.001, $0) }
            _ = lp.simplex(options)
            best = mustStop ? nil : branchAndBound(level: level, target: bound, starts: candidates, round: 0, bound: bound)
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
        } else if let b = best, b.restrictedOptimal, !mustStop {
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
            if code == .ok && lp.status == .optimal && !mustStop,
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
        // Stopped before this level's first LP: the earlier level's plan stands (at level 0,
        // the empty plan: no plan was found).
        let value = incumbent.map { criterionValues($0 + [Double](repeating: 0, count: columns.count - $0.count))[level] } ?? 0
        levels.append(KidneyPlan.Level(
          criterion: criteria[level], value: value, bound: max(bound, value), boundKind: boundKind, lpBound: lpBound,
          proven: false))
        stoppedByTime = true
        proven = false
        break
      }
      incumbent = result.x
      if !levelProven {
        proven = false
        if mustStop || result.timedOut || !relaxation.converged { stoppedByTime = true }
      }
      levels.append(KidneyPlan.Level(
        criterion: criteria[level], value: result.value, bound: levelProven ? result.value : levelBound,
        boundKind: boundKind, lpBound: lpBound, proven: levelProven))
      if level + 1 < criteria.count {
        if mustStop { stoppedByTime = true; proven = false; break }
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
    let status: KidneyPlan.Status =
      proven ? .optimal
      : interrupted ? .interrupted(gap: gap)
      : stoppedByTime ? .timeLimit(gap: gap) : .feasible(gap: gap)
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
