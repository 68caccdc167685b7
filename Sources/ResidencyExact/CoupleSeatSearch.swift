#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MatchingCheckers
import MatchingCore

/// The exact combinatorial search of ``ExactResidency`` (``ExactResidency/Engine/search``):
/// depth first over the couples' seats, with the singles placed by deferred acceptance once
/// every couple is seated.
///
/// **Why a leaf needs one run of deferred acceptance.** With the couples' seats fixed, no
/// single blocks exactly when the singles' matching is stable in the market of the seats left
/// (capacities minus the seated members) *and* every single whom a program ranks above one of
/// its seated members gets that program or better (else she blocks: the program would drop
/// that member). Truncating each such single's list after that program, the singles' matchings
/// that qualify are the stable matchings of the truncated market that match every truncated
/// single; by the rural hospitals theorem either all or none of those match her. Among them,
/// the programs-propose deferred acceptance result gives every program its best set of
/// assignees, which holds, for every rank, the most assignees above that rank (Roth and
/// Sotomayor 1990, the comparison of a program's sets in two stable matchings); a couple that
/// blocks there (a program takes a member when fewer than its capacity of its other
/// assignees rank above her) blocks in every other qualifying matching. So a leaf has a stable
/// completion exactly when that one matching is stable, which the checker decides.
///
/// **Pruning** (each step keeps every stable matching that agrees with the seats chosen so
/// far): the two rules of ``MatchingCore/ResidencyMarket/reducedForStability()`` (programs
/// that always take, programs filled by forced applicants), with a seated couple counted as
/// forced at its seat; and a seated couple fails as soon as one of the entries it prefers to
/// its seat is *always taken* (it would block whatever the others do). Couples are seated in
/// order of fewest entries left; each tries its entries best first, then both unmatched. The
/// search is exhaustive, so when it ends without a stable matching none exists.
struct CoupleSeatSearch {
  let market: ResidencyMarket
  let original: ResidencyMarket
  let deadline: Double?
  /// Probing runs at nodes with fewer couples seated than this.
  var probeDepth = 2
  /// Nodes visited and leaves completed.
  var nodes = 0
  var leaves = 0

  enum Result {
    case stable(Matching)
    case none
    case timeLimit
  }

  struct State {
    /// A single's entry still possible (held or blocking).
    var single: [Bool]
    /// A couple's entry that could still be held, and one that could still block.
    var hold: [Bool]
    var relevant: [Bool]
    /// Per couple: -2 not yet seated, -1 seated as both unmatched, else its entry.
    var seat: [Int32]
    /// Per couple: whether seating it unmatched has not been ruled out.
    var mayBeUnmatched: [Bool]
  }

  private let singleOwner: [Int32]
  private var present: [[UInt32]]

  init(market: ResidencyMarket, original: ResidencyMarket, deadline: Double?) {
    self.market = market
    self.original = original
    self.deadline = deadline
    var owner = [Int32](repeating: -1, count: market.entries.count)
    for i in 0..<market.applicantCount {
      for e in market.listRange(of: i) { owner[e] = Int32(i) }
    }
    singleOwner = owner
    present = [[UInt32]](repeating: [], count: market.programCount)
  }

  /// Runs the search.
  mutating func run() -> Result {
    let state = State(
      single: [Bool](repeating: true, count: market.entries.count),
      hold: [Bool](repeating: true, count: market.coupleEntries.count),
      relevant: [Bool](repeating: true, count: market.coupleEntries.count),
      seat: [Int32](repeating: -2, count: market.coupleCount),
      mayBeUnmatched: [Bool](repeating: true, count: market.coupleCount))
    return search(state)
  }

