extension AuditDocument {
  /// The report for people: a table, the rank distributions, then up to `show` witnesses
  /// per mechanism.
  func text(show: Int) -> String {
    var out = ""
    let size =
      market.agents.map { "\($0) agents" } ?? "\(market.students ?? 0) students, \(market.schools ?? 0) schools"
    out += "market: \(market.kind), \(size); side: \(side); misreports: \(misreports)\n\n"
    let header = ["mechanism", "stable", "non-wasteful", "IR", "Pareto", "manipulable", "misreports"]
    var rows = [header]
    for m in mechanisms {
      rows.append([
        m.mechanism, yesNo(m.stable), yesNo(m.nonWasteful), yesNo(m.individuallyRational),
        yesNo(m.paretoEfficient), "\(m.manipulableAgents)/\(m.agentsAudited)",
        "\(m.misreportsEvaluated)",
      ])
    }
    var widths = [Int](repeating: 0, count: header.count)
    for row in rows { for (k, cell) in row.enumerated() { widths[k] = max(widths[k], cell.count) } }
    for row in rows {
      out += row.enumerated().map { k, cell in cell + String(repeating: " ", count: widths[k] - cell.count) }
        .joined(separator: "  ").trimmingTrailingSpaces() + "\n"
    }
    out += "\nrank distribution (agents by position of their assignment; - = unassigned):\n"
    for m in mechanisms {
      let ranks = m.rankDistribution.counts.enumerated().map { "\($0.offset + 1): \($0.element)" }
      out += "  \(m.mechanism): " + (ranks + ["-: \(m.rankDistribution.unassigned)"]).joined(separator: ", ") + "\n"
    }
    var notes: [String] = []
    for m in mechanisms {
      if let b = m.blockingPair { notes.append("  \(m.mechanism) not stable: \(b)") }
      if let b = m.blockingCoalition { notes.append("  \(m.mechanism) not in the core: \(b)") }
      if let p = m.paretoImprovement { notes.append("  \(m.mechanism) not Pareto efficient: \(p)") }
    }
    if !notes.isEmpty { out += "\nfailures:\n" + notes.joined(separator: "\n") + "\n" }
    out += "\nmanipulation witnesses:\n"
    for m in mechanisms {
      if m.witnesses.isEmpty {
        out += "  \(m.mechanism): none found (\(m.agentsSearchedExhaustively) agents searched exhaustively, \(m.agentsSearchedHeuristically) heuristically, \(m.agentsAtBest) already at their best)\n"
        continue
      }
      for w in m.witnesses.prefix(show) {
        out += "  \(m.mechanism): \(w.agent) [\(w.trueList.joined(separator: ", "))] gets \(holding(w.truthfulOutcome)); "
        out += "reporting [\(w.misreport.joined(separator: ", "))] (\(w.kind)) gets \(holding(w.manipulatedOutcome))\n"
      }
      if m.witnesses.count > show {
        out += "  \(m.mechanism): ... and \(m.witnesses.count - show) more witnesses (\(m.manipulableAgents) manipulable agents; --json lists all)\n"
      }
    }
    if let coalitionMisreports {
      out += "\ncoalitions of two (each member: \(coalitionMisreports)):\n"
      for m in mechanisms {
        guard let pairs = m.manipulablePairs, let witnesses = m.coalitionWitnesses else { continue }
        out += "  \(m.mechanism): \(pairs)/\(m.pairsSearched ?? 0) pairs manipulable, \(m.stronglyManipulablePairs ?? 0) with both strictly better "
        out += "(\(m.pairsAvailable ?? 0) pairs in all, \(m.pairsAtBest ?? 0) searched with both at their best; \(m.jointMisreportsEvaluated ?? 0) joint misreports)\n"
        for w in witnesses.prefix(show) {
          let parts = w.members.map { member -> String in
            let how =
              member.family == "truthful"
              ? "truthful" : "reports [\(member.report.joined(separator: ", "))] (\(member.kind))"
            return "\(member.agent) [\(member.trueList.joined(separator: ", "))] \(how): \(holding(member.truthfulOutcome)) -> \(holding(member.manipulatedOutcome)) (\(member.strictlyBetter ? "better" : "no worse"))"
          }
          out += "    " + parts.joined(separator: "; ") + "\n"
        }
        if witnesses.count > show {
          out += "    ... and \(witnesses.count - show) more pairs (--json lists all)\n"
        }
      }
    }
    if let interrupted { out += "\ninterrupted: \(interrupted)\n" }
    return out
  }

  func yesNo(_ b: Bool) -> String { b ? "yes" : "no" }
  func holding(_ xs: [String]) -> String { xs.isEmpty ? "nothing" : xs.joined(separator: ", ") }
}

extension String {
  fileprivate func trimmingTrailingSpaces() -> String {
    var s = Substring(self)
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
