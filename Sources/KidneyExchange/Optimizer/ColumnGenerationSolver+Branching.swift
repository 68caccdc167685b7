import MatchingCore
import GLPKSolver

// Branch and bound (GLPK) over the generated columns, and the values it compares.

extension ColumnGenerationSolver {
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
    let shouldStop = self.shouldStop
    var stopRequested = interrupted
    options.callback = { tree in
      // The caller's stop request ends the search at the next event GLPK reports.
      if !stopRequested, let shouldStop, shouldStop() { stopRequested = true }
      if stopRequested {
        tree.terminate()
        return
      }
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
            seconds: DurationText.seconds(d)))
        }
      default: break
      }
    }
    let t0 = clock.now
    let code = lp.branchAndCut(options)
    if stopRequested { interrupted = true }
    let d = clock.now - t0
    statistics.ipSeconds += DurationText.seconds(d)
    let status = lp.integerStatus
    guard status == .optimal || status == .feasible else { return nil }
    let x = (0..<columns.count).map { lp.integerValue(ofColumn: $0).rounded() }
    return IntegerResult(
      x: x, value: criterionValues(x)[level], restrictedOptimal: code == .ok && status == .optimal,
      timedOut: code == .timeLimit)
  }
}
