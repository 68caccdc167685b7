import MatchingCore

/// A random assignment read through a market's preference lists: each student's
/// probabilities in the order of her list, and what she holds outside it.
struct AlignedProbabilities {
  /// `shares[market.listStart[i] + k]` is student *i*'s probability at her *k*-th choice.
  var shares: [Double]
  /// Per student: probability at schools she does not list (unacceptable to her).
  var offList: [Double]
  /// Per student: probability of staying unassigned (`1 -` her row sum, at least 0).
  var unassigned: [Double]

  /// - Complexity: O(*n* + *m* + *E*) for the market's and the assignment's entries.
  init(_ p: RandomAssignment, in market: SchoolChoiceMarket) {
    precondition(p.studentCount == market.studentCount && p.schoolCount == market.schoolCount,
                 "the random assignment must have the market's students and schools")
    let n = market.studentCount
    shares = [Double](repeating: 0, count: market.entries.count)
    offList = [Double](repeating: 0, count: n)
    unassigned = [Double](repeating: 0, count: n)
    var slot = [Int32](repeating: -1, count: market.schoolCount)
    for i in 0..<n {
      let r = market.listRange(of: i)
      for e in r { slot[Int(market.entries[e].school)] = Int32(e) }
      var sum = 0.0
      for e in p.row(of: i) {
        let q = p.probabilities[e]
        sum += q
        let k = Int(slot[Int(p.schools[e])])
        if k >= 0 { shares[k] += q } else { offList[i] += q }
      }
      unassigned[i] = max(0, 1 - sum)
      for e in r { slot[Int(market.entries[e].school)] = -1 }
    }
  }
}

extension SchoolChoiceMarket {
  /// Whether lottery `p` stochastically dominates lottery `q` for student *i*: for every *k*,
  /// her probability of one of her top *k* choices under `p` is at least that under `q`
  /// (within `tolerance`).
  ///
  /// - Parameters:
  ///   - p: her probabilities at the schools of her list, in list order.
  ///   - q: the same for the other lottery.
  ///   - tolerance: how far below `q`'s a cumulative probability of `p` may be and still
  ///     count as at least as large (default 1e-9).
  /// - Returns: `nil` if it dominates, else the first position *k* (0-based) where `q`'s
  ///   cumulative probability exceeds `p`'s.
  public static func firstFailureOfDominance(
    _ p: [Double], over q: [Double], tolerance: Double = RandomAssignment.tolerance
  ) -> Int? {
    precondition(p.count == q.count, "lotteries over the same list")
    var a = 0.0
    var b = 0.0
    for k in 0..<p.count {
      a += p[k]
      b += q[k]
      if b > a + tolerance { return k }
    }
    return nil
  }

  /// Student *i*'s probabilities at the schools of her list, in order.
  public func shares(of student: StudentID, in p: RandomAssignment) -> [Double] {
    preferenceList(of: student).map { p.probability(of: student, at: $0) }
  }
}
