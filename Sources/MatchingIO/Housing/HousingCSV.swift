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
  /// - Parameters:
  ///   - endowments: path of `endowments.csv` (`-` for standard input).
  ///   - preferences: path of `preferences.csv` (`-` for standard input; not both).
  ///   - delimiter: the field delimiter; `nil` detects each file's from its header line.
  /// - Throws: ``InputError`` naming file, line and column: unknown agent or house, a house
  ///   owned twice, an agent listed twice, duplicate rank, rank gap, non-integer rank, a
  ///   short row.
  public static func read(
    endowments: String, preferences: String, delimiter: CSVDelimiter? = nil
  ) throws(InputError) -> NamedHousingMarket {
    var agents = NameTable()
    var houses = NameTable()
    let csv = try CSVReader(path: endowments, delimiter: delimiter)
    let cA = try csv.requireColumn("agent")
    let cH = try csv.requireColumn("house")
    try csv.forEachRecord { (row) throws(InputError) in
      if row.bytes(cA).count == 0 { throw csv.fieldError(cA, "empty agent id") }
      if row.bytes(cH).count == 0 { throw csv.fieldError(cH, "empty house id") }
      let (a, newAgent) = agents.intern(row.bytes(cA))
      guard newAgent else { throw csv.fieldError(cA, "agent '\(InputError.show(agents.names[a]))' is listed twice") }
      guard houses.intern(row.bytes(cH)).isNew else {
        throw csv.fieldError(cH, "house '\(row.quoted(cH))' is owned by two agents")
      }
    }
    let n = agents.count
    guard n > 0 else { throw InputError(file: csv.path, line: 0, message: "no agents: the file has a header but no rows") }

    let offsets: [Int32]
    let flat: [Int32]
    if let grouped = try readPreferences(
      preferences, endowments: endowments, agents: agents, houses: houses, grouped: true, delimiter: delimiter)
    {
      (offsets, flat) = grouped
    } else {
      (offsets, flat) = try readPreferences(
        preferences, endowments: endowments, agents: agents, houses: houses, grouped: false, delimiter: delimiter)!
    }
    do {
      let market = try HousingMarket(
        endowments: (0..<n).map { Int32($0) }, listOffsets: offsets, houses: flat,
        lotteryKeys: LotteryKeys(studentNames: agents.names, schoolNames: houses.names))
      return NamedHousingMarket(market: market, agentNames: agents.names, houseNames: houses.names)
    } catch {
      throw InputError(file: InputFile.displayName(preferences), line: 0, message: error.description)
    }
  }

  /// Reads the preference rows into lists. With `grouped`, expects each agent's rows
  /// together in rank order 1, 2, ... (and each agent at most once) and returns `nil` as soon
  /// as the file is not like that; otherwise it sorts rows in any order by agent and rank.
  static func readPreferences(
    _ preferences: String, endowments: String, agents: NameTable, houses: NameTable, grouped: Bool,
    delimiter: CSVDelimiter? = nil
  ) throws(InputError) -> (offsets: [Int32], houses: [Int32])? {
    let n = agents.count
    let p = try CSVReader(path: preferences, delimiter: delimiter)
    let preferences = p.path
    let endowments = InputFile.displayName(endowments)
    let pA = try p.requireColumn("agent")
    let pH = try p.requireColumn("house")
    let pR = try p.requireColumn("rank")
    var rowAgent: [Int32] = []
    var rowHouse: [Int32] = []
    var rowRank: [Int32] = []
    var rowLine: [Int32] = []
    // Grouped mode: lists in agent order of appearance, placed by agent at the end.
    var groupStart = [Int32](repeating: -1, count: n)
    var groupLength = [Int32](repeating: 0, count: n)
    var stamp = [Int32](repeating: -1, count: n)
    var current = -1
    var expected = 1
    var notGrouped = false
    try p.forEachRecord { (row) throws(InputError) in
      if notGrouped { return }
      guard let a = agents.index(of: row.bytes(pA)) else {
        throw p.fieldError(pA, "unknown agent '\(row.quoted(pA))' (not in \(endowments))")
      }
      guard let h = houses.index(of: row.bytes(pH)) else {
        throw p.fieldError(pH, "unknown house '\(row.quoted(pH))' (not in \(endowments))")
      }
      guard let r = row.int(pR) else { throw p.fieldError(pR, "\"\(row.quoted(pR))\" is not an integer") }
      guard r >= 1 && r <= Int(Int32.max) else { throw p.fieldError(pR, "rank \(r) must be at least 1") }
      if grouped {
        if a != current {
          guard groupStart[a] < 0 && r == 1 else {
            notGrouped = true
            return
          }
          current = a
          groupStart[a] = Int32(rowHouse.count)
          expected = 1
        }
        guard r == expected else {
          notGrouped = true
          return
        }
        expected += 1
        // A repeated house: scan the (short) list so far rather than touch a table per row.
        let begin = Int(groupStart[a])
        if rowHouse.count - begin <= 32 {
          for k in begin..<rowHouse.count where rowHouse[k] == Int32(h) {
            throw p.fieldError(pH, "agent '\(InputError.show(agents.names[a]))' ranks house '\(InputError.show(houses.names[h]))' twice")
          }
        } else {
          if rowHouse.count - begin == 33 {  // long list: switch to stamps
            for k in begin..<rowHouse.count { stamp[Int(rowHouse[k])] = Int32(a) }
          }
          if stamp[h] == Int32(a) {
            throw p.fieldError(pH, "agent '\(InputError.show(agents.names[a]))' ranks house '\(InputError.show(houses.names[h]))' twice")
          }
          stamp[h] = Int32(a)
        }
        groupLength[a] += 1
        rowHouse.append(Int32(h))
      } else {
        rowAgent.append(Int32(a))
        rowHouse.append(Int32(h))
        rowRank.append(Int32(r))
        rowLine.append(Int32(truncatingIfNeeded: row.line))
      }
    }
    if notGrouped { return nil }
    var offsets = [Int32](repeating: 0, count: n + 1)
    if grouped {
      for a in 0..<n { offsets[a + 1] = offsets[a] + groupLength[a] }
      // Agents usually appear in endowment order: then the rows are already the lists.
      var inOrder = true
      for a in 0..<n where groupLength[a] > 0 && groupStart[a] != offsets[a] {
        inOrder = false
        break
      }
      if inOrder { return (offsets, rowHouse) }
      var flat = [Int32](repeating: 0, count: rowHouse.count)
      for a in 0..<n where groupLength[a] > 0 {
        for k in 0..<Int(groupLength[a]) { flat[Int(offsets[a]) + k] = rowHouse[Int(groupStart[a]) + k] }
      }
      return (offsets, flat)
    }
    let slot: [Int32]
    (offsets, slot) = try RankedRows.lists(
      agents: rowAgent, ranks: rowRank, lines: rowLine, agentCount: n, agentNames: agents.names,
      noun: "agent", file: preferences)
    var flat = [Int32](repeating: 0, count: rowAgent.count)
    for a in 0..<n {
      for s in Int(offsets[a])..<Int(offsets[a + 1]) {
        let k = Int(slot[s])
        let h = Int(rowHouse[k])
        guard stamp[h] != Int32(a) else {
          throw InputError(
            file: preferences, line: Int(rowLine[k]), column: "house",
            message: "agent '\(InputError.show(agents.names[a]))' ranks house '\(InputError.show(houses.names[h]))' twice")
        }
        stamp[h] = Int32(a)
        flat[s] = Int32(h)
      }
    }
    return (offsets, flat)
  }

  /// Writes the allocation `agent,house`, one row per agent (atomic).
  public static func writeAllocation(_ matching: Matching, of named: NamedHousingMarket, to path: String) throws {
    try AtomicFile.write(bytes: allocationBytes(matching, of: named), to: path)
  }

  /// The bytes of the allocation file.
  public static func allocationBytes(_ matching: Matching, of named: NamedHousingMarket) -> [UInt8] {
    OutputBuffer.matchingCSV(matching, header: "agent,house", agents: named.agentNames, partners: named.houseNames)
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
  public static func readAllocation(
    _ path: String, for named: NamedHousingMarket, delimiter: CSVDelimiter? = nil
  ) throws(InputError) -> Matching {
    try SchoolChoiceCSV.readAssignment(
      path, agentColumn: "agent", optionColumn: "house", agentNames: named.agentNames,
      optionNames: named.houseNames, delimiter: delimiter)
  }
}
