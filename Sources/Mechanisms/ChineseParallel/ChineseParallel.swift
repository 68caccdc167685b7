import MatchingCore

/// The Chinese parallel mechanism with parameter *e* (Chen and Kesten 2017), the family
/// between Boston (*e* = 1) and deferred acceptance (*e* at least the longest list).
///
/// ```swift
/// let market = try SchoolChoiceMarket(capacities: [1, 1], preferences: [[0, 1], [0, 1]])
/// ChineseParallel(choicesPerRound: 2).match(market)   // the same as DeferredAcceptance()
/// ```
///
/// Round *t* considers each unassigned student's choices *(t−1)e + 1* to *te*: within the
/// round, students propose down those *e* choices and schools hold the best applicants up to
/// their remaining seats, as in deferred acceptance; at the end of the round the held
/// students are admitted for good, and the seats they take are gone. Students left out go on
/// to their next *e* choices. This is the "parallel" admission used in Chinese college
/// admissions (and in Shanghai's high-school match).
///
/// ## Guarantees
/// - *e* = 1 is the **Boston mechanism** and *e* ≥ the longest list is **student-proposing
///   DA** (Chen and Kesten 2017, Sec. 3).
/// - Chen and Kesten (2017) rank the family: as *e* grows the mechanism becomes **less
///   manipulable** and **more stable**, from Boston to DA. Below the longest list it is
///   **not strategy-proof** and **not stable** in general (the audit finds witnesses).
/// - Admissions in a round are final: a student admitted in round *t* keeps her seat
///   whatever later applicants' priorities are (the source of its instability).
///
/// - Complexity: O(*E* log *c*) for total list length *E* and largest capacity *c*, plus
///   O(*T* · (*n* + *m*)) for *T* = ⌈*K*/*e*⌉ rounds and longest list *K*.
public struct ChineseParallel: MatchingMechanism {
  /// How many choices each round considers, *e* ≥ 1.
  public var choicesPerRound: Int

  /// Creates the mechanism.
  ///
  /// - Parameter choicesPerRound: *e*, at least 1.
  public init(choicesPerRound: Int) {
    precondition(choicesPerRound >= 1, "the parallel mechanism needs e >= 1")
    self.choicesPerRound = choicesPerRound
  }

  public var name: String { "chinese-parallel:\(choicesPerRound)" }

  /// Runs the parallel mechanism.
  ///
  /// - Parameter market: the reports and the tie-broken priorities.
  /// - Returns: each student's school, or -1.
  /// - Complexity: see the type's documentation.
  public func match(_ market: SchoolChoiceMarket) -> Matching {
    let n = market.studentCount
    var assignment = [Int32](repeating: unassigned, count: n)
    var seats = market.capacities
    var waiting: [Int32] = (0..<n).map { Int32($0) }
    var from = [Int32](repeating: 0, count: n)
    var to = [Int32](repeating: 0, count: n)
    var round = 0
    let e = choicesPerRound
    while !waiting.isEmpty {
      var proposers: [Int32] = []
      for i32 in waiting {
        let i = Int(i32)
        let r = market.listRange(of: i)
        let (skip, overflow) = round.multipliedReportingOverflow(by: e)
        let lo = r.lowerBound + (overflow ? r.count : min(r.count, skip))
        guard lo < r.upperBound else { continue }  // list exhausted: unassigned for good
        from[i] = Int32(lo)
        to[i] = Int32(lo + min(e, r.upperBound - lo))
        proposers.append(i32)
      }
      if proposers.isEmpty { break }
      let result = RestrictedProposals(
        market: market, students: proposers, from: from, to: to, seats: seats
      ) { _ in true }
      var next: [Int32] = []
      for i32 in proposers {
        let k = Int(result.held[Int(i32)])
        if k >= 0 {
          let s = market.entries[k].school
          assignment[Int(i32)] = s
          seats[Int(s)] -= 1
        } else {
          next.append(i32)
        }
      }
      waiting = next
      round += 1
    }
    let matching = Matching(assignment: assignment)
    matching._checkFeasible(in: market)
    return matching
  }
}
