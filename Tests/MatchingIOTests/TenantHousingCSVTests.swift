import Foundation
import MatchingCore
import MatchingIO
import Mechanisms
import Testing

struct TenantHousingCSVTests {
  static let houses = "house\nh1\nh2\nh3\nh4\n"
  static let endowments = "agent,house\nt1,h1\nt2,h2\n"
  static let preferences = "agent,house,rank\nt1,h2,1\nt1,h3,2\nt2,h1,1\nn1,h1,1\nn1,h4,2\nn2,h3,1\n"

  @Test func readsTenantsNewcomersAndVacantHouses() throws {
    let s = Scratch()
    let named = try TenantHousingCSV.read(
      houses: s.file("h.csv", Self.houses), endowments: s.file("e.csv", Self.endowments),
      preferences: s.file("p.csv", Self.preferences), order: s.file("o.csv", "agent\nn1\nt1\nn2\nt2\n"), seed: 1)
    #expect(named.agentNames == ["t1", "t2", "n1", "n2"])
    #expect(named.market.residence == [0, 1, -1, -1])
    #expect(named.market.tenant == [0, 1, -1, -1])
    #expect(named.market.priority == [2, 0, 3, 1])
    #expect(named.market.preferenceList(of: 0) == [1, 2, 0])  // her own house ends her list
    let m = TopTradingCyclesWithTenants().match(named.market)
    #expect(String(decoding: TenantHousingCSV.allocationBytes(m, of: named), as: UTF8.self)
            == "agent,house\nt1,h2\nt2,h1\nn1,h4\nn2,h3\n")
  }

  @Test func theLotteryDependsOnSeedAndNamesNotOnRowOrder() throws {
    let s = Scratch()
    // The same market with rows shuffled (tenants and preference rows in another order).
    let a = try TenantHousingCSV.read(
      houses: s.file("h.csv", Self.houses), endowments: s.file("e.csv", Self.endowments),
      preferences: s.file("p.csv", Self.preferences), order: nil, seed: 5)
    let b = try TenantHousingCSV.read(
      houses: s.file("h2.csv", "house\nh4\nh3\nh2\nh1\n"), endowments: s.file("e2.csv", "agent,house\nt2,h2\nt1,h1\n"),
      preferences: s.file("p2.csv", "agent,house,rank\nn2,h3,1\nn1,h4,2\nt2,h1,1\nt1,h3,2\nn1,h1,1\nt1,h2,1\n"),
      order: nil, seed: 5)
    func byName(_ n: NamedTenantHousingMarket) -> [String] { n.market.priority.map { n.agentNames[Int($0)] } }
    #expect(byName(a) == byName(b))
    func allocation(_ n: NamedTenantHousingMarket) -> [String: String] {
      let m = TopTradingCyclesWithTenants().match(n.market)
      var out: [String: String] = [:]
      for i in 0..<m.count { out[n.agentNames[i]] = m.partner(of: i).map { n.houseNames[$0] } ?? "" }
      return out
    }
    #expect(allocation(a) == allocation(b))
    // The order is the names sorted by their seeded hash.
    let expected = a.agentNames.sorted { SeededNameHash.hash($0, seed: 5) < SeededNameHash.hash($1, seed: 5) }
    #expect(byName(a) == expected)
    // Another seed, (almost surely) another order for some seed among a few.
    let others = try (6...12).map { seed in
      byName(try TenantHousingCSV.read(
        houses: s.path("h.csv"), endowments: s.path("e.csv"), preferences: s.path("p.csv"), order: nil, seed: UInt64(seed)))
    }
    #expect(others.contains { $0 != byName(a) })
  }

  @Test func theNameHashIsStable() {
    // Pinned values (computed by an independent Python re-statement of the definition: the
    // name's key, 8-byte little-endian words folded by the SplitMix64 finaliser, mixed with
    // the seed as the single lottery does): the lottery must not change between runs,
    // machines or Swift versions.
    #expect(SeededNameHash.hash("alice", seed: 7) == 0x5489_8ee0_a519_3960)
    #expect(SeededNameHash.hash("a much longer name, with ünïcode", seed: 3) == 0x70ee_5c14_cf02_ec5e)
    #expect(SeededNameHash.hash("", seed: 0) == 0x7660_89bd_7a1f_e462)
    #expect(SeededNameHash.hash("alice", seed: 1) != SeededNameHash.hash("alice", seed: 2))
    #expect(SeededNameHash.hash("abcdefgh", seed: 1) != SeededNameHash.hash("abcdefgh\u{0}", seed: 1))
  }

  @Test func badInputNamesFileLineAndColumn() throws {
    let s = Scratch()
    let h = s.file("h.csv", Self.houses)
    let e = s.file("e.csv", Self.endowments)
    let p = s.file("p.csv", Self.preferences)
    func error(_ body: () throws -> Void) -> String {
      do { try body(); return "" } catch { return "\(error)" }
    }
    #expect(error { _ = try TenantHousingCSV.read(houses: h, endowments: s.file("e1.csv", "agent,house\nt1,h9\n"), preferences: p, order: nil, seed: 1) }
            .contains("e1.csv:2: column 'house': unknown house 'h9'"))
    #expect(error { _ = try TenantHousingCSV.read(houses: h, endowments: s.file("e2.csv", "agent,house\nt1,h1\nt2,h1\n"), preferences: p, order: nil, seed: 1) }
            .contains("e2.csv:3: column 'house': house 'h1' has two tenants"))
    #expect(error { _ = try TenantHousingCSV.read(houses: h, endowments: e, preferences: s.file("p1.csv", "agent,house,rank\nn1,h1,2\n"), order: nil, seed: 1) }
            .contains("p1.csv:2: column 'rank'"))
    #expect(error { _ = try TenantHousingCSV.read(houses: h, endowments: e, preferences: p, order: s.file("o1.csv", "agent\nn1\nzz\n"), seed: 1) }
            .contains("o1.csv:3: column 'agent': unknown agent 'zz'"))
    #expect(error { _ = try TenantHousingCSV.read(houses: h, endowments: e, preferences: p, order: s.file("o2.csv", "agent\nn1\nt1\nn2\nt2\nn1\n"), seed: 1) }
            .contains("o2.csv:6: column 'agent': agent 'n1' is listed twice"))
    #expect(error { _ = try TenantHousingCSV.read(houses: h, endowments: e, preferences: p, order: s.file("o3.csv", "agent\nn1\n"), seed: 1) }
            .contains("agent 't1' is missing"))
    #expect(error { _ = try TenantHousingCSV.read(houses: s.file("h1.csv", "house\nh1\nh1\n"), endowments: e, preferences: p, order: nil, seed: 1) }
            .contains("h1.csv:3: column 'house': house 'h1' is listed twice"))
  }
}

