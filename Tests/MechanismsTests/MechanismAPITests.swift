import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing
import _MatchingTestSupport

/// The contract every mechanism meets, checked through the protocol alone.
struct MechanismContractTests {
  static let mechanisms: [any SchoolChoiceMechanism] = [
    DeferredAcceptance(), DeferredAcceptance(proposing: .schools), ImmediateAcceptance(),
    SchoolChoiceTopTradingCycles(), SerialDictatorship(), SerialDictatorship(order: .random(seed: 3)),
    OptimalStableMatching(.egalitarian), OptimalStableMatching(.minimumRegret), OptimalStableMatching(.median),
  ]

  @Test(arguments: Array(UInt64(1)...40))
  func everyMechanismReturnsAFeasibleIndividuallyRationalMatching(seed: UInt64) throws {
    let market = RandomMarkets.schoolChoice(
      seed: seed, students: 200, schools: 15, capacities: 1...12, listLength: 0...6, classes: 3)
    for mechanism in Self.mechanisms {
      let m = try mechanism.match(market)
      #expect(market.violations(of: m).isEmpty, "seed \(seed) \(mechanism.name): \(market.violations(of: m).prefix(3))")
      // Non-wasteful: no student prefers a school with an empty seat (all of these
      // mechanisms fill seats students want; TTC and DA by construction, Boston because a
      // rejected student keeps applying, SD because each takes the best free seat).
      #expect(market.stabilityReport(of: m).wastefulPairCount == 0 || mechanism.name == "boston",
              "seed \(seed) \(mechanism.name)")
    }
  }

  @Test func sameMarketAndSeedGiveTheSameMatching() throws {
    let a = RandomMarkets.schoolChoice(seed: 9, students: 500, schools: 10, capacities: 5...50, listLength: 1...5)
    let b = RandomMarkets.schoolChoice(seed: 9, students: 500, schools: 10, capacities: 5...50, listLength: 1...5)
    for mechanism in Self.mechanisms {
      #expect(try mechanism.match(a) == mechanism.match(b))
    }
  }

  @Test func tieBreakingRulesDifferButAreEachReproducible() {
    let prefs = (0..<50).map { _ in [0, 1] }
    let make = { (t: TieBreaking) in
      try! SchoolChoiceMarket(capacities: [10, 10], preferences: prefs, tieBreaking: t)
    }
    let single1 = DeferredAcceptance().match(make(.single(seed: 1)))
    #expect(single1 == DeferredAcceptance().match(make(.single(seed: 1))))
    #expect(single1 != DeferredAcceptance().match(make(.single(seed: 2))))
    let multiple = make(.multiple(seed: 1))
    #expect(DeferredAcceptance().match(multiple) == DeferredAcceptance().match(make(.multiple(seed: 1))))
    // Single tie-breaking: the schools' orders agree.
    let s = make(.single(seed: 5))
    let lists = s.applicantLists()
    let order0 = Array(lists.students[Int(lists.offsets[0])..<Int(lists.offsets[1])])
    let order1 = Array(lists.students[Int(lists.offsets[1])..<Int(lists.offsets[2])])
    #expect(order0 == order1)
    let m = make(.multiple(seed: 5)).applicantLists()
    #expect(Array(m.students[Int(m.offsets[0])..<Int(m.offsets[1])]) != Array(m.students[Int(m.offsets[1])..<Int(m.offsets[2])]))
  }

  @Test func givenLotteryOverridesAndOrdersTies() {
    // Two students tied in class 0 at one seat; lottery 5 beats lottery 9.
    let market = try! SchoolChoiceMarket(
      capacities: [1], preferences: [[0], [0]], priorities: [[0], [0]],
      lotteryNumbers: [[9], [5]], tieBreaking: .given)
    #expect(DeferredAcceptance().match(market).assignment == [-1, 0])
  }

  @Test func invalidMarketsAreRejected() {
    #expect(throws: MarketError.negativeCapacity(school: 1, capacity: -1)) {
      try SchoolChoiceMarket(capacities: [1, -1], preferences: [[0]])
    }
    #expect(throws: MarketError.duplicateSchool(student: 0, school: 0)) {
      try SchoolChoiceMarket(capacities: [1], preferences: [[0, 0]])
    }
    #expect(throws: MarketError.schoolOutOfRange(student: 0, school: 3)) {
      try SchoolChoiceMarket(capacities: [1], preferences: [[3]])
    }
  }

  @Test func replacingAReportTouchesOnlyThatStudent() {
    let truthful = RandomMarkets.schoolChoice(seed: 4, students: 10, schools: 5, listLength: 3...4)
    var market = truthful
    let list = truthful.preferenceList(of: 3)
    market.replaceList(of: 3, with: [list[1], list[0]], truthful: truthful)
    #expect(market.preferenceList(of: 3) == [list[1], list[0]])
    for i in 0..<10 where i != 3 { #expect(market.preferenceList(of: i) == truthful.preferenceList(of: i)) }
    market.replaceList(of: 3, with: list, truthful: truthful)
    #expect(market == truthful)
  }
}

struct HugeCapacityTests {
  /// "Unlimited" capacities written as a huge number cost no memory: every mechanism runs,
  /// and everyone gets her first choice.
  @Test func hugeCapacitiesAreFine() throws {
    let market = try SchoolChoiceMarket(
      capacities: [Int(Int32.max), Int(Int32.max)], preferences: [[0, 1], [1], [0]])
    for mechanism in MechanismContractTests.mechanisms {
      #expect(try mechanism.match(market).assignment == [0, 1, 0], "\(mechanism.name)")
    }
  }
}
