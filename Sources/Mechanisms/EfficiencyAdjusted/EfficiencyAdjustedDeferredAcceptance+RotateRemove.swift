import MatchingCore

extension EfficiencyAdjustedDeferredAcceptance {
  /// EADAM by reverse rotate-remove (after Faenza and Zhang 2022): one DA run, then the
  /// schools' walks down their priority lists (see ``Algorithm/rotateRemove``).
  ///
  /// State: each student's held entry (`held`, her DA entry at the start; she only moves up
  /// her list); each school's *line* `line[s]`, a position in its priority order (the worst
  /// student it holds, then the last candidate it examined; it only moves down); whether a
  /// school is *settled* (a sink: its students are final). A school that is not settled
  /// points to the school of its *candidate*, the first student below its line who prefers
  /// it to where she is; a candidate who is settled (at a settled school, or unassigned) is
  /// skipped if she consents and otherwise settles the school (it may not take anyone of
  /// lower priority than her, and she cannot come). Pointers are followed on a path; a
  /// cycle is carried out (each school on it takes its candidate, who leaves the next
  /// school); a school with no candidate left settles.
  ///
  /// Why this is Tang and Yu's outcome: the school that settles is exactly one that Tang
  /// and Yu's round would find underdemanded (nobody below its line wants it, and nobody
  /// above its line who wants it is unsettled, by stability), and carrying out a cycle is a
  /// step from the current stable matching of the remaining market towards its
  /// student-optimal one (a reverse rotation), which Tang and Yu's next DA run would reach.
  /// The tests compare the outcome with Tang and Yu's rounds and with Kesten's interrupter
  /// algorithm on random markets.
  ///
  /// - Parameter market: the reports and the strict ranks.
  /// - Returns: each student's school, or -1.
  /// - Complexity: O(*E* log *c*) for DA, plus O(*E* + *R* + *m*) for the walks: every step
  ///   moves a line forward, or pushes a school on the path that a cycle or a settling
  ///   later pops (a cycle moves every student on it up her list). *E* entries, *c* the
  ///   largest capacity, *m* schools, *R* the sum of the rank bounds.
  func rotateRemove(_ market: SchoolChoiceMarket) -> [Int32] {
    let n = market.studentCount
    let m = market.schoolCount
    let entries = market.entries
    var from = [Int32](repeating: 0, count: n)
    var to = [Int32](repeating: 0, count: n)
    var owners = [Int32](repeating: -1, count: entries.count)
    for i in 0..<n {
      let r = market.listRange(of: i)
      from[i] = Int32(r.lowerBound)
      to[i] = Int32(r.upperBound)
      for e in r { owners[e] = Int32(i) }
    }
    let everyone = (0..<n).map { Int32($0) }
    var held = RestrictedProposals(
      market: market, students: everyone, from: from, to: to, seats: market.capacities,
      owners: owners
    ) { _ in true }.held

    // Each school's applicants in priority order: entry indices, -1 in gaps.
    let (order, start) = Self.priorityOrder(market, from: from, to: to)

    // Lines at the worst DA student; a school that is not full (it rejected nobody) or
    // closed is settled from the start.
    var line = [Int](repeating: 0, count: m)
    var settled = [Bool](repeating: false, count: m)
    for s in 0..<m {
      var count = 0
      var worst = start[s] - 1
      for p in start[s]..<start[s + 1] {
        let e = Int(order[p])
        if e >= 0 && held[Int(owners[e])] == Int32(e) {
          count += 1
          worst = p
        }
      }
      line[s] = worst
      settled[s] = count < Int(market.capacities[s]) || market.capacities[s] == 0
    }

    var path: [Int32] = []
    path.reserveCapacity(m)
    var onPath = [Bool](repeating: false, count: m)
    var nextStart = 0
    order.withUnsafeBufferPointer { order in
      while true {
        if path.isEmpty {
          while nextStart < m && settled[nextStart] { nextStart += 1 }
          if nextStart == m { break }
          path.append(Int32(nextStart))
          onPath[nextStart] = true
        }
        let s = Int(path[path.count - 1])
        // The next candidate below s's line.
        var p = line[s] + 1
        let end = start[s + 1]
        var target = -1
        while p < end {
          let e = Int(order[p])
          if e < 0 {
            p += 1
            continue
          }
          let i = Int(owners[e])
          let h = Int(held[i])
          if h >= 0 && h <= e {
            p += 1  // she prefers where she is
            continue
          }
          let t = h >= 0 ? Int(entries[h].school) : -1
          if t < 0 || settled[t] {
            if consents(i) {
              p += 1  // settled, and she waives her priority here
              continue
            }
            p = end  // her priority stands: s may go no lower
            break
          }
          target = t
          break
        }
        if target < 0 {
          // No candidate: s settles; its predecessor re-examines its candidate (at s).
          line[s] = end - 1
          settled[s] = true
          onPath[s] = false
          path.removeLast()
          if let pre = path.last { line[Int(pre)] -= 1 }
          continue
        }
        line[s] = p
        if !onPath[target] {
          path.append(Int32(target))
          onPath[target] = true
          continue
        }
        // A cycle from target to s: every school on it takes its candidate.
        while true {
          let x = Int(path.removeLast())
          onPath[x] = false
          let e = Int(order[line[x]])
          held[Int(owners[e])] = Int32(e)
          if x == target { break }
        }
        if let pre = path.last { line[Int(pre)] -= 1 }
      }
    }
    var assignment = [Int32](repeating: unassigned, count: n)
    for i in 0..<n where held[i] >= 0 { assignment[i] = entries[Int(held[i])].school }
    return assignment
  }

