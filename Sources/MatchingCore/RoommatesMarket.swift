/// A stable roommates market (one-sided matching): each agent ranks some of the others;
/// a pair can be matched only when both list each other.
///
/// ```swift
/// let market = try RoommatesMarket(preferences: [[1, 2], [2, 0], [0, 1], [0, 1, 2]])
/// market.preferenceList(of: 3)   // []: nobody lists agent 3, so her entries are one-sided
/// market.oneSidedEntries         // 3
/// ```
///
/// Lists are strict and possibly incomplete (Irving 1985; Gusfield and Irving 1989, ch. 4
/// for incomplete lists). Entries that are not reciprocated are dropped when the market is
/// built (an agent cannot be matched with someone who does not accept her) and counted in
/// ``oneSidedEntries``.
///
/// Representation: agent *a*'s list is `partners[listStart[a] ..< listStart[a + 1]]`, most
/// preferred first, and `reverse[e]` is, for the entry *e* naming *b*, the position (0 = first)
/// of *a* in *b*'s list: both sides of a pair are reachable in O(1).
public struct RoommatesMarket: Sendable, Equatable {
  /// Where each agent's list starts in ``partners``; `agentCount + 1` values.
  public private(set) var listStart: [Int32]
  /// All lists concatenated, most preferred first (mutually acceptable partners only).
  public private(set) var partners: [Int32]
  /// For each entry, the position of its agent in the partner's list.
  public private(set) var reverse: [Int32]
  /// How many input entries were dropped because the other agent does not list back.
  public let oneSidedEntries: Int

  /// The number of agents *n*.
  @inlinable public var agentCount: Int { listStart.count - 1 }

  /// Creates a market from flat lists.
  ///
  /// - Parameters:
  ///   - listOffsets: `n + 1` non-decreasing offsets into `partners`.
  ///   - partners: every list, concatenated, most preferred first.
  /// - Throws: ``RoommatesError`` when an agent lists herself, lists someone twice, or names
  ///   an agent out of range.
  /// - Complexity: O(*n* + *E*) for *E* entries.
  public init(listOffsets: [Int32], partners input: [Int32]) throws(RoommatesError) {
    let n = listOffsets.count - 1
    precondition(n >= 0 && Int(listOffsets[n]) == input.count, "listOffsets must end at partners.count")
    // position[b] for the list being scanned, stamped by agent.
    var stamp = [Int32](repeating: -1, count: n)
    for a in 0..<n {
      for e in Int(listOffsets[a])..<Int(listOffsets[a + 1]) {
        let b = Int(input[e])
        guard b >= 0 && b < n else { throw .partnerOutOfRange(agent: a, partner: b) }
        guard b != a else { throw .listsSelf(agent: a) }
        guard stamp[b] != Int32(a) else { throw .duplicatePartner(agent: a, partner: b) }
        stamp[b] = Int32(a)
      }
    }
    // Keep an entry a -> b when b lists a: check by scanning b's list once per b, through
    // the entries pointing to b (a counting sort by target).
    var incomingStart = [Int32](repeating: 0, count: n + 1)
    for b in input { incomingStart[Int(b) + 1] += 1 }
    for b in 0..<n { incomingStart[b + 1] += incomingStart[b] }
    var incoming = [Int32](repeating: 0, count: input.count)
    var fill = incomingStart
    for a in 0..<n {
      for e in Int(listOffsets[a])..<Int(listOffsets[a + 1]) {
        let b = Int(input[e])
        incoming[Int(fill[b])] = Int32(e)
        fill[b] += 1
      }
    }
    var ownerOf = [Int32](repeating: 0, count: input.count)
    for a in 0..<n { for e in Int(listOffsets[a])..<Int(listOffsets[a + 1]) { ownerOf[e] = Int32(a) } }
    var positionIn = [Int32](repeating: 0, count: n)
    for k in 0..<n { stamp[k] = -1 }
    var mutual = [Bool](repeating: false, count: input.count)
    for b in 0..<n {
      for e in Int(listOffsets[b])..<Int(listOffsets[b + 1]) {
        stamp[Int(input[e])] = Int32(b)
      }
      for k in Int(incomingStart[b])..<Int(incomingStart[b + 1]) {
        let e = Int(incoming[k])
        if stamp[Int(ownerOf[e])] == Int32(b) { mutual[e] = true }
      }
    }
    var start = [Int32](repeating: 0, count: n + 1)
    var kept: [Int32] = []
    kept.reserveCapacity(input.count)
    for a in 0..<n {
      for e in Int(listOffsets[a])..<Int(listOffsets[a + 1]) where mutual[e] { kept.append(input[e]) }
      start[a + 1] = Int32(kept.count)
    }
    var reverse = [Int32](repeating: 0, count: kept.count)
    // Reverse positions: a counting pass over the kept entries by target.
    var inStart = [Int32](repeating: 0, count: n + 1)
    for b in kept { inStart[Int(b) + 1] += 1 }
    for b in 0..<n { inStart[b + 1] += inStart[b] }
    var inEntries = [Int32](repeating: 0, count: kept.count)
    var inFill = inStart
    var keptOwner = [Int32](repeating: 0, count: kept.count)
    for a in 0..<n {
      for e in Int(start[a])..<Int(start[a + 1]) {
        keptOwner[e] = Int32(a)
        let b = Int(kept[e])
        inEntries[Int(inFill[b])] = Int32(e)
        inFill[b] += 1
      }
    }
    for b in 0..<n {
      for e in Int(start[b])..<Int(start[b + 1]) { positionIn[Int(kept[e])] = Int32(e) - start[b] }
      for k in Int(inStart[b])..<Int(inStart[b + 1]) {
        let e = Int(inEntries[k])
        reverse[e] = positionIn[Int(keptOwner[e])]
      }
    }
    self.listStart = start
    self.partners = kept
    self.reverse = reverse
    self.oneSidedEntries = input.count - kept.count
  }

