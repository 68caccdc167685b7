import MatchingCore

/// A diversity constraint on schools' choices: soft minority reserves or hard majority
/// quotas (the rules of `DeferredAcceptanceWithReserves` and `DeferredAcceptanceWithQuotas`).
public enum DiversityConstraint: Sendable, Hashable {
  /// Seats reserved for minority students at each school (soft; missing entries: 0).
  case reserves([Int])
  /// The most majority students each school admits (hard; `nil` or missing: no cap).
  case majorityQuotas([Int?])
}

/// The stability report of a matching under a diversity constraint.
public struct ControlledChoiceReport: Sendable, Hashable {
  /// Pairs (student, school) where the school would choose the student from its students
  /// and her, and she prefers it to her seat.
  public var blockingPairCount: Int
  /// The first witnesses: `displaced` is the student the school would give up (`nil`: an
  /// empty seat she may take).
  public var witnesses: [BlockingPair]
  /// Schools holding more majority students than their quota.
  public var schoolsOverQuota: [SchoolID]
  /// Stable under the constraint: no blocking pair and no quota exceeded.
  public var isStable: Bool { blockingPairCount == 0 && schoolsOverQuota.isEmpty }
}

extension SchoolChoiceMarket {
  /// The stability report of `matching` when schools choose under `constraint`: justified
  /// envy with reserves (Hafalir, Yenmez and Yildirim 2013) or with quotas (Abdulkadiroglu
  /// and Sonmez 2003), and waste, with witnesses.
  ///
  /// ```swift
  /// let report = market.controlledChoiceReport(of: matching, isMinority: types, constraint: .reserves(r))
  /// report.isStable   // true for DeferredAcceptanceWithReserves
  /// ```
  ///
  /// Student *i* and school *s* block when *i* prefers *s* to her seat and *s*, choosing from
  /// its students and *i* by its rule, would take *i*. With reserves, *s* first takes its best
  /// minority students up to the reserve and then the best of the rest up to capacity; with
  /// quotas, it takes the best students, skipping majority students beyond the quota. Ranks
  /// are the strict (tie-broken) ones, which these mechanisms use.
  ///
  /// - Parameters:
  ///   - matching: the matching to check.
  ///   - isMinority: per student, minority or not (missing entries: majority).
  ///   - constraint: the schools' rule.
  ///   - limit: the most witnesses to return.
  /// - Complexity: O(*n* log *n* + *E*) for *n* students and total list length *E*.
  public func controlledChoiceReport(
    of matching: Matching, isMinority: [Bool], constraint: DiversityConstraint, limit: Int = 100
  ) -> ControlledChoiceReport {
    let m = schoolCount
    func minority(_ i: Int) -> Bool { i < isMinority.count && isMinority[i] }
    // Holders of each school with their strict ranks; each student's seat position.
    var holders = [[(rank: UInt32, student: Int)]](repeating: [], count: m)
    var seat = [Int](repeating: .max, count: studentCount)
    for i in 0..<studentCount {
      guard let s = matching.partner(of: i), s < m else { continue }
      let r = listRange(of: i)
      for e in r where Int(entries[e].school) == s {
        holders[s].append((entries[e].rank, i))
        seat[i] = e - r.lowerBound
      }
    }
    // Per school: the worst holder overall, the worst majority holder, and (reserves) the
    // r-th best minority holder and the worst holder outside the reserve.
    typealias Held = (rank: UInt32, student: Int)
    var worst = [Held?](repeating: nil, count: m)
    var worstMajority = [Held?](repeating: nil, count: m)
    var majorityCount = [Int](repeating: 0, count: m)
    var lastReserved = [Held?](repeating: nil, count: m)
    var worstUnreserved = [Held?](repeating: nil, count: m)
    var reserveOf = [Int](repeating: 0, count: m)
    var quotaOf = [Int](repeating: .max, count: m)
    var overQuota: [SchoolID] = []
    for s in 0..<m {
      let list = holders[s].sorted { $0.rank < $1.rank }
      worst[s] = list.last
      let majorities = list.filter { !minority($0.student) }
      worstMajority[s] = majorities.last
      majorityCount[s] = majorities.count
      switch constraint {
      case .reserves(let r):
        reserveOf[s] = min(Int(capacities[s]), s < r.count ? max(0, r[s]) : 0)
        let minorities = list.filter { minority($0.student) }
        let reserved = minorities.prefix(reserveOf[s])
        if reserved.count == reserveOf[s] && reserveOf[s] > 0 { lastReserved[s] = reserved.last }
        let unreserved = minorities.dropFirst(reserveOf[s]) + majorities
        worstUnreserved[s] = unreserved.max { $0.rank < $1.rank }
      case .majorityQuotas(let q):
        if s < q.count, let cap = q[s] { quotaOf[s] = max(0, cap) }
        if majorityCount[s] > quotaOf[s] { overQuota.append(s) }
      }
    }
    var count = 0
    var witnesses: [BlockingPair] = []
    for i in 0..<studentCount {
      let r = listRange(of: i)
      for e in r.lowerBound..<(r.lowerBound + min(r.count, seat[i])) {
        let s = Int(entries[e].school)
        let rank = entries[e].rank
        let full = holders[s].count >= Int(capacities[s])
        var chosen = false
        var displaced: Int? = nil
        switch constraint {
        case .reserves:
          if !full {
            chosen = true
          } else if minority(i), let last = lastReserved[s], rank < last.rank {
            // She enters the reserve; the r-th minority joins the open competition and the
            // worst there leaves.
            chosen = true
            let out = [last, worstUnreserved[s]].compactMap { $0 }.max { $0.rank < $1.rank }!
            displaced = out.student
          } else if minority(i) && lastReserved[s] == nil && reserveOf[s] > 0 {
            // The reserve is not full of minorities: she takes a reserved place.
            chosen = true
            displaced = worstUnreserved[s]?.student
          } else if let w = worstUnreserved[s], rank < w.rank {
            chosen = true
            displaced = w.student
          }
        case .majorityQuotas:
          if !minority(i) && majorityCount[s] >= quotaOf[s] {
            if let w = worstMajority[s], rank < w.rank {
              chosen = true
              displaced = w.student
            }
          } else if !full {
            chosen = true
          } else if let w = worst[s], rank < w.rank {
            chosen = true
            displaced = w.student
          }
        }
        if chosen {
          count += 1
          if witnesses.count < limit { witnesses.append(BlockingPair(student: i, school: s, displaced: displaced)) }
        }
      }
    }
    return ControlledChoiceReport(blockingPairCount: count, witnesses: witnesses, schoolsOverQuota: overQuota)
  }
}
