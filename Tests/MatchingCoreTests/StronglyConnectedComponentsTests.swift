import MatchingCore
import Testing

/// ``StronglyConnectedComponents`` against the definition: two vertices share a component
/// exactly when each reaches the other (reachability by brute-force transitive closure).
struct StronglyConnectedComponentsTests {
  static let seeds: [UInt64] = Array(0..<60)

  /// A random digraph on 1...24 vertices in CSR form, with a seeded density (self-loops and
  /// parallel arcs included: both are legal input).
  static func graph(_ seed: UInt64) -> (n: Int, start: [Int], targets: [Int32]) {
    var rng = SeededGenerator(seed: seed)
    let n = 1 + rng.uniform(below: 24)
    let density = [0.02, 0.06, 0.12, 0.25, 0.5][rng.uniform(below: 5)]
    var start = [0]
    var targets: [Int32] = []
    for _ in 0..<n {
      for w in 0..<n where rng.unitDouble() < density {
        targets.append(Int32(w))
        if rng.uniform(below: 10) == 0 { targets.append(Int32(w)) }
      }
      start.append(targets.count)
    }
    return (n, start, targets)
  }

  /// reach[u][v]: a path (possibly empty) from u to v, by Floyd-Warshall closure.
  static func reachability(n: Int, start: [Int], targets: [Int32]) -> [[Bool]] {
    var reach = (0..<n).map { u in (0..<n).map { $0 == u } }
    for u in 0..<n { for e in start[u]..<start[u + 1] { reach[u][Int(targets[e])] = true } }
    for k in 0..<n { for i in 0..<n where reach[i][k] { for j in 0..<n where reach[k][j] { reach[i][j] = true } } }
    return reach
  }

  @Test(arguments: seeds)
  func componentsAreMutualReachabilityClasses(seed: UInt64) {
    let g = Self.graph(seed)
    let scc = StronglyConnectedComponents(vertexCount: g.n, start: g.start, targets: g.targets)
    let reach = Self.reachability(n: g.n, start: g.start, targets: g.targets)
    for u in 0..<g.n {
      for v in 0..<g.n {
        let same = scc.component[u] == scc.component[v]
        #expect(same == (reach[u][v] && reach[v][u]), "seed \(seed): vertices \(u), \(v); graph \(g)")
      }
    }
    // The numbering is 0..<count, every number used, in reverse topological order.
    #expect(Set(scc.component) == Set((0..<Int32(scc.count))), "seed \(seed)")
    #expect(scc.sizes.reduce(0, +) == g.n)
    for u in 0..<g.n {
      for e in g.start[u]..<g.start[u + 1] {
        #expect(scc.component[u] >= scc.component[Int(g.targets[e])], "seed \(seed): arc \(u) -> \(g.targets[e])")
      }
    }
  }

  @Test func aWorkedExample() {
    // 0 -> 1 -> 2 -> 0 and 2 -> 3: {0, 1, 2} and {3}, the sink {3} completed first.
    let scc = StronglyConnectedComponents(vertexCount: 4, start: [0, 1, 2, 4, 4], targets: [1, 2, 0, 3])
    #expect(scc.count == 2)
    #expect(scc.component == [1, 1, 1, 0])
    #expect(scc.sizes == [1, 3])
  }

  @Test func extraSourceVerticesInTheOffsetsAreIgnored() {
    // A kidney pool's CSR: pairs 0, 1 (a 2-cycle), then an altruist (vertex 2) pointing at 0.
    let scc = StronglyConnectedComponents(vertexCount: 2, start: [0, 1, 2, 3], targets: [1, 0, 0])
    #expect(scc.count == 1)
    #expect(scc.component == [0, 0])
  }

  @Test func aLongPathAndALongCycleNeedNoRecursion() {
    let n = 100_000
    let path = StronglyConnectedComponents(
      vertexCount: n, start: Array(0..<n) + [n - 1], targets: (1..<n).map { Int32($0) })
    #expect(path.count == n)
    let cycle = StronglyConnectedComponents(
      vertexCount: n, start: Array(0...n), targets: (0..<n).map { Int32(($0 + 1) % n) })
    #expect(cycle.count == 1)
  }

  @Test func theEmptyGraph() {
    let scc = StronglyConnectedComponents(vertexCount: 0, start: [0], targets: [])
    #expect(scc.count == 0 && scc.component.isEmpty)
  }
}
