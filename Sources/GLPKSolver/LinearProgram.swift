import CGLPK

/// A linear or mixed-integer program held by GLPK: rows, columns, a sparse matrix, and the
/// solutions of the simplex and branch-and-cut solvers.
///
/// ```swift
/// let lp = LinearProgram(direction: .maximize)
/// let r = lp.addRows(1, bound: .upper(4))               // x + y <= 4
/// lp.addColumn(objective: 1, rows: [r.lowerBound], values: [1])
/// lp.addColumn(objective: 2, rows: [r.lowerBound], values: [1])
/// _ = lp.simplex(); lp.objectiveValue                   // 8
/// ```
///
/// Rows and columns are 0-based here (GLPK's are 1-based). The class owns its `glp_prob` and
/// deletes it in `deinit`. It is deliberately not `Sendable`: create, solve and delete a
/// problem on one thread (Debian's GLPK keeps its environment per thread, so separate
/// problems may be solved on separate threads at once). GLPK's terminal output is switched
/// off for the creating thread, so nothing reaches stdout.
///
/// GLPK aborts the process on invalid calls (`glp_error`), so every argument is checked here
/// with a `precondition` first: an index out of range, a duplicate row in one column, a
/// non-finite coefficient.
///
/// - Complexity: adding a column with *k* nonzeros is O(*k* log *k*); the solvers are GLPK's.
public final class LinearProgram {
  /// Optimisation sense.
  public enum Direction: Sendable { case minimize, maximize }

  /// The bounds of a row (its activity) or of a column.
  public enum Bound: Sendable, Equatable {
    case free
    case lower(Double)
    case upper(Double)
    case range(Double, Double)
    case fixed(Double)
  }

  @usableFromInline let handle: OpaquePointer

  /// Creates an empty problem.
  public init(direction: Direction = .minimize) {
    glp_term_out(GLP_OFF)
    handle = glp_create_prob()
    glp_set_obj_dir(handle, direction == .maximize ? GLP_MAX : GLP_MIN)
  }

  deinit { glp_delete_prob(handle) }

  /// The number of rows.
  public var rowCount: Int { Int(glp_get_num_rows(handle)) }
  /// The number of columns.
  public var columnCount: Int { Int(glp_get_num_cols(handle)) }

  private static func apply(_ bound: Bound) -> (Int32, Double, Double) {
    switch bound {
    case .free: return (GLP_FR, 0, 0)
    case .lower(let l):
      precondition(l.isFinite, "a bound must be finite")
      return (GLP_LO, l, 0)
    case .upper(let u):
      precondition(u.isFinite, "a bound must be finite")
      return (GLP_UP, 0, u)
    case .range(let l, let u):
      precondition(l.isFinite && u.isFinite && l <= u, "a range needs finite lower <= upper")
      return l == u ? (GLP_FX, l, u) : (GLP_DB, l, u)
    case .fixed(let v):
      precondition(v.isFinite, "a bound must be finite")
      return (GLP_FX, v, v)
    }
  }

  /// Appends `count` rows with the same bound and returns their indices.
  @discardableResult
  public func addRows(_ count: Int, bound: Bound) -> Range<Int> {
    let first = rowCount
    guard count > 0 else { return first..<first }
    glp_add_rows(handle, Int32(count))
    let (type, lo, hi) = Self.apply(bound)
    for i in first..<(first + count) { glp_set_row_bnds(handle, Int32(i + 1), type, lo, hi) }
    return first..<(first + count)
  }

  /// Appends one row with its nonzeros (`columns` distinct and in range) and returns its index.
  @discardableResult
  public func addRow(bound: Bound, columns: [Int32], values: [Double]) -> Int {
    precondition(columns.count == values.count, "columns and values must align")
    let n = Int32(columnCount)
    var index: [Int32] = [0]
    index.reserveCapacity(columns.count + 1)
    for c in columns {
      precondition(c >= 0 && c < n, "column \(c) out of range 0..<\(n)")
      index.append(c + 1)
    }
    if columns.count > 1 {
      let sorted = columns.sorted()
      for k in 1..<sorted.count { precondition(sorted[k] != sorted[k - 1], "column \(sorted[k]) given twice in one row") }
    }
    for v in values { precondition(v.isFinite, "a matrix coefficient must be finite") }
    let i = glp_add_rows(handle, 1)
    let (type, lo, hi) = Self.apply(bound)
    glp_set_row_bnds(handle, i, type, lo, hi)
    var vals: [Double] = [0] + values
    index.withUnsafeMutableBufferPointer { ix in
      vals.withUnsafeMutableBufferPointer { v in
        glp_set_mat_row(handle, i, Int32(columns.count), ix.baseAddress, v.baseAddress)
      }
    }
    return Int(i) - 1
  }

