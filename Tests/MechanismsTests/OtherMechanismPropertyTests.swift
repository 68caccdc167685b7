import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing
import _MatchingTestSupport

struct TopTradingCyclesPropertyTests {
  static let seeds: [UInt64] = Array(1...150)

  @Test(arguments: seeds)
  func housingTTCIsIndividuallyRationalEfficientAndTheUniqueCore(seed: UInt64) {
    let market = RandomMarkets.housing(seed: seed, agents: 5, listLength: 1...5)
    let ttc = TopTradingCycles().match(market)
    #expect(market.isIndividuallyRational(ttc), "seed \(seed)\n\(market.dump)")
    #expect(market.isParetoEfficient(ttc), "seed \(seed)")
    #expect(market.isInCore(ttc), "seed \(seed)")
    // Brute force: the strict core is exactly {TTC}.
    let core = BruteForce.allAllocations(market).filter { !BruteForce.isBlocked($0, in: market) }
    #expect(core == [ttc], "seed \(seed): core \(core.map(\.assignment)) vs TTC \(ttc.assignment)\n\(market.dump)")
  }

  @Test(arguments: seeds)
  func checkersAgreeWithBruteForceOnEveryAllocation(seed: UInt64) {
    let market = RandomMarkets.housing(seed: seed, agents: 4, listLength: 1...4)
    for m in BruteForce.allAllocations(market) {
      #expect(market.isInCore(m) == !BruteForce.isBlocked(m, in: market), "seed \(seed) \(m.assignment)")
      if let coalition = market.blockingCoalition(against: m) {
        // The witness really blocks: houses are the members' endowments, each member weakly
        // better off, one strictly.
        #expect(Set(coalition.houses) == Set(coalition.members.map(market.endowment(of:))))
        var strictly = false
        for (a, h) in zip(coalition.members, coalition.houses) {
          let new = market.position(of: h, in: a) ?? .max
          let old = m.partner(of: a).flatMap { market.position(of: $0, in: a) } ?? .max
          #expect(new <= old, "seed \(seed): \(coalition)")
          if new < old { strictly = true }
        }
        #expect(strictly, "seed \(seed): \(coalition)")
      }
    }
  }

  @Test(arguments: seeds)
  func schoolChoiceTTCIsParetoEfficientAndMatchesBruteForce(seed: UInt64) {
    let market = RandomMarkets.schoolChoice(seed: seed, students: 5, schools: 3, listLength: 1...3)
    let ttc = SchoolChoiceTopTradingCycles().match(market)
    #expect(market.isIndividuallyRational(ttc), "seed \(seed)")
    #expect(market.isParetoEfficient(ttc), "seed \(seed)\n\(market.dump)\n\(ttc)")
    #expect(!BruteForce.isParetoDominated(ttc, in: market), "seed \(seed)\n\(market.dump)")
  }

  /// Housing TTC is school-choice TTC on the encoding where each owner has top priority.
  @Test(arguments: seeds)
  func housingTTCEqualsSchoolChoiceTTCOnTheEncodedMarket(seed: UInt64) {
    let market = RandomMarkets.housing(seed: seed, agents: 40, listLength: 1...6)
    #expect(TopTradingCycles().match(market) == SchoolChoiceTopTradingCycles().match(market.asSchoolChoiceMarket()))
  }

  @Test(arguments: seeds)
  func paretoCheckerAgreesWithBruteForce(seed: UInt64) {
    let market = RandomMarkets.schoolChoice(seed: seed, students: 4, schools: 3, listLength: 1...3)
    for m in BruteForce.allMatchings(market) {
      let improvement = market.paretoImprovement(of: m)
      #expect((improvement == nil) == !BruteForce.isParetoDominated(m, in: market), "seed \(seed) \(m)")
      if let improvement {
        // Apply the witness: everyone on it moves up, capacities hold.
        var after = m
        for move in improvement.moves { after.assignment[move.student] = Int32(move.to) }
        #expect(market.isIndividuallyRational(after), "seed \(seed): \(improvement)")
        for move in improvement.moves {
          #expect(BruteForce.position(after, move.student, in: market) < BruteForce.position(m, move.student, in: market))
        }
      }
    }
  }
}

struct ImmediateAcceptancePropertyTests {
  /// When first choices do not collide, everyone gets her first choice.
  @Test(arguments: Array(UInt64(1)...60))
  func everyoneGetsHerFirstChoiceWhenFirstChoicesDoNotCollide(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    let schools = 12
    let students = 1 + rng.uniform(below: 6)
    var firsts = Array(0..<schools)
    rng.shuffle(&firsts)
    var prefs: [[Int]] = []
    for i in 0..<students {
      var rest = Array(0..<schools).filter { $0 != firsts[i] }
      rng.shuffle(&rest)
      prefs.append([firsts[i]] + rest.prefix(rng.uniform(below: 4)))
    }
    let prios = prefs.map { $0.map { _ in rng.uniform(below: 3) } }
    let market = try! SchoolChoiceMarket(
      capacities: [Int](repeating: 1, count: schools), preferences: prefs, priorities: prios)
    let boston = ImmediateAcceptance().match(market)
    for i in 0..<students { #expect(boston.partner(of: i) == firsts[i], "seed \(seed)") }
  }

  /// Boston maximises first choices among all matchings (brute force), and is
  /// Pareto efficient with respect to the reports.
  @Test(arguments: Array(UInt64(1)...100))
  func bostonMaximisesFirstChoicesAndIsParetoEfficient(seed: UInt64) {
    let market = RandomMarkets.schoolChoice(seed: seed, students: 5, schools: 3, listLength: 1...3)
    let boston = ImmediateAcceptance().match(market)
    let firsts = { (m: Matching) in (0..<market.studentCount).filter { BruteForce.position(m, $0, in: market) == 0 }.count }
    let best = BruteForce.allMatchings(market).map(firsts).max() ?? 0
    #expect(firsts(boston) == best, "seed \(seed)\n\(market.dump)")
    #expect(!BruteForce.isParetoDominated(boston, in: market), "seed \(seed)")
  }
}

struct SerialDictatorshipPropertyTests {
  @Test(arguments: Array(UInt64(1)...100))
  func serialDictatorshipIsParetoEfficientAndRespectsTheOrder(seed: UInt64) {
    let market = RandomMarkets.schoolChoice(seed: seed, students: 5, schools: 3, listLength: 1...3)
    let sd = SerialDictatorship(order: .random(seed: seed))
    let m = sd.match(market)
    #expect(!BruteForce.isParetoDominated(m, in: market), "seed \(seed)")
    #expect(market.isParetoEfficient(m), "seed \(seed)")
    // The first dictator gets her first choice.
    let first = Int(sd.sequence(for: market.studentCount)[0])
    #expect(BruteForce.position(m, first, in: market) == 0)
  }
}