/// The bundled random-assignment and tenant datasets give their documented outcomes.
struct RandomAssignmentDatasetTests {
  static var datasets: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("datasets").path
  }

  @Test func housingWithTenantsDataset() throws {
    let d = Self.datasets + "/housing-with-tenants/"
    let named = try TenantHousingCSV.read(
      houses: d + "houses.csv", endowments: d + "endowments.csv", preferences: d + "preferences.csv",
      order: d + "order.csv", seed: 1)
    let m = TopTradingCyclesWithTenants().match(named.market)
    #expect(String(decoding: TenantHousingCSV.allocationBytes(m, of: named), as: UTF8.self)
            == "agent,house\nt1,h2\nt2,h1\nn1,h4\nn2,h3\n")
  }

  @Test func bogomolnaiaMoulinDataset() throws {
    let d = Self.datasets + "/textbook/bogomolnaia-moulin-2001/"
    let named = try SchoolChoiceCSV.read(schools: d + "schools.csv", applications: d + "applications.csv")
    let rsd = RandomSerialDictatorshipProbabilities(method: .exact).match(named.market)
    let ps = ProbabilisticSerial().match(named.market)
    let a = named.schoolNames.firstIndex(of: "a")!
    let c = named.schoolNames.firstIndex(of: "c")!
    let one = named.studentNames.firstIndex(of: "1")!
    #expect(abs(rsd.probability(of: one, at: a) - 5.0 / 12) < 1e-12)
    #expect(abs(ps.probability(of: one, at: a) - 0.5) < 1e-12 && abs(ps.probability(of: one, at: c) - 0.5) < 1e-12)
  }
}
