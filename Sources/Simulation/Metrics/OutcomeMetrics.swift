import MatchingCheckers
import MatchingCore

/// What one mechanism did to one market: where students landed in their lists, who is left
/// out, and how much justified envy remains.
///
/// ```swift
/// let matching = DeferredAcceptance().match(market)
/// let metrics = OutcomeMetrics(matching, in: market)
/// metrics.firstChoice   // students assigned their first choice
/// metrics.blockingPairs // 0: deferred acceptance is stable
/// ```
///
/// Justified envy is measured against the **weak** priority classes, the priorities the
/// district actually has: student *i* has justified envy for school *s* when she prefers *s*
/// to her assignment and *s*, full, admitted a student in a strictly lower priority class at
/// *s* (Abdulkadiroglu and Sonmez 2003). A lottery number alone never justifies envy. A
/// **blocking pair** is a pair (*i*, *s*) where *i* prefers *s* to her assignment and *s*
/// either has a seat left (waste) or admitted someone of strictly lower class than *i*
/// (justified envy). A matching is stable (with respect to the weak priorities) exactly when
/// it has no blocking pair and every student holds a school on her list. The counts are the
/// lead's checkers' (`stabilityReport(of:standard:limit:)`, one O(*E*) pass).
public struct OutcomeMetrics: Sendable, Hashable, Codable {
  /// Number of students.
  public var students: Int
  /// `rankCounts[r]`: students assigned the school at position *r* of their list (0 = first).
  public var rankCounts: [Int]
  /// Students left without a school.
  public var unassigned: Int
  /// Students with justified envy for at least one school.
  public var envyStudents: Int
  /// Blocking pairs (justified-envy pairs plus pairs with a school that has a free seat).
  public var blockingPairs: Int
  /// Students audited for profitable misreports, when the audit ran (a sample).
  public var audited: Int?
  /// Audited students who could get a better school by misreporting, when the audit ran.
  public var manipulable: Int?
  /// Students placed strictly higher in their lists than under student-proposing DA on the
  /// same market (``comparison(_:with:in:)``); set by a study.
  public var betterThanDA: Int?
  /// Students placed strictly lower than under DA; set by a study.
  public var worseThanDA: Int?

  /// Creates metrics from their parts.
  public init(
    students: Int, rankCounts: [Int], unassigned: Int, envyStudents: Int, blockingPairs: Int,
    audited: Int? = nil, manipulable: Int? = nil
  ) {
    self.students = students
    self.rankCounts = rankCounts
    self.unassigned = unassigned
    self.envyStudents = envyStudents
    self.blockingPairs = blockingPairs
    self.audited = audited
    self.manipulable = manipulable
  }

  /// Students assigned their first choice.
  public var firstChoice: Int { rankCounts.first ?? 0 }

  /// Students assigned one of their first `r` choices.
  public func topChoices(_ r: Int) -> Int { rankCounts.prefix(r).reduce(0, +) }

  /// Measures `matching` on `market`, with a rank histogram of `maxRank` positions (at least
  /// the longest position used).
  ///
  /// The counts come from the checkers: ``SchoolChoiceMarket/rankDistribution(of:)`` and
  /// ``SchoolChoiceMarket/stabilityReport(of:standard:limit:)`` with the weak standard.
  ///
  /// - Parameters:
  ///   - matching: each student's school or -1.
  ///   - market: the market the mechanism ran on (its current, reported lists).
  ///   - maxRank: histogram length; `nil` uses the longest position held.
  /// - Complexity: O(*n* + *m* + *E*) for *n* students, *m* schools and total list length *E*.
  public init(_ matching: Matching, in market: SchoolChoiceMarket, maxRank: Int? = nil) {
    precondition(matching.count == market.studentCount, "the matching must cover every student")
    let distribution = market.rankDistribution(of: matching)
    var counts = distribution.counts
    if let maxRank, counts.count < maxRank {
      counts += [Int](repeating: 0, count: maxRank - counts.count)
    }
    let stability = market.stabilityReport(of: matching, standard: .weak, limit: 0)
    self.init(
      students: market.studentCount, rankCounts: counts, unassigned: distribution.unassigned,
      envyStudents: stability.studentsWithJustifiedEnvy,
      blockingPairs: stability.blockingPairCount)
  }
}
