import MatchingCore

/// Kesten's efficiency-adjusted deferred acceptance (EADAM), with consent.
///
/// ```swift
/// let market = try SchoolChoiceMarket(capacities: [1, 1, 1],
///     studentPreferences: [[1, 0, 2], [0, 1, 2], [0, 2]],
///     schoolPreferences: [[0, 2, 1], [1, 0, 2], [2, 1, 0]])
/// EfficiencyAdjustedDeferredAcceptance().match(market).assignment   // [1, 0, 2]; DA gives [0, 1, 2]
/// ```
///
/// Student-proposing DA can leave students stuck in a Pareto-dominated matching because an
/// *interrupter* (a student who is tentatively held at a school she will lose anyway) makes
/// others be rejected there. Kesten (2010) asks students to **consent** to waive their
/// priority at such schools; EADAM then reruns DA without the consenting interrupters'
/// claims until none is left.
///
/// Two algorithms compute the same outcome (``Algorithm``):
/// - ``Algorithm/rotateRemove`` (the default), after Faenza and Zhang (2022): one DA run,
///   then each school walks down its priority list from its worst DA student; a school
///   points to the school of the first student below that line who prefers it, and cycles
///   of such pointers are carried out (every student on a cycle moves up her list). A school
///   whose walk runs off its list is *underdemanded* and settles with its students; a
///   consenting student settled there is skipped by the walks, a non-consenting one stops
///   every walk that reaches her (her priority stands). Each school's walk only moves
///   forward, so the whole is one pass over the lists after DA.
/// - ``Algorithm/tangYuRounds``, Tang and Yu's (2014) *simplified EADAM*: run DA; settle
///   every student held at an underdemanded school (one that rejected nobody) or
///   unassigned, and remove her with her school; a settled student who does not consent
///   keeps her priority, so every remaining student of lower priority at a school she wanted
///   drops that school; rerun DA on the rest, until everyone is settled. A DA run per round
///   (tens to hundreds of rounds on large markets).
///
/// ## Guarantees
/// - Every student is **weakly better off than under DA** (Kesten 2010, Thm. 1).
/// - With **full consent** the outcome is **Pareto efficient** (Kesten 2010, Thm. 1; Tang and
///   Yu 2014, Thm. 1); with partial consent it is Pareto efficient among matchings that
///   violate only consenting students' priorities.
/// - No non-consenting student has justified envy (Kesten 2010, Prop. 3).
/// - **Not strategy-proof** (Kesten 2010, Prop. 4: no Pareto-improvement of DA is), and not
///   stable; a student never loses by consenting (Kesten 2010, Prop. 2).
/// - The outcome equals Kesten's original interrupter algorithm (Tang and Yu 2014, Thm. 1)
///   and, when everyone consents, the student-optimal legal matching (Faenza and Zhang
///   2022); the tests compare both algorithms with an independent
///   implementation of Kesten's on random markets, with full and partial consent.
///
/// - Complexity: ``Algorithm/rotateRemove``: O(*E* log *c* + *R* + *m*) for total list
///   length *E*, largest capacity *c*, *m* schools and *R* the sum of the schools' rank
///   bounds (about *E*). ``Algorithm/tangYuRounds``: O(*T* · *E* log *c*) for *T* rounds
///   (at most *m* + 1; one school at least settles each round).
public struct EfficiencyAdjustedDeferredAcceptance: MatchingMechanism {
  /// How the outcome is computed; both give the same matching.
  public enum Algorithm: Sendable, Hashable {
    /// One DA run, then the schools' walks down their priority lists with cycles carried
    /// out and underdemanded schools removed (Faenza and Zhang 2022's reverse
    /// rotate-remove).
    case rotateRemove
    /// Tang and Yu's (2014) rounds: DA, settle the underdemanded schools, rerun DA on the
    /// rest.
    case tangYuRounds
  }

  /// Whether each student consents to waive her priority (`nil`: everyone consents).
  public var consent: [Bool]?
  /// The algorithm (default ``Algorithm/rotateRemove``).
  public var algorithm: Algorithm

  /// Creates the mechanism.
  ///
  /// - Parameters:
  ///   - consent: per student (dense index), whether she consents; `nil` for everyone.
  ///     Students beyond the array's end consent.
  ///   - algorithm: how to compute the outcome; the default is the fast one.
  public init(consent: [Bool]? = nil, algorithm: Algorithm = .rotateRemove) {
    self.consent = consent
    self.algorithm = algorithm
  }

  public var name: String { "eadam" }

  /// Runs EADAM.
  ///
  /// - Parameter market: the reports and the tie-broken priorities (EADAM uses the strict
  ///   ranks).
  /// - Returns: each student's school, or -1.
  /// - Complexity: see the type's documentation.
  public func match(_ market: SchoolChoiceMarket) -> Matching {
    let assignment: [Int32]
    switch algorithm {
    case .rotateRemove: assignment = rotateRemove(market)
    case .tangYuRounds: assignment = tangYuRounds(market)
    }
    let result = Matching(assignment: assignment)
    result._checkFeasible(in: market)
    return result
  }

  /// Whether student `i` consents.
  @inline(__always)
  func consents(_ i: Int) -> Bool {
    guard let consent, i < consent.count else { return true }
    return consent[i]
  }
}
