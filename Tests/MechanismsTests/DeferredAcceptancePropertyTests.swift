import MatchingCheckers
import MatchingCore
import Mechanisms
import PropertyBased
import Testing
import _MatchingTestSupport

/// The theorems of deferred acceptance, asserted on random seeded markets and checked
/// against brute force (every matching enumerated).
struct DeferredAcceptancePropertyTests {
  static let seeds: [UInt64] = Array(1...120)

  @Test(arguments: seeds)
  func studentProposingIsStableAndStudentOptimal(seed: UInt64) {
    let market = RandomMarkets.schoolChoice(seed: seed, students: 5, schools: 3, classes: 2)
    let da = DeferredAcceptance().match(market)
    let stable = BruteForce.stableMatchings(market)
    #expect(BruteForce.isStable(da, in: market), "seed \(seed)\n\(market.dump)\n\(da)")
    #expect(market.isStable(da, standard: .strict), "seed \(seed)")
    #expect(market.isStable(da, standard: .weak), "seed \(seed)")
    #expect(stable.contains(da), "seed \(seed)")
    for other in stable {
      for i in 0..<market.studentCount {
        #expect(
          BruteForce.position(da, i, in: market) <= BruteForce.position(other, i, in: market),
          "seed \(seed): student \(i) does better in \(other) than under DA \(da)\n\(market.dump)")
      }
    }
  }

  @Test(arguments: seeds)
  func schoolProposingIsStableAndStudentPessimal(seed: UInt64) {
    let market = RandomMarkets.schoolChoice(seed: seed, students: 5, schools: 3, classes: 4)
    let dsa = DeferredAcceptance(proposing: .schools).match(market)
    #expect(BruteForce.isStable(dsa, in: market), "seed \(seed)\n\(market.dump)\n\(dsa)")
    for other in BruteForce.stableMatchings(market) {
      for i in 0..<market.studentCount {
        #expect(
          BruteForce.position(dsa, i, in: market) >= BruteForce.position(other, i, in: market),
          "seed \(seed): student \(i) does worse in \(other) than under school-proposing DA")
      }
    }
  }

  /// McVitie-Wilson / Roth: the same students are assigned, and every school fills the same
  /// number of seats, in every stable matching. Checked on the engine: student- and
  /// school-proposing DA are both among the stable matchings brute force finds, and every
  /// stable matching assigns exactly the students DA assigns and fills each school as DA does.
  @Test(arguments: seeds)
  func ruralHospitalsTheorem(seed: UInt64) throws {
    let market = RandomMarkets.schoolChoice(seed: seed, students: 6, schools: 3, listLength: 1...3, classes: 3)
    let stable = BruteForce.stableMatchings(market)
    // A stable matching always exists (Gale and Shapley), so an empty set is a failure.
    try #require(!stable.isEmpty, "seed \(seed): brute force found no stable matching")
    let da = DeferredAcceptance().match(market)
    let dsa = DeferredAcceptance(proposing: .schools).match(market)
    #expect(stable.contains(da) && stable.contains(dsa), "seed \(seed)")
    let assigned = (0..<market.studentCount).map { da.partner(of: $0) != nil }
    let fill = da.agents(byOption: market.schoolCount).map(\.count)
    for m in stable + [dsa] {
      #expect((0..<market.studentCount).map { m.partner(of: $0) != nil } == assigned, "seed \(seed): \(m) vs DA \(da)")
      #expect(m.agents(byOption: market.schoolCount).map(\.count) == fill, "seed \(seed): \(m) vs DA \(da)")
    }
  }

  /// With one common priority order, DA, TTC and serial dictatorship in that order coincide.
  @Test(arguments: seeds)
  func commonPriorityMakesDAEqualTTCEqualSerialDictatorship(seed: UInt64) {
    let (market, order) = RandomMarkets.commonPriority(seed: seed, students: 30, schools: 6, listLength: 1...4)
    let da = DeferredAcceptance().match(market)
    let dsa = DeferredAcceptance(proposing: .schools).match(market)
    let ttc = SchoolChoiceTopTradingCycles().match(market)
    let sd = SerialDictatorship(order: .explicit(order)).match(market)
    #expect(da == sd, "seed \(seed)")
    #expect(ttc == sd, "seed \(seed)")
    #expect(dsa == sd, "seed \(seed): the stable matching is unique under a common order")
  }

  /// Larger markets: DA's output passes the O(E) stability checker under both standards,
  /// and school-proposing DA's too. PropertyBased generates the market itself (capacities,
  /// and per student a list and priority classes), so on a failure it shrinks the market:
  /// fewer schools, fewer students, shorter lists, smaller capacities.
  @Test func deferredAcceptanceIsStableOnLargerRandomMarkets() async {
    let student = zip(Gen.int(in: 0...19).array(of: 1...8), Gen.int(in: 0...2).array(of: 8))
    await propertyCheck(
      count: 40, input: Gen.int(in: 1...20).array(of: 1...20), student.array(of: 1...300)
    ) { capacities, students in
      let market = Self.market(capacities: capacities, students: students)
      for mechanism in [DeferredAcceptance(), DeferredAcceptance(proposing: .schools)] {
        let m = mechanism.match(market)
        let report = market.stabilityReport(of: m, standard: .strict)
        #expect(report.isStable, "\(mechanism.name): \(report.witnesses.prefix(3))\n\(market.dump)")
      }
    }
  }

  /// A market from generated values: student lists are school indices (taken modulo the
  /// number of schools, repeats dropped) with the priority class of each entry.
  static func market(capacities: [Int], students: [([Int], [Int])]) -> SchoolChoiceMarket {
    var preferences: [[Int]] = []
    var priorities: [[Int]] = []
    for (list, classes) in students {
      var seen = Set<Int>()
      let schools = list.map { $0 % capacities.count }.filter { seen.insert($0).inserted }
      preferences.append(schools)
      priorities.append(Array(classes.prefix(schools.count)))
    }
    return try! SchoolChoiceMarket(
      capacities: capacities, preferences: preferences, priorities: priorities, tieBreaking: .single(seed: 1))
  }
}
