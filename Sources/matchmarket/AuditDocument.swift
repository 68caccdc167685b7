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
}
