import MatchingCore

/// Deferred acceptance with hard majority quotas, the controlled-choice mechanism of
/// Abdulkadiroglu and Sonmez (2003).
///
/// ```swift
/// let market = try SchoolChoiceMarket(capacities: [2], studentPreferences: [[0], [0]],
///                                     schoolPreferences: [[0, 1]])
/// DeferredAcceptanceWithQuotas(isMinority: [false, false], majorityQuotas: [1]).match(market)
/// // [0, -1]: one majority seat only, the second seat stays empty
/// ```
///
/// School *s* admits applicants by priority but at most `majorityQuotas[s]` majority
/// students; the cap is **hard**: a seat above it stays empty rather than go to a majority
/// student. Students propose as in DA.
///
/// ## Guarantees
/// - **Stable with respect to quotas** (Abdulkadiroglu and Sonmez 2003, controlled choice): no student
///   prefers a school that would choose her from its students and her; a majority student
///   has no claim to a seat left empty by the cap. `MatchingCheckers` reports witnesses.
/// - The **student-optimal** such matching and **strategy-proof** for students
///   (Abdulkadiroglu and Sonmez 2003; Abdulkadiroglu 2005).
/// - **Wasteful** by design, and it can make every minority student worse off than without
///   the quota (Kojima 2012; Hafalir, Yenmez and Yildirim 2013).
///
/// - Complexity: O(*E* log *c*) for total list length *E* and largest capacity *c*.
public struct DeferredAcceptanceWithQuotas: MatchingMechanism {
  /// Whether each student (dense index) is a minority student; missing entries: majority.
  public var isMinority: [Bool]
  /// The cap on majority students per school; `nil` (or a missing entry) for no cap.
  public var majorityQuotas: [Int?]

  /// Creates the mechanism.
  ///
  /// - Parameters:
  ///   - isMinority: per student, minority (`true`) or majority.
  ///   - majorityQuotas: per school, the most majority students it admits (`nil`: no cap).
  public init(isMinority: [Bool], majorityQuotas: [Int?]) {
    self.isMinority = isMinority
    self.majorityQuotas = majorityQuotas
  }

  public var name: String { "da-quotas" }

  /// Runs deferred acceptance with majority quotas.
  ///
  /// - Complexity: O(*E* log *c*).
  public func match(_ market: SchoolChoiceMarket) -> Matching {
    let q = (0..<market.schoolCount).map { s -> Int32 in
      guard s < majorityQuotas.count, let cap = majorityQuotas[s] else { return .max }
      return Int32(clamping: max(0, cap))
    }
    return TypedProposals.run(market, isMinority: isMinority, policy: .majorityQuotas(q))
  }
}
