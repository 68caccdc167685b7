import GLPKSolver
import MatchingCore

/// The size of an exact model.
public struct ExactModelSize: Sendable, Hashable, Codable {
  /// Rows (constraints).
  public var rows: Int
  /// Columns (variables).
  public var columns: Int
  /// Binary columns.
  public var binaryColumns: Int
  /// Nonzero coefficients.
  public var nonzeros: Int

  enum CodingKeys: String, CodingKey {
    case rows, columns, binaryColumns = "binary_columns", nonzeros
  }
}

/// The integer program whose feasible points are exactly the stable matchings of a residency
/// market with couples.
///
/// Variables: a binary `x` per single's entry, a binary `y` per couple's entry, a binary `w`
/// per couple entry of two different programs (which of the two refuses), and per program a
/// continuous running count `G[s][g]` of its assignees among its first `g + 1` ranked
/// applicants (chained rows `G[g] = G[g-1] + assignments at rank g`), so "assignees of *s*
/// ranked above *r*" is one column and each stability row stays short.
///
/// Rows, in the stability definition's terms (``MatchingCore/ResidencyMarket``):
/// - each single and each couple holds at most one entry; `G[s][last] <= capacity(s)`;
/// - single *i*, entry *p* at program *s*, rank *r*:
///   `cap · Σ_{q<=p} x[i][q] + G[s][< r] >= cap`
///   (she holds something at least as good, or *s* is full of better assignees);
/// - couple *c*, entry *k* = (*s1*, *s2*), `Y = Σ_{k'<=k} y[c][k']`, `B_j` = assignees of
///   *s_j* ranked above member *j* other than the couple's members:
///   one side unmatched: `B1 + cap1 · Y >= cap1`;
///   two programs: `B1 + cap1 · Y + cap1 · w >= cap1` and `B2 + cap2 · Y - cap2 · w >= 0`;
///   one program *s* (both must fit): `B_worse + (cap - 1) · Y >= cap - 1`.
///
/// A member already held at *s1* makes `B1 <= cap1 - 1`, so the row is violated exactly when
/// the definition says the program takes her. This is the model of Biró, Manlove and McBride
/// (2014, *The Hospitals/Residents problem with couples: complexity and integer programming
/// models*, SEA 2014, LNCS 8504), written with running counts and one binary per two-program
/// entry to state "one of the two programs refuses".
struct ResidencyStabilityModel {
  let lp: LinearProgram
  /// Column of each single entry, and of each couple entry.
  var x: [Int32] = []
  var y: [Int32] = []
  var size = ExactModelSize(rows: 0, columns: 0, binaryColumns: 0, nonzeros: 0)

