/// The strongly connected components of a directed graph given in compressed sparse row
/// (CSR) form: vertex *v*'s arcs are `targets[start[v] ..< start[v + 1]]`.
///
/// ```swift
/// // 0 -> 1 -> 2 -> 0, 2 -> 3
/// let scc = StronglyConnectedComponents(vertexCount: 4, start: [0, 1, 2, 4, 4], targets: [1, 2, 0, 3])
/// (scc.count, scc.component)   // (2, [1, 1, 1, 0])
/// ```
///
/// Tarjan's algorithm (Tarjan, "Depth-first search and linear graph algorithms", SIAM J.
/// Comput. 1(2), 1972), written with an explicit stack of (vertex, next arc) frames instead of
/// recursion, so a path of a million vertices needs no call stack.
///
/// **Guarantees.** Two vertices share a component exactly when each reaches the other.
/// Components are numbered `0 ..< count` in the order Tarjan's algorithm completes them, which
/// is a reverse topological order of the condensation: for every arc *u* -> *v*,
/// `component[u] >= component[v]`. The numbering depends only on the arrays (no hashing), so
/// the same graph always gives the same numbers.
///
/// Used by the kidney-exchange graph (only arcs inside a component can lie on a cycle) and by
/// the housing-core checker (a blocking coalition is a cycle through a strict arc).
///
/// - Complexity: O(*V* + *E*) time and O(*V*) extra memory for *V* vertices and *E* arcs.
public struct StronglyConnectedComponents: Sendable, Hashable {
  /// The component of each vertex, in `0 ..< count`.
  public let component: [Int32]
  /// The number of components.
  public let count: Int

  /// Computes the components of the graph on vertices `0 ..< vertexCount`.
  ///
  /// - Parameters:
  ///   - vertexCount: the number of vertices *V*.
  ///   - start: at least `vertexCount + 1` nondecreasing offsets into `targets`; entries past
  ///     `vertexCount` are ignored (so a CSR array with extra source-only vertices, such as a
  ///     kidney pool's altruists, can be passed as it is).
  ///   - targets: arc heads, each in `0 ..< vertexCount` for the arcs of the first
  ///     `vertexCount` vertices.
  @inlinable
  public init<Offset: BinaryInteger>(vertexCount: Int, start: [Offset], targets: [Int32]) {
    let n = vertexCount
    precondition(n >= 0 && start.count >= n + 1, "start needs vertexCount + 1 offsets")
    var index = [Int32](repeating: -1, count: n)
    var low = [Int32](repeating: 0, count: n)
    var onStack = [Bool](repeating: false, count: n)
    var component = [Int32](repeating: -1, count: n)
    var stack: [Int32] = []
    // Frames of the depth-first search: the vertex and the next arc to follow.
    var frames: [(vertex: Int32, next: Int)] = []
    var counter: Int32 = 0
    var components: Int32 = 0
    for root in 0..<n where index[root] < 0 {
      index[root] = counter; low[root] = counter; counter += 1
      stack.append(Int32(root)); onStack[root] = true
      frames.append((Int32(root), Int(start[root])))
      while let top = frames.last {
        let v = Int(top.vertex)
        if top.next < Int(start[v + 1]) {
          frames[frames.count - 1].next += 1
          let w = Int(targets[top.next])
          precondition(w >= 0 && w < n, "arc target \(w) out of range 0..<\(n)")
          if index[w] < 0 {
            index[w] = counter; low[w] = counter; counter += 1
            stack.append(Int32(w)); onStack[w] = true
            frames.append((Int32(w), Int(start[w])))
          } else if onStack[w] {
            low[v] = min(low[v], index[w])
          }
        } else {
          frames.removeLast()
          if let parent = frames.last {
            let u = Int(parent.vertex)
            low[u] = min(low[u], low[v])
          }
          if low[v] == index[v] {
            while true {
              let w = Int(stack.removeLast())
              onStack[w] = false
              component[w] = components
              if w == v { break }
            }
            components += 1
          }
        }
      }
    }
    self.component = component
    self.count = Int(components)
  }

  /// The number of vertices in each component.
  ///
  /// - Complexity: O(*V*).
  public var sizes: [Int] {
    var size = [Int](repeating: 0, count: count)
    for c in component { size[Int(c)] += 1 }
    return size
  }
}
