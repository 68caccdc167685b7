import MatchingCore
import GLPKSolver

// Column generation: the duals of the master LP, pricing every cycle and chain variable
// against them, and the pricing loop that ends with a proven LP bound.

extension ColumnGenerationSolver {

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
    price(duals, threshold: threshold, perStart: perStart, budget: nil, take: take).best
  }

  /// As ``price(_:threshold:perStart:take:)``; with `budget`, direct pricing of short cycles
  /// may keep more than `perStart` per start (returned as `perStart`).
  func price(_ duals: Duals, threshold: Double, perStart: Int?, budget: Int?, take: (Candidate) -> Void)
    -> (best: Double, perStart: Int?)
  {
    let w = PricingWeights(criteria: criteria, coefficients: duals.coefficients)
    var best = threshold
    // Cycles, keeping the best `perStart` for each smallest pair when asked.
    if graph.pricesShortCyclesDirectly(w) {
      let r = graph.shortCycles(
        duals: duals.pair, weights: w, threshold: threshold, perStart: perStart, budget: budget, workers: pricingWorkers)
      for c in r.cycles { take(Candidate(rc: c.rc, kind: .cycle, pairs: c.array)) }
      best = max(best, r.best)
      return (priceChains(duals, weights: w, threshold: threshold, best: best, perAltruist: perStart, take: take), r.perStart)
    }
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
    return (priceChains(duals, weights: w, threshold: threshold, best: best, perAltruist: perStart, take: take), perStart)
  }

  /// Prices the chain variables (paths or position-indexed arcs); returns the largest reduced
  /// cost seen, at least `best`.
  func priceChains(
    _ duals: Duals, weights w: PricingWeights, threshold: Double, best: Double, perAltruist: Int?,
    take: (Candidate) -> Void
  ) -> Double {
    var best = best
    guard maxChain >= 1 && a > 0 else { return best }
    if chainPaths && w.expected == 0 {
      let r = graph.pricedChains(
        pairDuals: duals.pair, altruistDuals: duals.altruist, weights: w, threshold: threshold,
        perAltruist: perAltruist, workers: pricingWorkers)
      for c in r.chains { take(Candidate(rc: c.rc, kind: .chain(altruist: Int32(c.altruist)), pairs: c.pairs)) }
      best = max(best, r.bound)
    } else if chainPaths {
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
  /// When `diving`, column generation also stops once the restricted LP reaches `stopAt`: the
  /// dive needs only to know that its fixings leave room for the target.
  func generateColumns(level: Int, diving: Bool = false, stopAt: Double = .infinity) throws -> LevelLP {
    var round = 0
    var bestBound = Double.infinity
    let kappa = Double(max(1, n))  // sum of columns in any LP-feasible solution <= pairs
    let maxCyclesPerRound = max(200, n)
    // Position-indexed chain arcs converge in degenerate steps (the LP value stays put while
    // the flow duals settle): large batches cut the rounds. On the 2,048-pair Saidman pool,
    // n/4 per round took about 600 rounds, 4n takes about 50.
    let maxChainsPerRound = max(50, 4 * n)
    var lastDuals: Duals? = nil
    var lastValue = 0.0
    while true {
      if mustStop {
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
      if diving && value >= stopAt {
        return LevelLP(value: value, bound: .infinity, duals: lastDuals ?? duals(level: level), converged: false)
      }
      let d = duals(level: level)
      var priced = d
      if diving && !divingBlocked.isEmpty {
        // A blocked pair's row is full: no column through it can enter, whatever its dual.
        for p in 0..<n where divingBlocked[p] { priced.pair[p] = 1e9 }
      }
      var candidates: [Candidate] = []
      let priced3 = price(priced, threshold: epsilon, perStart: 3, budget: maxCyclesPerRound) { candidates.append($0) }
      let maxRC = priced3.best
      // A pair may be in as many new cycles per round as a start keeps.
      let maxUses = UInt8(clamping: max(2, priced3.perStart ?? 2))
      // Farley's bound: z_LP <= dual value + (sum of columns) * max reduced cost.
      bestBound = min(bestBound, d.value + kappa * max(0, maxRC))
      lastDuals = d
      lastValue = value
      // Keep the master small: every 5 rounds once it has 3 columns a row, drop the columns
      // far from entering (first level's root only: nothing else holds column indices yet).
      if !diving && level == 0 && levelRows.isEmpty && round % dropEvery == 0 && columns.count > dropAbovePerRow * (n + a) {
        purgeColumns(margin: dropMargin)
      }
      candidates.sort { $0.rc > $1.rc }
      var used = [UInt8](repeating: 0, count: n)
      var added = 0
      var addedCycles = 0
      var addedChains = 0
      for c in candidates {
        if c.kind == .cycle {
          if addedCycles >= maxCyclesPerRound { continue }
          if c.pairs.contains(where: { used[Int($0)] >= maxUses }) { continue }
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
}
