import MatchingCore

// Pricing cycles of two to four pairs by direct enumeration from the pairs with the largest
// slack, for objectives whose value is a sum over the cycle's arcs.

/// A cycle of two to four pairs found by ``ExchangeGraph/shortCycles(duals:weights:threshold:perStart:)``.
struct ShortCycle {
  var rc: Double
  /// Pairs in donation order, starting at the smallest; -1 past the cycle's length.
  var pairs: (Int32, Int32, Int32, Int32)

  var array: [Int32] {
    pairs.2 < 0 ? [pairs.0, pairs.1] : pairs.3 < 0 ? [pairs.0, pairs.1, pairs.2] : [pairs.0, pairs.1, pairs.2, pairs.3]
  }

  /// The cycle `c` (pairs in donation order) rotated to start at its smallest pair.
  static func canonical(_ c: [Int32], rc: Double) -> ShortCycle {
    let m = c.indices.min { c[$0] < c[$1] }!
    let r = (0..<c.count).map { c[(m + $0) % c.count] }
    return ShortCycle(rc: rc, pairs: (r[0], r[1], c.count > 2 ? r[2] : -1, c.count > 3 ? r[3] : -1))
  }
}

extension ExchangeGraph {
  /// Whether ``shortCycles(duals:weights:threshold:perStart:)`` prices `w`: cycles of at most
  /// four pairs and a value that is a nonnegative sum over arcs (transplants and weight).
  func pricesShortCyclesDirectly(_ w: PricingWeights) -> Bool {
    maxCycle <= 4 && w.twoWay == 0 && w.backArcs == 0 && w.expected == 0 && w.transplants >= 0 && w.weight >= 0
  }

