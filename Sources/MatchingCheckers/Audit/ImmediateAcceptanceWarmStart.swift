import MatchingCore

/// Evaluates a student's misreports under immediate acceptance (the Boston mechanism) by
/// continuing from the outcome without her, instead of rerunning from scratch.
///
/// ```swift
/// var search = ManipulationSearch(mechanism: ImmediateAcceptance(), side: .students,
///                                 misreports: .heuristic)
/// search.accelerator = ImmediateAcceptanceWarmStart()
/// try search.run(on: market).manipulableAgents   // the same witnesses as full reruns
/// ```
///
/// Boston's outcome is the outcome of student-proposing deferred acceptance under
/// **modified priorities**: school *s* ranks applicants first by the position of *s* in
/// their lists (a student ranking *s* first beats every student ranking it second), then by
/// their strict rank at *s*. So, as ``DeferredAcceptanceWarmStart`` does for DA, for a block
/// of students it runs this DA once with all of them absent; for student *i* of the block it
/// adds the others back by their rejection chains (the outcome without *i*); then, for each
/// of her reports, it lets her propose down the report from that state, each proposal keyed
/// by its position in the report, and undoes her chain afterwards.
///
/// In Boston's terms her chain reads: applying at school *s* in round *r*, she is rejected
/// if *s* was full before round *r*; if *s* still had a seat after round *r*, she takes it,
/// and if *s* ends up full the student admitted there last (latest round, then worst rank)
/// loses his seat; if round *r* filled *s*, she takes the seat of its worst round-*r*
/// admittee when she outranks him. A displaced student, admitted in round *r'*, goes on with
/// his choice *r'* + 1 in round *r'* + 1, exactly as if inserted there.
///
/// Why this is Boston (with everyone's reports fixed): let π*ₛ* order applicants by
/// (position of *s* in the applicant's list, strict rank at *s*), a strict order fixed before
/// any run. Run DA under π in synchronous rounds. Invariant at the start of round *r*: every
/// held student holds the school at a position below *r* in her list, and every student not
/// held was rejected by each of her first *r* choices. Then the unheld students propose to
/// their *r*-th choices; school *s* holds students of positions below *r*, who beat every
/// position-*r* newcomer under π, so it keeps all of them and the best newcomers by strict
/// rank while seats remain, and rejects the rest. That is exactly Boston's round *r*, and no
/// held student is ever rejected, so the invariant carries over. DA's outcome does not depend
/// on the order of proposals (Dubins and Freedman 1981; McVitie and Wilson 1970), so adding
/// one student at a time by rejection chains gives the same outcome. A misreport changes π
/// only at the misreporting student's own entries, whose positions the chain takes from her
/// report.
///
/// It handles the students' side of school-choice markets; for the schools' side the search
/// reruns the mechanism. It is a second implementation of Boston, so the search checks it
/// against the audited mechanism (see ``MisreportAccelerator``).
///
/// - Complexity: per block of *b* students, one run O(*E* log *c*) for total list length *E*
///   and largest capacity *c*; per student, *b* − 1 rejection chains; per misreport, one
///   chain, each O(length · log *c*).
public struct ImmediateAcceptanceWarmStart: MisreportAccelerator {
  public typealias Market = SchoolChoiceMarket

  public init() {}

  public func makeSession(
    for market: SchoolChoiceMarket, side: SchoolChoiceSide
  ) -> (any MisreportSession)? {
    side == .students ? WarmStartSession(market, byListPosition: true) : nil
  }
}
