import GLPKSolver
import Testing

/// The GLPK wrapper on problems with known answers.
struct GLPKSolverTests {
  @Test func simplexSolvesATextbookLP() {
    // max 3x + 2y  s.t. x + y <= 4, x + 3y <= 7, x <= 3  ->  x = 3, y = 1, value 11.
    let lp = LinearProgram(direction: .maximize)
    let r = lp.addRows(3, bound: .upper(0))
    lp.setRowBound(r.lowerBound, .upper(4))
    lp.setRowBound(r.lowerBound + 1, .upper(7))
    lp.setRowBound(r.lowerBound + 2, .upper(3))
    lp.addColumn(objective: 3, rows: [0, 1, 2], values: [1, 1, 1])
    lp.addColumn(objective: 2, rows: [0, 1], values: [1, 3])
    #expect(lp.simplex() == .ok)
    #expect(lp.status == .optimal)
    #expect(abs(lp.objectiveValue - 11) < 1e-9)
    #expect(abs(lp.value(ofColumn: 0) - 3) < 1e-9)
    #expect(abs(lp.value(ofColumn: 1) - 1) < 1e-9)
    // Duals: row 0 has dual 2, row 1 (slack) 0, row 2 has 1.
    #expect(abs(lp.dual(ofRow: 0) - 2) < 1e-9)
    #expect(abs(lp.dual(ofRow: 1)) < 1e-9)
    #expect(abs(lp.dual(ofRow: 2) - 1) < 1e-9)
  }

  @Test func branchAndCutSolvesAKnapsackAndCallsBack() {
    // max 5a + 4b + 3c  s.t. 2a + 3b + c <= 5, binaries  ->  a = c = 1 (8)? or a=b=1 (9, weight 5).
    let lp = LinearProgram(direction: .maximize)
    lp.addRows(1, bound: .upper(5))
    for (c, w) in [(5.0, 2.0), (4, 3), (3, 1)] { lp.addColumn(objective: c, bound: .range(0, 1), integer: true, rows: [0], values: [w]) }
    #expect(lp.simplex() == .ok)
    var events = 0
    var options = LinearProgram.IntegerOptions()
    options.callback = { tree in
      events += 1
      if tree.reason == .betterSolution { #expect(tree.incumbentValue != nil) }
    }
    #expect(lp.branchAndCut(options) == .ok)
    #expect(lp.integerStatus == .optimal)
    #expect(lp.integerObjectiveValue == 9)
    #expect(events > 0)
  }

  /// 12 binaries with sum <= 7.5: the LP optimum is 7.5, so branch and bound must run and
  /// reports an incumbent through the callback.
  static func fractionalKnapsack() -> LinearProgram {
    let lp = LinearProgram(direction: .maximize)
    lp.addRows(1, bound: .upper(7.5))
    for _ in 0..<12 { lp.addColumn(objective: 1, bound: .range(0, 1), integer: true, rows: [0], values: [1]) }
    #expect(lp.simplex() == .ok)
    #expect(abs(lp.objectiveValue - 7.5) < 1e-9)
    return lp
  }

  @Test func terminatingFromTheCallbackStopsTheSearch() {
    // Left alone, the search proves 7 optimal and returns .ok ...
    let free = Self.fractionalKnapsack()
    #expect(free.branchAndCut() == .ok)
    #expect(free.integerStatus == .optimal)
    #expect(free.integerObjectiveValue == 7)
    // ... terminated at its first incumbent, it returns exactly .stopped (GLP_ESTOP), keeps
    // that incumbent, and does not claim it optimal.
    let lp = Self.fractionalKnapsack()
    var incumbents = 0
    var options = LinearProgram.IntegerOptions()
    options.callback = { tree in
      if tree.reason == .betterSolution {
        incumbents += 1
        tree.terminate()
      }
    }
    let code = lp.branchAndCut(options)
    #expect(incumbents == 1)
    #expect(code == .stopped)
    #expect(lp.integerStatus == .feasible)
    #expect(lp.integerObjectiveValue >= 1 && lp.integerObjectiveValue <= 7)
  }

  @Test(arguments: [Double.infinity, 1e300, Double(Int32.max), 0, -5, -Double.infinity, 1e-12])
  func anyTimeLimitConvertsToGLPKsMilliseconds(limit: Double) {
    // tm_lim is an Int32 of milliseconds: the conversion clamps instead of trapping.
    let lp = Self.fractionalKnapsack()
    var simplex = LinearProgram.SimplexOptions()
    simplex.timeLimit = limit
    let code = lp.simplex(simplex)
    #expect(code == .ok || code == .timeLimit)
    var integer = LinearProgram.IntegerOptions()
    integer.timeLimit = limit
    let mip = lp.branchAndCut(integer)
    #expect(mip == .ok || mip == .timeLimit)
    if limit > 1 {
      #expect(code == .ok && mip == .ok && lp.integerObjectiveValue == 7)
    }
  }

  @Test func returnCodesDescribeThemselves() {
    #expect(GLPKReturnCode.timeLimit.description == "time limit exceeded (GLP_ETMLIM)")
    #expect(GLPKReturnCode(rawValue: 999).description == "GLPK return code 999")
    #expect(GLPKSolutionStatus.optimal.description == "optimal")
    #expect(glpkVersion.hasPrefix("5.") || glpkVersion.hasPrefix("4."))
  }
}
