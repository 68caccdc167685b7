import MatchingCore

extension ResidencyMarket {
  /// The stability report of `matching`: every blocking single and blocking couple counted,
  /// the first `limit` of each returned as witnesses.
  ///
  /// ```swift
  /// let report = market.stabilityReport(of: outcome.matching!)
  /// report.isStable   // true when nothing blocks
  /// ```
  ///
  /// **Definition** (Roth and Peranson 1999; Biró, Manlove and McBride 2014). A program *takes*
  /// an applicant it ranks when it has a free seat or ranks her above its worst assignee. A
  /// matching is blocked
  /// - by a single *i* and a program *s* on her list that she prefers to what she holds, when
  ///   *s* takes her;
  /// - by a couple (*a*, *b*) and a pair (*s1*, *s2*) on its list that it prefers to the pair
  ///   it holds (any listed pair beats being both unmatched), when each of *s1* and *s2* takes
  ///   its member: a program takes a member if it already holds that member, or if, with the
  ///   couple's members removed from their current seats, the member is among its `capacity`
  ///   best of (its current assignees and the members who want it). For *s1* = *s2* both
  ///   members must fit. An unmatched side (`nil`) needs nothing.
  ///
  /// A matching is stable when it is valid (each single at a program on her list, each couple
  /// at a pair on its list or both unmatched, no program over capacity) and nothing blocks.
  ///
  /// - Parameters:
  ///   - matching: a program per applicant (-1 = unmatched).
  ///   - limit: the most witnesses to return of each kind.
  /// - Returns: the report; when the matching is not valid, its ``ResidencyStabilityReport/violations``
  ///   and no blocking counts.
  /// - Complexity: O(*n* + *m* + *E* + *C* · *q*) for *E* single entries, *C* couple entries
  ///   and the largest capacity *q* (a pair of one program counts that program's assignees).
  public func stabilityReport(of matching: Matching, limit: Int = 10) -> ResidencyStabilityReport {
    var report = ResidencyStabilityReport(
      violations: [], blockingSingleCount: 0, blockingCoupleCount: 0, singleWitnesses: [], coupleWitnesses: [])
    let n = applicantCount
    let m = programCount
    guard matching.count == n else {
      report.violations.append(.malformed("the matching has \(matching.count) applicants; the market has \(n)"))
      return report
    }
    // Each applicant's position at the program she holds, and where singles stand in their lists.
    var heldRank = [UInt32](repeating: 0, count: n)
    var singlePosition = [Int32](repeating: 0, count: n)
    var count = [Int32](repeating: 0, count: m)
    for i in 0..<n {
      let s = matching.assignment[i]
      guard s < Int32(m) && s >= -1 else {
        report.violations.append(.malformed("applicant \(i) holds program \(s), which is out of range"))
        return report
      }
      if s >= 0 { count[Int(s)] += 1 }
      guard coupleOf[i] < 0 else { continue }
      let r = listRange(of: i)
      singlePosition[i] = Int32(r.count)
      guard s >= 0 else { continue }
      if let e = r.first(where: { entries[$0].school == s }) {
        singlePosition[i] = Int32(e - r.lowerBound)
        heldRank[i] = entries[e].rank
      } else {
        report.violations.append(.unlistedProgram(applicant: i, program: Int(s)))
      }
    }
    var coupleHeld = [Int32](repeating: 0, count: coupleCount)
    for c in 0..<coupleCount {
      let (a, b) = members(of: c)
      let r = coupleListRange(of: c)
      guard let k = heldEntry(of: c, in: matching) else {
        coupleHeld[c] = Int32(r.count)
        continue
      }
      guard k >= 0 else {
        let sa = matching.assignment[a]
        let sb = matching.assignment[b]
        report.violations.append(
          .unlistedPair(couple: c, programA: sa < 0 ? nil : Int(sa), programB: sb < 0 ? nil : Int(sb)))
        continue
      }
      coupleHeld[c] = Int32(k)
      heldRank[a] = coupleEntries[r.lowerBound + k].rankA
      heldRank[b] = coupleEntries[r.lowerBound + k].rankB
    }
    for s in 0..<m where count[s] > capacities[s] {
      report.violations.append(.overCapacity(program: s, held: Int(count[s]), capacity: Int(capacities[s])))
    }
    guard report.violations.isEmpty else { return report }

    // Each program's assignees, best first.
    var start = [Int32](repeating: 0, count: m + 1)
    for s in 0..<m { start[s + 1] = start[s] + count[s] }
    var holders = [UInt64](repeating: 0, count: Int(start[m]))
    var fill = start
    for i in 0..<n where matching.assignment[i] >= 0 {
      let s = Int(matching.assignment[i])
      holders[Int(fill[s])] = UInt64(heldRank[i]) << 32 | UInt64(i)
      fill[s] += 1
    }
    for s in 0..<m { holders[Int(start[s])..<Int(start[s + 1])].sort() }
    /// Assignees of `s` ranked strictly above `rank`, leaving out `skipA` and `skipB`.
    func better(_ s: Int, than rank: UInt32, skipA: Int, skipB: Int) -> [Int] {
      var result: [Int] = []
      for h in holders[Int(start[s])..<Int(start[s + 1])] {
        guard UInt32(h >> 32) < rank else { break }
        let j = Int(UInt32(truncatingIfNeeded: h))
        if j != skipA && j != skipB { result.append(j) }
      }
      return result
    }
    /// The worst assignee of `s` other than `skipA`, `skipB` (whom it would drop).
    func worst(_ s: Int, skipA: Int, skipB: Int) -> Int? {
      for h in holders[Int(start[s])..<Int(start[s + 1])].reversed() {
        let j = Int(UInt32(truncatingIfNeeded: h))
        if j != skipA && j != skipB { return j }
      }
      return nil
    }

    // Singles.
    for i in 0..<n where coupleOf[i] < 0 {
      let r = listRange(of: i)
      for e in r.lowerBound..<(r.lowerBound + Int(singlePosition[i])) {
        let s = Int(entries[e].school)
        let full = count[s] >= capacities[s]
        if full && better(s, than: entries[e].rank, skipA: -1, skipB: -1).count >= Int(capacities[s]) { continue }
        report.blockingSingleCount += 1
        if report.singleWitnesses.count < limit {
          report.singleWitnesses.append(
            BlockingPair(student: i, school: s, displaced: full ? worst(s, skipA: -1, skipB: -1) : nil))
        }
      }
    }
    // Couples.
    for c in 0..<coupleCount {
      let (a, b) = members(of: c)
      let r = coupleListRange(of: c)
      for k in r.lowerBound..<(r.lowerBound + Int(coupleHeld[c])) {
        let e = coupleEntries[k]
        var displaced: [Int] = []
        var blocks = true
        if e.programA >= 0 && e.programA == e.programB {
          let s = Int(e.programA)
          let cap = Int(capacities[s])
          let others = Int(count[s]) - (matching.assignment[a] == e.programA ? 1 : 0) - (matching.assignment[b] == e.programA ? 1 : 0)
          // Both fit when the worse member has at most cap - 2 others above her.
          blocks = cap >= 2 && better(s, than: max(e.rankA, e.rankB), skipA: a, skipB: b).count <= cap - 2
          if blocks && others + 2 > cap {
            // Drop the worst others (the overflow).
            var pool = holders[Int(start[s])..<Int(start[s + 1])].map { Int(UInt32(truncatingIfNeeded: $0)) }
            pool.removeAll { $0 == a || $0 == b }
            displaced = Array(pool.suffix(others + 2 - cap))
          }
        } else {
          for (s32, rank, member, partner) in [(e.programA, e.rankA, a, b), (e.programB, e.rankB, b, a)] where s32 >= 0 {
            let s = Int(s32)
            if matching.assignment[member] == s32 { continue }  // it already holds her
            let cap = Int(capacities[s])
            let others = Int(count[s]) - (matching.assignment[partner] == s32 ? 1 : 0)
            if others < cap { continue }
            if better(s, than: rank, skipA: a, skipB: b).count >= cap {
              blocks = false
              break
            }
            if let w = worst(s, skipA: a, skipB: b) { displaced.append(w) }
          }
        }
        guard blocks else { continue }
        report.blockingCoupleCount += 1
        if report.coupleWitnesses.count < limit {
          report.coupleWitnesses.append(
            CoupleBlocking(
              couple: c, entry: k - r.lowerBound, programA: e.programA < 0 ? nil : Int(e.programA),
              programB: e.programB < 0 ? nil : Int(e.programB), displaced: displaced))
        }
      }
    }
    return report
  }

  /// Whether `matching` is stable (see ``stabilityReport(of:limit:)``).
  public func isStable(_ matching: Matching) -> Bool { stabilityReport(of: matching, limit: 0).isStable }
}
