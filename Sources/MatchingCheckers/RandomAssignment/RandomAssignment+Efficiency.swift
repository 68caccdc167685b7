import MatchingCore

/// An improving trade of probability shares: after it, every student on it holds a lottery
/// that stochastically dominates her old one (strictly), and nobody else is affected: the
/// witness that a random assignment is not sd-efficient.
///
/// ```swift
/// // ProbabilityTrade(kind: .cycle, moves: [(student 0 gives 1, receives 0, 1/12),
/// //                                        (student 2 gives 0, receives 1, 1/12)])
/// ```
public struct ProbabilityTrade: Sendable, Hashable, CustomStringConvertible {
  /// One student's move of probability from a school (or unassigned) to a school she
  /// prefers (or to unassigned, out of a school she does not list).
  public struct Move: Sendable, Hashable {
    public var student: Int
    /// The school whose share she gives up; `nil` for her probability of staying unassigned.
    public var gives: Int?
    /// The school whose share she receives; `nil` for staying unassigned.
    public var receives: Int?
    public var amount: Double

    public init(student: Int, gives: Int?, receives: Int?, amount: Double) {
      self.student = student
      self.gives = gives
      self.receives = receives
      self.amount = amount
    }
  }

  /// What makes the trade possible.
  public enum Kind: String, Sendable, Hashable {
    /// A cycle of the relation τ of Bogomolnaia and Moulin (2001): school *a* τ *b* when a
    /// student holding some *b* prefers *a*; each student on the cycle swaps shares with
    /// the next.
    case cycle
    /// A school with a free (expected) seat that a student prefers to something she holds.
    case emptySeat
    /// A student holds probability at a school she does not list (worse than unassigned).
    case unacceptable
  }

  public var kind: Kind
  public var moves: [Move]

  public init(kind: Kind, moves: [Move]) {
    self.kind = kind
    self.moves = moves
  }

  public var description: String {
    func name(_ s: Int?) -> String { s.map { "school \($0)" } ?? "unassigned" }
    return "\(kind.rawValue): " + moves.map {
      "student \($0.student) trades \($0.amount) of \(name($0.gives)) for \(name($0.receives))"
    }.joined(separator: "; ")
  }
}

extension RandomAssignment {
  /// The random assignment after `trade` (entries are added to rows where needed).
  public func applying(_ trade: ProbabilityTrade) -> RandomAssignment {
    var rows: [[(Int, Double)]] = (0..<studentCount).map { i in
      row(of: i).map { (Int(schools[$0]), probabilities[$0]) }
    }
    for move in trade.moves {
      if let g = move.gives {
        if let k = rows[move.student].firstIndex(where: { $0.0 == g }) { rows[move.student][k].1 -= move.amount }
      }
      if let r = move.receives {
        if let k = rows[move.student].firstIndex(where: { $0.0 == r }) {
          rows[move.student][k].1 += move.amount
        } else {
          rows[move.student].append((r, move.amount))
        }
      }
    }
    return RandomAssignment(schoolCount: schoolCount, rows: rows)
  }
}

