import MatchingCore

/// Kesten's efficiency-adjusted deferred acceptance (EADAM), with consent.
///
/// ```swift
/// let market = try SchoolChoiceMarket(capacities: [1, 1, 1],
///     studentPreferences: [[1, 0, 2], [0, 1, 2], [0, 2]],
///     schoolPreferences: [[0, 2, 1], [1, 0, 2], [2, 1, 0]])
/// EfficiencyAdjustedDeferredAcceptance().match(market).assignment   // [1, 0, 2]; DA gives [0, 1, 2]
/// ```
///
/// Student-proposing DA can leave students stuck in a Pareto-dominated matching because an
/// *interrupter* (a student who is tentatively held at a school she will lose anyway) makes
/// others be rejected there. Kesten (2010) asks students to **consent** to waive their
/// priority at such schools; EADAM then reruns DA without the consenting interrupters'
/// claims until none is left. This type computes the same outcome by Tang and Yu's (2014)
/// equivalent *simplified EADAM*: run DA; settle every student held at an *underdemanded*
/// school (one that rejected nobody) or unassigned, and remove her with her school; a
/// settled student who does not consent keeps her priority, so every remaining student of
/// lower priority at a school she wanted drops that school; rerun DA on the rest, until
/// everyone is settled.
///
/// ## Guarantees
/// - Every student is **weakly better off than under DA** (Kesten 2010, Thm. 1).
/// - With **full consent** the outcome is **Pareto efficient** (Kesten 2010, Thm. 1; Tang and
///   Yu 2014, Thm. 1); with partial consent it is Pareto efficient among matchings that
///   violate only consenting students' priorities.
/// - No non-consenting student has justified envy (Kesten 2010, Prop. 3).
/// - **Not strategy-proof** (Kesten 2010, Prop. 4: no Pareto-improvement of DA is), and not
///   stable; a student never loses by consenting (Kesten 2010, Prop. 2).
/// - The outcome equals Kesten's original interrupter algorithm (Tang and Yu 2014, Thm. 1);
///   the tests compare the two on random markets.
///
/// - Complexity: O(*R* · *E* log *c*) for *R* rounds (at most *m* + 1 for *m* schools; one
///   school at least settles each round), total list length *E* and largest capacity *c*.
public struct EfficiencyAdjustedDeferredAcceptance: MatchingMechanism {
  /// Whether each student consents to waive her priority (`nil`: everyone consents).
  public var consent: [Bool]?

  /// Creates the mechanism.
  ///
  /// - Parameter consent: per student (dense index), whether she consents; `nil` for
  ///   everyone. Students beyond the array's end consent.
  public init(consent: [Bool]? = nil) { self.consent = consent }

  public var name: String { "eadam" }

  /// Runs EADAM.
  ///
  /// - Parameter market: the reports and the tie-broken priorities (EADAM uses the strict
  ///   ranks).
  /// - Returns: each student's school, or -1.
  /// - Complexity: see the type's documentation.
  public func match(_ market: SchoolChoiceMarket) -> Matching {
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
        if let consent, i < consent.count, !consent[i] {
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
    let result = Matching(assignment: assignment)
    result._checkFeasible(in: market)
    return result
  }
}
