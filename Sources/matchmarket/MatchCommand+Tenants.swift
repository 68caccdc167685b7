import ArgumentParser
import Foundation
import MatchingMarkets

/// The mechanisms `match` accepts: the catalogue's, plus `ttc-tenants` (housing with existing
/// tenants, which reads its own market).
enum MatchMechanismChoice: ExpressibleByArgument, Sendable {
  case catalogue(MechanismName)
  case ttcTenants

  static let da = MatchMechanismChoice.catalogue(.da)
  static let tenantsName = "ttc-tenants"

  init?(argument: String) {
    if argument == Self.tenantsName {
      self = .ttcTenants
    } else if let m = MechanismName(argument: argument) {
      self = .catalogue(m)
    } else {
      return nil
    }
  }

  static var allValueStrings: [String] { MechanismCatalogue.spelledNames + [tenantsName] }

  var defaultValueDescription: String { rawValue }

  var isTenants: Bool {
    if case .ttcTenants = self { return true }
    return false
  }

  var rawValue: String {
    switch self {
    case .catalogue(let m): m.rawValue
    case .ttcTenants: Self.tenantsName
    }
  }

  /// The catalogue mechanism (`match` routes ttc-tenants before it needs one).
  var catalogueName: MechanismName {
    guard case .catalogue(let m) = self else { preconditionFailure("ttc-tenants has its own market") }
    return m
  }

  func schoolChoice(seed: UInt64) -> any SchoolChoiceMechanism { catalogueName.schoolChoice(seed: seed) }
  func housing(seed: UInt64) throws -> HousingMechanism { try catalogueName.housing(seed: seed) }
}

/// The flags of `match --mechanism ttc-tenants` beyond the housing market's.
struct TenantOptions: ParsableArguments {
  @Option(help: "ttc-tenants: houses.csv (house), every house; houses without a tenant in --endowments are vacant.")
  var houses: String?

  @Option(help: "ttc-tenants: order.csv (agent), the priority order of all agents, highest first (default: a lottery from --seed over the agents' names).")
  var order: String?
}

extension MatchCommand {
  /// `match --mechanism ttc-tenants --houses H --endowments E --preferences P [--order O]`.
  func runTenants() throws {
    guard mechanism.isTenants else {
      throw ValidationError("--houses and --order are for --mechanism ttc-tenants")
    }
    guard let houses = tenants.houses, let endowments = market.endowments, let preferences = market.preferences else {
      throw ValidationError("ttc-tenants needs --houses, --endowments and --preferences")
    }
    let named = try reportingInputErrors {
      try TenantHousingCSV.read(
        houses: houses, endowments: endowments, preferences: preferences, order: tenants.order,
        seed: market.seed)
    }
    let matching = TopTradingCyclesWithTenants().match(named.market)
    let bytes = TenantHousingCSV.allocationBytes(matching, of: named)
    if let output {
      try reportingInputErrors { try AtomicFile.write(bytes: bytes, to: output) }
    } else {
      print(String(decoding: bytes, as: UTF8.self), terminator: "")
    }
    let m = named.market
    let tenantsCount = (0..<m.agentCount).filter { m.home(of: $0) != nil }.count
    let moved = (0..<m.agentCount).filter { a in m.home(of: a).map { matching.partner(of: a) != $0 } ?? false }.count
    let newcomersHoused = (0..<m.agentCount).filter { m.home(of: $0) == nil && matching.partner(of: $0) != nil }.count
    let vacant = (0..<m.houseCount).filter { m.tenant[$0] < 0 }.count
    let firstChoice = (0..<m.agentCount).filter { a in
      matching.partner(of: a) != nil && m.position(of: matching.partner(of: a)!, in: a) == 0
    }.count
    if let summary {
      struct Summary: Encodable {
        var mechanism: String
        var market: String
        var agents: Int
        var tenants: Int
        var newcomers: Int
        var houses: Int
        var vacant_houses: Int
        var tenants_moved: Int
        var newcomers_housed: Int
        var first_choice: Int
        var order: String
        var seed: UInt64
      }
      let s = Summary(
        mechanism: MatchMechanismChoice.tenantsName, market: "housing-with-tenants", agents: m.agentCount,
        tenants: tenantsCount, newcomers: m.agentCount - tenantsCount, houses: m.houseCount,
        vacant_houses: vacant, tenants_moved: moved, newcomers_housed: newcomersHoused,
        first_choice: firstChoice, order: named.orderSource, seed: market.seed)
      let out = try summaryJSON(s)
      try reportingInputErrors { try AtomicFile.write(bytes: out, to: summary) }
    }
    if !quiet {
      printError(
        "ttc-tenants: \(m.agentCount) agents (\(tenantsCount) tenants, \(m.agentCount - tenantsCount) newcomers), \(m.houseCount) houses (\(vacant) vacant); \(moved) tenants move, \(newcomersHoused) newcomers housed; \(firstChoice) first choice; order from \(named.orderSource)")
    }
  }
}
