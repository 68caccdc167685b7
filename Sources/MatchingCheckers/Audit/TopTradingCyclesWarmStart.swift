import MatchingCore

/// Evaluates a student's misreports under school-choice top trading cycles by resuming a run
/// in which she was held back, instead of rerunning from scratch.
///
/// ```swift
/// var search = ManipulationSearch(mechanism: SchoolChoiceTopTradingCycles(), side: .students,
///                                 misreports: .heuristic)
/// search.accelerator = TopTradingCyclesWarmStart()
/// try search.run(on: market).noneFound   // true (TTC is strategy-proof), with a fraction of the work
/// ```
///
/// Student *i* is **frozen**: she points nowhere, so a path of pointers that reaches her
/// stops there. The run clears every cycle that avoids her until none is left; every student
/// still in the market then has a path of pointers that ends at *i* (she is **blocked**).
/// For each of *i*'s reports the session resumes from that checkpoint: *i* points down her
/// report, schools she left out skip her, and path following from *i* clears cycles until
/// she leaves the market with a school or with nothing. The changes are logged and undone,
/// so the next report resumes from the same checkpoint.
///
/// Why this is TTC (Abdulkadiroglu and Sonmez 2003), with everyone else's reports fixed:
/// - A cycle of the pointer graph stays a cycle until it is cleared: clearing another cycle
///   or removing a student with nothing left changes only the pointers of those who pointed
///   into what was removed, and a cycle's members point to one another. So the outcome does
///   not depend on the order in which cycles are cleared (the property path following
///   already relies on), and any partial run can be completed into the full one.
/// - A cycle that avoids *i* is a cycle whatever *i* reports, as long as her report is a
///   subset of her truthful list (the audit's misreports are): its students' lists are
///   untouched, and its schools point to someone other than *i*, who is still their best
///   remaining applicant when *i* applies to fewer schools.
/// - Blocked is permanent while *i* is frozen: a blocked student's school points to a
///   blocked student (or to *i*), none of whom can leave, so neither her school's seats nor
///   its pointer change.
///
/// So the checkpoint is a state the run on *i*'s misreport reaches, and resuming from it
/// gives *i* exactly the school the full run gives her. As ``DeferredAcceptanceWarmStart``
/// does, a block of students is frozen together first (one run for the block), and for each
/// student of the block the others are released and the run continues with her alone frozen.
///
/// It handles the students' side of school-choice markets; for the schools' side the search
/// reruns the mechanism. It is a second implementation of TTC, so the search checks it
/// against the audited mechanism (see ``MisreportAccelerator``).
///
/// - Complexity: per block, one run O(*n* + *m* + *E*) for *n* students, *m* schools and
///   total list length *E*; per student, a copy O(*n* + *m*) and the run released by the
///   block's other members; per misreport, the paths followed from the student, each step
///   O(1) amortised over the pointers' forward moves.
public struct TopTradingCyclesWarmStart: MisreportAccelerator {
  public typealias Market = SchoolChoiceMarket

  public init() {}

  public func makeSession(
    for market: SchoolChoiceMarket, side: SchoolChoiceSide
  ) -> (any MisreportSession)? {
    side == .students ? TopTradingCyclesSession(market) : nil
  }
}
