import Foundation
import MatchingCheckers
import MatchingCore
import MatchingIO
import Mechanisms
import Testing

/// The bundled datasets read back through the CSV readers and give their documented outcomes.
struct DatasetTests {
  static let root: String = {
    // Tests/SimulationTests/DatasetTests.swift -> the repository root.
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path + "/datasets"
  }()

  static func school(_ folder: String) throws -> NamedSchoolChoiceMarket {
    try SchoolChoiceCSV.read(
      schools: "\(root)/\(folder)/schools.csv", applications: "\(root)/\(folder)/applications.csv",
      tieBreaking: .single(seed: 1))
  }

  /// The assignment as `student-school` pairs by name.
  static func pairs(_ m: Matching, _ named: NamedSchoolChoiceMarket) -> [String] {
    (0..<m.count).map { i in
      named.studentNames[i] + "-" + (m.partner(of: i).map { named.schoolNames[$0] } ?? "none")
    }
  }

  /// Every stable matching of a one-to-one market with complete lists, by enumerating the
  /// permutations (3! here).
  static func stableMatchings(_ market: SchoolChoiceMarket) -> Set<[Int32]> {
    var result = Set<[Int32]>()
    func permute(_ a: [Int32], _ k: Int) {
      if k == a.count {
        if market.isStable(Matching(assignment: a), standard: .strict) { result.insert(a) }
        return
      }
      var a = a
      for j in k..<a.count {
        a.swapAt(k, j)
        permute(a, k + 1)
        a.swapAt(k, j)
      }
    }
    permute((0..<Int32(market.studentCount)).map { $0 }, 0)
    return result
  }

  @Test func galeShapleyHasItsThreeStableMatchings() throws {
    let named = try Self.school("textbook/gale-shapley-1962")
    let market = named.market
    #expect(Self.pairs(DeferredAcceptance().match(market), named) == ["alpha-A", "beta-B", "gamma-C"])
    #expect(Self.pairs(DeferredAcceptance(proposing: .schools).match(market), named) == ["alpha-C", "beta-A", "gamma-B"])
    let stable = Self.stableMatchings(market).map { Self.pairs(Matching(assignment: $0), named) }
    #expect(Set(stable) == [
      ["alpha-A", "beta-B", "gamma-C"], ["alpha-C", "beta-A", "gamma-B"], ["alpha-B", "beta-C", "gamma-A"],
    ])
  }

  @Test func theThreeByThreeMarketHasExactlyTwoStableMatchings() throws {
    let named = try Self.school("textbook/two-stable-matchings")
    let market = named.market
    let stable = Self.stableMatchings(market).map { Self.pairs(Matching(assignment: $0), named) }
    #expect(Set(stable) == [["m1-w1", "m2-w2", "m3-w3"], ["m1-w2", "m2-w1", "m3-w3"]])
    #expect(Self.pairs(DeferredAcceptance().match(market), named) == ["m1-w1", "m2-w2", "m3-w3"])
    #expect(Self.pairs(DeferredAcceptance(proposing: .schools).match(market), named) == ["m1-w2", "m2-w1", "m3-w3"])
  }

  @Test func schoolChoiceTradeoffBetweenStabilityAndEfficiency() throws {
    let named = try Self.school("textbook/school-choice-tradeoff")
    let market = named.market
    let da = DeferredAcceptance().match(market)
    let ttc = SchoolChoiceTopTradingCycles().match(market)
    #expect(Self.pairs(da, named) == ["i1-s1", "i2-s2", "i3-s3"])
    #expect(Self.pairs(ttc, named) == ["i1-s2", "i2-s1", "i3-s3"])
    #expect(Self.pairs(ImmediateAcceptance().match(market), named) == ["i1-s2", "i2-s3", "i3-s1"])
    #expect(market.isStable(da))
    #expect(market.paretoImprovement(of: da) != nil)
    #expect(market.paretoImprovement(of: ttc) == nil)
    let witnesses = market.stabilityReport(of: ttc).witnesses
    #expect(witnesses.map { named.studentNames[$0.student] + "@" + named.schoolNames[$0.school] } == ["i3@s1"])
  }

  @Test func bostonPunishesTheTruthfulStudent() throws {
    let named = try Self.school("textbook/boston-manipulation")
    let market = named.market
    #expect(Self.pairs(ImmediateAcceptance().match(market), named) == ["i0-s2", "i1-s0", "i2-s1"])
    #expect(Self.pairs(DeferredAcceptance().match(market), named) == ["i0-s1", "i1-s0", "i2-s2"])
    // Ranking s1 first gets i0 school s1 under Boston.
    var lie = market
    let s1 = named.schoolNames.firstIndex(of: "s1")!
    let s0 = named.schoolNames.firstIndex(of: "s0")!
    let s2 = named.schoolNames.firstIndex(of: "s2")!
    lie.replaceList(of: 0, with: [s1, s0, s2], truthful: market)
    #expect(ImmediateAcceptance().match(lie).partner(of: 0) == s1)
  }

  @Test func shapleyScarfHousingTradesInTwoCycles() throws {
    let root = Self.root + "/textbook/shapley-scarf-housing"
    let named = try HousingCSV.read(endowments: root + "/endowments.csv", preferences: root + "/preferences.csv")
    let (m, cycles) = TopTradingCycles().run(named.market)
    let pairs = (0..<m.count).map { named.agentNames[$0] + "-" + named.houseNames[m.partner(of: $0)!] }
    #expect(pairs == ["a0-h1", "a1-h0", "a2-h2"])
    #expect(cycles == 2)
    #expect(named.market.isInCore(m))
  }

  @Test func generatedDatasetsMatchTheirGenerator() throws {
    // datasets/school-choice is `generate school ... --seed 2024`: regenerate and compare.
    let named = try Self.school("school-choice")
    #expect(named.market.studentCount == 3000 && named.market.schoolCount == 30)
    #expect(named.market.totalCapacity == 3150)
    let model = SchoolChoiceModelCheck.model
    var rng = SeededGenerator(seed: 2024, stream: 0)
    let data = model.generateData(using: &rng)
    #expect(named.market.capacities == data.capacities)
    #expect(named.market.priorities == data.priorityClasses)
    #expect(named.market.entries.map(\.school) == data.schools)
    let housing = try HousingCSV.read(
      endowments: Self.root + "/housing/endowments.csv", preferences: Self.root + "/housing/preferences.csv")
    var hr = SeededGenerator(seed: 2024, stream: 0)
    #expect(housing.market == HousingModel(agentCount: 200, listLength: 5, alpha: 0.5).generate(using: &hr))
    // Every bundled file is small.
    let files = FileManager.default.enumerator(atPath: Self.root)!.compactMap { $0 as? String }
    for f in files where f.hasSuffix(".csv") {
      let size = (try FileManager.default.attributesOfItem(atPath: Self.root + "/" + f)[.size] as? Int) ?? 0
      #expect(size < 1_000_000, "\(f) is \(size) bytes")
    }
  }
}

import Simulation

enum SchoolChoiceModelCheck {
  static let model = SchoolChoiceModel(
    studentCount: 3000, schoolCount: 30, listLength: 5, alpha: 0.5, beta: 1, seatsRatio: 1.05,
    priority: .classes, tieBreaking: .single)
}
