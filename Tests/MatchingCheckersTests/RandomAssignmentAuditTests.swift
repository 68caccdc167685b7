import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing
import _MatchingTestSupport

/// The strategy-proofness audit on the random-assignment mechanisms and on housing with
/// tenants, through the protocol.
struct RandomAssignmentAuditTests {
  static let seeds: [UInt64] = Array(1...40)

  static func tenantMarket(seed: UInt64) -> TenantHousingMarket {
    var rng = SeededGenerator(seed: seed)
    let agents = 5
    let houses = 5
    var free = Array(0..<houses)
    rng.shuffle(&free)
    let residence: [Int?] = (0..<agents).map { _ in rng.uniform(below: 2) == 0 ? free.popLast() : nil }
    let prefs: [[Int]] = (0..<agents).map { _ in
      var all = Array(0..<houses)
      rng.shuffle(&all)
      return Array(all.prefix(1 + rng.uniform(below: houses)))
    }
    return try! TenantHousingMarket(
      houseCount: houses, residence: residence, preferences: prefs,
      priority: rng.permutation(agents).map(Int.init))
  }

  @Test(arguments: seeds)
  func theAuditFindsNoManipulationOfTTCWithTenants(seed: UInt64) throws {
    let market = Self.tenantMarket(seed: seed)
    let report = try ManipulationSearch(
      mechanism: TopTradingCyclesWithTenants(), side: .agents, misreports: .exhaustive(), workers: 1
    ).run(on: market)
    #expect(report.noneFound, "seed \(seed): \(report.witnesses)")
    #expect(report.agentsSearchedHeuristically == 0)
  }

  /// Probabilistic serial is manipulable (for some expected utility): three students, three
  /// schools a, b, c of one seat. Student 2 (b > a > c) reports a > b and raises her
  /// probability of b or a from 3/4 to 5/6.
  static let psExample = try! SchoolChoiceMarket(
    capacities: [1, 1, 1], preferences: [[0, 1, 2], [0, 2, 1], [1, 0, 2]])

  @Test func theAuditFindsAManipulationOfProbabilisticSerial() throws {
    let market = Self.psExample
    let witnesses = try StochasticManipulationSearch(
      mechanism: ProbabilisticSerial(), comparison: .someExpectedUtility
    ).run(on: market)
    let w = try #require(witnesses.first)
    // By hand: truthful, student 2 eats b alone until 1/2, then with student 0 until 3/4,
    // then c: P(b or a) = 3/4. Reporting a > b: three eat a until 1/3, then she and student
    // 0 eat b until 5/6: P(b or a) = 1/3 + 1/2 = 5/6.
    #expect(w.student == 2 && w.misreport == [0, 1] && w.cut == 1)
    #expect(abs(w.truthfulShares[0] - 0.75) < 1e-12 && abs(w.manipulatedShares[1] - 1.0 / 3) < 1e-12)
    // Re-check from scratch: rerun PS with the misreport.
    var lying = market
    lying.replaceList(of: w.student, with: w.misreport, truthful: market)
    let truthful = market.shares(of: w.student, in: ProbabilisticSerial().match(market))
    let manipulated = w.trueList.map { ProbabilisticSerial().match(lying).probability(of: w.student, at: $0) }
    #expect(truthful == w.truthfulShares)
    #expect(manipulated == w.manipulatedShares)
    #expect(SchoolChoiceMarket.firstFailureOfDominance(truthful, over: manipulated) != nil)
    // The witness's utility is strictly decreasing and prefers the misreport.
    #expect(zip(w.utility, w.utility.dropFirst()).allSatisfy { $0 > $1 } && w.utility.last! > 0)
    #expect(w.manipulatedExpectedUtility > w.truthfulExpectedUtility)
    let eu = { (shares: [Double]) in zip(w.utility, shares).map(*).reduce(0, +) }
    #expect(eu(manipulated) > eu(truthful))
  }

  @Test(arguments: seeds)
  func probabilisticSerialIsWeaklyStrategyProof(seed: UInt64) throws {
    // Bogomolnaia-Moulin: no misreport gives a lottery that stochastically dominates.
    let market = RandomMarkets.schoolChoice(seed: seed, students: 4, schools: 3, capacities: 1...2, listLength: 1...3)
    let witnesses = try StochasticManipulationSearch(
      mechanism: ProbabilisticSerial(), comparison: .stochasticDominance, workers: 1
    ).run(on: market)
    #expect(witnesses.isEmpty, "seed \(seed): \(witnesses)")
  }

  @Test(arguments: Array(seeds.prefix(20)))
  func randomSerialDictatorshipIsSDStrategyProof(seed: UInt64) throws {
    let market = RandomMarkets.schoolChoice(seed: seed, students: 5, schools: 3, capacities: 1...2, listLength: 1...3)
    let witnesses = try StochasticManipulationSearch(
      mechanism: RandomSerialDictatorshipProbabilities(method: .exact), comparison: .someExpectedUtility, workers: 1
    ).run(on: market)
    #expect(witnesses.isEmpty, "seed \(seed): \(witnesses)")
  }
}