  private mutating func search(_ start: State) -> Result {
    nodes += 1
    if let deadline, ExactResidency.now() > deadline { return .timeLimit }
    var state = start
    guard propagate(&state) else { return .none }
    // Probing near the root (it costs a propagation per seat): a seat whose propagation
    // fails is ruled out below this node (the entry can no longer be held, but can still
    // block); a couple left with no seat fails the node.
    let seatedCount = state.seat.reduce(0) { $0 + ($1 == -2 ? 0 : 1) }
    var probing = seatedCount < probeDepth
    while probing {
      if let deadline, ExactResidency.now() > deadline { return .timeLimit }
      probing = false
      for c in 0..<market.coupleCount where state.seat[c] == -2 {
        for k in market.coupleListRange(of: c) where state.hold[k] {
          var child = seated(state, c, k)
          if !propagate(&child) {
            state.hold[k] = false
            probing = true
          }
        }
        if state.mayBeUnmatched[c] {
          var child = seated(state, c, -1)
          if !propagate(&child) {
            state.mayBeUnmatched[c] = false
            probing = true
          }
        }
        if !state.mayBeUnmatched[c] && !market.coupleListRange(of: c).contains(where: { state.hold[$0] }) { return .none }
      }
      if probing { guard propagate(&state) else { return .none } }
    }
    // The singles around the couples seated so far guide the branching: an unseated couple
    // that some program would take goes next, its taking entries first (as Roth-Peranson
    // would apply); when none would, seating them all unmatched is a leaf worth judging.
    var taking: [[Int]] = []
    if let guide = complete(state, applicantsPropose: true) {
      taking = takingEntries(state, guide)
      if taking.allSatisfy(\.isEmpty), let leaf = complete(state) {
        leaves += 1
        if original.stabilityReport(of: leaf, limit: 0).isStable { return .stable(leaf) }
      }
    } else if let leaf = complete(state), market.coupleCount == 0 || !state.seat.contains(-2) {
      leaves += 1
      if original.stabilityReport(of: leaf, limit: 0).isStable { return .stable(leaf) }
    }
    var pick = -1
    var fewest = Int.max
    for c in 0..<market.coupleCount where state.seat[c] == -2 {
      let guided = !taking.isEmpty && !taking[c].isEmpty
      let count = market.coupleListRange(of: c).reduce(0) { $0 + (state.hold[$1] ? 1 : 0) } - (guided ? 1_000_000 : 0)
      if count < fewest {
        fewest = count
        pick = c
      }
    }
    guard pick >= 0 else { return .none }  // every couple seated: `partial` was the leaf
    let range = market.coupleListRange(of: pick)
    let first = taking.isEmpty ? [] : taking[pick]
    let order = first + range.filter { state.hold[$0] && !first.contains($0) }
    for k in order {
      switch search(seated(state, pick, k)) {
      case .stable(let m): return .stable(m)
      case .timeLimit: return .timeLimit
      case .none: break
      }
    }
    return state.mayBeUnmatched[pick] ? search(seated(state, pick, -1)) : .none
  }

  /// `state` with couple `c` seated at entry `k` (-1: both unmatched): it holds only that
  /// entry, and the entries after it no longer block.
  private func seated(_ state: State, _ c: Int, _ k: Int) -> State {
    var child = state
    child.seat[c] = Int32(k)
    for k2 in market.coupleListRange(of: c) {
      child.hold[k2] = k2 == k
      if k >= 0 && k2 > k { child.relevant[k2] = false }
    }
    return child
  }

  // MARK: - Propagation

  private mutating func rebuildPresence(_ state: State) {
    for s in 0..<market.programCount { present[s].removeAll(keepingCapacity: true) }
    for e in market.entries.indices where state.single[e] {
      present[Int(market.entries[e].school)].append(market.entries[e].rank)
    }
    for c in 0..<market.coupleCount { market.addPresence(ofCouple: c, alive: { state.hold[$0] }, to: &present) }
    for s in 0..<market.programCount { present[s].sort() }
  }

  private func above(_ s: Int, _ rank: UInt32) -> Int {
    present[s].lowerBound(of: rank)
  }

  private func partnerAbove(_ state: State, _ c: Int, partnerIsB: Bool, _ s: Int32, _ rank: UInt32) -> Bool {
    for k in market.coupleListRange(of: c) where state.hold[k] {
      let e = market.coupleEntries[k]
      if partnerIsB ? (e.programB == s && e.rankB < rank) : (e.programA == s && e.rankA < rank) { return true }
    }
    return false
  }

  private func singleAlwaysTaken(_ e: Int) -> Bool {
    let s = Int(market.entries[e].school)
    return above(s, market.entries[e].rank) < Int(market.capacities[s])
  }

  /// Whether each program of couple `c`'s entry `k` takes its member whatever the matching.
  private func coupleAlwaysTaken(_ state: State, _ c: Int, _ k: Int) -> Bool {
    let e = market.coupleEntries[k]
    if e.programA >= 0 && e.programA == e.programB {
      let s = Int(e.programA)
      let worse = max(e.rankA, e.rankB)
      // Others above the worse member: all present above her but the better member (who is
      // present when the couple could hold this pair; if it cannot, count conservatively).
      let better = min(e.rankA, e.rankB)
      let betterPresent = partnerAbove(state, c, partnerIsB: e.rankB == better, e.programA, worse) ? 1 : 0
      return above(s, worse) - betterPresent < Int(market.capacities[s]) - 1
    }
    if e.programA >= 0 {
      let s = Int(e.programA)
      let others = above(s, e.rankA) - (partnerAbove(state, c, partnerIsB: true, e.programA, e.rankA) ? 1 : 0)
      if others >= Int(market.capacities[s]) { return false }
    }
    if e.programB >= 0 {
      let s = Int(e.programB)
      let others = above(s, e.rankB) - (partnerAbove(state, c, partnerIsB: false, e.programB, e.rankB) ? 1 : 0)
      if others >= Int(market.capacities[s]) { return false }
    }
    return true
  }

