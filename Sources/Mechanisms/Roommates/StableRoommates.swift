import MatchingCore

/// Stable roommates (Irving 1985), with a stable partition (Tan 1991) as the certificate when
/// no stable matching exists.
///
/// ```swift
/// let market = try RoommatesMarket(preferences: [[1, 2, 3], [2, 0, 3], [0, 1, 3], [0, 1, 2]])
/// let outcome = StableRoommates().match(market)
/// outcome.matching          // nil: no stable matching
/// outcome.oddParty          // [0, 1, 2], the witness
/// ```
///
/// **Phase 1** is a proposal sequence: each agent proposes down her list; an agent holding a
/// proposal deletes everyone she likes less than its proposer (and is deleted from their
/// lists). **Phase 2** eliminates rotations — cycles (x₀, y₀), ..., (x_{r-1}, y_{r-1}) in which
/// y_i is x_i's first entry, y_{i+1} her second and x_{i+1} the last entry of y_{i+1} — until
/// every list has at most one entry. Following Tan (1991), a rotation whose agents are their
/// own first entries with lists of length two is an odd party: it is set aside as a cycle of
/// the stable partition (Irving's algorithm would report failure there) and the search goes
/// on, so the outcome always carries a stable partition.
///
/// ## Guarantees
/// - When the outcome has a ``RoommatesOutcome/matching``, it is stable: no two agents
///   prefer each other to their partners (Irving 1985; Gusfield and Irving 1989,
///   ch. 4 for incomplete lists), and every stable matching leaves the same agents unmatched.
/// - Otherwise ``RoommatesOutcome/partition`` is a stable partition with an odd party, which
///   proves that no stable matching exists (Tan 1991); `check --roommates` verifies
///   it from the definition.
/// - No mechanism for roommates is strategy-proof and stable (the two-sided impossibility,
///   Roth 1982, already applies).
///
/// - Complexity: O(*n* + *E*) for *n* agents and *E* mutually acceptable entries (O(*n*²)
///   with complete lists): every deletion moves a pointer that never moves back.
public struct StableRoommates: MatchingMechanism {
  /// The order in which phase 2 starts its searches for rotations (and the enumeration picks
  /// the agent to branch on); `nil` for index order. Which stable matching is found depends
  /// on it; passing the agents sorted by name makes the answer independent of the order of
  /// the input rows.
  public var order: [Int]?

  /// Creates the mechanism, searching in index order.
  public init() { order = nil }

  /// Creates the mechanism with an order of search.
  ///
  /// - Parameter order: a permutation of the agents, or `nil` for index order.
  public init(order: [Int]?) { self.order = order }

  public var name: String { "roommates" }

  /// Solves `market`: a stable matching when one exists, and a stable partition always.
  public func match(_ market: RoommatesMarket) -> RoommatesOutcome {
    var table = RoommatesTable(market)
    if let order {
      precondition(order.count == market.agentCount, "order must be a permutation of the agents")
      table.order = order.map { Int32($0) }
    }
    table.phaseOne()
    table.phaseTwo()
    let outcome = table.outcome()
    #if MATCHING_INTERNAL_CHECKS
    if let m = outcome.matching {
      for a in 0..<m.count {
        if let b = m.partner(of: a) {
          precondition(m.partner(of: b) == a, "roommates: \(a) -> \(b) is not symmetric")
          precondition(market.position(of: b, in: a) != nil, "roommates: \(a) and \(b) are not acceptable")
        }
      }
    }
    #endif
    return outcome
  }
}

/// What ``StableRoommates`` finds.
public struct RoommatesOutcome: Sendable, Hashable {
  /// A stable matching (each agent's partner, -1 when unmatched), or `nil` when none exists.
  public var matching: Matching?
  /// A stable partition: the matching's pairs when one exists; otherwise it has odd parties.
  public var partition: StablePartition

  /// The witness of non-existence: the first odd party of the stable partition, or `nil`.
  public var oddParty: [AgentID]? { partition.oddParties.first }
}

