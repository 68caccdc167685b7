import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing
import _MatchingTestSupport

/// The lattice of stable matchings against brute force: on small random markets (one-to-one
/// up to 8 students, and many-to-one), the enumeration finds exactly the stable matchings,
/// once each, and the egalitarian, minimum-regret and median selections match their
/// definitions computed over the brute-force list.
struct StableLatticePropertyTests {
  static let seeds: [UInt64] = Array(1...60)

  /// One-to-one when `capacities` is 1...1.
  static func market(seed: UInt64) -> SchoolChoiceMarket {
    switch seed % 3 {
    case 0:
      RandomMarkets.schoolChoice(
        seed: seed, students: 6, schools: 6, capacities: 1...1, listLength: 5...6, classes: 1000)
    case 1:
      RandomMarkets.schoolChoice(
        seed: seed, students: 6, schools: 3, capacities: 2...2, listLength: 3...3, classes: 1000)
    default:
      RandomMarkets.schoolChoice(
        seed: seed, students: 5, schools: 5, capacities: 1...1, listLength: 5...5, classes: 1000)
    }
  }

  /// Each seed's market and its stable matchings by brute force, computed once for all tests.
  static let bruteForce: [UInt64: [Matching]] = {
    var result: [UInt64: [Matching]] = [:]
    for seed in seeds { result[seed] = BruteForce.stableMatchings(market(seed: seed)) }
    return result
  }()

  static func enumerated(_ poset: RotationPoset, limit: Int = 100_000) -> [Matching] {
    var all: [Matching] = []
    poset.enumerate(limit: limit) { _, a in
      all.append(Matching(assignment: Array(a)))
      return true
    }
    return all
  }

  @Test(arguments: seeds)
  func enumerationFindsExactlyTheStableMatchingsOnceEach(seed: UInt64) {
    let market = Self.market(seed: seed)
    let poset = RotationPoset(market)
    let found = Self.enumerated(poset)
    let brute = Self.bruteForce[seed]!
    #expect(Set(found).count == found.count, "seed \(seed): a matching enumerated twice\n\(market.dump)")
    #expect(Set(found) == Set(brute), "seed \(seed)\n\(market.dump)\nfound \(found)\nbrute \(brute)")
    #expect(found.first == DeferredAcceptance().match(market), "seed \(seed): student-optimal first")
    #expect(found.last == DeferredAcceptance(proposing: .schools).match(market), "seed \(seed)")
    #expect(poset.countStableMatchings().count == brute.count, "seed \(seed)")
    #expect(poset.studentOptimal == DeferredAcceptance().match(market))
    #expect(poset.schoolOptimal == DeferredAcceptance(proposing: .schools).match(market))
  }

