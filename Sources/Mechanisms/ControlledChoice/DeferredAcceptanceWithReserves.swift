import MatchingCore

/// Deferred acceptance with soft minority reserves (Hafalir, Yenmez and Yildirim 2013).
///
/// ```swift
/// let market = try SchoolChoiceMarket(capacities: [1], studentPreferences: [[0], [0]],
///                                     schoolPreferences: [[0, 1]])
/// DeferredAcceptanceWithReserves(isMinority: [false, true], reserves: [1]).match(market)
/// // [-1, 0]: the one seat is reserved for the minority student 1
/// ```
///
/// School *s* reserves `reserves[s]` of its seats for minority students: choosing among its
/// applicants, it first takes the best minority applicants up to the reserve, then fills the
/// remaining seats by priority from everyone left. A reserve is **soft**: seats no minority
/// student wants go to majority students. Students propose as in DA.
///
/// ## Guarantees
/// - **Stable with respect to reserves** (Hafalir, Yenmez and Yildirim 2013, Thm. 1): no
///   student prefers a school that would choose her from its students and her (no waste, no
///   justified envy: a student with higher priority of the same type, a minority student
///   over a majority one with lower priority, or a minority student while the reserve is
///   unfilled); `MatchingCheckers` reports the witnesses.
/// - The **student-optimal** such matching, and **strategy-proof** for students (Hafalir,
///   Yenmez and Yildirim 2013, Thm. 1–2; Hatfield and Milgrom 2005).
/// - With no minority students or no reserves it is DA.
/// - It **weakly Pareto-dominates DA with the corresponding majority quotas** (reserve =
///   capacity − quota) (Hafalir, Yenmez and Yildirim 2013), where quotas can make every
///   minority student worse off (Kojima 2012). The tests check the domination on random
///   markets.
///
/// - Complexity: O(*E* log *c*) for total list length *E* and largest capacity *c*.
public struct DeferredAcceptanceWithReserves: MatchingMechanism {
  /// Whether each student (dense index) is a minority student; missing entries: majority.
  public var isMinority: [Bool]
  /// Seats reserved for minority students at each school; missing entries: none.
  public var reserves: [Int]

  /// Creates the mechanism.
  ///
  /// - Parameters:
  ///   - isMinority: per student, minority (`true`) or majority.
  ///   - reserves: per school, the minority reserve (0 for none).
  public init(isMinority: [Bool], reserves: [Int]) {
    self.isMinority = isMinority
    self.reserves = reserves
  }

  public var name: String { "da-reserves" }

  /// Runs deferred acceptance with minority reserves.
  ///
  /// - Complexity: O(*E* log *c*).
  public func match(_ market: SchoolChoiceMarket) -> Matching {
    let r = (0..<market.schoolCount).map { s in s < reserves.count ? Int32(clamping: max(0, reserves[s])) : 0 }
    return TypedProposals.run(market, isMinority: isMinority, policy: .reserves(r))
  }
}