/// The reduced lists ("table") of Irving's algorithm: agent *a*'s live entries are the
/// positions *k* below `end[a]` whose partner *b* still has *a* below `end[b]` and is not set
/// aside; `first`/`second` are cached pointers that only move forward.
struct RoommatesTable {
  let market: RoommatesMarket
  let n: Int
  var end: [Int32]
  var first: [Int32]
  var second: [Int32]
  var setAside: [Bool]
  var partyCycles: [[Int32]] = []
  /// Where phase 2 looks for a rotation's first agent, in turn.
  var order: [Int32]

  init(_ market: RoommatesMarket) {
    self.market = market
    n = market.agentCount
    end = (0..<n).map { market.listStart[$0 + 1] - market.listStart[$0] }
    first = [Int32](repeating: 0, count: n)
    second = [Int32](repeating: 1, count: n)
    setAside = [Bool](repeating: false, count: n)
    order = (0..<n).map { Int32($0) }
  }

  @inline(__always)
  func partner(_ a: Int, _ k: Int) -> Int { Int(market.partners[Int(market.listStart[a]) + k]) }

  @inline(__always)
  func isLive(_ a: Int, _ k: Int) -> Bool {
    guard k < Int(end[a]) else { return false }
    let e = Int(market.listStart[a]) + k
    let b = Int(market.partners[e])
    return market.reverse[e] < end[b] && !setAside[b]
  }

  /// The position of a's first live entry, or nil.
  mutating func firstPosition(_ a: Int) -> Int? {
    var k = Int(first[a])
    while k < Int(end[a]) && !isLive(a, k) { k += 1 }
    first[a] = Int32(k)
    return k < Int(end[a]) ? k : nil
  }

  /// The position of a's second live entry, or nil.
  mutating func secondPosition(_ a: Int) -> Int? {
    guard let f = firstPosition(a) else { return nil }
    var k = max(Int(second[a]), f + 1)
    while k < Int(end[a]) && !isLive(a, k) { k += 1 }
    second[a] = Int32(k)
    return k < Int(end[a]) ? k : nil
  }

  /// The last live entry of a: the proposer she holds (end - 1 after phase 1).
  mutating func lastPartner(_ a: Int) -> Int? {
    var k = Int(end[a]) - 1
    while k >= Int(first[a]) && !isLive(a, k) { k -= 1 }
    if k < Int(first[a]) { return nil }
    end[a] = Int32(k + 1)
    return partner(a, k)
  }

  /// Phase 1: proposals; an agent holding a proposal truncates her list after its proposer.
  mutating func phaseOne() {
    var free: [Int32] = (0..<n).reversed().map { Int32($0) }
    var held = [Int32](repeating: -1, count: n)
    while let a32 = free.popLast() {
      let a = Int(a32)
      guard let k = firstPosition(a) else { continue }
      let b = partner(a, k)
      let r = market.reverse[Int(market.listStart[a]) + k]
      let old = held[b]
      held[b] = r
      end[b] = r + 1
      if old >= 0 && old != r { free.append(Int32(partner(b, Int(old)))) }
    }
  }

  /// Phase 2: eliminate rotations (setting odd parties aside) until every list has at most
  /// one entry.
  mutating func phaseTwo() {
    var sequence: [Int32] = []
    var indexInSequence = [Int32](repeating: -1, count: n)
    var cursor = 0
    while true {
      if sequence.isEmpty {
        while cursor < n && (setAside[Int(order[cursor])] || secondPosition(Int(order[cursor])) == nil) { cursor += 1 }
        if cursor == n { return }
        let start = Int(order[cursor])
        sequence.append(Int32(start))
        indexInSequence[start] = 0
      }
      let x = Int(sequence[sequence.count - 1])
      guard let s = secondPosition(x) else {
        // Her list shrank to one entry since she joined the sequence.
        indexInSequence[x] = -1
        sequence.removeLast()
        continue
      }
      let y = partner(x, s)
      guard let next = lastPartner(y) else { preconditionFailure("a second entry without a last") }
      let j = Int(indexInSequence[next])
      if j < 0 {
        indexInSequence[next] = Int32(sequence.count)
        sequence.append(Int32(next))
        continue
      }
      let xs = Array(sequence[j...]).map(Int.init)
      for x in xs { indexInSequence[x] = -1 }
      sequence.removeSubrange(j...)
      if isOddParty(xs) {
        setAsideParty(xs)
        for x in sequence { indexInSequence[Int(x)] = -1 }
        sequence.removeAll()
      } else {
        eliminate(xs)
      }
    }
  }

