import MatchingCore

extension EfficiencyAdjustedDeferredAcceptance {
  /// Tang and Yu's (2014) simplified EADAM: DA rounds, each settling the students of the
  /// underdemanded schools (see ``Algorithm/tangYuRounds``).
  ///
  /// - Parameter market: the reports and the strict ranks.
  /// - Returns: each student's school, or -1.
  /// - Complexity: O(*T* · *E* log *c*) for *T* rounds, *E* entries, largest capacity *c*.
  func tangYuRounds(_ market: SchoolChoiceMarket) -> [Int32] {
    let n = market.studentCount
    let m = market.schoolCount
    var assignment = [Int32](repeating: unassigned, count: n)
    var active: [Int32] = (0..<n).map { Int32($0) }
    var open = [Bool](repeating: true, count: m)
    // A remaining student whose strict rank at s is worse than blockRank[s] may not take s:
    // a settled, non-consenting student with that rank wanted s.
    var blockRank = [UInt32](repeating: .max, count: m)
    var from = [Int32](repeating: 0, count: n)
    var to = [Int32](repeating: 0, count: n)
    for i in 0..<n {
      let r = market.listRange(of: i)
      from[i] = Int32(r.lowerBound)
      to[i] = Int32(r.upperBound)
    }
    let entries = market.entries
    var owners = [Int32](repeating: 0, count: entries.count)
    for i in 0..<n { for e in market.listRange(of: i) { owners[e] = Int32(i) } }
    while !active.isEmpty {
      let openNow = open
      let blockNow = blockRank
      let round = RestrictedProposals(
        market: market, students: active, from: from, to: to, seats: market.capacities,
        owners: owners
      ) { e in
        let entry = entries[e]
        let s = Int(entry.school)
        return openNow[s] && entry.rank <= blockNow[s]
      }
      var remaining: [Int32] = []
      remaining.reserveCapacity(active.count)
      var settledAny = false
      for i32 in active {
        let i = Int(i32)
        let e = Int(round.held[i])
        let school = e >= 0 ? Int(entries[e].school) : -1
        guard school < 0 || !round.rejected[school] else {
          remaining.append(i32)
          continue
        }
        settledAny = true
        assignment[i] = Int32(school)
        if !consents(i) {
          // Her priority stands at every school she prefers to her assignment.
          let stop = e >= 0 ? e : Int(to[i])
          for k in Int(from[i])..<stop {
            let entry = entries[k]
            let s = Int(entry.school)
            if entry.rank < blockRank[s] { blockRank[s] = entry.rank }
          }
        }
      }
      for s in 0..<m where open[s] && !round.rejected[s] { open[s] = false }
      if !settledAny {
        // Unreachable (the school that takes DA's last proposal is underdemanded); settle
        // everyone at this round's DA rather than loop.
        for i32 in remaining {
          let e = Int(round.held[Int(i32)])
          assignment[Int(i32)] = e >= 0 ? entries[e].school : unassigned
        }
        remaining = []
      }
      active = remaining
    }
    return assignment
  }
}
