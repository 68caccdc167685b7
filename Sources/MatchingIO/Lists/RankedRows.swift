/// Rows of `agent, option, rank` in any order, sorted into per-agent lists by rank, with
/// the errors a person can act on: a rank gap and a repeated rank, each naming the file,
/// the line and the column.
///
/// ```swift
/// let (offsets, rowAt) = try RankedRows.lists(agents: rowAgent, ranks: rowRank, lines: rowLine,
///                                             agentCount: n, agentNames: names, noun: "student",
///                                             file: "applications.csv")
/// // agent i's k-th choice is row rowAt[offsets[i] + k]
/// ```
enum RankedRows {
  /// A counting sort by agent, each row placed by its rank.
  ///
  /// - Returns: `offsets` (`agentCount + 1` values) and, per slot, the row it holds.
  /// - Throws: ``InputError`` for a rank above the agent's row count (a gap) or a rank that
  ///   appears twice for one agent.
  /// - Complexity: O(*n* + *E*) for *n* agents and *E* rows.
  static func lists(
    agents: [Int32], ranks: [Int32], lines: [Int32], agentCount n: Int, agentNames: [String],
    noun: String, file: String
  ) throws(InputError) -> (offsets: [Int32], rowAt: [Int32]) {
    var offsets = [Int32](repeating: 0, count: n + 1)
    for a in agents { offsets[Int(a) + 1] += 1 }
    for a in 0..<n { offsets[a + 1] += offsets[a] }
    var rowAt = [Int32](repeating: -1, count: agents.count)
    for r in 0..<agents.count {
      let a = Int(agents[r])
      let length = Int(offsets[a + 1] - offsets[a])
      let rank = Int(ranks[r])
      guard rank <= length else {
        throw InputError(
          file: file, line: Int(lines[r]), column: "rank",
          message: "\(noun) '\(InputError.show(agentNames[a]))' has \(length) row(s), so ranks must be 1...\(length) without gaps; found rank \(rank)")
      }
      let slot = Int(offsets[a]) + rank - 1
      guard rowAt[slot] < 0 else {
        throw InputError(
          file: file, line: Int(lines[r]), column: "rank",
          message: "\(noun) '\(InputError.show(agentNames[a]))' has rank \(rank) twice (also on line \(lines[Int(rowAt[slot])]))")
      }
      rowAt[slot] = Int32(r)
    }
    return (offsets, rowAt)
  }
}