  /// Applies the rules until nothing changes; `false` when the seats chosen admit no stable
  /// matching.
  private mutating func propagate(_ state: inout State) -> Bool {
    let m = market.programCount
    while true {
      rebuildPresence(state)
      var changed = false
      for i in 0..<market.applicantCount where !market.isCoupleMember(i) {
        var cut = false
        for e in market.listRange(of: i) where state.single[e] {
          if cut {
            state.single[e] = false
            changed = true
          } else if singleAlwaysTaken(e) {
            cut = true
          }
        }
      }
      for c in 0..<market.coupleCount {
        let range = market.coupleListRange(of: c)
        if state.seat[c] == -2 {
          var cut = false
          for k in range where state.hold[k] {
            if cut {
              state.hold[k] = false
              state.relevant[k] = false
              changed = true
            } else if coupleAlwaysTaken(state, c, k) {
              cut = true
            }
          }
        } else {
          // A seated couple: an entry it prefers that is always taken blocks.
          for k in range where state.relevant[k] && !state.hold[k] {
            if coupleAlwaysTaken(state, c, k) { return false }
          }
        }
      }
      if changed { continue }
      var forcedSeats = [Int32](repeating: 0, count: m)
      var forcedWorst = [UInt32](repeating: 0, count: m)
      func force(_ s: Int32, _ rank: UInt32) {
        forcedSeats[Int(s)] += 1
        forcedWorst[Int(s)] = max(forcedWorst[Int(s)], rank)
      }
      for i in 0..<market.applicantCount where !market.isCoupleMember(i) {
        var only = -1
        var count = 0
        for e in market.listRange(of: i) where state.single[e] {
          only = e
          count += 1
        }
        if count == 1 && singleAlwaysTaken(only) { force(market.entries[only].school, market.entries[only].rank) }
      }
      for c in 0..<market.coupleCount {
        var only = -1
        if state.seat[c] >= 0 {
          only = Int(state.seat[c])
        } else if state.seat[c] == -2 {
          var count = 0
          for k in market.coupleListRange(of: c) where state.hold[k] {
            only = k
            count += 1
          }
          if count != 1 || !coupleAlwaysTaken(state, c, only) { only = -1 }
        }
        guard only >= 0 else { continue }
        let e = market.coupleEntries[only]
        if e.programA >= 0 { force(e.programA, e.rankA) }
        if e.programB >= 0 { force(e.programB, e.rankB) }
      }
      for s in 0..<m where forcedSeats[s] > market.capacities[s] { return false }
      func filledAbove(_ s: Int32, _ rank: UInt32) -> Bool {
        s >= 0 && forcedSeats[Int(s)] >= market.capacities[Int(s)] && rank > forcedWorst[Int(s)]
      }
      for e in market.entries.indices where state.single[e] && filledAbove(market.entries[e].school, market.entries[e].rank) {
        state.single[e] = false
        changed = true
      }
      for (k, e) in market.coupleEntries.enumerated() where state.hold[k] || state.relevant[k] {
        if filledAbove(e.programA, e.rankA) || filledAbove(e.programB, e.rankB) {
          state.hold[k] = false
          state.relevant[k] = false
          changed = true
        }
      }
      if !changed { return true }
    }
  }

  // MARK: - Completing a leaf

