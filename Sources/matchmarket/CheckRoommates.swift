import ArgumentParser
import Foundation
import MatchingMarkets

/// `matchmarket check --roommates`: verify a roommates matching (blocking pairs with
/// witnesses) or a witness that no stable matching exists. Exit status 0 when the matching
/// is stable or the witness holds, 1 otherwise, 65 for bad input.
struct RoommatesCheck {
  var preferences: String
  var matching: String?
  var witness: String?
  var limit: Int

  func run() throws {
    guard (matching == nil) != (witness == nil) else {
      throw ValidationError("with --roommates, give exactly one of --assignment and --witness")
    }
    let named = try reportingInputErrors { try RoommatesCSV.read(preferences: preferences) }
    let market = named.market
    let names = named.agentNames
    if let matching {
      let m = try reportingInputErrors { try RoommatesCSV.readMatching(matching, for: named) }
      let violations = market.violations(of: m)
      var out = "roommates market: \(market.agentCount) agents, \(m.assignedCount) matched\n"
      out += "a matching of mutually acceptable pairs: \(violations.isEmpty ? "yes" : "NO")\n"
      for v in violations.prefix(limit) { out += "  - \(describe(v, names))\n" }
      var stable = violations.isEmpty
      if violations.isEmpty {
        let pairs = market.blockingPairs(in: m)
        stable = pairs.isEmpty
        out += "stable: \(stable ? "yes" : "NO") (\(pairs.count) blocking pairs)\n"
        for p in pairs.prefix(limit) {
          out += "  - '\(names[p.first])' (holds \(p.firstHolds.map { "'\(names[$0])'" } ?? "nobody")) and '\(names[p.second])' (holds \(p.secondHolds.map { "'\(names[$0])'" } ?? "nobody")) prefer each other\n"
        }
      }
      print(out, terminator: "")
      if !stable { throw ExitCode(1) }
      return
    }
    let summary = try reportingInputErrors { () throws(InputError) -> RoommatesSummary in
      guard let data = FileManager.default.contents(atPath: witness!) else {
        throw InputError(file: witness!, line: 0, message: "cannot read the file")
      }
      do { return try JSONDecoder().decode(RoommatesSummary.self, from: data) } catch {
        throw InputError(file: witness!, line: 0, message: "not a roommates summary: \(error)")
      }
    }
    guard let party = summary.witness, let cycles = summary.stable_partition else {
      print("the summary has no witness: it says a stable matching exists")
      throw ExitCode(1)
    }
    var index: [String: Int] = [:]
    for (k, name) in names.enumerated() { index[name] = k }
    var successor = (0..<market.agentCount).map { Int32($0) }
    var seen = Set<Int>()
    var problems: [String] = []
    for cycle in cycles {
      let ids = cycle.compactMap { index[$0] }
      guard ids.count == cycle.count else {
        problems.append("the partition names an agent not in \(preferences)")
        continue
      }
      for (k, a) in ids.enumerated() {
        if !seen.insert(a).inserted { problems.append("agent '\(names[a])' is in two cycles") }
        successor[a] = Int32(ids[(k + 1) % ids.count])
      }
    }
    if seen.count != market.agentCount { problems.append("the partition does not cover every agent") }
    let report = market.partitionReport(StablePartition(successor: successor))
    problems += report.violations.map { describe($0, names) }
    for p in report.blockingPairs.prefix(limit) {
      problems.append("'\(names[p.first])' and '\(names[p.second])' prefer each other to their predecessors")
    }
    let isOddParty = party.count >= 3 && party.count % 2 == 1 && cycles.contains { c in
      c.count == party.count && (0..<c.count).contains { shift in (0..<c.count).allSatisfy { c[($0 + shift) % c.count] == party[$0] } }
    }
    if !isOddParty { problems.append("the witness is not an odd cycle (3 or more agents) of the partition") }
    if problems.isEmpty {
      print("stable partition: yes (\(cycles.count) cycles)\nodd party: \(party.joined(separator: " -> "))\nno stable matching exists (Tan 1991): verified")
      return
    }
    print("witness rejected:")
    for p in problems.prefix(limit) { print("  - \(p)") }
    throw ExitCode(1)
  }

  private func describe(_ v: RoommatesViolation, _ names: [String]) -> String {
    switch v {
    case .wrongAgentCount(let e, let f): "the matching has \(f) agents, the market \(e)"
    case .notSymmetric(let a, let b): "'\(names[a])' is matched to '\(names[b])', who is not matched back"
    case .unacceptable(let a, let b): "'\(names[a])' and '\(names[b])' do not both list each other"
    case .notAPermutation(let a): "agent '\(names[a])' follows more than one agent"
    case .predecessorPreferred(let a): "'\(names[a])' prefers her predecessor to her successor"
    }
  }
}
