/// A maximum-weight closure by a minimum cut (Picard 1976): node *v* has profit `p[v]`, and
/// choosing *v* requires choosing every node it points to. Source → *v* with capacity
/// `p[v]` for profits, *v* → sink with `-p[v]` for costs, *v* → *u* infinite for each
/// requirement; the nodes reachable from the source after a maximum flow form the smallest
/// optimal closure.
///
/// Maximum flow by Dinic's algorithm (blocking flows on BFS levels) on flat arrays.
///
/// - Complexity: O(*V*²·*A*) worst case for *V* nodes and *A* arcs; far less in practice.
struct ClosureFlow {
  private var head: [Int32]
  private var next: [Int32] = []
  private var target: [Int32] = []
  private var capacity: [Int64] = []
  private let source: Int
  private let sink: Int

  /// - Parameters:
  ///   - profits: per node.
  ///   - requirements: pairs (v, u): choosing v requires u.
  init(profits: [Int], requirements: [(Int, Int)]) {
    let v = profits.count
    source = v
    sink = v + 1
    head = [Int32](repeating: -1, count: v + 2)
    let infinite = Int64(1) << 60
    for (k, p) in profits.enumerated() {
      if p > 0 { addArc(source, k, Int64(p)) }
      if p < 0 { addArc(k, sink, Int64(-p)) }
    }
    for (a, b) in requirements { addArc(a, b, infinite) }
  }

  private mutating func addArc(_ a: Int, _ b: Int, _ c: Int64) {
    target.append(Int32(b)); capacity.append(c); next.append(head[a]); head[a] = Int32(target.count - 1)
    target.append(Int32(a)); capacity.append(0); next.append(head[b]); head[b] = Int32(target.count - 1)
  }

  /// Runs the maximum flow; returns which nodes are on the source side of the minimum cut.
  mutating func smallestOptimalClosure() -> [Bool] {
    let count = head.count
    var level = [Int32](repeating: -1, count: count)
    var cursor = [Int32](repeating: -1, count: count)
    var queue = [Int32](repeating: 0, count: count)
    func bfs() -> Bool {
      for k in 0..<count { level[k] = -1 }
      level[source] = 0
      var lo = 0
      var hi = 0
      queue[hi] = Int32(source); hi += 1
      while lo < hi {
        let a = Int(queue[lo]); lo += 1
        var e = head[a]
        while e >= 0 {
          let b = Int(target[Int(e)])
          if capacity[Int(e)] > 0 && level[b] < 0 {
            level[b] = level[a] + 1
            queue[hi] = Int32(b); hi += 1
          }
          e = next[Int(e)]
        }
      }
      return level[sink] >= 0
    }
    // Iterative DFS for a blocking flow.
    var pathArcs = [Int32](repeating: 0, count: count)
    while bfs() {
      for k in 0..<count { cursor[k] = head[k] }
      while true {
        var depth = 0
        var a = source
        var reached = false
        while true {
          if a == sink { reached = true; break }
          var e = cursor[a]
          while e >= 0 {
            let b = Int(target[Int(e)])
            if capacity[Int(e)] > 0 && level[b] == level[a] + 1 { break }
            e = next[Int(e)]
          }
          cursor[a] = e
          if e < 0 {
            // Dead end: retreat.
            level[a] = -1
            if depth == 0 { break }
            depth -= 1
            a = Int(target[Int(pathArcs[depth]) ^ 1])
            cursor[a] = next[Int(cursor[a])]
            continue
          }
          pathArcs[depth] = e
          depth += 1
          a = Int(target[Int(e)])
        }
        if !reached { break }
        var push = Int64.max
        for d in 0..<depth { push = min(push, capacity[Int(pathArcs[d])]) }
        for d in 0..<depth {
          capacity[Int(pathArcs[d])] -= push
          capacity[Int(pathArcs[d]) ^ 1] += push
        }
      }
    }
    // Source side: reachable in the residual graph.
    var side = [Bool](repeating: false, count: count)
    side[source] = true
    var stack = [source]
    while let a = stack.popLast() {
      var e = head[a]
      while e >= 0 {
        let b = Int(target[Int(e)])
        if capacity[Int(e)] > 0 && !side[b] { side[b] = true; stack.append(b) }
        e = next[Int(e)]
      }
    }
    return Array(side[0..<(count - 2)])
  }
}