  /// Changes the bound of row `row`.
  public func setRowBound(_ row: Int, _ bound: Bound) {
    precondition(row >= 0 && row < rowCount, "row \(row) out of range")
    let (type, lo, hi) = Self.apply(bound)
    glp_set_row_bnds(handle, Int32(row + 1), type, lo, hi)
  }

  /// Appends a column and returns its index.
  ///
  /// - Parameters:
  ///   - objective: the objective coefficient.
  ///   - bound: the column's bounds (default `x >= 0`).
  ///   - integer: whether the column is an integer variable in ``branchAndCut(_:)``.
  ///   - rows: the rows of its nonzeros (distinct, in range).
  ///   - values: the nonzeros, aligned with `rows`.
  @discardableResult
  public func addColumn(
    objective: Double, bound: Bound = .lower(0), integer: Bool = false, rows: [Int32], values: [Double]
  ) -> Int {
    precondition(rows.count == values.count, "rows and values must align")
    precondition(objective.isFinite, "the objective coefficient must be finite")
    let m = Int32(rowCount)
    var index: [Int32] = [0]
    index.reserveCapacity(rows.count + 1)
    for r in rows {
      precondition(r >= 0 && r < m, "row \(r) out of range 0..<\(m)")
      index.append(r + 1)
    }
    if rows.count > 1 {
      let sorted = rows.sorted()
      for k in 1..<sorted.count { precondition(sorted[k] != sorted[k - 1], "row \(sorted[k]) given twice in one column") }
    }
    for v in values { precondition(v.isFinite, "a matrix coefficient must be finite") }
    let j = glp_add_cols(handle, 1)
    let (type, lo, hi) = Self.apply(bound)
    glp_set_col_bnds(handle, j, type, lo, hi)
    glp_set_obj_coef(handle, j, objective)
    if integer { glp_set_col_kind(handle, j, GLP_IV) }
    var vals: [Double] = [0] + values
    index.withUnsafeMutableBufferPointer { i in
      vals.withUnsafeMutableBufferPointer { v in
        glp_set_mat_col(handle, j, Int32(rows.count), i.baseAddress, v.baseAddress)
      }
    }
    return Int(j) - 1
  }

  /// Deletes `columns` (0-based, distinct, in range); the columns after each move down, in
  /// order, and the basis statuses of the rest are kept (`glp_del_cols`).
  ///
  /// - Complexity: O(*n* + *z*) for *n* columns and *z* nonzeros.
  public func deleteColumns(_ columns: [Int]) {
    guard !columns.isEmpty else { return }
    let count = columnCount
    var seen = Set<Int>()
    var numbers: [Int32] = [0]
    for j in columns {
      precondition(j >= 0 && j < count, "column \(j) out of range")
      precondition(seen.insert(j).inserted, "column \(j) given twice")
      numbers.append(Int32(j + 1))
    }
    numbers.withUnsafeMutableBufferPointer { glp_del_cols(handle, Int32(columns.count), $0.baseAddress) }
  }

  /// Whether column `column` is basic in the current basis.
  public func isBasic(column: Int) -> Bool {
    precondition(column >= 0 && column < columnCount, "column \(column) out of range")
    return glp_get_col_stat(handle, Int32(column + 1)) == GLP_BS
  }

  /// Makes column `column` integer (or continuous again).
  public func setInteger(_ column: Int, _ integer: Bool) {
    precondition(column >= 0 && column < columnCount, "column \(column) out of range")
    glp_set_col_kind(handle, Int32(column + 1), integer ? GLP_IV : GLP_CV)
  }

  /// Changes the bounds of column `column`.
  public func setColumnBound(_ column: Int, _ bound: Bound) {
    precondition(column >= 0 && column < columnCount, "column \(column) out of range")
    let (type, lo, hi) = Self.apply(bound)
    glp_set_col_bnds(handle, Int32(column + 1), type, lo, hi)
  }

  /// Changes the objective coefficient of column `column`.
  public func setObjective(_ column: Int, _ coefficient: Double) {
    precondition(column >= 0 && column < columnCount, "column \(column) out of range")
    precondition(coefficient.isFinite, "the objective coefficient must be finite")
    glp_set_obj_coef(handle, Int32(column + 1), coefficient)
  }

  // MARK: Simplex

