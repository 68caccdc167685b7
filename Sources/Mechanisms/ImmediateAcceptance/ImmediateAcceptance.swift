import MatchingCore

/// Immediate acceptance, the "Boston mechanism" (Abdulkadiroglu and Sonmez 2003).
///
/// ```swift
/// let market = try SchoolChoiceMarket(capacities: [1, 1], preferences: [[0, 1], [1, 0]])
/// ImmediateAcceptance().match(market).assignment   // [0, 1]: first choices do not collide
/// ```
///
/// In round *k* every student still unassigned applies to the *k*-th school on her list;
/// each school admits, by strict priority, as many of that round's applicants as it has seats
/// left, and those admissions are final. Rejected students apply to their next choice in the
/// next round, even to schools that are already full (the standard, non-adaptive version).
///
/// ## Guarantees
/// - Everyone whose first choice is not over-demanded gets it; the number of students
///   assigned to their first choice is maximal among all matchings (Abdulkadiroglu and
///   Sonmez 2003).
/// - Pareto efficient **with respect to the reported** preferences.
/// - **Not strategy-proof**: ranking a popular school first can waste a student's priority
///   elsewhere, so students gain by ranking a safer school higher (Abdulkadiroglu, Pathak,
///   Roth and Sonmez 2005; Ergin and Sonmez 2006). **Not stable** either.
///
/// - Complexity: O(*E* + *m* + *K*) for total list length *E*, *m* schools and longest list
///   *K*: two counting sorts order every application by (round, school, strict rank), and
///   one pass admits them.
public struct ImmediateAcceptance: MatchingMechanism {
  public init() {}
  public var name: String { "boston" }

  /// Runs immediate acceptance.
  public func match(_ market: SchoolChoiceMarket) -> Matching {
    let n = market.studentCount
    let lists = market.applicantLists()  // school-major, best rank first
    // Stable counting sort by round (the application's position in the student's list).
    var maxRound = 0
    for i in 0..<n { maxRound = max(maxRound, Int(market.listLength[i])) }
    let total = lists.students.count
    var round = [Int32](repeating: 0, count: total)
    var roundStart = [Int](repeating: 0, count: maxRound + 1)
    for j in 0..<total {
      let i = Int(lists.students[j])
      let k = Int(lists.entryIndex[j]) - Int(market.listStart[i])
      round[j] = Int32(k)
      roundStart[k + 1] += 1
    }
    for k in 0..<maxRound { roundStart[k + 1] += roundStart[k] }
    var order = [Int32](repeating: 0, count: total)
    for j in 0..<total {
      let k = Int(round[j])
      order[roundStart[k]] = Int32(j)
      roundStart[k] += 1
    }
    var seats = market.capacities
    var assignment = [Int32](repeating: unassigned, count: n)
    for j32 in order {
      let j = Int(j32)
      let i = Int(lists.students[j])
      guard assignment[i] < 0 else { continue }
      let s = Int(market.entries[Int(lists.entryIndex[j])].school)
      if seats[s] > 0 {
        seats[s] -= 1
        assignment[i] = Int32(s)
      }
    }
    let result = Matching(assignment: assignment)
    result._checkFeasible(in: market)
    return result
  }
}
