/// The objective of a pricing problem: a nonnegative combination of the criteria.
///
/// A column's pricing value is `sum_m coefficient_m * criterion_m(column)`; its reduced cost
/// is that value minus the duals of the pair (and altruist) rows it uses.
struct PricingWeights {
  var transplants = 0.0
  var weight = 0.0
  var twoWay = 0.0
  var backArcs = 0.0
  var expected = 0.0

  init(criteria: [KidneyCriterion], coefficients: [Double]) {
    for (c, k) in zip(criteria, coefficients) {
      switch c {
      case .transplants: transplants += k
      case .weight: weight += k
      case .twoWayExchanges: twoWay += k
      case .backArcs: backArcs += k
      case .expectedTransplants: expected += k
      }
    }
  }

  /// Whether a cycle's value needs more than its length.
  var needsArcData: Bool { weight != 0 || twoWay != 0 || backArcs != 0 || expected != 0 }
}

extension ExchangeGraph {
  /// The index of cycle arc u -> v in the cycle arrays (binary search).
  @inline(__always)
  func cycleArcIndex(_ u: Int, _ v: Int) -> Int {
    var lo = cycleStart[u]
    var hi = cycleStart[u + 1]
    let r = Int32(v)
    while lo < hi {
      let mid = (lo + hi) / 2
      if cycleTarget[mid] < r { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// The pricing value of the cycle `path` (pairs in donation order).
  func cycleValue(_ path: UnsafeBufferPointer<Int32>, _ w: PricingWeights) -> Double {
    let k = path.count
    var value = w.transplants * Double(k)
    if !w.needsArcData { return value }
    var product = 1.0
    for i in 0..<k {
      let u = Int(path[i])
      let v = Int(path[(i + 1) % k])
      let e = cycleArcIndex(u, v)
      value += w.weight * cycleWeight[e]
      product *= cycleProbability[e]
    }
    if k == 2 { value += w.twoWay }
    if k == 3 && w.backArcs != 0 {
      var back = 0
      for i in 0..<3 where hasCycleArc(Int(path[(i + 1) % 3]), Int(path[i])) { back += 1 }
      value += w.backArcs * Double(back)
    }
    value += w.expected * Double(k) * product
    return value
  }

  /// Calls `visit(path, value, reducedCost)` for every cycle of 2...`maxCycle` pairs whose
  /// reduced cost exceeds `threshold`, each once (starting at its smallest pair), and returns
  /// the largest reduced cost seen (at least `threshold`).
  ///
  /// Partial paths are pruned when even the best completion cannot beat `threshold`; the last
  /// pair of a cycle is found by intersecting bitsets (`out(last) & in(start)`).
  ///
  /// - Complexity: O(*n* *d*^(*k*-2) *n*/64 + *C*) for *n* pairs, out-degree *d*, cap *k* and
  ///   *C* cycles visited.
  func forEachCycle(
    duals y: [Double], weights w: PricingWeights, threshold: Double,
    _ visit: (UnsafeBufferPointer<Int32>, Double, Double) -> Void
  ) -> Double {
    let K = maxCycle
    guard K >= 2 && pairCount >= 2 else { return threshold }
    var best = threshold
    let maxWeight = cycleWeight.max() ?? 0
    let maxArc = w.transplants + max(0, w.weight) * maxWeight
    let extraMax = max(0, w.twoWay) + 3 * max(0, w.backArcs) + max(0, w.expected) * Double(K)
    var path = [Int32](repeating: 0, count: K)
    let W = words
    y.withUnsafeBufferPointer { y in
      cycleStart.withUnsafeBufferPointer { cs in
        cycleTarget.withUnsafeBufferPointer { ct in
          cycleOut.withUnsafeBufferPointer { outB in
            cycleIn.withUnsafeBufferPointer { inB in
              path.withUnsafeMutableBufferPointer { path in
                // depth = index of the last vertex on the path (>= 1); dual = sum of duals on it.
                func leaf(_ length: Int, _ dual: Double) {
                  let p = UnsafeBufferPointer(rebasing: path[0..<length])
                  let value = w.needsArcData ? cycleValue(p, w) : w.transplants * Double(length)
                  let rc = value - dual
                  if rc > threshold {
                    if rc > best { best = rc }
                    visit(p, value, rc)
                  }
                }
                func extend(_ depth: Int, _ dual: Double, _ additive: Double) {
                  let s = Int(path[0])
                  let last = Int(path[depth])
                  if outB[last * W + s >> 6] & (1 << UInt64(s & 63)) != 0 { leaf(depth + 1, dual) }
                  if depth + 1 >= K { return }
                  // Prune: one or more arcs remain, each worth at most maxArc, duals only subtract.
                  if additive + Double(K - depth) * maxArc + extraMax - dual <= threshold { return }
                  if depth + 2 == K {
                    // The next vertex closes the cycle: out(last) & in(s), above s, not on the path.
                    let firstWord = s >> 6
                    for wi in firstWord..<W {
                      var bits = outB[last * W + wi] & inB[s * W + wi]
                      if wi == firstWord { bits &= ~((2 << UInt64(s & 63)) &- 1) }
                      while bits != 0 {
                        let b = bits.trailingZeroBitCount
                        bits &= bits &- 1
                        let k = wi << 6 + b
                        var onPath = false
                        for i in 1..<depth + 1 where Int(path[i]) == k { onPath = true }
                        if onPath { continue }
                        path[depth + 1] = Int32(k)
                        leaf(depth + 2, dual + y[k])
                      }
                    }
                  } else {
                    for e in cs[last]..<cs[last + 1] {
                      let k = Int(ct[e])
                      if k <= s { continue }
                      var onPath = false
                      for i in 1..<depth + 1 where Int(path[i]) == k { onPath = true }
                      if onPath { continue }
                      path[depth + 1] = Int32(k)
                      extend(depth + 1, dual + y[k], additive + w.transplants + w.weight * cycleWeight[e])
                    }
                  }
                }
                for s in 0..<pairCount {
                  path[0] = Int32(s)
                  for e in cs[s]..<cs[s + 1] {
                    let j = Int(ct[e])
                    if j <= s { continue }
                    path[1] = Int32(j)
                    extend(1, y[s] + y[j], w.transplants + w.weight * cycleWeight[e])
                  }
                }
              }
            }
          }
        }
      }
    }
    return best
  }

  /// The pricing value of the chain altruist `a` -> `path[0]` -> ... (pairs in order).
  func chainValue(altruist a: Int, _ path: UnsafeBufferPointer<Int32>, _ w: PricingWeights) -> Double {
    var donor = pairCount + a
    var value = 0.0
    var product = 1.0
    for v in path {
      let e = arcIndex(donor, Int(v))!
      product *= probability[e]
      value += w.transplants + w.weight * weight[e] + w.expected * product
      donor = Int(v)
    }
    return value
  }

  /// Calls `visit(altruist, path, value, reducedCost)` for every chain of 1...`maxChain`
  /// transplants with reduced cost above `threshold` (used when the objective is not
  /// arc-separable, i.e. expected transplants); returns the largest reduced cost seen.
  ///
  /// - Complexity: O(*a* *d*^*L*) in the worst case for *a* altruists, out-degree *d*, cap
  ///   *L*; pruned by the duals.
  func forEachChain(
    pairDuals y: [Double], altruistDuals ya: [Double], weights w: PricingWeights, threshold: Double,
    _ visit: (Int, UnsafeBufferPointer<Int32>, Double, Double) -> Void
  ) -> Double {
    let L = maxChain
    guard L >= 1 else { return threshold }
    var best = threshold
    let maxWeight = weight.max() ?? 0
    let maxArc = w.transplants + max(0, w.weight) * maxWeight
    var path = [Int32](repeating: 0, count: L)
    var onPath = [Bool](repeating: false, count: pairCount)
    path.withUnsafeMutableBufferPointer { path in
      func extend(_ a: Int, _ donor: Int, _ depth: Int, _ value: Double, _ product: Double, _ dual: Double) {
        for e in start[donor]..<start[donor + 1] {
          let v = Int(target[e])
          if onPath[v] { continue }
          let p = product * probability[e]
          let val = value + w.transplants + w.weight * weight[e] + w.expected * p
          let d = dual + y[v]
          path[depth] = Int32(v)
          let rc = val - d
          if rc > threshold {
            if rc > best { best = rc }
            visit(a, UnsafeBufferPointer(rebasing: path[0...depth]), val, rc)
          }
          if depth + 1 < L && val + Double(L - depth - 1) * (maxArc + w.expected * p) - d > threshold {
            onPath[v] = true
            extend(a, v, depth + 1, val, p, d)
            onPath[v] = false
          }
        }
      }
      for a in 0..<altruistCount {
        extend(a, pairCount + a, 0, 0, 1, ya[a])
      }
    }
    return best
  }
}