  /// Options of the simplex method (`glp_smcp`).
  public struct SimplexOptions: Sendable {
    /// Which simplex method to use.
    public enum Method: Sendable { case primal, dual, dualThenPrimal }
    public var method: Method = .primal
    /// Wall-clock limit in seconds (`nil`: none); clamped to 1 ms ... 24.8 days; not NaN.
    public var timeLimit: Double? = nil
    /// Whether to use GLPK's LP presolver (which discards the basis: leave off to warm start).
    public var presolve = false
    public init() {}
  }

  /// Solves the LP relaxation by the simplex method, warm-starting from the current basis.
  ///
  /// - Returns: GLPK's return code; read ``status`` for the solution's status.
  @discardableResult
  public func simplex(_ options: SimplexOptions = SimplexOptions()) -> GLPKReturnCode {
    glp_term_out(GLP_OFF)
    var p = glp_smcp()
    glp_init_smcp(&p)
    p.msg_lev = GLP_MSG_OFF
    switch options.method {
    case .primal: p.meth = GLP_PRIMAL
    case .dual: p.meth = GLP_DUAL
    case .dualThenPrimal: p.meth = GLP_DUALP
    }
    if let t = options.timeLimit { p.tm_lim = Self.milliseconds(t) }
    p.presolve = options.presolve ? GLP_ON : GLP_OFF
    return GLPKReturnCode(rawValue: glp_simplex(handle, &p))
  }

  /// Makes every row's auxiliary variable basic and every column nonbasic at a bound
  /// (`glp_std_basis`): the start of a fresh solve, for when the current basis is far from
  /// the new optimum (e.g. after many columns were fixed).
  ///
  /// - Complexity: O(*m* + *n*) for *m* rows and *n* columns.
  public func resetToSlackBasis() {
    glp_std_basis(handle)
  }

  /// GLPK's `tm_lim` (an `Int32` of milliseconds) for a limit in seconds: at least 1 ms (a
  /// zero or negative limit has already passed), at most `Int32.max` ms (24.8 days; larger
  /// limits, infinity included, are clamped rather than trapping on the conversion).
  static func milliseconds(_ seconds: Double) -> Int32 {
    precondition(!seconds.isNaN, "a time limit must be a number")
    let ms = (seconds * 1000).rounded(.up)
    if ms >= Double(Int32.max) { return Int32.max }
    if ms <= 1 { return 1 }
    return Int32(ms)
  }

  /// The status of the basic (LP) solution.
  public var status: GLPKSolutionStatus { GLPKSolutionStatus(rawValue: glp_get_status(handle)) }
  /// The objective value of the basic solution.
  public var objectiveValue: Double { glp_get_obj_val(handle) }
  /// The value of column `column` in the basic solution.
  public func value(ofColumn column: Int) -> Double { glp_get_col_prim(handle, Int32(column + 1)) }
  /// The dual value of row `row` (GLPK's sign convention: reduced cost d_j = c_j - sum_i a_ij y_i).
  public func dual(ofRow row: Int) -> Double { glp_get_row_dual(handle, Int32(row + 1)) }
  /// The reduced cost of column `column` in the basic solution.
  public func reducedCost(ofColumn column: Int) -> Double { glp_get_col_dual(handle, Int32(column + 1)) }
  /// All row duals, index-aligned with the rows.
  public func rowDuals() -> [Double] { (0..<rowCount).map { dual(ofRow: $0) } }

  // MARK: Branch and cut

  /// Options of the branch-and-cut solver (`glp_iocp`).
  public struct IntegerOptions {
    /// Wall-clock limit in seconds (`nil`: none); clamped to 1 ms ... 24.8 days; not NaN.
    public var timeLimit: Double? = nil
    /// Relative gap at which to stop (0: prove optimality).
    public var relativeGap = 0.0
    /// GLPK's MIP presolver; when off, ``simplex(_:)`` must have solved the relaxation first.
    public var presolve = false
    /// Clique cuts (useful for packing problems such as kidney exchange).
    public var cliqueCuts = false
    /// Gomory mixed-integer cuts.
    public var gomoryCuts = false
    /// Feasibility-pump heuristic.
    public var feasibilityPump = false
    /// Simple-rounding heuristic (GLPK's default: on).
    public var simpleRounding = true
    /// Depth-first backtracking instead of best local bound (finds incumbents sooner).
    public var depthFirst = false
    /// Called at every event of the search (new incumbent, heuristic request, node selection).
    public var callback: ((IntegerSearchTree) -> Void)? = nil
    public init() {}
  }

