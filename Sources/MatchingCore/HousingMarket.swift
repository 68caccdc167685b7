/// A Shapley-Scarf housing market: each agent owns one house and has a strict preference
/// list over houses.
///
/// ```swift
/// let market = try HousingMarket(endowments: [0, 1, 2],
///                                preferences: [[1, 0], [0, 1], [2]])
/// market.preferenceList(of: 0)   // [1, 0]
/// ```
///
/// Agents and houses are dense indices; `endowment(of: a)` is agent *a*'s own house, a
/// bijection between agents and houses. An agent's list is normalised so that her own house
/// ends it: houses she ranks below her own are dropped (she would never trade down), and her
/// own house is appended if she did not list it (keeping it is always acceptable). This is
/// the model of Shapley and Scarf (1974), "On cores and indivisibility".
public struct HousingMarket: Sendable, Equatable {
  /// Agent *a*'s own house.
  public private(set) var endowments: [Int32]
  /// The owner of each house (the inverse of ``endowments``).
  public private(set) var owners: [Int32]
  /// Where each agent's slot starts in ``houses``; `agentCount + 1` values.
  public private(set) var listStart: [Int32]
  /// How much of each slot the agent's current list uses.
  public private(set) var listLength: [Int32]
  /// All lists concatenated, most preferred first, each ending with the agent's own house.
  public private(set) var houses: [Int32]
  /// The owner of each listed house, aligned with ``houses`` (what TTC follows: agents point
  /// to agents).
  public private(set) var houseOwners: [Int32]

  /// The agents' (as students) and houses' (as schools) identities for random orders: random
  /// serial dictatorship draws its order from them, so it does not depend on input order.
  public private(set) var lotteryKeys: LotteryKeys

  /// The number of agents (and houses) *n*.
  @inlinable public var agentCount: Int { endowments.count }

  /// Creates a housing market.
  ///
  /// - Parameters:
  ///   - endowments: `endowments[a]` is agent *a*'s house; must be a permutation of
  ///     `0..<n`.
  ///   - listOffsets: `n + 1` offsets into `houses`.
  ///   - houses: every agent's list concatenated, most preferred first.
  ///   - lotteryKeys: the agents' and houses' identities (``LotteryKeys``, agents as
  ///     students); `nil` names each by its index in decimal.
  /// - Throws: ``MarketError`` for a house out of range, a repeated house, or endowments that
  ///   are not one house per agent.
  /// - Complexity: O(*n* + *E*) for *E* listed houses.
  public init(
    endowments: [Int32], listOffsets: [Int32], houses: [Int32], lotteryKeys: LotteryKeys? = nil
  ) throws(MarketError) {
    let n = endowments.count
    precondition(listOffsets.count == n + 1, "listOffsets needs agentCount + 1 values")
    let keys = lotteryKeys ?? LotteryKeys(studentCount: n, schoolCount: n)
    precondition(keys.students.count == n && keys.schools.count == n, "one lottery key per agent and per house")
    var owners = [Int32](repeating: -1, count: n)
    for (a, h) in endowments.enumerated() {
      guard h >= 0 && Int(h) < n else {
        throw .endowmentsNotABijection(detail: "agent \(a) owns house \(h) of \(n)")
      }
      guard owners[Int(h)] < 0 else {
        throw .endowmentsNotABijection(detail: "house \(h) is owned twice")
      }
      owners[Int(h)] = Int32(a)
    }
    let lists: ListsUpToOwnHouse
    do {
      lists = try ListsUpToOwnHouse(listOffsets: listOffsets, houses: houses, own: endowments, houseCount: n)
    } catch {
      switch error {
      case .houseOutOfRange(let a, let h): throw .houseOutOfRange(agent: a, house: h)
      case .duplicateHouse(let a, let h): throw .duplicateHouse(agent: a, house: h)
      }
    }
    let (start, lengths, out) = (lists.start, lists.lengths, lists.entries)
    self.endowments = endowments
    self.owners = owners
    self.listStart = start
    self.listLength = lengths
    self.houses = out
    self.houseOwners = out.map { owners[Int($0)] }
    self.lotteryKeys = keys
  }

