import MatchingCore

extension StableRoommates {
  /// Visits every stable matching of a roommates market, each exactly once.
  ///
  /// ```swift
  /// let complete = StableRoommates().enumerate(market, limit: 100) { index, matching in
  ///   print(index, matching.assignment)
  ///   return true
  /// }
  /// ```
  ///
  /// A search over reduced lists: start from the phase-1 lists (which contain every stable
  /// matching, Irving 1985), and at each node apply the phase-1 rule to a fixed
  /// point (an agent's first entry *b* holds her, so *b* deletes everyone she likes less).
  /// Then pick the first agent *x* (in ``order``) with two or more entries and branch on her partner *y*:
  /// forcing {x, y} deletes every other entry of *x* and *y*, and, for each *z* that *x* (or
  /// *y*) prefers to the forced partner, everything *z* likes no more than *x* (or *y*) — *z*
  /// must do better, or {x, z} would block. Every deletion is implied by stability, so no
  /// stable matching is lost; branches differ in *x*'s partner, so none is found twice; a leaf
  /// (every list of length at most one) is checked for stability before it is reported.
  ///
  /// - Parameters:
  ///   - market: the market.
  ///   - limit: the most matchings to visit.
  ///   - visit: called with the index (from 0) and the matching; return `false` to stop.
  /// - Returns: `true` when every stable matching was visited.
  /// - Complexity: O(*n*·*E*) per search node for *n* agents and *E* entries; the number of
  ///   nodes is at most the depth (≤ *n*/2) times the number of leaves, and leaves that turn
  ///   out unstable are possible, so the total is not bounded by a polynomial in the number of
  ///   stable matchings. Meant for small and medium markets.
  @discardableResult
  public func enumerate(
    _ market: RoommatesMarket, limit: Int = .max, _ visit: (_ index: Int, _ matching: Matching) -> Bool
  ) -> Bool {
    guard limit > 0 else { return false }
    let solved = match(market)
    guard let some = solved.matching else { return true }
    let mustMatch = some.assignment.map { $0 >= 0 }
    let search = RoommatesSearch(market: market, mustMatch: mustMatch, order: order ?? Array(0..<market.agentCount))
    var count = 0
    var stopped = false
    var alive = [Bool](repeating: true, count: market.partners.count)
    search.explore(&alive) { matching in
      if count >= limit {
        stopped = true
        return false
      }
      if !visit(count, matching) {
        stopped = true
        return false
      }
      count += 1
      return true
    }
    return !stopped
  }
}

/// The branching search behind ``StableRoommates/enumerate(_:limit:_:)``.
struct RoommatesSearch {
  let market: RoommatesMarket
  let mustMatch: [Bool]
  /// The order in which agents are considered for branching.
  let order: [Int]

  init(market: RoommatesMarket, mustMatch: [Bool], order: [Int]) {
    self.market = market
    self.mustMatch = mustMatch
    self.order = order
  }

  /// Deletes entry `e` and its mirror.
  func delete(_ e: Int, _ alive: inout [Bool]) {
    alive[e] = false
    let b = Int(market.partners[e])
    alive[Int(market.listStart[b]) + Int(market.reverse[e])] = false
  }

  /// Deletes from `z`'s list every entry from the one naming `a` on (z must do better than a).
  func truncate(_ z: Int, atOrAfter a: Int, _ alive: inout [Bool]) {
    guard let k = market.position(of: a, in: z) else { return }
    for e in (Int(market.listStart[z]) + k)..<Int(market.listStart[z + 1]) where alive[e] { delete(e, &alive) }
  }

  /// The phase-1 rule to a fixed point: if b is a's first entry, b deletes everyone after a.
  /// Returns false when an agent who must be matched has an empty list.
  func propagate(_ alive: inout [Bool]) -> Bool {
    var changed = true
    while changed {
      changed = false
      for a in 0..<market.agentCount {
        let r = market.listRange(of: a)
        guard let e = r.first(where: { alive[$0] }) else {
          if mustMatch[a] { return false }
          continue
        }
        let b = Int(market.partners[e])
        let from = Int(market.listStart[b]) + Int(market.reverse[e]) + 1
        for f in from..<Int(market.listStart[b + 1]) where alive[f] {
          delete(f, &alive)
          changed = true
        }
      }
    }
    return true
  }

  /// Explores the matchings inside `alive`; `emit` returns false to stop.
  @discardableResult
  func explore(_ alive: inout [Bool], _ emit: (Matching) -> Bool) -> Bool {
    guard propagate(&alive) else { return true }
    var branching = -1
    for a in order {
      var live = 0
      for e in market.listRange(of: a) where alive[e] { live += 1 }
      if live >= 2 {
        branching = a
        break
      }
    }
    if branching < 0 {
      var assignment = [Int32](repeating: unassigned, count: market.agentCount)
      for a in 0..<market.agentCount {
        if let e = market.listRange(of: a).first(where: { alive[$0] }) { assignment[a] = market.partners[e] }
      }
      let matching = Matching(assignment: assignment)
      guard isStable(matching) else { return true }
      return emit(matching)
    }
    let x = branching
    let entries = market.listRange(of: x).filter { alive[$0] }
    for e in entries {
      var child = alive
      let y = Int(market.partners[e])
      force(x, y, &child)
      if !explore(&child, emit) { return false }
    }
    return true
  }

  /// Forces {x, y}: see ``StableRoommates/enumerate(_:limit:_:)``.
  func force(_ x: Int, _ y: Int, _ alive: inout [Bool]) {
    for (a, b) in [(x, y), (y, x)] {
      var before = true
      for e in market.listRange(of: a) {
        let z = Int(market.partners[e])
        if z == b {
          before = false
          continue
        }
        if before {
          truncate(z, atOrAfter: a, &alive)  // z must get someone better than a
        } else if alive[e] {
          delete(e, &alive)
        }
      }
    }
  }

  /// Stability from the definition (a leaf's last check).
  func isStable(_ matching: Matching) -> Bool {
    for a in 0..<market.agentCount {
      if let b = matching.partner(of: a), matching.partner(of: b) != a { return false }
      let holdsPosition = matching.partner(of: a).flatMap { market.position(of: $0, in: a) } ?? Int.max
      for (k, e) in market.listRange(of: a).enumerated() where k < holdsPosition {
        let b = Int(market.partners[e])
        let theirs = matching.partner(of: b).flatMap { market.position(of: $0, in: b) } ?? Int.max
        if Int(market.reverse[e]) < theirs { return false }
      }
    }
    return true
  }
}
