import MatchingMarkets

/// The whole audit, in the shape of the JSON output.
struct AuditDocument: Encodable {
  struct MarketSummary: Encodable {
    var kind: String
    var students: Int?
    var schools: Int?
    var agents: Int?
  }
  var market: MarketSummary
  var side: String
  var misreports: String
  /// Each coalition member's misreport space (only with `--coalitions`).
  var coalitionMisreports: String?
  var mechanisms: [MechanismEntry]
  /// What SIGINT stopped, when it did (absent from the JSON otherwise).
  var interrupted: String?

  /// Records that the audit of `mechanism` was interrupted, if it was: the agents (or
  /// pairs) covered, and the mechanisms of `all` left out.
  mutating func noteInterruption(
    of mechanism: String, _ card: MechanismPropertyReport, _ coalition: CoalitionReport?,
    among all: [String]
  ) {
    let m = card.manipulation
    var what: String
    if m.interrupted {
      what = "\(mechanism) stopped after \(m.agentsAudited) of \(m.agentsRequested) agents (the first in order)"
    } else if let c = coalition, c.interrupted {
      what = "\(mechanism) coalitions stopped after \(c.pairsSearched) pairs"
    } else if Interrupt.requested {
      what = "stopped after \(mechanism)"
    } else {
      return
    }
    if let k = all.firstIndex(of: mechanism), k + 1 < all.count {
      what += "; not audited: " + all[(k + 1)...].joined(separator: ", ")
    }
    interrupted = what
  }
}