  /// Solves the problem as a mixed-integer program by GLPK's branch and cut.
  ///
  /// - Returns: GLPK's return code (`.ok`, `.timeLimit`, `.stopped`, ...); read
  ///   ``integerStatus`` for the status of the best integer solution.
  @discardableResult
  public func branchAndCut(_ options: IntegerOptions = IntegerOptions()) -> GLPKReturnCode {
    glp_term_out(GLP_OFF)
    var p = glp_iocp()
    glp_init_iocp(&p)
    p.msg_lev = GLP_MSG_OFF
    if let t = options.timeLimit { p.tm_lim = Self.milliseconds(t) }
    p.mip_gap = options.relativeGap
    p.presolve = options.presolve ? GLP_ON : GLP_OFF
    p.clq_cuts = options.cliqueCuts ? GLP_ON : GLP_OFF
    p.gmi_cuts = options.gomoryCuts ? GLP_ON : GLP_OFF
    p.fp_heur = options.feasibilityPump ? GLP_ON : GLP_OFF
    p.sr_heur = options.simpleRounding ? GLP_ON : GLP_OFF
    if options.depthFirst { p.bt_tech = GLP_BT_DFS }
    guard let body = options.callback else {
      return GLPKReturnCode(rawValue: glp_intopt(handle, &p))
    }
    let box = CallbackBox(body: body, columnCount: columnCount)
    return withExtendedLifetime(box) {
      p.cb_info = Unmanaged.passUnretained(box).toOpaque()
      p.cb_func = { tree, info in
        guard let tree, let info else { return }
        let box = Unmanaged<CallbackBox>.fromOpaque(info).takeUnretainedValue()
        box.body(IntegerSearchTree(tree: tree, columnCount: box.columnCount))
      }
      return GLPKReturnCode(rawValue: glp_intopt(handle, &p))
    }
  }

  /// The status of the best integer solution.
  public var integerStatus: GLPKSolutionStatus { GLPKSolutionStatus(rawValue: glp_mip_status(handle)) }
  /// The objective value of the best integer solution.
  public var integerObjectiveValue: Double { glp_mip_obj_val(handle) }
  /// The value of column `column` in the best integer solution.
  public func integerValue(ofColumn column: Int) -> Double { glp_mip_col_val(handle, Int32(column + 1)) }
}

final class CallbackBox {
  let body: (IntegerSearchTree) -> Void
  let columnCount: Int
  init(body: @escaping (IntegerSearchTree) -> Void, columnCount: Int) {
    self.body = body
    self.columnCount = columnCount
  }
}

/// The branch-and-bound tree as seen from a callback of ``LinearProgram/branchAndCut(_:)``.
///
/// ```swift
/// options.callback = { tree in
///   if tree.reason == .betterSolution, let v = tree.incumbentValue, v >= target { tree.terminate() }
/// }
/// ```
///
/// Valid only during the callback.
public struct IntegerSearchTree {
  let tree: OpaquePointer
  let columnCount: Int

  /// Why GLPK called back (`glp_ios_reason`).
  public struct Reason: RawRepresentable, Hashable, Sendable {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public static let rowGeneration = Reason(rawValue: GLP_IROWGEN)
    public static let betterSolution = Reason(rawValue: GLP_IBINGO)
    public static let heuristic = Reason(rawValue: GLP_IHEUR)
    public static let cutGeneration = Reason(rawValue: GLP_ICUTGEN)
    public static let branching = Reason(rawValue: GLP_IBRANCH)
    public static let selection = Reason(rawValue: GLP_ISELECT)
    public static let preprocessing = Reason(rawValue: GLP_IPREPRO)
  }

  /// Why GLPK called back.
  public var reason: Reason { Reason(rawValue: glp_ios_reason(tree)) }

  /// Stops the search; ``LinearProgram/branchAndCut(_:)`` then returns `.stopped`.
  public func terminate() { glp_ios_terminate(tree) }

  /// The objective value of the best integer solution so far, if any.
  public var incumbentValue: Double? {
    let p = glp_ios_get_prob(tree)
    let s = glp_mip_status(p)
    return s == GLP_FEAS || s == GLP_OPT ? glp_mip_obj_val(p) : nil
  }

  /// The best bound over the active nodes (`nil` when the tree is empty).
  public var bestBound: Double? {
    let node = glp_ios_best_node(tree)
    return node == 0 ? nil : glp_ios_node_bound(tree, node)
  }

  /// Offers an integer feasible solution (one value per column) found by a heuristic; only
  /// valid when ``reason`` is `.heuristic`. Returns whether GLPK accepted it.
  @discardableResult
  public func offer(_ values: [Double]) -> Bool {
    precondition(values.count == columnCount, "one value per column")
    var x = [0.0] + values
    return x.withUnsafeMutableBufferPointer { glp_ios_heur_sol(tree, $0.baseAddress) == 0 }
  }
}
