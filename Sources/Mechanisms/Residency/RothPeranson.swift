import MatchingCore

/// The Roth-Peranson algorithm: the applicant-proposing match of the US National Resident
/// Matching Program, with couples.
///
/// ```swift
/// let outcome = RothPeranson().match(market)
/// outcome.status     // .stable, or .unstable when it gave up
/// outcome.matching   // a program per applicant
/// ```
///
/// ## Detailed design
///
/// 1. Singles propose down their lists as in applicant-proposing deferred acceptance
///    (Gale and Shapley 1962); couples are held back.
/// 2. Couples enter one at a time. A couple applies down its joint list to the first pair
///    whose programs would both take its members; the applicants they displace go on a stack.
///    A displaced single resumes proposing below the program that dropped her; a couple with
///    a displaced member withdraws its other member too and resumes below the pair it held.
/// 3. **Instability chaining.** A withdrawal frees a seat, and an applicant rejected there
///    earlier may now block. When the stack is empty, the programs that lost an applicant by
///    withdrawal are examined: the first blocking single or couple found moves to its best
///    blocking choice, and the chain resumes. Each such move counts against
///    ``iterationLimit``.
///
/// A run that ends unstable (the iteration limit stopped the chaining) returns the matching
/// with the fewest blocking coalitions among those it passed through at its checkpoints
/// (every 1/64 of the limit) and the one where it stopped: still reported unstable, but the
/// closest to stable it saw (``returnsFewestBlocking``), and `stable` when that count is 0
/// (the chaining passed through a stable matching and left it to seat couples still waiting).
///
/// The result is judged by a full scan with the stability definition of Roth and Peranson
/// (1999) and Biró, Manlove and McBride (2014) (`MatchingCore.ResidencyMarket`): the
/// outcome is `ResidencyOutcome.Status.stable` only when nothing blocks, and
/// `ResidencyOutcome.Status.unstable` otherwise (the loop cycled past the limit).
///
/// ## Guarantees
///
/// - Without couples this is applicant-proposing deferred acceptance: the applicant-optimal
///   stable matching (Gale and Shapley 1962; Roth 1984).
/// - With couples a stable matching may not exist (Roth 1984; Klaus and Klijn 2005), and the
///   algorithm may cycle even when one does (Klaus, Klijn and Massó 2007); it never reports
///   a matching stable unless the full scan finds no blocking coalition.
/// - Roth and Peranson (1999), *The redesign of the matching market for American physicians*,
///   AER 89(4): on NRMP data it almost always ends stable.
///
/// - Complexity: O(*E* log *q* + *C* + *R* · (*E* + *C*)) in the worst case for *E* single
///   entries, *C* couple entries, largest capacity *q* and *R* resolutions (at most
///   ``iterationLimit``); in practice close to deferred acceptance.
public struct RothPeranson: MatchingMechanism {
  public typealias Market = ResidencyMarket
  public typealias Outcome = ResidencyOutcome

  /// The most instability resolutions before giving up (`nil`: 10 per applicant, at least
  /// 1,000).
  public var iterationLimit: Int?
  /// Whether a run that ends unstable returns, of the matchings it passed through at its
  /// checkpoints (every 1/64 of the iteration limit) and where it stopped, one with the
  /// fewest blocking coalitions (default), rather than simply where it stopped.
  public var returnsFewestBlocking: Bool

  public var name: String { "roth-peranson" }

  /// Creates the mechanism.
  ///
  /// - Parameters:
  ///   - iterationLimit: the most instability resolutions before it gives up.
  ///   - returnsFewestBlocking: when the run ends unstable, return the matching with the
  ///     fewest blocking coalitions among those checkpointed (and the final one).
  public init(iterationLimit: Int? = nil, returnsFewestBlocking: Bool = true) {
    precondition(iterationLimit.map { $0 >= 0 } ?? true, "the iteration limit must be non-negative")
    self.iterationLimit = iterationLimit
    self.returnsFewestBlocking = returnsFewestBlocking
  }

  /// Runs the algorithm.
  ///
  /// - Parameter market: the residency market.
  /// - Returns: the matching, `ResidencyOutcome.Status.stable` or
  ///   `ResidencyOutcome.Status.unstable`, and the number of resolutions.
  public func match(_ market: ResidencyMarket) -> ResidencyOutcome {
    var state = RothPeransonState(market)
    let limit = iterationLimit ?? max(1000, 10 * market.applicantCount)
    if returnsFewestBlocking { state.checkpointEvery = max(1, limit / 64) }
    // The full scan decides, also when the limit stopped a chaining that had nothing left
    // to resolve.
    _ = state.run(limit: limit)
    var stable = state.isStable()
    var assignment = state.assign
    if !stable && returnsFewestBlocking, let kept = state.fewest, kept.count < state.blockingCount() {
      // A checkpoint with nothing blocking is a stable matching the chaining passed through.
      assignment = kept.assign
      stable = kept.count == 0
    }
    return ResidencyOutcome(
      matching: Matching(assignment: assignment), status: stable ? .stable : .unstable,
      iterations: state.iterations)
  }
}
