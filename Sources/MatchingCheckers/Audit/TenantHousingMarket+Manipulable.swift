import MatchingCore

/// Housing with tenants as a market the strategy-proofness audit can search: every agent
/// (tenant or newcomer) reports a list of houses.
///
/// A tenant's report leaves out her own house, which ends her list implicitly (keeping it is
/// always acceptable), exactly as in a ``HousingMarket``; a newcomer's report is her list.
extension TenantHousingMarket: ManipulableMarket {
  public typealias ReportingSide = HousingSide

  public func reportingAgentCount(on side: HousingSide) -> Int { agentCount }

  public func truthfulReport(of agent: Int, on side: HousingSide) -> [Int] {
    let own = home(of: agent)
    return preferenceList(of: agent).filter { $0 != own }
  }

  public func truePreference(of agent: Int, on side: HousingSide) -> [Int] {
    preferenceList(of: agent)
  }

  public func capacity(of agent: Int, on side: HousingSide) -> Int { 1 }

  public mutating func setReport(
    _ report: [Int], of agent: Int, on side: HousingSide, truthful: TenantHousingMarket
  ) {
    replaceList(of: agent, with: report)
  }

  public mutating func restoreTruthfulReport(
    of agent: Int, on side: HousingSide, truthful: TenantHousingMarket
  ) {
    replaceList(of: agent, with: truthful.preferenceList(of: agent))
  }

  public func holdings(of agent: Int, on side: HousingSide, in matching: Matching) -> [Int] {
    matching.partner(of: agent).map { [$0] } ?? []
  }
}
