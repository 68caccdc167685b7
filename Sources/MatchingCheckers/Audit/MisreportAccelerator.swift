import MatchingCore

/// A faster way to compute what one agent gets under each of her misreports, for one specific
/// mechanism; the search checks it against the mechanism itself as it goes.
///
/// ```swift
/// var search = ManipulationSearch(mechanism: DeferredAcceptance(), side: .students,
///                                 misreports: .heuristic)
/// search.accelerator = DeferredAcceptanceWarmStart()   // same witnesses, far fewer full runs
/// ```
///
/// Without an accelerator the search reruns the mechanism for every misreport, which works
/// for any mechanism but costs a full run each time. An accelerator exploits what it knows
/// about one mechanism (for deferred acceptance: the outcome is independent of the order of
/// proposals, so a misreport can be evaluated by continuing from the run without the agent).
/// Because it is a second implementation, the search never takes it on trust: for every
/// agent it checks the accelerator's answer for the **truthful** report against the
/// mechanism's truthful outcome, and for one misreport in
/// ``ManipulationSearch/verificationInterval`` it also runs the mechanism and compares. Any
/// disagreement stops the audit with ``AuditError/acceleratorDisagrees(agent:misreport:mechanism:accelerator:)``.
public protocol MisreportAccelerator<Market>: Sendable {
  associatedtype Market: ManipulableMarket

  /// A session for one worker thread on `market`, or `nil` when the accelerator does not
  /// handle reports on `side` (the search then reruns the mechanism).
  func makeSession(for market: Market, side: Market.ReportingSide) -> (any MisreportSession)?
}

/// One worker's scratch state for a ``MisreportAccelerator``.
public protocol MisreportSession: AnyObject {
  /// Announces the agents this worker is about to audit, in order (a session may share work
  /// between them).
  func prepare(batch: [Int])
  /// Prepares to evaluate reports by `agent` (one of the batch), everyone else truthful.
  func begin(agent: Int)
  /// What the agent holds when she reports `report` (an ordered subset of her truthful
  /// report), everyone else truthful.
  func holdings(reporting report: [Int]) -> [Int]
}

/// Why an audit stopped.
public enum AuditError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The accelerator's answer differs from the mechanism's: the accelerator does not compute
  /// this mechanism (or one of the two is wrong). Nothing the audit found can be trusted.
  case acceleratorDisagrees(agent: Int, misreport: [Int], mechanism: [Int], accelerator: [Int])

  public var description: String {
    switch self {
    case .acceleratorDisagrees(let a, let r, let m, let x):
      "the accelerator disagrees with the mechanism for agent \(a) reporting \(r): the mechanism gives \(m), the accelerator \(x)"
    }
  }
}
