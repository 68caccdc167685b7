import MatchingCore
import Mechanisms
import Simulation
import Testing

struct OutcomeMetricsTests {
  /// Schools A (0) and B (1), one seat each. Students 0 and 1 list A then B; student 2 lists
  /// only B. At A, student 1 is a sibling (class 0) and student 0 in the walk zone (class 1);
  /// at B everyone is in class 2.
  static func tinyMarket() throws -> SchoolChoiceMarket {
    try SchoolChoiceMarket(
      capacities: [1, 1], preferences: [[0, 1], [0, 1], [1]], priorities: [[1, 2], [0, 2], [2]],
      tieBreaking: .single(seed: 1))
  }

  @Test func handCheckedMatchingWithJustifiedEnvy() throws {
    let market = try Self.tinyMarket()
    // 0 -> A, 1 -> B, 2 unassigned. Student 1 prefers A and outranks student 0 there: one
    // justified-envy pair. Student 2 prefers B but only ties with student 1: no envy.
    let m = OutcomeMetrics(Matching(assignment: [0, 1, -1]), in: market)
    #expect(m.students == 3)
    #expect(m.rankCounts == [1, 1])
    #expect(m.firstChoice == 1)
    #expect(m.unassigned == 1)
    #expect(m.envyStudents == 1)
    #expect(m.blockingPairs == 1)
  }

  @Test func handCheckedMatchingWithWaste() throws {
    let market = try Self.tinyMarket()
    // Only student 1 placed (at A). B is empty: students 0 and 2 both want it (waste), and
    // student 0 does not outrank student 1 at A.
    let m = OutcomeMetrics(Matching(assignment: [-1, 0, -1]), in: market, maxRank: 4)
    #expect(m.rankCounts == [1, 0, 0, 0])
    #expect(m.unassigned == 2)
    #expect(m.envyStudents == 0)
    #expect(m.blockingPairs == 2)
  }

  @Test func deferredAcceptanceOnTheTinyMarketIsStable() throws {
    let market = try Self.tinyMarket()
    let m = OutcomeMetrics(DeferredAcceptance().match(market), in: market)
    #expect(m.blockingPairs == 0)
    #expect(m.envyStudents == 0)
    #expect(m.firstChoice == 1)  // student 1 at A
    #expect(m.unassigned == 1)  // student 0 or 2 loses the lottery at B
  }

  /// The definitions, computed the slow way: for every student, every school she prefers to
  /// her assignment, every student holding it.
  static func bruteForce(_ matching: Matching, _ market: SchoolChoiceMarket) -> (envy: Int, pairs: Int, ranks: [Int]) {
    var envy = 0
    var pairs = 0
    var ranks = [Int](repeating: 0, count: 16)
    func classOf(_ i: Int, at s: Int) -> Int32? {
      for e in market.listRange(of: i) where Int(market.entries[e].school) == s { return market.priorities[e] }
      return nil
    }
    for i in 0..<market.studentCount {
      let list = market.preferenceList(of: i)
      let held = matching.partner(of: i)
      let pos = held.flatMap { list.firstIndex(of: $0) } ?? list.count
      if let held, let p = list.firstIndex(of: held) { ranks[p] += 1 }
      var envious = false
      for s in list.prefix(pos) {
        let holders = (0..<market.studentCount).filter { matching.partner(of: $0) == s }
        if holders.count < Int(market.capacities[s]) {
          pairs += 1
        } else if holders.contains(where: { classOf(i, at: s)! < classOf($0, at: s)! }) {
          pairs += 1
          envious = true
        }
      }
      if envious { envy += 1 }
    }
    return (envy, pairs, ranks)
  }

  @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
  func metricsAgreeWithTheDefinitionsOnRandomMarkets(seed: UInt64) {
    let model = SchoolChoiceModel(
      studentCount: 40, schoolCount: 6, listLength: 4, seatsRatio: 0.8, siblingProbability: 0.3,
      walkRadius: 0.3)
    var rng = SeededGenerator(seed: seed, stream: 0)
    let market = model.generate(using: &rng)
    for mechanism in SimulatedMechanism.allCases {
      let matching = mechanism.match(market, orderSeed: seed)
      let m = OutcomeMetrics(matching, in: market, maxRank: 4)
      let slow = Self.bruteForce(matching, market)
      #expect(m.envyStudents == slow.envy, "\(mechanism) seed \(seed)")
      #expect(m.blockingPairs == slow.pairs, "\(mechanism) seed \(seed)")
      #expect(m.rankCounts == Array(slow.ranks.prefix(4)), "\(mechanism) seed \(seed)")
      #expect(m.rankCounts.reduce(m.unassigned, +) == 40)
    }
  }

  @Test(arguments: [11, 12, 13, 14, 15] as [UInt64])
  func theoremsHoldOnSimulatedMarkets(seed: UInt64) {
    let model = SchoolChoiceModel(studentCount: 300, schoolCount: 10, listLength: 5, seatsRatio: 0.9)
    var rng = SeededGenerator(seed: seed, stream: 0)
    let market = model.generate(using: &rng)
    var metrics: [SimulatedMechanism: OutcomeMetrics] = [:]
    for mechanism in SimulatedMechanism.allCases {
      metrics[mechanism] = OutcomeMetrics(mechanism.match(market, orderSeed: 1), in: market)
    }
    // Deferred acceptance (either side proposing) is stable, so no blocking pair.
    #expect(metrics[.da]!.blockingPairs == 0, "seed \(seed)")
    #expect(metrics[.daSchools]!.blockingPairs == 0, "seed \(seed)")
    // Rural hospitals: every stable matching places the same number of students.
    #expect(metrics[.da]!.unassigned == metrics[.daSchools]!.unassigned, "seed \(seed)")
    // Boston fills each school with first-choice applicants first: no mechanism gives more
    // students their first choice.
    for (mechanism, m) in metrics {
      #expect(metrics[.boston]!.firstChoice >= m.firstChoice, "\(mechanism) seed \(seed)")
    }
    // Student-proposing DA is student-optimal among stable matchings: at least as many first
    // choices as school-proposing DA.
    #expect(metrics[.da]!.firstChoice >= metrics[.daSchools]!.firstChoice, "seed \(seed)")
  }
}
