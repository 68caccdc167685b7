import MatchingCore

// Pricing chains as whole paths when their value is a sum over their arcs (transplants,
// weight): a bound on the best continuation from every pair, computed backwards over the
// positions, guides a few paths per altruist and proves when no chain prices out.

extension ExchangeGraph {
  /// A chain with positive reduced cost: the altruist, the pairs in donation order, and the
  /// reduced cost.
  struct PricedChain {
    var altruist: Int
    var pairs: [Int32]
    var rc: Double
  }

  /// `continuation[j][v]`: an upper bound on what `j` more transplants after pair `v` can add
  /// to a chain's reduced cost, `max(0, max over arcs v -> t of gain - y[t] + continuation[j - 1][t])`
  /// with `continuation[0] = 0` (a chain may stop anywhere; paths need not be simple here, so
  /// it bounds the simple ones). `continuation[0 ..< maxChain]`.
  ///
  /// - Complexity: O(*L* · *E*) for chain cap *L* and *E* pair arcs, on `workers` threads.
  func chainContinuations(pairDuals y: [Double], weights w: PricingWeights, workers: Int) -> [[Double]] {
    let n = pairCount
    let L = maxChain
    var h = [[Double](repeating: 0, count: n)]
    guard L >= 2 else { return h }
    for _ in 1..<L {
      let previous = h[h.count - 1]
      var next = [Double](repeating: 0, count: n)
      next.withUnsafeMutableBufferPointer { next in
        concurrentlyPerform(iterations: workers) { part in
          for v in (n * part / workers)..<(n * (part + 1) / workers) {
            var best = 0.0
            for e in start[v]..<start[v + 1] {
              let t = Int(target[e])
              let gain = w.transplants + w.weight * weight[e] - y[t] + previous[t]
              if gain > best { best = gain }
            }
            next[v] = best
          }
        }
      }
      h.append(next)
    }
    return h
  }

  /// Chains of at most `maxChain` transplants with reduced cost above `threshold`, for an
  /// arc-separable pricing objective (`weights.expected == 0`).
  ///
  /// With `perAltruist`, up to that many per altruist: from each of its best first arcs (by
  /// the continuation bound), the path that follows the best bounded continuation among the
  /// pairs not yet on it, cut at its best prefix; an altruist whose bound exceeds `threshold`
  /// but whose guided paths all fall short is searched exhaustively, so that an empty answer
  /// proves that no chain prices out. Without `perAltruist`, every such chain (a
  /// depth-first search pruned by the bound). Returns the chains (by altruist, in a fixed
  /// order) and an upper bound on every chain's reduced cost (at least `threshold`).
  ///
  /// - Complexity: O(*L* · *E*) for the bounds plus, per altruist, O(*k* · *L* · *d*) for
  ///   *k* paths and out-degree *d*; the exhaustive searches are pruned by the bounds.
  func pricedChains(
    pairDuals y: [Double], altruistDuals ya: [Double], weights w: PricingWeights, threshold: Double,
    perAltruist: Int?, workers: Int = 1
  ) -> (chains: [PricedChain], bound: Double) {
    let n = pairCount
    let L = maxChain
    guard L >= 1 && altruistCount > 0 else { return ([], threshold) }
    let h = chainContinuations(pairDuals: y, weights: w, workers: workers)
    var found = [[PricedChain]](repeating: [], count: altruistCount)
    var bounds = [Double](repeating: threshold, count: altruistCount)
    @inline(__always) func gain(_ e: Int) -> Double { w.transplants + w.weight * weight[e] - y[Int(target[e])] }
    found.withUnsafeMutableBufferPointer { found in
      bounds.withUnsafeMutableBufferPointer { bounds in
        concurrentlyPerform(iterations: workers) { part in
          var onPath = [Bool](repeating: false, count: n)
          var path: [Int32] = []
          for a in (altruistCount * part / workers)..<(altruistCount * (part + 1) / workers) {
            let donor = n + a
            // The first arcs by bound: gain + best continuation with L - 1 more.
            var firsts: [(bound: Double, arc: Int)] = []
            for e in start[donor]..<start[donor + 1] {
              let b = gain(e) + h[L - 1][Int(target[e])] - ya[a]
              if b > threshold { firsts.append((b, e)) }
            }
            guard let top = firsts.map(\.bound).max() else { continue }
            bounds[a] = top
            var chains: [PricedChain] = []
            if let k = perAltruist {
              firsts.sort { ($0.bound, -$0.arc) > ($1.bound, -$1.arc) }
              for first in firsts.prefix(k) {
                // Follow the best bounded continuation; keep the best prefix.
                let t0 = Int(target[first.arc])
                path = [Int32(t0)]
                onPath[t0] = true
                var rc = gain(first.arc) - ya[a]
                var bestRC = rc
                var bestLength = 1
                var v = t0
                while path.count < L {
                  let left = L - path.count - 1
                  var choice = -1
                  var choiceBound = 0.0
                  for e in start[v]..<start[v + 1] {
                    let t = Int(target[e])
                    if onPath[t] { continue }
                    let b = gain(e) + h[left][t]
                    if b > choiceBound { choiceBound = b; choice = e }
                  }
                  guard choice >= 0 else { break }
                  rc += gain(choice)
                  v = Int(target[choice])
                  path.append(Int32(v))
                  onPath[v] = true
                  if rc > bestRC { bestRC = rc; bestLength = path.count }
                }
                for p in path { onPath[Int(p)] = false }
                if bestRC > threshold {
                  let pairs = Array(path.prefix(bestLength))
                  if !chains.contains(where: { $0.pairs == pairs }) { chains.append(PricedChain(altruist: a, pairs: pairs, rc: bestRC)) }
                }
              }
              if !chains.isEmpty {
                found[a] = chains
                continue
              }
            }
            // Exhaustive: every chain above the threshold (or, with perAltruist, the first).
            path = []
            var stop = false
            func extend(_ v: Int, _ rc: Double) {
              for e in start[v]..<start[v + 1] where !stop {
                let t = Int(target[e])
                if onPath[t] { continue }
                let r = rc + gain(e)
                let left = L - path.count - 1
                guard r + h[left][t] > threshold else { continue }
                path.append(Int32(t))
                if r > threshold {
                  chains.append(PricedChain(altruist: a, pairs: path, rc: r))
                  if perAltruist != nil { stop = true }
                }
                if left > 0 && !stop {
                  onPath[t] = true
                  extend(t, r)
                  onPath[t] = false
                }
                path.removeLast()
              }
            }
            extend(donor, -ya[a])
            found[a] = chains
          }
        }
      }
    }
    return (found.flatMap { $0 }, bounds.max() ?? threshold)
  }
}