  /// The cycles of 2...4 pairs (at most ``maxCycle``) whose reduced cost exceeds `threshold` (for each start, only
  /// the best `perStart` when given), and the largest reduced cost (at least `threshold`).
  ///
  /// Each cycle has one *start*: its pair of largest slack (the best value of an arc into the
  /// pair minus its dual), ties to the smallest pair. A cycle's reduced cost is at most the sum
  /// of its pairs' slacks, so only pairs with `3 x slack > threshold` start a search, and the
  /// other pairs of the cycle come later in the slack order; the last pair is found by
  /// intersecting bitsets (`out(second) & in(start)` for a 3-cycle, `out(third) & in(start)`
  /// for a 4-cycle, whose third pair is walked). With `perStart`, the threshold of a
  /// start rises to the worst of its kept cycles once it holds `perStart` of them, which
  /// prunes the rest; the largest reduced cost is exact either way.
  ///
  /// - Precondition: ``pricesShortCyclesDirectly(_:)``.
  /// - Complexity: O(*n* log *n* + *S* *d* *n*/64 + *C*) for *n* pairs, *S* starts with enough
  ///   slack, out-degree *d* and *C* cycles visited; O(*S* *d*² *n*/64 + *C*) with 4-cycles
  ///   (before pruning). Deterministic: the order of the result
  ///   depends only on the pool and the duals.
  ///
  /// With `budget`, each start keeps up to `max(perStart, budget / starts)` cycles (at most
  /// 64) when few pairs have enough slack to start one: late in column generation only the
  /// pairs the LP leaves uncovered do, and three cycles each left the LP climbing a few
  /// transplants per round. The starts are shared among `workers` threads; the result does
  /// not depend on their number.
  func shortCycles(
    duals y: [Double], weights w: PricingWeights, threshold: Double, perStart: Int?, budget: Int? = nil, workers: Int = 1
  )
    -> (cycles: [ShortCycle], best: Double, perStart: Int?)
  {
    precondition(pricesShortCyclesDirectly(w))
    let n = pairCount
    let K = maxCycle
    guard K >= 2 && n >= 2 else { return ([], threshold, perStart) }
    let weighted = w.weight != 0
    // Slack of each pair in a cycle component; pairs outside have no cycle arcs.
    var slack = [Double](repeating: -.infinity, count: n)
    var maxIn = [Double](repeating: 0, count: n)
    var order: [Int32] = []
    for v in 0..<n where cycleInDegree[v] > 0 && cycleStart[v + 1] > cycleStart[v] {
      maxIn[v] = w.transplants + w.weight * cycleMaxInWeight[v]
      slack[v] = maxIn[v] - y[v]
      order.append(Int32(v))
    }
    order.sort { slack[Int($0)] != slack[Int($1)] ? slack[Int($0)] > slack[Int($1)] : $0 < $1 }
    var rank = [Int32](repeating: .max, count: n)
    for (i, v) in order.enumerated() { rank[Int(v)] = Int32(i) }

    var limit = perStart ?? .max
    let span = Double(min(K, 4))
    // The starts: pairs with enough slack, in slack order.
    let starts = order.prefix { span * slack[Int($0)] > threshold }.map(Int.init)
    if let perStart, let budget {
      limit = max(perStart, min(64, budget / max(1, starts.count)))
    }
    let W = words
    func arcValue(_ u: Int, _ v: Int) -> Double {
      weighted ? w.transplants + w.weight * cycleWeight[cycleArcIndex(u, v)] : w.transplants
    }
    // Each start's cycles, searched on `workers` threads (start i on thread i mod workers:
    // the first starts, with the most slack, do the most work), joined in start order.
    let workers = max(1, min(workers, starts.count))
    var perStartFound = [[ShortCycle]](repeating: [], count: starts.count)
    var workerBest = [Double](repeating: threshold, count: workers)
    let limitPerStart = limit
    slack.withUnsafeBufferPointer { slack in
      y.withUnsafeBufferPointer { y in
        rank.withUnsafeBufferPointer { rank in
          cycleStart.withUnsafeBufferPointer { cs in
            cycleTarget.withUnsafeBufferPointer { ct in
              cycleWeight.withUnsafeBufferPointer { cw in
                cycleOut.withUnsafeBufferPointer { outB in
                  cycleIn.withUnsafeBufferPointer { inB in
                    perStartFound.withUnsafeMutableBufferPointer { perStartFound in
                      workerBest.withUnsafeMutableBufferPointer { workerBest in
                        concurrentlyPerform(iterations: workers) { part in
                          var best = threshold
                          var bucket: [ShortCycle] = []
                          for i in stride(from: part, to: starts.count, by: workers) {
                            let s = starts[i]
                            let slackS = slack[s]
                            var local = threshold
                            bucket.removeAll(keepingCapacity: true)
                            let rankS = rank[s]
                            let ys = y[s]
                            let maxInS = maxIn[s]
                            @inline(__always) func record(_ rc: Double, _ c: (Int32, Int32, Int32, Int32)) {
                              if rc > best { best = rc }
                              if bucket.count < limitPerStart {
                                bucket.append(ShortCycle(rc: rc, pairs: c))
                                if bucket.count == limitPerStart { local = bucket.map(\.rc).min()! }
                              } else {
                                var worst = 0
                                for i in 1..<bucket.count where bucket[i].rc < bucket[worst].rc { worst = i }
                                bucket[worst] = ShortCycle(rc: rc, pairs: c)
                                local = bucket.map(\.rc).min()!
                              }
                            }
                            // Every pair l closing a cycle x -> l -> s (l in out(x) & in(s), after s in
                            // the slack order, not `skip`), with its reduced cost, from `partial`, the
                            // reduced cost up to x.
                            @inline(__always) func close(_ x: Int, _ partial: Double, skip: Int, _ emit: (Int, Double) -> Void) {
                              for wi in 0..<W {
                                var bits = outB[x * W + wi] & inB[s * W + wi]
                                while bits != 0 {
                                  let l = wi << 6 + bits.trailingZeroBitCount
                                  bits &= bits &- 1
                                  if rank[l] <= rankS || l == skip { continue }
                                  if partial + slack[l] + maxInS <= local { continue }
                                  let rc = partial + arcValue(x, l) - y[l] + arcValue(l, s)
                                  if rc > local { emit(l, rc) }
                                }
                              }
                            }
                            for e1 in cs[s]..<cs[s + 1] {
                              if span * slackS <= local { break }
                              let j = Int(ct[e1])
                              if rank[j] <= rankS { continue }
                              let p = (weighted ? w.transplants + w.weight * cw[e1] : w.transplants) - ys - y[j]
                              // Close a 2-cycle: j -> s.
                              if outB[j * W + s >> 6] & (1 << UInt64(s & 63)) != 0 {
                                let rc = p + arcValue(j, s)
                                if rc > local { record(rc, s < j ? (Int32(s), Int32(j), -1, -1) : (Int32(j), Int32(s), -1, -1)) }
                              }
                              guard K >= 3 else { continue }
                              // 4-cycles s -> j -> k -> l -> s: each of k and l adds at most
                              // slack_s, the closing arc at most maxIn_s.
                              if K >= 4 && p + 2 * slackS + maxInS > local {
                                for e2 in cs[j]..<cs[j + 1] {
                                  if p + 2 * slackS + maxInS <= local { break }
                                  let k = Int(ct[e2])
                                  if rank[k] <= rankS { continue }
                                  let p2 = p + (weighted ? w.transplants + w.weight * cw[e2] : w.transplants) - y[k]
                                  if p2 + slackS + maxInS <= local { continue }
                                  close(k, p2, skip: j) { l, rc in
                                    record(rc, ShortCycle.canonical([Int32(s), Int32(j), Int32(k), Int32(l)], rc: rc).pairs)
                                  }
                                }
                              }
                              // A third pair k adds (arc into k - y_k) <= slack_k <= slack_s.
                              if p + slackS + maxInS <= local { continue }
                              close(j, p, skip: -1) { k, rc in
                                // Rotate to start at the smallest pair, keeping donation order.
                                let c: (Int32, Int32, Int32, Int32) =
                                  s < j && s < k ? (Int32(s), Int32(j), Int32(k), -1)
                                  : j < k ? (Int32(j), Int32(k), Int32(s), -1) : (Int32(k), Int32(s), Int32(j), -1)
                                record(rc, c)
                              }
                            }
                            perStartFound[i] = bucket
                          }
                          workerBest[part] = best
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    let found = perStartFound.flatMap { $0 }
    let best = workerBest.max() ?? threshold
    return (found, best, perStart == nil ? nil : limit)
  }
}
