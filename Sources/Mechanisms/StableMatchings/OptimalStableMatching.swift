import MatchingCore

/// A rule that picks one stable matching of a two-sided market: student-optimal,
/// school-optimal, egalitarian, minimum-regret or median.
///
/// ```swift
/// let rule = OptimalStableMatching(.egalitarian)
/// let matching = try rule.match(market)   // stable, least total cost
/// ```
///
/// Every selection is a mechanism behind ``MatchingMechanism``, so the checkers and the
/// strategy-proofness audit take it like deferred acceptance.
///
/// ## Guarantees
/// - Every selection returns a **stable** matching of the strict (tie-broken) market, and by
///   the rural hospitals theorem they all assign the same students and fill the same seats
///   (Roth 1986).
/// - `studentOptimal` is student-proposing deferred acceptance (strategy-proof for students,
///   Dubins and Freedman 1981); `schoolOptimal` is school-proposing DA.
/// - `egalitarian` minimises students' plus schools' costs (Irving, Leather and Gusfield
///   1987); `minimumRegret` minimises the largest single cost (Gusfield 1987); `median`
///   gives each student her median partner over all stable matchings, which is itself stable
///   (Teo and Sethuraman 1998).
/// - The student-optimal rule is the only stable rule that is strategy-proof for students
///   (Alcalde and Barberà 1994): every other selection gives some student in some market a
///   profitable misreport; `docs/Guides/StableMatchings.md` shows a market where a student
///   gains against the egalitarian rule.
///
/// - Complexity: student- and school-optimal: one DA run. Egalitarian and minimum-regret:
///   the rotation poset (see ``RotationPoset``: about linear in the total list length *E* on
///   one-to-one markets), plus a maximum flow or a binary search over closures. Median: the full enumeration of the *N*
///   stable matchings, polynomial time per matching, so exponential in the worst case.
public struct OptimalStableMatching: MatchingMechanism {
  /// Which stable matching to pick.
  public enum Selection: Sendable, Hashable, CaseIterable {
    case studentOptimal
    case schoolOptimal
    case egalitarian
    case minimumRegret
    case median
  }

  /// The selection.
  public var selection: Selection
  /// For the median: the most stable matchings enumerated before giving up.
  public var enumerationLimit: Int

  /// Creates the rule.
  public init(_ selection: Selection, enumerationLimit: Int = 10_000) {
    self.selection = selection
    self.enumerationLimit = enumerationLimit
  }

  public var name: String {
    switch selection {
    case .studentOptimal: "student-optimal"
    case .schoolOptimal: "school-optimal"
    case .egalitarian: "egalitarian"
    case .minimumRegret: "minimum-regret"
    case .median: "median"
    }
  }

  /// Picks the stable matching.
  ///
  /// - Throws: ``LatticeError/tooManyStableMatchings(limit:)`` when the median needs more
  ///   than ``enumerationLimit`` matchings.
  public func match(_ market: SchoolChoiceMarket) throws(LatticeError) -> Matching {
    let result: Matching
    switch selection {
    case .studentOptimal: result = DeferredAcceptance(proposing: .students).run(market).matching
    case .schoolOptimal: result = DeferredAcceptance(proposing: .schools).run(market).matching
    case .egalitarian:
      let poset = RotationPoset(market)
      result = poset.matching(including: poset.egalitarianRotations())
    case .minimumRegret:
      let poset = RotationPoset(market)
      result = poset.matching(including: poset.minimumRegretRotations())
    case .median:
      let poset = RotationPoset(market)
      guard let median = poset.medianMatching(limit: enumerationLimit) else {
        throw .tooManyStableMatchings(limit: enumerationLimit)
      }
      result = median.matching
    }
    result._checkFeasible(in: market)
    return result
  }
}

/// A lattice computation that cannot finish within its bounds.
public enum LatticeError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The market has more stable matchings than the enumeration limit.
  case tooManyStableMatchings(limit: Int)

  public var description: String {
    switch self {
    case .tooManyStableMatchings(let limit):
      "the market has more than \(limit) stable matchings; the median needs them all (raise --limit)"
    }
  }
}
