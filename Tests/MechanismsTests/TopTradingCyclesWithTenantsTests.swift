import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing

/// YRMH-IGYT (Abdulkadiroglu and Sonmez 1999) against TTC, serial dictatorship and brute force.
struct TopTradingCyclesWithTenantsTests {
  static let seeds: [UInt64] = Array(1...150)

  /// A random market: `agents` agents, `houses` houses; each agent is a tenant with
  /// probability `tenantShare` (of a distinct random house); random lists; random priority.
  static func market(
    seed: UInt64, agents: Int, houses: Int, tenantShare: Double, listLength: ClosedRange<Int> = 1...4
  ) -> TenantHousingMarket {
    var rng = SeededGenerator(seed: seed)
    var free = Array(0..<houses)
    rng.shuffle(&free)
    var residence: [Int?] = []
    for _ in 0..<agents {
      if rng.unitDouble() < tenantShare, let h = free.popLast() { residence.append(h) } else { residence.append(nil) }
    }
    var prefs: [[Int]] = []
    for _ in 0..<agents {
      var all = Array(0..<houses)
      rng.shuffle(&all)
      let k = min(houses, listLength.lowerBound + rng.uniform(below: listLength.count))
      prefs.append(Array(all.prefix(k)))
    }
    let priority = rng.permutation(agents).map(Int.init)
    return try! TenantHousingMarket(houseCount: houses, residence: residence, preferences: prefs, priority: priority)
  }

  @Test func aSmallMarketTracedByHand() throws {
    // Houses h0..h3; tenants t0 (h0), t1 (h1); newcomers n2, n3; h2, h3 vacant.
    // Order n2, t0, n3, t1. n2 asks for h0 -> t0 goes first, asks for h1 -> t1 goes first,
    // asks for h0 -> cycle t0 <-> t1. n2 then takes h3 (h0 is gone), n3 takes h2.
    let market = try TenantHousingMarket(
      houseCount: 4, residence: [0, 1, nil, nil], preferences: [[1, 2], [0], [0, 3], [2]],
      priority: [2, 0, 3, 1])
    #expect(TopTradingCyclesWithTenants().match(market).assignment == [1, 0, 3, 2])
  }

  @Test(arguments: seeds)
  func everyoneATenantIsShapleyScarfTTC(seed: UInt64) {
    let n = 6
    let tenants = Self.market(seed: seed, agents: n, houses: n, tenantShare: 2)
    // Rebuild the same lists as a housing market with endowment residence[a].
    var endow = [Int](repeating: 0, count: n)
    for a in 0..<n { endow[a] = tenants.home(of: a)! }
    // HousingMarket wants agent a to own house a: relabel houses by owner.
    let owner = (0..<n).reduce(into: [Int](repeating: 0, count: n)) { $0[endow[$1]] = $1 }
    let housing = try! HousingMarket(
      endowments: Array(0..<n), preferences: (0..<n).map { tenants.preferenceList(of: $0).map { owner[$0] } })
    let ttc = TopTradingCycles().match(housing)
    let yrmh = TopTradingCyclesWithTenants().match(tenants)
    #expect(yrmh.assignment.map { owner[Int($0)] } == ttc.assignment.map(Int.init), "seed \(seed)")
  }

  @Test(arguments: seeds)
  func nobodyATenantIsSerialDictatorshipInPriorityOrder(seed: UInt64) {
    let market = Self.market(seed: seed, agents: 7, houses: 5, tenantShare: 0)
    var taken = Set<Int>()
    var expected = [Int32](repeating: unassigned, count: 7)
    for a32 in market.priority {
      let a = Int(a32)
      if let h = market.preferenceList(of: a).first(where: { !taken.contains($0) }) {
        taken.insert(h)
        expected[a] = Int32(h)
      }
    }
    #expect(TopTradingCyclesWithTenants().match(market).assignment == expected, "seed \(seed)")
  }

  /// Every assignment of agents to distinct acceptable houses (or nothing for a newcomer).
  static func allAllocations(_ market: TenantHousingMarket) -> [[Int]] {
    var out: [[Int]] = []
    var current: [Int] = []
    var used = Set<Int>()
    func go(_ a: Int) {
      if a == market.agentCount {
        out.append(current)
        return
      }
      if market.home(of: a) == nil {
        current.append(-1); go(a + 1); current.removeLast()
      }
      for h in market.preferenceList(of: a) where !used.contains(h) {
        used.insert(h); current.append(h); go(a + 1); current.removeLast(); used.remove(h)
      }
    }
    go(0)
    return out
  }

  @Test(arguments: seeds)
  func individuallyRationalForTenantsAndParetoEfficient(seed: UInt64) {
    let market = Self.market(seed: seed, agents: 5, houses: 6, tenantShare: 0.5)
    let m = TopTradingCyclesWithTenants().match(market)
    func rank(_ a: Int, _ h: Int) -> Int { h < 0 ? Int.max : (market.position(of: h, in: a) ?? Int.max - 1) }
    for a in 0..<market.agentCount {
      if let home = market.home(of: a) {
        #expect(m.partner(of: a) != nil && rank(a, m.partner(of: a)!) <= rank(a, home), "seed \(seed): tenant \(a)")
      }
      if let h = m.partner(of: a) { #expect(market.position(of: h, in: a) != nil, "seed \(seed): unacceptable house") }
    }
    // No allocation (tenants keeping IR or not) makes someone better off and nobody worse.
    let got = (0..<market.agentCount).map { m.partner(of: $0) ?? -1 }
    for other in Self.allAllocations(market) {
      let weakly = (0..<market.agentCount).allSatisfy { rank($0, other[$0]) <= rank($0, got[$0]) }
      let strictly = (0..<market.agentCount).contains { rank($0, other[$0]) < rank($0, got[$0]) }
      #expect(!(weakly && strictly), "seed \(seed): \(other) Pareto dominates \(got)")
    }
  }
}
