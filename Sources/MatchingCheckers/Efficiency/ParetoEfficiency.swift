import MatchingCore

/// A Pareto improvement for the students: a trading cycle or a chain of moves ending in an
/// empty seat, after which every student on it is better off and nobody else is affected.
///
/// ```swift
/// // ImprovingCycle(moves: [(0, from: 1, to: 0), (1, from: 0, to: 1)], isCycle: true):
/// // students 0 and 1 swap schools and both prefer the result.
/// ```
public struct ImprovingCycle: Hashable, Sendable, CustomStringConvertible {
  /// One student's move: from her school (`nil` if unassigned) to a school she prefers.
  public struct Move: Hashable, Sendable {
    public var student: Int
    public var from: Int?
    public var to: Int
  }
  /// The moves, in order; in a cycle the last move's `to` is the first move's `from`.
  public var moves: [Move]
  /// `true` for a trading cycle, `false` for a chain ending in an empty seat.
  public var isCycle: Bool

  public var description: String {
    let steps = moves.map { m in
      "student \(m.student) moves \(m.from.map { "from \($0)" } ?? "from unassigned") to \(m.to)"
    }
    return (isCycle ? "trading cycle: " : "chain into an empty seat: ") + steps.joined(separator: "; ")
  }
}

/// The options (schools or houses) as nodes, and for each agent holding option *s* an arc
/// *s* -> *t* to every option *t* she prefers: a cycle is a trade, and a path into an option
/// with a free unit is a chain of moves. Agents without an option start from a source node.
struct ImprovementGraph {
  let nodes: Int  // options + 1 (the last is "unassigned")
  var head: [Int32]
  var next: [Int32]
  var target: [Int32]
  var agent: [Int32]

  init(nodes: Int) {
    self.nodes = nodes
    head = [Int32](repeating: -1, count: nodes)
    next = []
    target = []
    agent = []
  }

  mutating func add(from: Int, to: Int, agent a: Int) {
    next.append(head[from])
    target.append(Int32(to))
    agent.append(Int32(a))
    head[from] = Int32(target.count - 1)
  }

  /// An improving cycle or a path from a node into a node with `free[t] > 0`, by iterative
  /// depth-first search (O(nodes + arcs)).
  func findImprovement(free: [Int32]) -> ImprovingCycle? {
    var color = [UInt8](repeating: 0, count: nodes)  // 0 new, 1 on the stack, 2 done
    var arcIn = [Int32](repeating: -1, count: nodes)  // the arc by which a node was entered
    var parent = [Int32](repeating: -1, count: nodes)
    var cursor = head
    // The arcs from `start` back to the root (or to `stop`), then `last`, in path order.
    func path(to v: Int, stop: Int, last: Int) -> [ImprovingCycle.Move] {
      var arcs = [last]
      var x = v
      while x != stop && arcIn[x] >= 0 {
        arcs.append(Int(arcIn[x]))
        x = Int(parent[x])
      }
      return arcs.reversed().map { ImprovingCycle.Move(student: Int(agent[$0]), from: nil, to: Int(target[$0])) }
    }
    for root in 0..<nodes where color[root] == 0 {
      var stack: [Int] = [root]
      color[root] = 1
      while let v = stack.last {
        let a = Int(cursor[v])
        if a < 0 {
          color[v] = 2
          stack.removeLast()
          continue
        }
        cursor[v] = next[a]
        let w = Int(target[a])
        if w < free.count && free[w] > 0 {
          return ImprovingCycle(moves: path(to: v, stop: -1, last: a), isCycle: false)
        }
        if color[w] == 1 {
          return ImprovingCycle(moves: path(to: v, stop: w, last: a), isCycle: true)
        }
        if color[w] == 0 {
          color[w] = 1
          arcIn[w] = Int32(a)
          parent[w] = Int32(v)
          stack.append(w)
        }
      }
    }
    return nil
  }
}

extension SchoolChoiceMarket {
  /// A Pareto improvement for the students over `matching`, or `nil` if it is Pareto
  /// efficient (among matchings that respect capacities; school priorities play no part).
  ///
  /// ```swift
  /// market.paretoImprovement(of: SchoolChoiceTopTradingCycles().match(market))   // nil
  /// ```
  ///
  /// A matching is Pareto efficient exactly when the improvement graph (schools as nodes;
  /// an arc *s* -> *t* for each student at *s* who prefers *t*) has neither a cycle nor a
  /// path into a school with an empty seat; unassigned students start such paths.
  ///
  /// - Complexity: O(*n* + *m* + *E*).
  public func paretoImprovement(of matching: Matching) -> ImprovingCycle? {
    var graph = ImprovementGraph(nodes: schoolCount + 1)
    var free = capacities
    for i in 0..<studentCount {
      if let s = matching.partner(of: i), s < schoolCount { free[s] -= 1 }
    }
    for i in 0..<studentCount {
      let current = matching.partner(of: i)
      let node = current ?? schoolCount
      for e in listRange(of: i) {
        let s = Int(entries[e].school)
        if s == current { break }
        graph.add(from: node, to: s, agent: i)
      }
    }
    guard var found = graph.findImprovement(free: free) else { return nil }
    for k in found.moves.indices { found.moves[k].from = matching.partner(of: found.moves[k].student) }
    return found
  }

  /// Whether `matching` is Pareto efficient for the students.
  public func isParetoEfficient(_ matching: Matching) -> Bool { paretoImprovement(of: matching) == nil }
}

extension HousingMarket {
  /// A Pareto improvement over `matching` (agents trading the houses they hold), or `nil`.
  ///
  /// - Complexity: O(*n* + *E*).
  public func paretoImprovement(of matching: Matching) -> ImprovingCycle? {
    var graph = ImprovementGraph(nodes: agentCount + 1)
    var free = [Int32](repeating: 1, count: agentCount)
    for a in 0..<agentCount { if let h = matching.partner(of: a), h < agentCount { free[h] = 0 } }
    for a in 0..<agentCount {
      let current = matching.partner(of: a)
      let node = current ?? agentCount
      for e in listRange(of: a) {
        let h = Int(houses[e])
        if h == current { break }
        graph.add(from: node, to: h, agent: a)
      }
    }
    guard var found = graph.findImprovement(free: free) else { return nil }
    for k in found.moves.indices { found.moves[k].from = matching.partner(of: found.moves[k].student) }
    return found
  }

  /// Whether `matching` is Pareto efficient.
  public func isParetoEfficient(_ matching: Matching) -> Bool { paretoImprovement(of: matching) == nil }
}
