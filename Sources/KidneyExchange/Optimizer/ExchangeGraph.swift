import MatchingCore

/// The pool compiled for optimisation: pair-to-pair arcs restricted to strongly connected
/// components (only they can carry cycles), adjacency bitsets for closing cycles in O(*n*/64),
/// and for each pair the earliest chain position at which it can receive.
struct ExchangeGraph {
  let pairCount: Int
  let altruistCount: Int
  let maxCycle: Int
  let maxChain: Int
  /// All arcs, by donor vertex (pairs then altruists), from the pool.
  let start: [Int]
  let target: [Int32]
  let weight: [Double]
  let probability: [Double]
  /// Arcs inside a strongly connected component of at least two pairs, sorted by target.
  let cycleStart: [Int]
  let cycleTarget: [Int32]
  let cycleWeight: [Double]
  let cycleProbability: [Double]
  /// Cycle arcs into each pair, and the largest weight among them (0 when none).
  let cycleInDegree: [Int32]
  let cycleMaxInWeight: [Double]
  /// 64-bit words per bitset row.
  let words: Int
  /// `cycleOut[v * words ..< (v + 1) * words]`: the targets of v's cycle arcs.
  let cycleOut: [UInt64]
  /// `cycleIn[v * words ...]`: the sources of cycle arcs into v.
  let cycleIn: [UInt64]
  /// Strongly connected component of each pair.
  let component: [Int32]
  /// Pairs in components of size >= 2.
  let pairsInCycleComponents: Int
  /// The earliest chain position (1-based) at which each pair can receive; `Int.max` if no
  /// chain of at most `maxChain` transplants reaches it.
  let earliestPosition: [Int]

  init(pool: KidneyPool, maxCycle: Int, maxChain: Int) {
    let n = pool.pairCount
    pairCount = n
    altruistCount = pool.altruistCount
    self.maxCycle = maxCycle
    self.maxChain = maxChain
    start = pool.arcStart
    target = pool.arcRecipient
    weight = pool.arcWeight
    probability = pool.arcProbability

    // Strongly connected components on pair -> pair arcs (the altruists' rows of the CSR
    // arrays lie past the pairs and are ignored).
    let scc = StronglyConnectedComponents(vertexCount: n, start: pool.arcStart, targets: pool.arcRecipient)
    let comp = scc.component
    let st = pool.arcStart
    let tg = pool.arcRecipient
    component = comp
    let size = scc.sizes
    pairsInCycleComponents = (0..<n).filter { size[Int(comp[$0])] >= 2 }.count

    // Cycle arcs and bitsets.
    let w = (n + 63) / 64
    words = w
    var cs = [Int](repeating: 0, count: n + 1)
    var ct: [Int32] = []
    var cw: [Double] = []
    var cp: [Double] = []
    var outBits = [UInt64](repeating: 0, count: max(1, n * w))
    var inBits = [UInt64](repeating: 0, count: max(1, n * w))
    var inDegree = [Int32](repeating: 0, count: n)
    var maxInWeight = [Double](repeating: 0, count: n)
    if maxCycle >= 2 {
      for v in 0..<n {
        for k in st[v]..<st[v + 1] {
          let t = Int(tg[k])
          guard comp[t] == comp[v] else { continue }
          ct.append(Int32(t)); cw.append(pool.arcWeight[k]); cp.append(pool.arcProbability[k])
          maxInWeight[t] = inDegree[t] == 0 ? pool.arcWeight[k] : max(maxInWeight[t], pool.arcWeight[k])
          inDegree[t] += 1
          outBits[v * w + t >> 6] |= 1 << UInt64(t & 63)
          inBits[t * w + v >> 6] |= 1 << UInt64(v & 63)
        }
        cs[v + 1] = ct.count
      }
    } else {
      for v in 0..<n { cs[v + 1] = 0 }
    }
    cycleStart = cs
    cycleTarget = ct
    cycleWeight = cw
    cycleProbability = cp
    cycleInDegree = inDegree
    cycleMaxInWeight = maxInWeight
    cycleOut = outBits
    cycleIn = inBits

    // Breadth-first positions from the altruists.
    var earliest = [Int](repeating: .max, count: n)
    if maxChain >= 1 {
      var frontier: [Int] = []
      for a in 0..<pool.altruistCount {
        for k in st[n + a]..<st[n + a + 1] {
          let t = Int(tg[k])
          if earliest[t] == .max { earliest[t] = 1; frontier.append(t) }
        }
      }
      var position = 1
      while !frontier.isEmpty && position < maxChain {
        var next: [Int] = []
        for v in frontier {
          for k in st[v]..<st[v + 1] {
            let t = Int(tg[k])
            if earliest[t] == .max { earliest[t] = position + 1; next.append(t) }
          }
        }
        frontier = next
        position += 1
      }
    }
    earliestPosition = earliest
  }

  /// Whether the cycle subgraph has the arc u -> v.
  @inline(__always)
  func hasCycleArc(_ u: Int, _ v: Int) -> Bool {
    cycleOut[u * words + v >> 6] & (1 << UInt64(v & 63)) != 0
  }

  /// The index of arc u -> v among all arcs (donor vertex u), or nil.
  func arcIndex(_ u: Int, _ v: Int) -> Int? {
    var lo = start[u]
    var hi = start[u + 1]
    let r = Int32(v)
    while lo < hi {
      let mid = (lo + hi) / 2
      if target[mid] < r { lo = mid + 1 } else { hi = mid }
    }
    return lo < start[u + 1] && target[lo] == r ? lo : nil
  }
}