  @Test(arguments: seeds)
  func egalitarianAndMinimumRegretAreTheBruteForceOptima(seed: UInt64) throws {
    let market = Self.market(seed: seed)
    let brute = Self.bruteForce[seed]!
    let costs = brute.map { StableMatchingCosts($0, in: market) }
    let egalitarian = try OptimalStableMatching(.egalitarian).match(market)
    let regret = try OptimalStableMatching(.minimumRegret).match(market)
    #expect(BruteForce.isStable(egalitarian, in: market), "seed \(seed)")
    #expect(BruteForce.isStable(regret, in: market), "seed \(seed)")
    #expect(
      StableMatchingCosts(egalitarian, in: market).egalitarianCost == costs.map(\.egalitarianCost).min(),
      "seed \(seed)\n\(market.dump)")
    #expect(StableMatchingCosts(regret, in: market).regret == costs.map(\.regret).min(), "seed \(seed)\n\(market.dump)")
  }

  @Test(arguments: seeds)
  func medianGivesEachStudentHerMedianSchoolAndIsStable(seed: UInt64) throws {
    let market = Self.market(seed: seed)
    let brute = Self.bruteForce[seed]!
    let median = try OptimalStableMatching(.median).match(market)
    #expect(BruteForce.isStable(median, in: market), "seed \(seed)\n\(market.dump)")
    let half = (brute.count + 1) / 2
    for i in 0..<market.studentCount {
      let positions = brute.map { BruteForce.position($0, i, in: market) }.sorted()
      #expect(BruteForce.position(median, i, in: market) == positions[half - 1], "seed \(seed): student \(i)")
    }
  }

  @Test(arguments: [UInt64(1), 2, 3, 4])
  func eightStudentOneToOneMarketsAgreeWithBruteForce(seed: UInt64) {
    let market = RandomMarkets.schoolChoice(
      seed: seed &+ 1000, students: 8, schools: 8, capacities: 1...1, listLength: 3...4, classes: 1000)
    let found = Self.enumerated(RotationPoset(market))
    let brute = BruteForce.stableMatchings(market)
    #expect(Set(found).count == found.count)
    #expect(Set(found) == Set(brute), "seed \(seed)\n\(market.dump)")
  }

  @Test func closedSetsGiveStableMatchingsAndTheLimitStopsEarly() {
    let market = RandomMarkets.schoolChoice(
      seed: 7, students: 7, schools: 7, capacities: 1...1, listLength: 7...7, classes: 1000)
    let poset = RotationPoset(market)
    let all = Self.enumerated(poset)
    #expect(all.count >= 1)
    if all.count > 1 {
      let partial = Self.enumerated(poset, limit: all.count - 1)
      #expect(partial.count == all.count - 1)
      #expect(poset.countStableMatchings(limit: all.count - 1).complete == false)
    }
    #expect(poset.countStableMatchings(limit: all.count) == (all.count, true))
    #expect(poset.matching(including: poset.egalitarianRotations()).count == market.studentCount)
  }
}

extension StableLatticePropertyTests {
  /// The sample is not trivial: many of its markets have several stable matchings, and
  /// some many-to-one ones do.
  @Test func theSampleHasMarketsWithSeveralStableMatchings() {
    var several = 0
    var severalManyToOne = 0
    for seed in Self.seeds {
      let market = Self.market(seed: seed)
      let count = RotationPoset(market).countStableMatchings().count
      if count > 1 {
        several += 1
        if market.capacities.contains(where: { $0 > 1 }) { severalManyToOne += 1 }
      }
    }
    #expect(several >= 20, "only \(several) markets with several stable matchings")
    #expect(severalManyToOne >= 5, "only \(severalManyToOne) many-to-one markets with several")
  }
}

extension StableLatticePropertyTests {
  /// With the students' order given (as the CLI gives their names' order), the enumeration
  /// lists the same matchings in the same order however the students are numbered.
  @Test(arguments: Array(seeds.prefix(30)))
  func enumerationOrderDoesNotDependOnTheNumberingGivenAnOrder(seed: UInt64) throws {
    let market = Self.market(seed: seed)
    let n = market.studentCount
    var rng = SeededGenerator(seed: seed &+ 7)
    let relabel = rng.permutation(n).map(Int.init)  // old -> new
    var back = [Int](repeating: 0, count: n)
    for (old, new) in relabel.enumerated() { back[new] = old }
    var lists = [[Int]](repeating: [], count: n)
    var ranks = [[Int]](repeating: [], count: n)
    for old in 0..<n {
      lists[relabel[old]] = market.preferenceList(of: old)
      ranks[relabel[old]] = market.listRange(of: old).map { Int(market.entries[$0].rank) }
    }
    let permuted = try SchoolChoiceMarket(
      capacities: market.capacities.map(Int.init), preferences: lists, priorities: ranks)
    var a: [[Int32]] = []
    var b: [[Int32]] = []
    RotationPoset(market, order: Array(0..<n)).enumerate { _, x in
      a.append(Array(x))
      return true
    }
    RotationPoset(permuted, order: (0..<n).map { relabel[$0] }).enumerate { _, x in
      b.append((0..<n).map { x[relabel[$0]] })
      return true
    }
    #expect(a == b, "seed \(seed)")
  }
}
