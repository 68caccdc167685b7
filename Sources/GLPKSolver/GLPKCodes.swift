import CGLPK

/// A return code of a GLPK solver routine (`glp_simplex`, `glp_intopt`): 0 or one of the
/// `GLP_E...` codes, wrapped so that it reads as data rather than as a bare integer.
///
/// ```swift
/// let code = problem.simplex()
/// if code == .timeLimit { /* the basis is feasible but not proven optimal */ }
/// print(code)   // "time limit exceeded (GLP_ETMLIM)"
/// ```
///
/// The pattern is GRDB's `ResultCode`: a `RawRepresentable` struct with named constants, so
/// an unknown future code still round-trips.
public struct GLPKReturnCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  public var rawValue: Int32
  public init(rawValue: Int32) { self.rawValue = rawValue }

  /// The routine finished (which does not by itself mean "optimal": read the status).
  public static let ok = GLPKReturnCode(rawValue: 0)
  public static let invalidBasis = GLPKReturnCode(rawValue: GLP_EBADB)
  public static let singularMatrix = GLPKReturnCode(rawValue: GLP_ESING)
  public static let illConditioned = GLPKReturnCode(rawValue: GLP_ECOND)
  public static let invalidBounds = GLPKReturnCode(rawValue: GLP_EBOUND)
  public static let solverFailed = GLPKReturnCode(rawValue: GLP_EFAIL)
  public static let objectiveLowerLimit = GLPKReturnCode(rawValue: GLP_EOBJLL)
  public static let objectiveUpperLimit = GLPKReturnCode(rawValue: GLP_EOBJUL)
  public static let iterationLimit = GLPKReturnCode(rawValue: GLP_EITLIM)
  public static let timeLimit = GLPKReturnCode(rawValue: GLP_ETMLIM)
  public static let noPrimalFeasible = GLPKReturnCode(rawValue: GLP_ENOPFS)
  public static let noDualFeasible = GLPKReturnCode(rawValue: GLP_ENODFS)
  public static let rootNotOptimal = GLPKReturnCode(rawValue: GLP_EROOT)
  /// The search was stopped by the application (``IntegerSearchTree/terminate()``).
  public static let stopped = GLPKReturnCode(rawValue: GLP_ESTOP)
  public static let mipGapReached = GLPKReturnCode(rawValue: GLP_EMIPGAP)
  public static let noFeasible = GLPKReturnCode(rawValue: GLP_ENOFEAS)
  public static let noConvergence = GLPKReturnCode(rawValue: GLP_ENOCVG)
  public static let instability = GLPKReturnCode(rawValue: GLP_EINSTAB)
  public static let invalidData = GLPKReturnCode(rawValue: GLP_EDATA)
  public static let outOfRange = GLPKReturnCode(rawValue: GLP_ERANGE)

  public var description: String {
    let names: [Int32: (String, String)] = [
      0: ("ok", "0"),
      GLP_EBADB: ("invalid basis", "GLP_EBADB"), GLP_ESING: ("singular matrix", "GLP_ESING"),
      GLP_ECOND: ("ill-conditioned matrix", "GLP_ECOND"), GLP_EBOUND: ("invalid bounds", "GLP_EBOUND"),
      GLP_EFAIL: ("solver failed", "GLP_EFAIL"), GLP_EOBJLL: ("objective lower limit reached", "GLP_EOBJLL"),
      GLP_EOBJUL: ("objective upper limit reached", "GLP_EOBJUL"),
      GLP_EITLIM: ("iteration limit exceeded", "GLP_EITLIM"), GLP_ETMLIM: ("time limit exceeded", "GLP_ETMLIM"),
      GLP_ENOPFS: ("no primal feasible solution", "GLP_ENOPFS"),
      GLP_ENODFS: ("no dual feasible solution", "GLP_ENODFS"),
      GLP_EROOT: ("root LP optimum not provided", "GLP_EROOT"),
      GLP_ESTOP: ("search terminated by application", "GLP_ESTOP"),
      GLP_EMIPGAP: ("relative MIP gap tolerance reached", "GLP_EMIPGAP"),
      GLP_ENOFEAS: ("no primal/dual feasible solution", "GLP_ENOFEAS"),
      GLP_ENOCVG: ("no convergence", "GLP_ENOCVG"), GLP_EINSTAB: ("numerical instability", "GLP_EINSTAB"),
      GLP_EDATA: ("invalid data", "GLP_EDATA"), GLP_ERANGE: ("result out of range", "GLP_ERANGE"),
    ]
    if let (text, symbol) = names[rawValue] { return "\(text) (\(symbol))" }
    return "GLPK return code \(rawValue)"
  }
}

/// The status of a solution held by a problem (`glp_get_status`, `glp_mip_status`).
///
/// ```swift
/// problem.simplex()
/// problem.status == .optimal   // true when the basic solution is proven optimal
/// ```
public struct GLPKSolutionStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  public var rawValue: Int32
  public init(rawValue: Int32) { self.rawValue = rawValue }

  public static let undefined = GLPKSolutionStatus(rawValue: GLP_UNDEF)
  public static let feasible = GLPKSolutionStatus(rawValue: GLP_FEAS)
  public static let infeasible = GLPKSolutionStatus(rawValue: GLP_INFEAS)
  public static let noFeasible = GLPKSolutionStatus(rawValue: GLP_NOFEAS)
  public static let optimal = GLPKSolutionStatus(rawValue: GLP_OPT)
  public static let unbounded = GLPKSolutionStatus(rawValue: GLP_UNBND)

  public var description: String {
    switch rawValue {
    case GLP_UNDEF: "undefined"
    case GLP_FEAS: "feasible"
    case GLP_INFEAS: "infeasible"
    case GLP_NOFEAS: "no feasible solution"
    case GLP_OPT: "optimal"
    case GLP_UNBND: "unbounded"
    default: "GLPK status \(rawValue)"
    }
  }
}

/// A GLPK routine failed in a way the caller cannot read as a solver outcome.
public struct GLPKError: Error, Sendable, CustomStringConvertible {
  /// The routine, e.g. `glp_simplex`.
  public var routine: String
  /// What it returned.
  public var code: GLPKReturnCode

  public init(routine: String, code: GLPKReturnCode) {
    self.routine = routine
    self.code = code
  }

  public var description: String { "\(routine) failed: \(code)" }
}

/// The version string of the linked GLPK library, e.g. "5.0".
public var glpkVersion: String { String(cString: glp_version()) }
