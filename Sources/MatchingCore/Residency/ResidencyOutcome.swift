/// What a residency mechanism returns: a matching (when it has one) and what is known about
/// its stability.
///
/// ```swift
/// let outcome = try RothPeranson().match(market)
/// outcome.status     // .stable, or .unstable when the algorithm gave up
/// ```
public struct ResidencyOutcome: Sendable, Hashable {
  /// What the mechanism established.
  public enum Status: String, Sendable, Hashable {
    /// The matching is stable (verified).
    case stable
    /// The mechanism ended with a matching that is not stable (Roth-Peranson gave up, or
    /// stopped at a blocking coalition).
    case unstable
    /// Proven: the market has no stable matching (exact methods only).
    case noStableMatching = "no_stable_matching"
    /// The time limit ended the search before it proved an answer.
    case timeLimit = "time_limit"
  }

  /// The matching, when there is one (none for ``Status/noStableMatching``, nor for a time
  /// limit reached before any stable matching was found).
  public var matching: Matching?
  /// What is known.
  public var status: Status
  /// Work done: instability resolutions (Roth-Peranson) or branch-and-bound runs (exact).
  public var iterations: Int
  /// For an exact search with an objective: whether the matching is proven optimal.
  public var provenOptimal: Bool

  public init(matching: Matching?, status: Status, iterations: Int = 0, provenOptimal: Bool = false) {
    self.matching = matching
    self.status = status
    self.iterations = iterations
    self.provenOptimal = provenOptimal
  }
}

/// Any mechanism for a residency market with couples.
public typealias ResidencyMechanism = MatchingMechanism<ResidencyMarket, ResidencyOutcome>
