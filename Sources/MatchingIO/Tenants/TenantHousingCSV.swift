import MatchingCore

/// A housing-with-tenants market with the names it was read with.
public struct NamedTenantHousingMarket: Sendable {
  public var market: TenantHousingMarket
  /// Agent names by index: tenants in the order of the endowments file, then newcomers in
  /// order of first appearance in the preferences file.
  public var agentNames: [String]
  /// House names by index (order of the houses file).
  public var houseNames: [String]
  /// How the priority order was made: `"file"` or `"lottery"`.
  public var orderSource: String

  public init(market: TenantHousingMarket, agentNames: [String], houseNames: [String], orderSource: String) {
    self.market = market
    self.agentNames = agentNames
    self.houseNames = houseNames
    self.orderSource = orderSource
  }

  /// The number of tenants (the first agents).
  public var tenantCount: Int { market.residence.filter { $0 >= 0 }.count }
}

/// Reads housing markets with existing tenants (Abdulkadiroglu and Sonmez 1999) from CSV.
///
/// ```swift
/// let named = try TenantHousingCSV.read(houses: "houses.csv", endowments: "endowments.csv",
///                                       preferences: "preferences.csv", order: nil, seed: 7)
/// let allocation = TopTradingCyclesWithTenants().match(named.market)
/// ```
///
/// - `houses.csv`: `house`, every house once.
/// - `endowments.csv`: `agent,house`, one row per tenant; each house has at most one tenant.
///   A house without a row is vacant.
/// - `preferences.csv`: `agent,house,rank` (rank 1 best, no gaps); an agent who is not a
///   tenant is a newcomer. A tenant's own house is acceptable even when unlisted.
/// - `order.csv` (optional): `agent`, every agent exactly once, highest priority first.
///   Without it, agents are ordered by a seeded lottery: ascending `SeededNameHash` of
///   the name under the seed, so the order depends on the seed and the names only, never on
///   the order of rows.
/// - Output: `agent,house`, one row per agent (tenants, then newcomers), empty house for an
///   unassigned newcomer.
public enum TenantHousingCSV {
  /// Reads a market.
  ///
  /// - Throws: ``InputError`` naming file, line and column: an unknown house or agent, a
  ///   house listed or rented twice, an agent ranked twice in the order, an agent missing
  ///   from it, a rank gap or repeat, a non-integer rank.
  public static func read(
    houses: String, endowments: String, preferences: String, order: String?, seed: UInt64
  ) throws(InputError) -> NamedTenantHousingMarket {
    var houseTable = NameTable()
    do {
      let csv = try CSVReader(path: houses)
      let cH = try csv.requireColumn("house")
      try csv.forEachRecord { (row) throws(InputError) in
        if row.bytes(cH).count == 0 { throw csv.fieldError(cH, "empty house id") }
        guard houseTable.intern(row.bytes(cH)).isNew else {
          throw csv.fieldError(cH, "house '\(row.string(cH))' is listed twice")
        }
      }
      guard houseTable.count > 0 else {
        throw InputError(file: houses, line: 0, message: "no houses: the file has a header but no rows")
      }
    }
    var agents = NameTable()
    var residence: [Int32] = []
    var tenantOf = [Int32](repeating: -1, count: houseTable.count)
    do {
      let csv = try CSVReader(path: endowments)
      let cA = try csv.requireColumn("agent")
      let cH = try csv.requireColumn("house")
      try csv.forEachRecord { (row) throws(InputError) in
        if row.bytes(cA).count == 0 { throw csv.fieldError(cA, "empty agent id") }
        let (a, isNew) = agents.intern(row.bytes(cA))
        guard isNew else { throw csv.fieldError(cA, "agent '\(agents.names[a])' is listed twice") }
        guard let h = houseTable.index(of: row.bytes(cH)) else {
          throw csv.fieldError(cH, "unknown house '\(row.string(cH))' (not in \(houses))")
        }
        guard tenantOf[h] < 0 else {
          throw csv.fieldError(cH, "house '\(houseTable.names[h])' has two tenants ('\(agents.names[Int(tenantOf[h])])' and '\(agents.names[a])')")
        }
        tenantOf[h] = Int32(a)
        residence.append(Int32(h))
      }
    }
    // Preferences: rows in any order, sorted into lists by rank.
    var rowAgent: [Int32] = []
    var rowHouse: [Int32] = []
    var rowRank: [Int32] = []
    var rowLine: [Int32] = []
    do {
      let csv = try CSVReader(path: preferences)
      let cA = try csv.requireColumn("agent")
      let cH = try csv.requireColumn("house")
      let cR = try csv.requireColumn("rank")
      try csv.forEachRecord { (row) throws(InputError) in
        if row.bytes(cA).count == 0 { throw csv.fieldError(cA, "empty agent id") }
        let a = agents.intern(row.bytes(cA)).index
        if a >= residence.count { residence.append(-1) }  // a newcomer
        guard let h = houseTable.index(of: row.bytes(cH)) else {
          throw csv.fieldError(cH, "unknown house '\(row.string(cH))' (not in \(houses))")
        }
        guard let r = row.int(cR) else { throw csv.fieldError(cR, "\"\(row.string(cR))\" is not an integer") }
        guard r >= 1 && r <= Int(Int32.max) else { throw csv.fieldError(cR, "rank \(r) must be at least 1") }
        rowAgent.append(Int32(a))
        rowHouse.append(Int32(h))
        rowRank.append(Int32(r))
        rowLine.append(Int32(truncatingIfNeeded: row.line))
      }
    }
    let n = agents.count
    guard n > 0 else {
      throw InputError(file: preferences, line: 0, message: "no agents: neither tenants nor newcomers")
    }
    let (offsets, slot) = try RankedRows.lists(
      agents: rowAgent, ranks: rowRank, lines: rowLine, agentCount: n, agentNames: agents.names,
      noun: "agent", file: preferences)
    var flat = [Int32](repeating: 0, count: rowAgent.count)
    var stamp = [Int32](repeating: -1, count: houseTable.count)
    for a in 0..<n {
      for s in Int(offsets[a])..<Int(offsets[a + 1]) {
        let k = Int(slot[s])
        let h = Int(rowHouse[k])
        guard stamp[h] != Int32(a) else {
          throw InputError(
            file: preferences, line: Int(rowLine[k]), column: "house",
            message: "agent '\(agents.names[a])' ranks house '\(houseTable.names[h])' twice")
        }
        stamp[h] = Int32(a)
        flat[s] = Int32(h)
      }
    }
    // The priority order.
    var priority: [Int32] = []
    let source: String
    if let order {
      source = "file"
      var placed = [Bool](repeating: false, count: n)
      let csv = try CSVReader(path: order)
      let cA = try csv.requireColumn("agent")
      try csv.forEachRecord { (row) throws(InputError) in
        guard let a = agents.index(of: row.bytes(cA)) else {
          throw csv.fieldError(cA, "unknown agent '\(row.string(cA))' (neither a tenant in \(endowments) nor in \(preferences))")
        }
        guard !placed[a] else { throw csv.fieldError(cA, "agent '\(agents.names[a])' is listed twice") }
        placed[a] = true
        priority.append(Int32(a))
      }
      if let missing = placed.firstIndex(of: false) {
        throw InputError(file: order, line: 0, column: "agent", message: "agent '\(agents.names[missing])' is missing: the order must list every agent")
      }
    } else {
      source = "lottery"
      priority = SeededNameHash.lotteryOrder(of: agents.names, seed: seed).map { Int32($0) }
    }
    do {
      let market = try TenantHousingMarket(
        houseCount: houseTable.count, residence: residence, listOffsets: offsets, houses: flat,
        priority: priority)
      return NamedTenantHousingMarket(
        market: market, agentNames: agents.names, houseNames: houseTable.names, orderSource: source)
    } catch {
      throw InputError(file: preferences, line: 0, message: error.description)
    }
  }

  /// The bytes of the allocation file `agent,house`, one row per agent.
  public static func allocationBytes(_ matching: Matching, of named: NamedTenantHousingMarket) -> [UInt8] {
    OutputBuffer.matchingCSV(matching, header: "agent,house", agents: named.agentNames, partners: named.houseNames)
  }
}