  /// Whether the rotation on `xs` is a party (its first entries are its own agents) whose
  /// agents' lists have length two.
  mutating func isOddParty(_ xs: [Int]) -> Bool {
    var member = Set<Int>()
    for x in xs { member.insert(x) }
    for x in xs {
      guard let f = firstPosition(x), let s = secondPosition(x) else { return false }
      if !member.contains(partner(x, f)) { return false }
      // Length two: nothing live after the second entry.
      var k = s + 1
      while k < Int(end[x]) {
        if isLive(x, k) { return false }
        k += 1
      }
    }
    return true
  }

  /// Sets a party aside: its cycles (under first entries) become cycles of the partition.
  mutating func setAsideParty(_ xs: [Int]) {
    var successor: [Int: Int] = [:]
    for x in xs { successor[x] = partner(x, firstPosition(x)!) }
    var done = Set<Int>()
    for x in xs.sorted() where !done.contains(x) {
      var cycle: [Int32] = []
      var a = x
      while !done.contains(a) {
        done.insert(a)
        cycle.append(Int32(a))
        a = successor[a]!
      }
      partyCycles.append(cycle)
    }
    for x in xs { setAside[x] = true }
  }

  /// Eliminates the rotation on `xs`: each y_{i+1} (x_i's second entry) deletes everyone
  /// after x_i, so x_i moves to y_{i+1} and x_{i+1} loses y_{i+1}.
  mutating func eliminate(_ xs: [Int]) {
    let cut = xs.map { x -> (Int, Int32) in
      let s = secondPosition(x)!
      return (partner(x, s), market.reverse[Int(market.listStart[x]) + s] + 1)
    }
    for (y, newEnd) in cut { end[y] = min(end[y], newEnd) }
  }

  /// The stable partition, and the matching when it has no odd party.
  mutating func outcome() -> RoommatesOutcome {
    var successor = (0..<n).map { Int32($0) }
    for a in 0..<n where !setAside[a] {
      if let k = firstPosition(a) { successor[a] = Int32(partner(a, k)) }
    }
    var hasOddParty = false
    for cycle in partyCycles {
      for (k, a) in cycle.enumerated() { successor[Int(a)] = cycle[(k + 1) % cycle.count] }
      if cycle.count % 2 == 1 { hasOddParty = true }
    }
    let partition = StablePartition(successor: successor)
    guard !hasOddParty else { return RoommatesOutcome(matching: nil, partition: partition) }
    // Even cycles set aside (if any) split into consecutive pairs; pairs are 2-cycles.
    var assignment = [Int32](repeating: unassigned, count: n)
    var pairs = successor
    for cycle in partition.cycles where cycle.count >= 2 {
      if cycle.count == 2 {
        assignment[cycle[0]] = Int32(cycle[1])
        assignment[cycle[1]] = Int32(cycle[0])
        continue
      }
      for k in stride(from: 0, to: cycle.count, by: 2) {
        assignment[cycle[k]] = Int32(cycle[k + 1])
        assignment[cycle[k + 1]] = Int32(cycle[k])
        pairs[cycle[k]] = Int32(cycle[k + 1])
        pairs[cycle[k + 1]] = Int32(cycle[k])
      }
    }
    return RoommatesOutcome(matching: Matching(assignment: assignment), partition: StablePartition(successor: pairs))
  }
}
