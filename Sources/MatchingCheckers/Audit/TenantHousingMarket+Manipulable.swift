import MatchingCore

/// Housing with tenants as a market the strategy-proofness audit can search: every agent
/// (tenant or newcomer) reports a list of houses.
///
/// A tenant's report leaves out her own house, which ends her list implicitly (keeping it is
/// always acceptable), exactly as in a ``HousingMarket``; a newcomer's report is her list.
extension TenantHousingMarket: HouseListMarket {
  public typealias ReportingSide = HousingSide

  /// A tenant's house; `nil` for a newcomer.
  public func ownHouse(of agent: AgentID) -> HouseID? { home(of: agent) }
}
