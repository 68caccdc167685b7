import MatchingCore

/// What ``ResidencyMarket/reducedForStability()`` removed.
public struct ResidencyReduction: Sendable, Hashable, Codable {
  /// Singles' entries removed, and those left.
  public var singleEntriesRemoved: Int
  public var singleEntriesLeft: Int
  /// Couples' entries removed, and those left.
  public var coupleEntriesRemoved: Int
  public var coupleEntriesLeft: Int
  /// Applicants whose seat is the same in every stable matching (singles and couple members).
  public var forcedApplicants: Int
  /// Passes until nothing changed.
  public var rounds: Int

  enum CodingKeys: String, CodingKey {
    case singleEntriesRemoved = "single_entries_removed", singleEntriesLeft = "single_entries_left"
    case coupleEntriesRemoved = "couple_entries_removed", coupleEntriesLeft = "couple_entries_left"
    case forcedApplicants = "forced_applicants", rounds
  }
}

extension ResidencyMarket {
  /// A market with the same stable matchings and shorter lists: the entries that no stable
  /// matching uses and that never block one are removed.
  ///
  /// ```swift
  /// let (reduced, stats) = market.reducedForStability()
  /// // every matching: market.isStable(m) == reduced.isStable(m)
  /// stats.singleEntriesRemoved   // entries the integer program no longer needs
  /// ```
  ///
  /// Two rules, applied until nothing changes (each keeps the set of stable matchings, so
  /// their repetition does too; the lists only shrink, so what a rule relied on stays true):
  ///
  /// 1. **A program that always takes.** Program *s* *always takes* applicant *i* when fewer
  ///    than `capacity(s)` other applicants that could be at *s* (those with an entry at *s*
  ///    left, the member's partner excepted) rank above *i*: whatever the matching, *s* has a
  ///    free seat or an assignee ranked below *i*. If a single's entry at *s* always takes her,
  ///    every stable matching gives her *s* or better (else she and *s* block), so her entries
  ///    below *s* are never held, and never block a stable matching (she prefers what she
  ///    holds): they go. The same for a couple's entry (*s1*, *s2*) in which each program
  ///    always takes its member (for *s1* = *s2*: fewer than `capacity - 1` others above the
  ///    worse member; an empty side always takes): entries after it go. This is the
  ///    programs-propose truncation of Gale and Shapley's algorithm, which stays valid with
  ///    couples because it assumes nothing about the other applicants' seats.
  /// 2. **A program filled by forced applicants.** An applicant whose only entry left always
  ///    takes her holds it in every stable matching (*forced*). When a program's forced
  ///    assignees fill its capacity, it holds exactly them in every stable matching; the
  ///    entries of applicants it ranks below all of them are never held and never block (it
  ///    is full of better assignees, none of them in the applicant's couple): they go.
  ///
  /// Rule 1 is the deletion step of the hospitals-oriented extended Gale-Shapley algorithm
  /// (Gusfield and Irving 1989) in the form that needs no lattice of stable matchings (which
  /// couples destroy): it only uses what a program takes whatever the others do. Delorme,
  /// García, Gondzio, Kalcsics, Manlove and Pettersson (2021, *Stability in the
  /// hospitals/residents problem with couples and ties: mathematical models and computational
  /// studies*, EJOR) report that preprocessing, with their other improvements, speeds their
  /// models up more than a hundred times; these two rules are this package's own, checked
  /// on every matching of small markets.
  ///
  /// - Returns: the reduced market (same applicants, programs and positions) and what went.
  /// - Complexity: O(*R* · (*E* + *C*) log *E*) for *R* passes, *E* single and *C* couple
  ///   entries.
  public func reducedForStability() -> (market: ResidencyMarket, reduction: ResidencyReduction) {
    let n = applicantCount
    let m = programCount
    var singleAlive = [Bool](repeating: true, count: entries.count)
    var coupleAlive = [Bool](repeating: true, count: coupleEntries.count)
    // Flags, not lengths: rule 1 cuts tails, rule 2 removes entries anywhere in a list.
    var rounds = 0
    var forcedCount = 0
    // Per program: the sorted positions of the distinct applicants with an alive entry there.
    var present = [[UInt32]](repeating: [], count: m)

    func rebuildPresence() {
      for s in 0..<m { present[s].removeAll(keepingCapacity: true) }
      for i in 0..<n where coupleOf[i] < 0 {
        for e in listRange(of: i) where singleAlive[e] {
          present[Int(entries[e].school)].append(entries[e].rank)
        }
      }
      for c in 0..<coupleCount { addPresence(ofCouple: c, alive: { coupleAlive[$0] }, to: &present) }
      for s in 0..<m { present[s].sort() }
    }
    /// Distinct applicants that could be at `s` ranked strictly above `rank`.
    func above(_ s: Int, _ rank: UInt32) -> Int {
      present[s].lowerBound(of: rank)
    }
    /// Whether couple `c`'s other member (b when `partnerIsB`) could be at `s` ranked above `rank`.
    func partnerAbove(_ c: Int, partnerIsB: Bool, _ s: Int32, _ rank: UInt32) -> Bool {
      for k in coupleListRange(of: c) where coupleAlive[k] {
        let e = coupleEntries[k]
        if partnerIsB ? (e.programB == s && e.rankB < rank) : (e.programA == s && e.rankA < rank) { return true }
      }
      return false
    }
    func singleAlwaysTaken(_ e: Int) -> Bool {
      let s = Int(entries[e].school)
      return above(s, entries[e].rank) < Int(capacities[s])
    }
    func coupleAlwaysTaken(_ c: Int, _ k: Int) -> Bool {
      let e = coupleEntries[k]
      if e.programA >= 0 && e.programA == e.programB {
        let s = Int(e.programA)
        let worse = max(e.rankA, e.rankB)
        // Others above the worse member: everyone above her but the better member.
        let others = above(s, worse) - 1
        return others < Int(capacities[s]) - 1
      }
      if e.programA >= 0 {
        let s = Int(e.programA)
        let others = above(s, e.rankA) - (partnerAbove(c, partnerIsB: true, e.programA, e.rankA) ? 1 : 0)
        if others >= Int(capacities[s]) { return false }
      }
      if e.programB >= 0 {
        let s = Int(e.programB)
        let others = above(s, e.rankB) - (partnerAbove(c, partnerIsB: false, e.programB, e.rankB) ? 1 : 0)
        if others >= Int(capacities[s]) { return false }
      }
      return true
    }

    var changed = true
    while changed {
      changed = false
      rounds += 1
      rebuildPresence()
      // Rule 1: cut every list after its first entry that always takes.
      for i in 0..<n where coupleOf[i] < 0 {
        var cut = false
        for e in listRange(of: i) where singleAlive[e] {
          if cut {
            singleAlive[e] = false
            changed = true
          } else if singleAlwaysTaken(e) {
            cut = true
          }
        }
      }
      for c in 0..<coupleCount {
        var cut = false
        for k in coupleListRange(of: c) where coupleAlive[k] {
          if cut {
            coupleAlive[k] = false
            changed = true
          } else if coupleAlwaysTaken(c, k) {
            cut = true
          }
        }
      }
      if changed { continue }
      // Rule 2: programs filled by forced applicants (with presence as rule 1 left it).
      var forcedSeats = [Int32](repeating: 0, count: m)
      var forcedWorst = [UInt32](repeating: 0, count: m)
      forcedCount = 0
      func force(_ s: Int32, _ rank: UInt32) {
        forcedSeats[Int(s)] += 1
        forcedWorst[Int(s)] = max(forcedWorst[Int(s)], rank)
        forcedCount += 1
      }
      for i in 0..<n where coupleOf[i] < 0 {
        let alive = listRange(of: i).filter { singleAlive[$0] }
        if alive.count == 1 && singleAlwaysTaken(alive[0]) { force(entries[alive[0]].school, entries[alive[0]].rank) }
      }
      for c in 0..<coupleCount {
        let alive = coupleListRange(of: c).filter { coupleAlive[$0] }
        guard alive.count == 1 && coupleAlwaysTaken(c, alive[0]) else { continue }
        let e = coupleEntries[alive[0]]
        if e.programA >= 0 { force(e.programA, e.rankA) }
        if e.programB >= 0 { force(e.programB, e.rankB) }
      }
      func filledAbove(_ s: Int32, _ rank: UInt32) -> Bool {
        s >= 0 && forcedSeats[Int(s)] >= capacities[Int(s)] && rank > forcedWorst[Int(s)]
      }
      for e in entries.indices where singleAlive[e] && filledAbove(entries[e].school, entries[e].rank) {
        singleAlive[e] = false
        changed = true
      }
      for (k, e) in coupleEntries.enumerated() where coupleAlive[k] {
        if filledAbove(e.programA, e.rankA) || filledAbove(e.programB, e.rankB) {
          coupleAlive[k] = false
          changed = true
        }
      }
    }

    var listStart: [Int32] = [0]
    var kept: [SchoolChoiceMarket.Entry] = []
    for i in 0..<n {
      for e in listRange(of: i) where singleAlive[e] { kept.append(entries[e]) }
      listStart.append(Int32(kept.count))
    }
    var coupleStart: [Int32] = [0]
    var keptCouple: [CoupleEntry] = []
    for c in 0..<coupleCount {
      for k in coupleListRange(of: c) where coupleAlive[k] { keptCouple.append(coupleEntries[k]) }
      coupleStart.append(Int32(keptCouple.count))
    }
    // A subset of a valid market's lists is valid.
    let reduced = try! ResidencyMarket(
      capacities: capacities, rankBounds: rankBounds, listStart: listStart, entries: kept,
      coupleMembers: coupleMembers, coupleListStart: coupleStart, coupleEntries: keptCouple)
    let reduction = ResidencyReduction(
      singleEntriesRemoved: entries.count - kept.count, singleEntriesLeft: kept.count,
      coupleEntriesRemoved: coupleEntries.count - keptCouple.count, coupleEntriesLeft: keptCouple.count,
      forcedApplicants: forcedCount, rounds: rounds)
    return (reduced, reduction)
  }
}

extension ResidencyMarket {
  /// Adds to `present[s]` the rank at program *s* of each member of couple `c` who could be
  /// there through the couple's entries that `alive` keeps: once per member and program,
  /// whatever the number of its entries there.
  ///
  /// - Complexity: O(*k* · *p*) for *k* entries of the couple and *p* programs named in them.
  func addPresence(ofCouple c: Int, alive: (Int) -> Bool, to present: inout [[UInt32]]) {
    var seen: [(Int32, Bool)] = []   // (program, member b)
    for k in coupleListRange(of: c) where alive(k) {
      let e = coupleEntries[k]
      if e.programA >= 0 && !seen.contains(where: { $0 == (e.programA, false) }) {
        seen.append((e.programA, false))
        present[Int(e.programA)].append(e.rankA)
      }
      if e.programB >= 0 && !seen.contains(where: { $0 == (e.programB, true) }) {
        seen.append((e.programB, true))
        present[Int(e.programB)].append(e.rankB)
      }
    }
  }
}
