import ArgumentParser
import Foundation
import MatchingMarkets

/// `matchmarket roommates`: a stable roommates matching, all of them, or the proof that none
/// exists.
struct RoommatesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "roommates",
    abstract: "Stable roommates (Irving 1985): a stable matching, all of them, or a witness that none exists.",
    discussion: """
      prefs.csv: agent,partner,rank (rank 1 = best; ties, self-listing and repeated partners \
      are input errors; an entry the partner does not reciprocate is ignored and counted as \
      one_sided_entries). Output: agent,partner (partner empty when unmatched); with --select \
      all, matching,agent,partner with matchings numbered from 1. When no stable matching \
      exists the output has only its header, and the summary gives a witness: an odd party \
      of a stable partition (Tan 1991), with the whole partition, which `matchmarket check \
      roommates --witness` verifies. Exit status 0 whether or not a stable matching exists; \
      65 for bad input.
      """)

  enum SelectName: String, ExpressibleByArgument, CaseIterable { case one, all }

  @Option(help: "prefs.csv (agent,partner,rank).")
  var preferences: String

  @Option(help: "one (a stable matching) or all (every stable matching, up to --limit).")
  var select: SelectName = .one

  @Option(help: "The most stable matchings to list with --select all.")
  var limit = 10_000

  @Option(help: "Where to write the matching(s).")
  var output: String

  @Option(help: "Also write a JSON summary (existence, counts, witness).")
  var summary: String?

  @Flag(help: "Print no summary on stderr.")
  var quiet = false

  func validate() throws {
    guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
  }

  func run() throws {
    try preflightOutputs(files: [output, summary])
    let named = try reportingInputErrors { try RoommatesCSV.read(preferences: preferences) }
    let market = named.market
    // Agents by name: the answer does not depend on the order of the input rows.
    let names = named.agentNames
    let byName = (0..<market.agentCount).sorted { names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }
    let solver = StableRoommates(order: byName)
    let outcome = solver.match(market)
    var report = RoommatesSummary(
      agents: market.agentCount, stable_matching_exists: outcome.matching != nil,
      one_sided_entries: market.oneSidedEntries)
    var out = OutputBuffer()
    switch select {
    case .one:
      if let matching = outcome.matching {
        let bytes = RoommatesCSV.matchingBytes(matching, of: named)
        try reportingInputErrors { try AtomicFile.write(bytes: bytes, to: output) }
        report.matched = matching.assignedCount
      } else {
        out.append("agent,partner\n")
        try reportingInputErrors { try AtomicFile.write(bytes: out.bytes, to: output) }
      }
    case .all:
      out.append("matching,agent,partner\n")
      var count = 0
      let complete = solver.enumerate(market, limit: limit) { index, matching in
        RoommatesCSV.appendNumberedMatching(matching.assignment, number: index + 1, of: named, to: &out)
        count = index + 1
        return true
      }
      report.stable_matchings = count
      report.complete = complete
      report.matched = outcome.matching?.assignedCount
      try reportingInputErrors { try AtomicFile.write(bytes: out.bytes, to: output) }
    }
    if outcome.matching == nil {
      // Each cycle from its first agent by name; cycles in that agent's name order.
      func named(_ cycle: [Int]) -> [String] {
        let k = cycle.indices.min { names[cycle[$0]].utf8.lexicographicallyPrecedes(names[cycle[$1]].utf8) }!
        return (0..<cycle.count).map { names[cycle[(k + $0) % cycle.count]] }
      }
      let cycles = outcome.partition.cycles.map(named).sorted { $0[0].utf8.lexicographicallyPrecedes($1[0].utf8) }
      report.stable_partition = cycles
      report.odd_parties = cycles.filter { $0.count >= 3 && $0.count % 2 == 1 }
      report.witness = report.odd_parties?.first
    }
    if let summary {
      let json = try summaryJSON(report)
      try reportingInputErrors { try AtomicFile.write(bytes: json, to: summary) }
    }
    if !quiet { printError(report.line) }
  }
}

/// The `--summary` of `roommates` (deterministic: sorted keys).
struct RoommatesSummary: Codable {
  var agents: Int
  var stable_matching_exists: Bool
  var one_sided_entries: Int
  var matched: Int?
  var stable_matchings: Int?
  var complete: Bool?
  /// The odd party (agents in cycle order) proving that no stable matching exists.
  var witness: [String]?
  /// The stable partition the witness belongs to: every cycle, in cycle order.
  var stable_partition: [[String]]?
  var odd_parties: [[String]]?

  var line: String {
    var parts = ["roommates: \(agents) agents"]
    if stable_matching_exists {
      parts.append("a stable matching exists (\(matched ?? 0) matched)")
    } else {
      parts.append("no stable matching exists; odd party: \((witness ?? []).joined(separator: " -> "))")
    }
    if let stable_matchings { parts.append("\(stable_matchings)\(complete == true ? "" : "+") stable matchings") }
    if one_sided_entries > 0 { parts.append("\(one_sided_entries) one-sided entries ignored") }
    return parts.joined(separator: "; ")
  }
}
