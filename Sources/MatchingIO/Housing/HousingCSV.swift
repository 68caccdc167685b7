import MatchingCore

/// A housing market with the names it was read with.
public struct NamedHousingMarket: Sendable {
  public var market: HousingMarket
  /// Agent names, by index (order of the endowments file).
  public var agentNames: [String]
  /// House names, by index (house *k* is the endowment of agent *k*).
  public var houseNames: [String]

  public init(market: HousingMarket, agentNames: [String], houseNames: [String]) {
    self.market = market
    self.agentNames = agentNames
    self.houseNames = houseNames
  }
}

/// Reads and writes Shapley-Scarf housing markets in CSV.
///
/// ```swift
/// let named = try HousingCSV.read(endowments: "endowments.csv", preferences: "preferences.csv")
/// let allocation = TopTradingCycles().match(named.market)
/// ```
///
/// - `endowments.csv`: `agent,house`, one row per agent, each house owned once.
/// - `preferences.csv`: `agent,house,rank`, rank 1 most preferred, ranks 1, 2, ... without
///   gaps per agent. Houses ranked below the agent's own are never used; her own house is
///   acceptable even when unlisted. An agent with no rows keeps her house.
/// - Output: `agent,house`, one row per agent in endowment order.
public enum HousingCSV {
  /// Reads a housing market.
  ///
  /// - Throws: ``InputError`` naming file, line and column: unknown agent or house, a house
  ///   owned twice, an agent listed twice, duplicate rank, rank gap, non-integer rank.
  public static func read(endowments: String, preferences: String) throws(InputError) -> NamedHousingMarket {
    var agents = NameTable()
    var houses = NameTable()
    var csv = try CSVReader(path: endowments)
    let cA = try csv.requireColumn("agent")
    let cH = try csv.requireColumn("house")
    while try csv.nextRecord() {
      if csv.withBytes(cA, { $0.count == 0 }) { throw csv.fieldError(cA, "empty agent id") }
      if csv.withBytes(cH, { $0.count == 0 }) { throw csv.fieldError(cH, "empty house id") }
      let (a, newAgent) = csv.withBytes(cA) { agents.intern($0) }
      guard newAgent else { throw csv.fieldError(cA, "agent '\(agents.names[a])' is listed twice") }
      let (_, newHouse) = csv.withBytes(cH) { houses.intern($0) }
      guard newHouse else { throw csv.fieldError(cH, "house '\(csv.trimmed(cH))' is owned by two agents") }
    }
    let n = agents.count
    guard n > 0 else { throw InputError(file: endowments, line: 0, message: "no agents: the file has a header but no rows") }

    var rows: [(agent: Int32, house: Int32, rank: Int32, line: Int32)] = []
    var p = try CSVReader(path: preferences)
    let pA = try p.requireColumn("agent")
    let pH = try p.requireColumn("house")
    let pR = try p.requireColumn("rank")
    while try p.nextRecord() {
      guard let a = p.withBytes(pA, { agents.index(of: $0) }) else {
        throw p.fieldError(pA, "unknown agent '\(p.trimmed(pA))' (not in \(endowments))")
      }
      guard let h = p.withBytes(pH, { houses.index(of: $0) }) else {
        throw p.fieldError(pH, "unknown house '\(p.trimmed(pH))' (not in \(endowments))")
      }
      let r = try p.int(pR)
      guard r >= 1 && r <= Int(Int32.max) else { throw p.fieldError(pR, "rank \(r) must be at least 1") }
      rows.append((Int32(a), Int32(h), Int32(r), Int32(truncatingIfNeeded: p.line)))
    }
    var offsets = [Int32](repeating: 0, count: n + 1)
    for row in rows { offsets[Int(row.agent) + 1] += 1 }
    for a in 0..<n { offsets[a + 1] += offsets[a] }
    var slot = [Int32](repeating: -1, count: rows.count)
    for (k, row) in rows.enumerated() {
      let a = Int(row.agent)
      let length = Int(offsets[a + 1] - offsets[a])
      guard Int(row.rank) <= length else {
        throw InputError(
          file: preferences, line: Int(row.line), column: "rank",
          message: "agent '\(agents.names[a])' has \(length) row(s), so ranks must be 1...\(length) without gaps; found rank \(row.rank)")
      }
      let s = Int(offsets[a]) + Int(row.rank) - 1
      guard slot[s] < 0 else {
        throw InputError(
          file: preferences, line: Int(row.line), column: "rank",
          message: "agent '\(agents.names[a])' has rank \(row.rank) twice (also on line \(rows[Int(slot[s])].line))")
      }
      slot[s] = Int32(k)
    }
    var flat = [Int32](repeating: 0, count: rows.count)
    var lastSeen = [Int32](repeating: -1, count: n)
    for a in 0..<n {
      for s in Int(offsets[a])..<Int(offsets[a + 1]) {
        let row = rows[Int(slot[s])]
        guard lastSeen[Int(row.house)] != Int32(a) else {
          throw InputError(
            file: preferences, line: Int(row.line), column: "house",
            message: "agent '\(agents.names[a])' ranks house '\(houses.names[Int(row.house)])' twice")
        }
        lastSeen[Int(row.house)] = Int32(a)
        flat[s] = row.house
      }
    }
    do {
      let market = try HousingMarket(
        endowments: (0..<n).map { Int32($0) }, listOffsets: offsets, houses: flat)
      return NamedHousingMarket(market: market, agentNames: agents.names, houseNames: houses.names)
    } catch {
      throw InputError(file: preferences, line: 0, message: error.description)
    }
  }

  /// Writes the allocation `agent,house`, one row per agent (atomic).
  public static func writeAllocation(_ matching: Matching, of named: NamedHousingMarket, to path: String) throws {
    try AtomicFile.write(bytes: allocationBytes(matching, of: named), to: path)
  }

  /// The bytes of the allocation file.
  public static func allocationBytes(_ matching: Matching, of named: NamedHousingMarket) -> [UInt8] {
    var out = OutputBuffer()
    out.append("agent,house\n")
    for a in 0..<matching.count {
      out.appendField(named.agentNames[a])
      out.append(",")
      if let h = matching.partner(of: a) { out.appendField(named.houseNames[h]) }
      out.append("\n")
    }
    return out.bytes
  }

  /// Writes a housing market as `endowments.csv` and `preferences.csv` (atomic).
  public static func writeMarket(_ named: NamedHousingMarket, endowments: String, preferences: String) throws {
    let market = named.market
    var e = OutputBuffer()
    e.append("agent,house\n")
    for a in 0..<market.agentCount {
      e.appendRow([named.agentNames[a], named.houseNames[market.endowment(of: a)]])
    }
    var p = OutputBuffer()
    p.append("agent,house,rank\n")
    for a in 0..<market.agentCount {
      for (k, h) in market.preferenceList(of: a).enumerated() {
        p.appendField(named.agentNames[a])
        p.append(",")
        p.appendField(named.houseNames[h])
        p.append(",")
        p.append(k + 1)
        p.append("\n")
      }
    }
    try AtomicFile.write(bytes: e.bytes, to: endowments)
    try AtomicFile.write(bytes: p.bytes, to: preferences)
  }

  /// Reads an allocation file (`agent,house`) against a market's names.
  public static func readAllocation(_ path: String, for named: NamedHousingMarket) throws(InputError) -> Matching {
    try SchoolChoiceCSV.readAssignment(
      path, agentColumn: "agent", optionColumn: "house", agentNames: named.agentNames,
      optionNames: named.houseNames)
  }
}