extension SchoolChoiceMarket {
  /// An improving trade of probability shares, or `nil` if `p` is ordinally (sd-) efficient
  /// for the students' current lists.
  ///
  /// ```swift
  /// let rsd = RandomSerialDictatorshipProbabilities(method: .exact).match(market)
  /// market.sdEfficiencyViolation(of: rsd)   // a τ-cycle on the Bogomolnaia-Moulin example
  /// ```
  ///
  /// A random assignment is sd-efficient when no other feasible one stochastically dominates
  /// it for every student and strictly for one. Bogomolnaia and Moulin (2001)
  /// characterise it, for as many objects as agents, by the acyclicity of τ (*a* τ *b* when
  /// some student who prefers *a* to *b* holds *b* with positive probability). With
  /// capacities, incomplete lists and the option of staying unassigned, two more trades
  /// exist, and the check looks for all three, in this order:
  /// 1. **unacceptable**: a student holds probability at a school she does not list;
  /// 2. **empty seat**: a school whose column sum is below its capacity is preferred by a
  ///    student to a school (or to staying unassigned) she holds with positive probability;
  /// 3. **cycle** of τ among the schools.
  ///
  /// Probabilities at most `tolerance` count as zero.
  ///
  /// - Returns: the trade, with amounts that keep the result feasible
  ///   (``RandomAssignment/applying(_:)``).
  /// - Complexity: O(*n* + *m*² + Σ *kᵢ*²) for lists of length *kᵢ* (the arcs of τ,
  ///   deduplicated in an *m* × *m* table when *m* ≤ 2048, a dictionary beyond).
  public func sdEfficiencyViolation(
    of p: RandomAssignment, tolerance: Double = RandomAssignment.tolerance
  ) -> ProbabilityTrade? {
    let aligned = AlignedProbabilities(p, in: self)
    let n = studentCount
    let m = schoolCount
    // 1. Unacceptable shares.
    for i in 0..<n where aligned.offList[i] > tolerance {
      for e in p.row(of: i) where p.probabilities[e] > tolerance {
        let s = Int(p.schools[e])
        if !listRange(of: i).contains(where: { Int(entries[$0].school) == s }) {
          return ProbabilityTrade(
            kind: .unacceptable,
            moves: [.init(student: i, gives: s, receives: nil, amount: p.probabilities[e])])
        }
      }
    }
    // 2. An empty seat preferred to something held.
    let totals = p.schoolTotals()
    let slack = (0..<m).map { Double(capacities[$0]) - totals[$0] }
    for i in 0..<n {
      let r = listRange(of: i)
      // Her worst holding: the last listed school with a share, or unassigned.
      var worst: Int? = aligned.unassigned[i] > tolerance ? r.upperBound : nil
      if worst == nil {
        for e in r.reversed() where aligned.shares[e] > tolerance {
          worst = e
          break
        }
      }
      guard let w = worst else { continue }
      for e in r.lowerBound..<w where slack[Int(entries[e].school)] > tolerance {
        let a = Int(entries[e].school)
        let gives: Int? = w == r.upperBound ? nil : Int(entries[w].school)
        let held = w == r.upperBound ? aligned.unassigned[i] : aligned.shares[w]
        return ProbabilityTrade(
          kind: .emptySeat,
          moves: [.init(student: i, gives: gives, receives: a, amount: min(held, slack[a]))])
      }
    }
    // 3. A cycle of τ.
    var arcStudent: [Int32] = []
    var arcMap: [Int: Int32] = [:]
    let dense = m <= 2048
    if dense { arcStudent = [Int32](repeating: -1, count: m * m) }
    var adjacency = [[Int32]](repeating: [], count: m)
    for i in 0..<n {
      let r = listRange(of: i)
      for q in r where aligned.shares[q] > tolerance {
        let b = Int(entries[q].school)
        for pe in r.lowerBound..<q {
          let a = Int(entries[pe].school)
          let key = a * m + b
          if dense {
            if arcStudent[key] < 0 {
              arcStudent[key] = Int32(i)
              adjacency[a].append(Int32(b))
            }
          } else if arcMap[key] == nil {
            arcMap[key] = Int32(i)
            adjacency[a].append(Int32(b))
          }
        }
      }
    }
    guard let cycle = Self.findCycle(adjacency) else { return nil }
    var moves: [ProbabilityTrade.Move] = []
    var amount = Double.infinity
    for (k, a) in cycle.enumerated() {
      let b = cycle[(k + 1) % cycle.count]
      let i = Int(dense ? arcStudent[a * m + b] : arcMap[a * m + b]!)
      let held = p.probability(of: i, at: b)
      amount = min(amount, held)
      moves.append(.init(student: i, gives: b, receives: a, amount: 0))
    }
    for k in moves.indices { moves[k].amount = amount }
    return ProbabilityTrade(kind: .cycle, moves: moves)
  }

  /// Whether `p` is sd-efficient (``sdEfficiencyViolation(of:tolerance:)`` finds nothing).
  public func isSDEfficient(_ p: RandomAssignment, tolerance: Double = RandomAssignment.tolerance) -> Bool {
    sdEfficiencyViolation(of: p, tolerance: tolerance) == nil
  }

  /// A directed cycle (its nodes in order, each with an arc to the next), by iterative
  /// depth-first search from node 0 upwards; deterministic.
  static func findCycle(_ adjacency: [[Int32]]) -> [Int]? {
    let count = adjacency.count
    var color = [UInt8](repeating: 0, count: count)
    var position = [Int](repeating: 0, count: count)
    var stack: [Int] = []
    for root in 0..<count where color[root] == 0 {
      stack.append(root)
      color[root] = 1
      while let v = stack.last {
        if position[v] < adjacency[v].count {
          let w = Int(adjacency[v][position[v]])
          position[v] += 1
          if color[w] == 1 {
            let start = stack.lastIndex(of: w)!
            return Array(stack[start...])
          }
          if color[w] == 0 {
            color[w] = 1
            stack.append(w)
          }
        } else {
          color[v] = 2
          stack.removeLast()
        }
      }
    }
    return nil
  }
}