  /// The singles' programs-propose deferred acceptance around the seated couples (unseated
  /// couples left out); `nil` when a single who must be matched is not. With every couple
  /// seated, this is the one completion worth judging (see the type's comment).
  /// With `applicantsPropose`, the singles' applicant-optimal matching instead (a guide for
  /// the branching only, as Roth-Peranson's singles would stand; never judged).
  private func complete(_ state: State, applicantsPropose: Bool = false) -> Matching? {
    let n = market.applicantCount
    let m = market.programCount
    var assignment = [Int32](repeating: -1, count: n)
    var seats = market.capacities
    var worstMember = [Int64](repeating: -1, count: m)
    for c in 0..<market.coupleCount where state.seat[c] >= 0 {
      let (a, b) = market.members(of: c)
      let e = market.coupleEntries[Int(state.seat[c])]
      for (s, rank, member) in [(e.programA, e.rankA, a), (e.programB, e.rankB, b)] where s >= 0 {
        assignment[member] = s
        seats[Int(s)] -= 1
        worstMember[Int(s)] = max(worstMember[Int(s)], Int64(rank))
      }
    }
    // Each single's usable entries: alive, and none after a program that ranks her above one
    // of its seated members (she must get it or better).
    var usable = state.single
    var mustMatch = [Bool](repeating: false, count: n)
    for i in 0..<n where !market.isCoupleMember(i) {
      var cut = false
      for e in market.listRange(of: i) where usable[e] {
        if cut {
          usable[e] = false
        } else if Int64(market.entries[e].rank) < worstMember[Int(market.entries[e].school)] {
          cut = true
          mustMatch[i] = true
        }
      }
    }
    var holding = [Int32](repeating: -1, count: n)  // the entry a single holds
    if applicantsPropose {
      // Singles propose down their usable entries; each program keeps its best `seats`.
      var kept = [[(rank: UInt32, entry: Int32)]](repeating: [], count: m)
      var nextEntry = [Int32](repeating: 0, count: n)
      for i0 in 0..<n where !market.isCoupleMember(i0) {
        var i = i0
        while i >= 0 {
          let range = market.listRange(of: i)
          var proposer = -1
          while Int(nextEntry[i]) < range.count {
            let e = range.lowerBound + Int(nextEntry[i])
            nextEntry[i] += 1
            guard usable[e] else { continue }
            let t = Int(market.entries[e].school)
            guard seats[t] > 0 else { continue }
            kept[t].append((market.entries[e].rank, Int32(e)))
            holding[i] = Int32(e)
            if kept[t].count > Int(seats[t]) {
              let worst = kept[t].indices.max { kept[t][$0].rank < kept[t][$1].rank }!
              let dropped = Int(kept[t][worst].entry)
              kept[t].remove(at: worst)
              if dropped == e { holding[i] = -1; continue }
              let j = Int(singleOwner[dropped])
              holding[j] = -1
              proposer = j
            }
            break
          }
          i = proposer
        }
      }
    } else {
    // Programs' proposal lists, best first.
    var proposals = [[(rank: UInt32, entry: Int32)]](repeating: [], count: m)
    for e in market.entries.indices where usable[e] {
      proposals[Int(market.entries[e].school)].append((market.entries[e].rank, Int32(e)))
    }
    for s in 0..<m { proposals[s].sort { $0.rank < $1.rank } }
    var next = [Int](repeating: 0, count: m)
    var held = [Int32](repeating: 0, count: m)
    var queue = Array(0..<m)
    while let s = queue.popLast() {
      while held[s] < seats[s] && next[s] < proposals[s].count {
        let e = Int(proposals[s][next[s]].entry)
        next[s] += 1
        let i = Int(singleOwner[e])
        let current = Int(holding[i])
        if current >= 0 && current < e { continue }  // she holds a program she prefers
        if current >= 0 {
          let t = Int(market.entries[current].school)
          held[t] -= 1
          queue.append(t)
        }
        holding[i] = Int32(e)
        held[s] += 1
      }
    }
    }
    for i in 0..<n where !market.isCoupleMember(i) {
      if holding[i] >= 0 {
        assignment[i] = market.entries[Int(holding[i])].school
      } else if mustMatch[i] {
        return nil
      }
    }
    return Matching(assignment: assignment)
  }

  /// The unseated couples' entries that would block `matching` (their members unmatched),
  /// by couple; empty lists for couples nothing takes.
  private func takingEntries(_ state: State, _ matching: Matching) -> [[Int]] {
    let m = market.programCount
    var ranks = [[UInt32]](repeating: [], count: m)
    for i in 0..<market.applicantCount where matching.assignment[i] >= 0 {
      let s = Int(matching.assignment[i])
      ranks[s].append(rankAt(s, i, state, matching))
    }
    for s in 0..<m { ranks[s].sort() }
    func better(_ s: Int, _ rank: UInt32) -> Int { ranks[s].prefix { $0 < rank }.count }
    var result = [[Int]](repeating: [], count: market.coupleCount)
    for c in 0..<market.coupleCount where state.seat[c] == -2 {
      for k in market.coupleListRange(of: c) where state.hold[k] {
        let e = market.coupleEntries[k]
        var takes = true
        if e.programA >= 0 && e.programA == e.programB {
          let s = Int(e.programA)
          takes = market.capacities[s] >= 2 && better(s, max(e.rankA, e.rankB)) <= Int(market.capacities[s]) - 2
        } else {
          for (s32, r) in [(e.programA, e.rankA), (e.programB, e.rankB)] where s32 >= 0 {
            let s = Int(s32)
            if ranks[s].count >= Int(market.capacities[s]) && better(s, r) >= Int(market.capacities[s]) { takes = false }
          }
        }
        if takes { result[c].append(k) }
      }
    }
    return result
  }

  /// The position program `s` gives applicant `i`, who holds a seat there in `matching`.
  private func rankAt(_ s: Int, _ i: Int, _ state: State, _ matching: Matching) -> UInt32 {
    if market.isCoupleMember(i) {
      let c = Int(market.coupleOf[i])
      let e = market.coupleEntries[Int(state.seat[c])]
      return market.members(of: c).a == i ? e.rankA : e.rankB
    }
    for e in market.listRange(of: i) where Int(market.entries[e].school) == s { return market.entries[e].rank }
    return 0
  }
}
