import MatchingCore

/// Top trading cycles and chains (TTCC) of Roth, Sönmez and Ünver (2004): Gale's top
/// trading cycles on the pairs' donors, where a patient may also point to the waiting list
/// *w*, and chains ending at *w* are carried out when no cycle is left.
///
/// ```swift
/// let market = TTCCMarket(preferences: [[.kidney(1)], [.kidney(0)], [.kidney(0), .waitlist]])
/// let outcome = TopTradingCyclesAndChains(chainRule: .priorityKeep).match(market)
/// outcome.cycles   // [[0, 1]]
/// outcome.chains   // [[2]]: patient 2 takes w, her donor gives to the waiting list
/// ```
///
/// **Procedure** (RSÜ, section 4): each round, every remaining patient points to her best
/// remaining choice: an available kidney, *w* if she ranks it, or else her own kidney.
/// Every cycle is carried out and leaves (a patient pointing to her own kidney leaves
/// unmatched). When no cycle is left, every path ends at *w* (or at the kidney left at the
/// end of a kept chain, which leads to *w*); the ``ChainRule`` picks one such *w*-chain,
/// whose patients receive the kidneys they point to (the last one, *w*). The chain's first
/// donor either leaves with it (her kidney goes to the waiting list) or stays available for
/// later rounds, extending the chain. At the end every chain's first donor gives to the
/// waiting list.
///
/// Pairs have priority by index (pair 0 highest), the priority list of rules (d) and (e).
///
/// **Guarantees** (Roth, Sönmez and Ünver, "Kidney exchange", QJE 119(2), 2004, 457–488):
/// individually rational (a patient gets a kidney she ranks, *w* only if she ranks it, or
/// keeps her own donor); with any of these rules the outcome is efficient (Theorem 1); with
/// ``ChainRule/priorityRemove`` (d) and ``ChainRule/priorityKeep`` (e) the mechanism is
/// strategy-proof (Theorem 2). With ``TTCCMarket/WaitlistOption/none`` it is Gale's top
/// trading cycles (Shapley and Scarf 1974): core, efficient, strategy-proof.
///
/// - Complexity: O(*n*² + *E*) for *n* pairs and *E* ranked choices: at most *n* rounds of
///   O(*n*) work, and each patient's pointer only moves down her list.
public struct TopTradingCyclesAndChains: MatchingMechanism {
  /// Which *w*-chain to carry out when no cycle is left (RSÜ's rules b–e). A chain's length
  /// counts the pairs it serves in this round (a chain that extends a kept one counts only
  /// its new pairs); rule (a), minimal chains removed, is not offered.
  public enum ChainRule: String, Sendable, Hashable, CaseIterable {
    /// (b) The longest *w*-chain (ties: the one starting with the highest-priority pair); its
    /// first donor's kidney leaves with it.
    case longestRemove = "longest-remove"
    /// (c) The longest *w*-chain; its first donor's kidney stays available.
    case longestKeep = "longest-keep"
    /// (d) The *w*-chain starting with the highest-priority remaining pair; removed.
    case priorityRemove = "priority-remove"
    /// (e) The *w*-chain starting with the highest-priority remaining pair; kept.
    case priorityKeep = "priority-keep"

    var keeps: Bool { self == .longestKeep || self == .priorityKeep }
  }

  public var chainRule: ChainRule

  public init(chainRule: ChainRule = .priorityKeep) { self.chainRule = chainRule }

  public var name: String { "ttcc" }