  /// Creates a housing market from nested lists.
  public init(endowments: [Int], preferences: [[Int]]) throws(MarketError) {
    var offsets: [Int32] = [0]
    var flat: [Int32] = []
    for list in preferences {
      flat += list.map { Int32($0) }
      offsets.append(Int32(flat.count))
    }
    try self.init(endowments: endowments.map { Int32($0) }, listOffsets: offsets, houses: flat)
  }

  /// The range of agent *a*'s current list in ``houses``.
  @inlinable
  public func listRange(of agent: AgentID) -> Range<Int> {
    let s = Int(listStart[agent])
    return s..<(s + Int(listLength[agent]))
  }

  /// Agent *a*'s current list, most preferred first, ending with her own house.
  public func preferenceList(of agent: AgentID) -> [HouseID] {
    listRange(of: agent).map { Int(houses[$0]) }
  }

  /// Agent *a*'s own house.
  @inlinable public func endowment(of agent: AgentID) -> HouseID { Int(endowments[agent]) }

  /// The position of house *h* in agent *a*'s list (0 = first), or `nil` if unacceptable.
  public func position(of house: HouseID, in agent: AgentID) -> Int? {
    let r = listRange(of: agent)
    for e in r where Int(houses[e]) == house { return e - r.lowerBound }
    return nil
  }

  /// Whether agent *a* strictly prefers house *x* to house *y* (an unlisted house is worse
  /// than any listed one).
  public func prefers(_ agent: AgentID, _ x: HouseID, over y: HouseID) -> Bool {
    let px = position(of: x, in: agent) ?? Int.max
    let py = position(of: y, in: agent) ?? Int.max
    return px < py
  }

  /// Replaces agent *a*'s reported list by `list`, a subset of her truthful list (her own
  /// house is appended if absent, and anything after it dropped, as at construction).
  ///
  /// - Complexity: O(*k*) for her truthful list length *k*.
  public mutating func replaceList(of agent: AgentID, with list: [HouseID]) {
    let start = Int(listStart[agent])
    let capacity = Int(listStart[agent + 1]) - start
    let own = Int(endowments[agent])
    var w = 0
    for h in list {
      precondition(w < capacity, "a reported list must come from the truthful list")
      houses[start + w] = Int32(h)
      houseOwners[start + w] = owners[h]
      w += 1
      if h == own { break }
    }
    if w == 0 || Int(houses[start + w - 1]) != own {
      precondition(w < capacity, "a reported list must come from the truthful list")
      houses[start + w] = Int32(own)
      houseOwners[start + w] = Int32(agent)
      w += 1
    }
    listLength[agent] = Int32(w)
  }

  /// The equivalent school-choice market: each house is a school with one seat whose top
  /// priority is its owner (class 0); everyone else who lists it is in class 1, ordered by
  /// `tieBreaking`. School-choice TTC on this market is Shapley-Scarf TTC.
  public func asSchoolChoiceMarket(tieBreaking: TieBreaking = .single(seed: 0)) -> SchoolChoiceMarket {
    var offsets: [Int32] = [0]
    var flat: [Int32] = []
    var prio: [Int32] = []
    for a in 0..<agentCount {
      for e in listRange(of: a) {
        flat.append(houses[e])
        prio.append(houses[e] == endowments[a] ? 0 : 1)
      }
      offsets.append(Int32(flat.count))
    }
    // Valid by construction: distinct houses per list, all in range, capacities 1.
    return try! SchoolChoiceMarket(
      capacities: [Int32](repeating: 1, count: agentCount), listOffsets: offsets, schools: flat,
      priorities: prio, tieBreaking: tieBreaking, lotteryKeys: lotteryKeys)
  }
}
