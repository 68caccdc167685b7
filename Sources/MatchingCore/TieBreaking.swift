/// How ties in coarse school priorities are broken before a mechanism runs.
///
/// School priorities are integer classes (siblings, walk zone, everyone else); students in the
/// same class are tied. A lottery refines them into strict orders, and the lottery is part of
/// the market: it is drawn from the students and schools, never from what students report, so
/// changing one student's list (as the strategy-proofness audit does) leaves every lottery
/// number in place.
///
/// A student's number depends on the seed and her identity only (her key, a hash of her
/// name; ``LotteryKeys``), never on her position in the input: any ordering of the same
/// rows gives the same strict priorities and so the same assignment. Equal numbers (only
/// when two names' 64-bit keys collide) are ordered by comparing the names.
///
/// ```swift
/// let market = try SchoolChoiceMarket(capacities: [1, 1], preferences: [[0, 1], [0, 1]],
///                                     tieBreaking: .single(seed: 7))
/// // both students are tied at school 0; the seeded lottery decides who is ahead
/// ```
///
/// Single tie-breaking (one lottery number per student, used by every school) and multiple
/// tie-breaking (an independent lottery at each school) are compared by Abdulkadiroglu,
/// Pathak and Roth (2009) and Erdil and Ergin (2008): single tie-breaking is never worse for
/// efficiency among student-proposing DA outcomes in large markets.
public enum TieBreaking: Sendable, Hashable, CustomStringConvertible {
  /// One lottery for all schools: student *i* draws a 64-bit number that is a seeded
  /// bijective mix of `seed` and her key (``LotteryKeys``: a hash of her name), and every
  /// school prefers the smaller number among tied students.
  case single(seed: UInt64)
  /// One lottery per school: the number of student *i* at school *s* is a seeded mix of
  /// `seed`, her key and the school's key.
  case multiple(seed: UInt64)
  /// The lottery numbers given per application (smaller wins); students still tied after
  /// them are ordered by their keys (``LotteryKeys/precedesByIdentity(_:_:)``).
  case given

  public var description: String {
    switch self {
    case .single(let seed): "single(seed: \(seed))"
    case .multiple(let seed): "multiple(seed: \(seed))"
    case .given: "given"
    }
  }
}