  /// Runs TTCC.
  ///
  /// - Parameter market: the patients' rankings.
  /// - Returns: the cycles and chains, and what each patient receives.
  public func match(_ market: TTCCMarket) -> TTCCOutcome {
    let n = market.pairCount
    let prefs = market.preferences
    let waitlist = -1, own = -2
    var active = [Bool](repeating: true, count: n)  // patient not yet served
    var available = [Bool](repeating: true, count: n)  // kidney j not yet given
    var cursor = [Int](repeating: 0, count: n)
    var receives = [TTCCOutcome.Assignment](repeating: .ownDonor, count: n)
    // A kept chain's first pair -> the chain's index in `chains`.
    var chainOfTail = [Int](repeating: -1, count: n)
    var cycles: [[Int]] = []
    var chains: [[Int]] = []
    var rounds: [TTCCOutcome.Round] = []
    var remaining = n

    // The kidney patient i points to now (j >= 0), w (-1) or her own (-2).
    func top(_ i: Int) -> Int {
      let list = prefs[i]
      while cursor[i] < list.count {
        switch list[cursor[i]] {
        case .waitlist: return waitlist
        case .kidney(let j): if available[j] { return j }
        }
        cursor[i] += 1
      }
      return own
    }

    var target = [Int](repeating: 0, count: n)
    var mark = [Int](repeating: 0, count: n)  // 0 unvisited, else the walk's stamp
    var stamp = 0
    while remaining > 0 {
      for i in 0..<n where active[i] { target[i] = top(i) }
      // Cycles: pair i -> pair target[i] when that pair is still active.
      var found: [[Int]] = []
      for i in 0..<n where active[i] { mark[i] = 0 }
      for s in 0..<n where active[s] && mark[s] == 0 {
        stamp += 1
        var path: [Int] = []
        var v = s
        while true {
          mark[v] = stamp
          path.append(v)
          let t = target[v]
          if t == own {
            found.append([v])
            break
          }
          guard t >= 0, active[t] else { break }  // w, or a kept chain's kidney
          if mark[t] == stamp {
            found.append(Array(path[path.firstIndex(of: t)!...]))
            break
          }
          if mark[t] != 0 { break }  // joins an earlier walk
          v = t
        }
      }
      if !found.isEmpty {
        var round = TTCCOutcome.Round(cycles: [], chain: nil)
        for cycle in found {
          for i in cycle {
            active[i] = false
            available[i] = false
            remaining -= 1
            receives[i] = target[i] == own ? .ownDonor : .kidney(target[i])
          }
          if cycle.count > 1 || target[cycle[0]] != own {
            cycles.append(cycle)
            round.cycles.append(cycle)
          }
        }
        rounds.append(round)
        continue
      }
      // No cycle: every path ends at w or at a kept chain's first kidney.
      func path(from s: Int) -> [Int] {
        var p = [s]
        var v = s
        while target[v] >= 0 && active[target[v]] {
          v = target[v]
          p.append(v)
        }
        return p
      }
      var start = active.firstIndex(of: true)!
      var chosen = path(from: start)
      if chainRule == .longestRemove || chainRule == .longestKeep {
        // Only a pair nobody points to can start a longest chain; scan them all.
        var pointedTo = [Bool](repeating: false, count: n)
        for i in 0..<n where active[i] && target[i] >= 0 { pointedTo[target[i]] = true }
        for s in 0..<n where active[s] && !pointedTo[s] {
          let p = path(from: s)
          if p.count > chosen.count || (p.count == chosen.count && s < start) {
            chosen = p
            start = s
          }
        }
      }
      for i in chosen {
        active[i] = false
        remaining -= 1
        receives[i] = target[i] >= 0 ? .kidney(target[i]) : .waitlist
      }
      for i in chosen.dropFirst() { available[i] = false }
      let end = target[chosen.last!]
      var index: Int
      if end >= 0 {
        // Extends the kept chain whose first kidney is `end`.
        index = chainOfTail[end]
        chainOfTail[end] = -1
        available[end] = false
        chains[index] = chosen + chains[index]
      } else {
        index = chains.count
        chains.append(chosen)
      }
      if chainRule.keeps {
        chainOfTail[start] = index
      } else {
        available[start] = false
      }
      rounds.append(TTCCOutcome.Round(cycles: [], chain: chosen))
    }
    return TTCCOutcome(assignments: receives, cycles: cycles, chains: chains, rounds: rounds)
  }

  /// TTCC on a pool: ``TTCCMarket/init(pool:waitlist:)`` then ``match(_:)``.
  public func match(_ pool: KidneyPool, waitlist: TTCCMarket.WaitlistOption) -> TTCCOutcome {
    match(TTCCMarket(pool: pool, waitlist: waitlist))
  }
}

/// What TTCC gives: cycles, *w*-chains and each patient's assignment.
public struct TTCCOutcome: Sendable, Hashable {
  /// What a patient receives.
  public enum Assignment: Sendable, Hashable {
    /// The kidney of pair `j`'s donor.
    case kidney(Int)
    /// Priority on the deceased-donor waiting list.
    case waitlist
    /// Nothing from the exchange: she keeps her own (incompatible) donor.
    case ownDonor
  }

  /// One round: the cycles carried out, or the chain chosen.
  public struct Round: Sendable, Hashable {
    public var cycles: [[Int]]
    public var chain: [Int]?
  }

  /// `assignments[i]`: what patient *i* receives.
  public var assignments: [Assignment]
  /// Cycles of two or more pairs, each listed along the pointers: `c[k]` receives the kidney
  /// of `c[k + 1]` (and the last of `c[0]`).
  public var cycles: [[Int]]
  /// *w*-chains, each listed along the pointers: `c[k]` receives the kidney of `c[k + 1]`,
  /// the last patient receives *w*, and `c[0]`'s donor gives to the waiting list.
  public var chains: [[Int]]
  /// The rounds in order (cycles found in the same round together).
  public var rounds: [Round]

  /// Transplants from living donors to pair patients.
  public var transplants: Int {
    assignments.reduce(0) { if case .kidney = $1 { $0 + 1 } else { $0 } }
  }
  /// Patients given waiting-list priority.
  public var waitlistCount: Int { assignments.filter { $0 == .waitlist }.count }

  /// The living-donor donations as (donor pair, recipient pair), in cycle then chain order.
  public var donations: [(donor: Int, recipient: Int)] {
    var out: [(Int, Int)] = []
    for c in cycles + chains {
      for i in c { if case .kidney(let j) = assignments[i] { out.append((j, i)) } }
    }
    return out
  }

  /// The cycles as plan exchanges (``KidneyPlan/Exchange`` lists donors in giving order,
  /// the reverse of the pointers).
  public var cycleExchanges: [KidneyPlan.Exchange] {
    cycles.map { KidneyPlan.Exchange(kind: .cycle, pairs: Array($0.reversed())) }
  }
}