  /// Builds the model; with `maximizeMatched`, the objective counts matched applicants.
  init(_ market: ResidencyMarket, maximizeMatched: Bool) {
    lp = LinearProgram(direction: .maximize)
    let m = market.programCount
    let n = market.applicantCount

    // Decision columns.
    // Without an objective of its own (any stable matching will do), the model prefers the
    // applicants' better choices (list length minus position, as applicant-proposing
    // deferred acceptance would): with a zero objective branch and cut wandered (6 s against
    // 0.9 s of CPU on a 200-applicant market), as every node had the same bound.
    x = [Int32](repeating: 0, count: market.entries.count)
    for i in 0..<n {
      let r = market.listRange(of: i)
      for e in r {
        let cost = maximizeMatched ? 1 : Double(r.upperBound - e)
        x[e] = Int32(lp.addColumn(objective: cost, bound: .range(0, 1), integer: true, rows: [], values: []))
      }
    }
    y = [Int32](repeating: 0, count: market.coupleEntries.count)
    for c in 0..<market.coupleCount {
      let r = market.coupleListRange(of: c)
      for k in r {
        let e = market.coupleEntries[k]
        let matched = (e.programA >= 0 ? 1.0 : 0) + (e.programB >= 0 ? 1.0 : 0)
        let cost = maximizeMatched ? matched : Double(r.upperBound - k)
        y[k] = Int32(lp.addColumn(objective: cost, bound: .range(0, 1), integer: true, rows: [], values: []))
      }
    }
    size.binaryColumns = x.count + y.count

    // Each program's contributions by rank: (rank, column, coefficient).
    var contributions = [[(rank: UInt32, column: Int32)]](repeating: [], count: m)
    for i in 0..<n {
      for e in market.listRange(of: i) {
        contributions[Int(market.entries[e].school)].append((market.entries[e].rank, x[e]))
      }
    }
    for (k, e) in market.coupleEntries.enumerated() {
      if e.programA >= 0 { contributions[Int(e.programA)].append((e.rankA, y[k])) }
      if e.programB >= 0 { contributions[Int(e.programB)].append((e.rankB, y[k])) }
    }
    // Running counts: groupRanks[s] sorted distinct ranks; groupColumn[s][g] = G[s][g].
    var groupRanks = [[UInt32]](repeating: [], count: m)
    var groupColumn = [[Int32]](repeating: [], count: m)
    for s in 0..<m {
      contributions[s].sort { ($0.rank, $0.column) < ($1.rank, $1.column) }
      var j = 0
      let list = contributions[s]
      while j < list.count {
        let r = list[j].rank
        var cols: [Int32: Double] = [:]
        while j < list.count && list[j].rank == r {
          cols[list[j].column, default: 0] += 1
          j += 1
        }
        let g = Int32(lp.addColumn(objective: 0, bound: .lower(0), rows: [], values: []))
        // G[g] - G[g-1] - Σ cols = 0
        var rowCols: [Int32] = [g]
        var rowVals: [Double] = [1]
        if let previous = groupColumn[s].last {
          rowCols.append(previous)
          rowVals.append(-1)
        }
        for (c, v) in cols.sorted(by: { $0.key < $1.key }) {
          rowCols.append(c)
          rowVals.append(-v)
        }
        addRow(.fixed(0), rowCols, rowVals)
        groupRanks[s].append(r)
        groupColumn[s].append(g)
      }
      // Capacity.
      if let last = groupColumn[s].last { addRow(.upper(Double(market.capacities[s])), [last], [1]) }
    }
    /// The running-count column of program `s`'s assignees ranked strictly above `rank`.
    func above(_ s: Int, _ rank: UInt32) -> Int32? {
      var lo = 0
      var hi = groupRanks[s].count
      while lo < hi {
        let mid = (lo + hi) / 2
        if groupRanks[s][mid] < rank { lo = mid + 1 } else { hi = mid }
      }
      return lo == 0 ? nil : groupColumn[s][lo - 1]
    }

    // Singles: at most one entry; stability per entry.
    for i in 0..<n where !market.isCoupleMember(i) {
      let r = market.listRange(of: i)
      guard !r.isEmpty else { continue }
      addRow(.upper(1), r.map { x[$0] }, [Double](repeating: 1, count: r.count))
      for e in r {
        let s = Int(market.entries[e].school)
        let cap = Double(market.capacities[s])
        var cols = (r.lowerBound...e).map { x[$0] }
        var vals = [Double](repeating: cap, count: cols.count)
        if let g = above(s, market.entries[e].rank) {
          cols.append(g)
          vals.append(1)
        }
        addRow(.lower(cap), cols, vals)
      }
    }

    // Couples.
    for c in 0..<market.coupleCount {
      let r = market.coupleListRange(of: c)
      guard !r.isEmpty else { continue }
      addRow(.upper(1), r.map { y[$0] }, [Double](repeating: 1, count: r.count))
      /// Σ over the couple's entries of (its members at `s` ranked above `rank`) · y: the
      /// couple's own share of `above(s, rank)`, to subtract.
      func own(_ s: Int32, _ rank: UInt32) -> [(Int32, Double)] {
        var result: [(Int32, Double)] = []
        for k in r {
          let e = market.coupleEntries[k]
          let v = (e.programA == s && e.rankA < rank ? 1.0 : 0) + (e.programB == s && e.rankB < rank ? 1.0 : 0)
          if v > 0 { result.append((y[k], v)) }
        }
        return result
      }
      /// Row: B(s, rank) + yWeight · Y + extra >= bound.
      func stabilityRow(_ s: Int32, _ rank: UInt32, yWeight: Double, upTo k: Int, extra: [(Int32, Double)], bound: Double) {
        var terms: [Int32: Double] = [:]
        if let g = above(Int(s), rank) { terms[g, default: 0] += 1 }
        for (col, v) in own(s, rank) { terms[col, default: 0] -= v }
        for k2 in r.lowerBound...k { terms[y[k2], default: 0] += yWeight }
        for (col, v) in extra { terms[col, default: 0] += v }
        let sorted = terms.filter { $0.value != 0 }.sorted { $0.key < $1.key }
        addRow(.lower(bound), sorted.map(\.key), sorted.map(\.value))
      }
      for k in r {
        let e = market.coupleEntries[k]
        if e.programA >= 0 && e.programA == e.programB {
          let cap = Double(market.capacities[Int(e.programA)])
          guard cap >= 2 else { continue }
          stabilityRow(e.programA, max(e.rankA, e.rankB), yWeight: cap - 1, upTo: k, extra: [], bound: cap - 1)
        } else if e.programA >= 0 && e.programB >= 0 {
          let w = Int32(lp.addColumn(objective: 0, bound: .range(0, 1), integer: true, rows: [], values: []))
          size.binaryColumns += 1
          let cap1 = Double(market.capacities[Int(e.programA)])
          let cap2 = Double(market.capacities[Int(e.programB)])
          stabilityRow(e.programA, e.rankA, yWeight: cap1, upTo: k, extra: [(w, cap1)], bound: cap1)
          stabilityRow(e.programB, e.rankB, yWeight: cap2, upTo: k, extra: [(w, -cap2)], bound: 0)
        } else if e.programA >= 0 {
          let cap = Double(market.capacities[Int(e.programA)])
          stabilityRow(e.programA, e.rankA, yWeight: cap, upTo: k, extra: [], bound: cap)
        } else {
          let cap = Double(market.capacities[Int(e.programB)])
          stabilityRow(e.programB, e.rankB, yWeight: cap, upTo: k, extra: [], bound: cap)
        }
      }
    }
    size.rows = lp.rowCount
    size.columns = lp.columnCount
  }

  private mutating func addRow(_ bound: LinearProgram.Bound, _ columns: [Int32], _ values: [Double]) {
    lp.addRow(bound: bound, columns: columns, values: values)
    size.nonzeros += columns.count
  }
}