  /// Each school's applicants (active entries) by strict rank: `order[start[s] ..<
  /// start[s + 1]]`, with -1 in unused positions. Ranks index the positions directly when
  /// the rank bounds are small (the usual case: a school ranks its applicants); otherwise
  /// each school's entries are sorted.
  ///
  /// - Complexity: O(*E* + *R* + *m*), or O(*E* log *a* + *m*) in the sorted case (*a*
  ///   applicants per school).
  static func priorityOrder(
    _ market: SchoolChoiceMarket, from: [Int32], to: [Int32]
  ) -> (order: [Int32], start: [Int]) {
    let m = market.schoolCount
    let entries = market.entries
    var active = 0
    for i in 0..<from.count { active += Int(to[i] - from[i]) }
    var boundSum = 0
    for s in 0..<m { boundSum += market.rankBound(of: s) }
    var start = [Int](repeating: 0, count: m + 1)
    if boundSum <= 2 * active + m {
      for s in 0..<m { start[s + 1] = start[s] + market.rankBound(of: s) }
      var order = [Int32](repeating: -1, count: boundSum)
      for i in 0..<from.count {
        for e in Int(from[i])..<Int(to[i]) {
          let entry = entries[e]
          order[start[Int(entry.school)] + Int(entry.rank)] = Int32(e)
        }
      }
      return (order, start)
    }
    var counts = [Int](repeating: 0, count: m)
    for i in 0..<from.count {
      for e in Int(from[i])..<Int(to[i]) { counts[Int(entries[e].school)] += 1 }
    }
    for s in 0..<m { start[s + 1] = start[s] + counts[s] }
    var fill = Array(start[0..<m])
    var keys = [UInt64](repeating: 0, count: active)
    for i in 0..<from.count {
      for e in Int(from[i])..<Int(to[i]) {
        let entry = entries[e]
        let s = Int(entry.school)
        keys[fill[s]] = UInt64(entry.rank) << 32 | UInt64(UInt32(e))
        fill[s] += 1
      }
    }
    for s in 0..<m { keys[start[s]..<start[s + 1]].sort() }
    return (keys.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }, start)
  }
}
