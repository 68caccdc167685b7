/// Campus housing with existing tenants: some agents live in a house (tenants), others have
/// none (newcomers); some houses have no tenant (vacant); and every agent has a place in one
/// priority order. The model of Abdulkadiroglu and Sonmez (1999), "House allocation with
/// existing tenants".
///
/// ```swift
/// // Houses 0, 1, 2; agent 0 lives in house 0, agent 1 is a newcomer; house 1 and 2 vacant.
/// let market = try TenantHousingMarket(houseCount: 3, residence: [0, nil],
///                                      preferences: [[1, 0], [0, 2]], priority: [1, 0])
/// market.preferenceList(of: 0)   // [1, 0]
/// ```
///
/// Agents and houses are dense indices. A tenant's list is normalised as in a
/// ``HousingMarket``: houses she ranks below her own are dropped and her own house ends the
/// list (keeping it is always acceptable). A newcomer's list is what she ranks; anything
/// unlisted is unacceptable to her.
///
/// Invariant: each house has at most one tenant, each tenant one house; ``priority`` is a
/// permutation of the agents; lists hold distinct houses in range.
public struct TenantHousingMarket: Sendable, Equatable {
  /// The number of houses *h*.
  public let houseCount: Int
  /// Each agent's current house, or -1 for a newcomer.
  public private(set) var residence: [Int32]
  /// Each house's tenant, or -1 for a vacant house.
  public private(set) var tenant: [Int32]
  /// Where each agent's slot starts in ``houses``; `agentCount + 1` values.
  public private(set) var listStart: [Int32]
  /// How much of each slot the agent's current list uses.
  public private(set) var listLength: [Int32]
  /// All lists concatenated, most preferred first.
  public private(set) var houses: [Int32]
  /// The agents in priority order, highest first (tenants and newcomers interleaved).
  public private(set) var priority: [Int32]

  /// The number of agents *n* (tenants and newcomers).
  @inlinable public var agentCount: Int { residence.count }

  /// Creates a market from flat lists.
  ///
  /// - Parameters:
  ///   - houseCount: the number of houses.
  ///   - residence: each agent's house, or -1 for a newcomer.
  ///   - listOffsets: `agentCount + 1` offsets into `houses`.
  ///   - houses: every list concatenated, most preferred first.
  ///   - priority: a permutation of `0..<agentCount`, highest priority first.
  /// - Throws: ``TenantMarketError`` for a house out of range or listed twice, a house with
  ///   two tenants, or a priority order that is not a permutation.
  /// - Complexity: O(*n* + *h* + *E*) for total list length *E*.
  public init(
    houseCount: Int, residence: [Int32], listOffsets: [Int32], houses: [Int32], priority: [Int32]
  ) throws(TenantMarketError) {
    let n = residence.count
    precondition(listOffsets.count == n + 1, "listOffsets needs agentCount + 1 values")
    var tenant = [Int32](repeating: -1, count: houseCount)
    for (a, h) in residence.enumerated() where h >= 0 {
      guard Int(h) < houseCount else { throw .houseOutOfRange(agent: a, house: Int(h)) }
      guard tenant[Int(h)] < 0 else { throw .twoTenants(house: Int(h)) }
      tenant[Int(h)] = Int32(a)
    }
    guard priority.count == n else { throw .priorityNotAPermutation(detail: "\(priority.count) agents ranked, \(n) agents") }
    var seen = [Bool](repeating: false, count: n)
    for a in priority {
      guard a >= 0 && Int(a) < n && !seen[Int(a)] else {
        throw .priorityNotAPermutation(detail: "agent \(a) is out of range or ranked twice")
      }
      seen[Int(a)] = true
    }
    let lists: ListsUpToOwnHouse
    do {
      lists = try ListsUpToOwnHouse(listOffsets: listOffsets, houses: houses, own: residence, houseCount: houseCount)
    } catch {
      switch error {
      case .houseOutOfRange(let a, let h): throw .houseOutOfRange(agent: a, house: h)
      case .duplicateHouse(let a, let h): throw .duplicateHouse(agent: a, house: h)
      }
    }
    let (start, lengths, out) = (lists.start, lists.lengths, lists.entries)
    self.houseCount = houseCount
    self.residence = residence
    self.tenant = tenant
    self.listStart = start
    self.listLength = lengths
    self.houses = out
    self.priority = priority
  }

  /// Creates a market from nested lists; `residence[a]` is `nil` for a newcomer.
  public init(
    houseCount: Int, residence: [Int?], preferences: [[Int]], priority: [Int]
  ) throws(TenantMarketError) {
    var offsets: [Int32] = [0]
    var flat: [Int32] = []
    for list in preferences {
      flat += list.map { Int32($0) }
      offsets.append(Int32(flat.count))
    }
    try self.init(
      houseCount: houseCount, residence: residence.map { Int32($0 ?? -1) }, listOffsets: offsets,
      houses: flat, priority: priority.map { Int32($0) })
  }

  /// The range of agent *a*'s current list in ``houses``.
  @inlinable
  public func listRange(of agent: AgentID) -> Range<Int> {
    let s = Int(listStart[agent])
    return s..<(s + Int(listLength[agent]))
  }

  /// Agent *a*'s current list, most preferred first (a tenant's ends with her own house).
  public func preferenceList(of agent: AgentID) -> [HouseID] {
    listRange(of: agent).map { Int(houses[$0]) }
  }

  /// Agent *a*'s house, or `nil` for a newcomer.
  public func home(of agent: AgentID) -> HouseID? {
    residence[agent] < 0 ? nil : Int(residence[agent])
  }

  /// The position of house *h* in agent *a*'s list, or `nil` if unacceptable.
  public func position(of house: HouseID, in agent: AgentID) -> Int? {
    let r = listRange(of: agent)
    for e in r where Int(houses[e]) == house { return e - r.lowerBound }
    return nil
  }

  /// Replaces agent *a*'s reported list by `list`, an ordered subset of her truthful list; a
  /// tenant's own house is appended if absent and anything after it dropped.
  ///
  /// - Complexity: O(*k*) for her truthful list length *k*.
  public mutating func replaceList(of agent: AgentID, with list: [HouseID]) {
    let start = Int(listStart[agent])
    let capacity = Int(listStart[agent + 1]) - start
    let own = Int(residence[agent])
    var w = 0
    for h in list {
      precondition(w < capacity, "a reported list must come from the truthful list")
      houses[start + w] = Int32(h)
      w += 1
      if h == own { break }
    }
    if own >= 0 && (w == 0 || Int(houses[start + w - 1]) != own) {
      precondition(w < capacity, "a reported list must come from the truthful list")
      houses[start + w] = Int32(own)
      w += 1
    }
    listLength[agent] = Int32(w)
  }
}

/// A housing-with-tenants market that cannot be built.
public enum TenantMarketError: Error, Sendable, Equatable, CustomStringConvertible {
  case houseOutOfRange(agent: Int, house: Int)
  case duplicateHouse(agent: Int, house: Int)
  case twoTenants(house: Int)
  case priorityNotAPermutation(detail: String)

  public var description: String {
    switch self {
    case .houseOutOfRange(let a, let h): "agent \(a) names house \(h), which does not exist"
    case .duplicateHouse(let a, let h): "agent \(a) lists house \(h) twice"
    case .twoTenants(let h): "house \(h) has two tenants"
    case .priorityNotAPermutation(let d): "the priority order must rank every agent exactly once: \(d)"
    }
  }
}