  /// Creates a market from nested lists (for examples and tests).
  public init(preferences: [[Int]]) throws(RoommatesError) {
    var offsets: [Int32] = [0]
    var flat: [Int32] = []
    for list in preferences {
      flat += list.map { Int32($0) }
      offsets.append(Int32(flat.count))
    }
    try self.init(listOffsets: offsets, partners: flat)
  }

  /// The range of agent *a*'s list in ``partners``.
  @inlinable
  public func listRange(of agent: AgentID) -> Range<Int> {
    Int(listStart[agent])..<Int(listStart[agent + 1])
  }

  /// Agent *a*'s list (mutually acceptable partners), most preferred first.
  public func preferenceList(of agent: AgentID) -> [AgentID] {
    listRange(of: agent).map { Int(partners[$0]) }
  }

  /// The position (0 = first) of `partner` in agent *a*'s list, or `nil` when the pair is
  /// not mutually acceptable.
  ///
  /// - Complexity: O(*k*) for her list length *k*.
  public func position(of partner: AgentID, in agent: AgentID) -> Int? {
    let r = listRange(of: agent)
    for e in r where Int(partners[e]) == partner { return e - r.lowerBound }
    return nil
  }
}

/// A roommates market that cannot be built.
public enum RoommatesError: Error, Sendable, Hashable, CustomStringConvertible {
  case partnerOutOfRange(agent: Int, partner: Int)
  case listsSelf(agent: Int)
  case duplicatePartner(agent: Int, partner: Int)

  public var description: String {
    switch self {
    case .partnerOutOfRange(let a, let b): "agent \(a) lists agent \(b), who does not exist"
    case .listsSelf(let a): "agent \(a) lists herself"
    case .duplicatePartner(let a, let b): "agent \(a) lists agent \(b) twice"
    }
  }
}
