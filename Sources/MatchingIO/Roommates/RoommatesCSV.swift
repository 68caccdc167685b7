import MatchingCore

/// A roommates market with the names it was read with.
public struct NamedRoommatesMarket: Sendable {
  /// The market on dense indices.
  public var market: RoommatesMarket
  /// Agent names, by index (order of first appearance in the file, as agent or partner).
  public var agentNames: [String]

  public init(market: RoommatesMarket, agentNames: [String]) {
    self.market = market
    self.agentNames = agentNames
  }
}

/// Reads roommates preferences and writes roommates matchings in CSV.
///
/// ```swift
/// let named = try RoommatesCSV.read(preferences: "prefs.csv")
/// let outcome = StableRoommates().match(named.market)
/// ```
///
/// - `prefs.csv`: `agent,partner,rank`, one row per entry; rank 1 is the best, and an agent's
///   ranks must be 1, 2, ... without gaps. Two entries of one agent with the same rank (a
///   tie) are an error, as are an agent listing herself or the same partner twice. Rows may
///   come in any order. An entry whose partner does not list the agent back is ignored and
///   counted (`RoommatesMarket.oneSidedEntries`).
/// - Matching output: `agent,partner`, one row per agent in index order, the partner empty
///   when unmatched; with several matchings, `matching,agent,partner` with matchings numbered
///   from 1.
public enum RoommatesCSV {
  /// Reads a roommates market.
  ///
  /// - Throws: ``InputError`` naming file, line and column: a missing column, an empty name,
  ///   a non-integer or non-positive rank, a tie (a rank repeated by one agent), a rank gap,
  ///   an agent listing herself or a partner twice, an empty file.
  /// - Complexity: O(*E*) for *E* rows.
  public static func read(preferences path: String) throws(InputError) -> NamedRoommatesMarket {
    var names = NameTable()
    let csv = try CSVReader(path: path)
    let cAgent = try csv.requireColumn("agent")
    let cPartner = try csv.requireColumn("partner")
    let cRank = try csv.requireColumn("rank")
    var rowAgent: [Int32] = []
    var rowPartner: [Int32] = []
    var rowRank: [Int32] = []
    var rowLine: [Int32] = []
    try csv.forEachRecord { (row) throws(InputError) in
      if row.bytes(cAgent).count == 0 { throw csv.fieldError(cAgent, "empty agent name") }
      if row.bytes(cPartner).count == 0 { throw csv.fieldError(cPartner, "empty partner name") }
      let a = names.intern(row.bytes(cAgent)).index
      let b = names.intern(row.bytes(cPartner)).index
      guard a != b else { throw csv.fieldError(cPartner, "agent '\(names.names[a])' lists herself") }
      guard let r = row.int(cRank) else { throw csv.fieldError(cRank, "\"\(row.string(cRank))\" is not an integer") }
      guard r >= 1 && r <= Int(Int32.max) else { throw csv.fieldError(cRank, "rank \(r) must be at least 1") }
      rowAgent.append(Int32(a))
      rowPartner.append(Int32(b))
      rowRank.append(Int32(r))
      rowLine.append(Int32(truncatingIfNeeded: row.line))
    }
    guard !rowAgent.isEmpty else {
      throw InputError(file: path, line: 0, message: "no preferences: the file has a header but no rows")
    }
    let n = names.count
    let (offsets, rowAt): ([Int32], [Int32])
    do {
      (offsets, rowAt) = try RankedRows.lists(
        agents: rowAgent, ranks: rowRank, lines: rowLine, agentCount: n, agentNames: names.names,
        noun: "agent", file: path)
    } catch {
      // A repeated rank is a tie: say so.
      if error.message.contains("twice") {
        throw InputError(
          file: error.file, line: error.line, column: error.column,
          message: error.message + " (ties are not allowed: ranks must be strict)")
      }
      throw error
    }
    var flat = [Int32](repeating: 0, count: rowAgent.count)
    var stamp = [Int32](repeating: -1, count: n)
    var stampLine = [Int32](repeating: 0, count: n)
    for a in 0..<n {
      for slot in Int(offsets[a])..<Int(offsets[a + 1]) {
        let r = Int(rowAt[slot])
        let b = Int(rowPartner[r])
        guard stamp[b] != Int32(a) else {
          throw InputError(
            file: path, line: Int(rowLine[r]), column: "partner",
            message: "agent '\(names.names[a])' lists '\(names.names[b])' twice (also on line \(stampLine[b]))")
        }
        stamp[b] = Int32(a)
        stampLine[b] = rowLine[r]
        flat[slot] = Int32(b)
      }
    }
    do {
      let market = try RoommatesMarket(listOffsets: offsets, partners: flat)
      return NamedRoommatesMarket(market: market, agentNames: names.names)
    } catch {
      throw InputError(file: path, line: 0, message: error.description)
    }
  }

  /// The bytes of a matching file: `agent,partner`, one row per agent, partner empty when
  /// unmatched.
  public static func matchingBytes(_ matching: Matching, of named: NamedRoommatesMarket) -> [UInt8] {
    OutputBuffer.matchingCSV(matching, header: "agent,partner", agents: named.agentNames, partners: named.agentNames)
  }

  /// Appends matching number `number` (from 1) as `matching,agent,partner` rows (the caller
  /// writes the header).
  public static func appendNumberedMatching(
    _ assignment: [Int32], number: Int, of named: NamedRoommatesMarket, to out: inout OutputBuffer
  ) {
    for a in 0..<assignment.count {
      out.append(number)
      out.append(",")
      out.appendField(named.agentNames[a])
      out.append(",")
      if assignment[a] >= 0 { out.appendField(named.agentNames[Int(assignment[a])]) }
      out.append("\n")
    }
  }

  /// Reads a matching file (`agent,partner`) against a market's names.
  ///
  /// - Throws: ``InputError`` for an unknown agent or partner, an agent listed twice, or an
  ///   agent of the market missing from the file.
  public static func readMatching(_ path: String, for named: NamedRoommatesMarket) throws(InputError) -> Matching {
    try SchoolChoiceCSV.readAssignment(
      path, agentColumn: "agent", optionColumn: "partner", agentNames: named.agentNames,
      optionNames: named.agentNames)
  }
}

extension SchoolChoiceCSV {
  /// Appends matching number `number` (from 1) as `matching,student,school` rows.
  public static func appendNumberedAssignment(
    _ assignment: UnsafeBufferPointer<Int32>, number: Int, of named: NamedSchoolChoiceMarket,
    to out: inout OutputBuffer
  ) {
    for i in 0..<assignment.count {
      out.append(number)
      out.append(",")
      out.appendField(named.studentNames[i])
      out.append(",")
      if assignment[i] >= 0 { out.appendField(named.schoolNames[Int(assignment[i])]) }
      out.append("\n")
    }
  }
}
