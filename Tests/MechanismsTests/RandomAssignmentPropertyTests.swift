import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing
import _MatchingTestSupport

/// Probabilistic serial, random serial dictatorship probabilities and the lottery
/// decomposition, on seeded random markets against independent computations.
struct RandomAssignmentPropertyTests {
  static let seeds: [UInt64] = Array(1...120)

  static func market(_ seed: UInt64) -> SchoolChoiceMarket {
    var rng = SeededGenerator(seed: seed &* 31)
    return RandomMarkets.schoolChoice(
      seed: seed, students: 2 + rng.uniform(below: 5), schools: 2 + rng.uniform(below: 3),
      capacities: 1...2, listLength: 1...4)
  }

  @Test(arguments: seeds)
  func probabilisticSerialEqualsExactFractionEating(seed: UInt64) {
    let market = Self.market(seed)
    let ps = ProbabilisticSerial().match(market)
    let exact = exactEating(market)
    for i in 0..<market.studentCount {
      let list = market.preferenceList(of: i)
      for (k, s) in list.enumerated() {
        #expect(abs(ps.probability(of: i, at: s) - exact[i][k].double) <= 1e-12,
                "seed \(seed): student \(i) school \(s): \(ps.probability(of: i, at: s)) vs \(exact[i][k])\n\(market.dump)")
      }
    }
    #expect(ps.feasibilityViolation(capacities: market.capacities) == nil, "seed \(seed)")
  }

  @Test(arguments: seeds)
  func probabilisticSerialIsSDEfficientSDEnvyFreeAndTreatsEqualsEqually(seed: UInt64) {
    let market = Self.market(seed)
    let ps = ProbabilisticSerial().match(market)
    #expect(market.sdEfficiencyViolation(of: ps) == nil, "seed \(seed)\n\(market.dump)")
    #expect(market.sdEnvy(in: ps) == nil, "seed \(seed)\n\(market.dump)")
    #expect(market.unequalTreatment(in: ps) == nil, "seed \(seed)")
    // Each row sums to 1 with the unassigned probability; each column to at most capacity.
    for i in 0..<market.studentCount {
      #expect(ps.assignedProbability(of: i) <= 1 + 1e-9)
    }
  }

  /// The envy checker against all pairs and all cuts, on exact RSD (often envious) and on
  /// perturbed PS matrices.
  @Test(arguments: seeds)
  func sdEnvyCheckerAgreesWithAllPairs(seed: UInt64) throws {
    let market = Self.market(seed)
    var matrices = [RandomSerialDictatorshipProbabilities(method: .exact).match(market)]
    var perturbed = ProbabilisticSerial().match(market)
    if perturbed.probabilities.count >= 2 {
      let k = Int(seed) % perturbed.probabilities.count
      perturbed.probabilities[k] = max(0, perturbed.probabilities[k] - 0.1)
    }
    matrices.append(perturbed)
    for p in matrices {
      var bruteForce: (Int, Int, Int)?
      outer: for i in 0..<market.studentCount {
        let list = market.preferenceList(of: i)
        for j in 0..<market.studentCount where j != i {
          var own = 0.0
          var other = 0.0
          for (k, s) in list.enumerated() {
            own += p.probability(of: i, at: s)
            other += p.probability(of: j, at: s)
            if other > own + 1e-9 {
              bruteForce = (i, j, k)
              break outer
            }
          }
        }
      }
      let found = market.sdEnvy(in: p)
      #expect((found == nil) == (bruteForce == nil), "seed \(seed): checker \(String(describing: found)), brute force \(String(describing: bruteForce))")
      if let found {
        #expect(found.student == bruteForce?.0, "seed \(seed): the smallest envious student")
        // The witness holds: recompute both cumulative probabilities at its cut.
        let list = market.preferenceList(of: found.student)
        #expect(list[found.rank] == found.school)
        let own = list[0...found.rank].map { p.probability(of: found.student, at: $0) }.reduce(0, +)
        let other = list[0...found.rank].map { p.probability(of: found.envied, at: $0) }.reduce(0, +)
        #expect(other > own + 1e-9 && abs(own - found.ownCumulative) < 1e-9)
      }
    }
  }

  @Test(arguments: seeds)
  func exactRandomSerialDictatorshipIsTheAverageOverAllOrders(seed: UInt64) {
    let market = Self.market(seed)
    let rsd = RandomSerialDictatorshipProbabilities(method: .exact).match(market)
    let orders = allOrders(market.studentCount)
    var counts = [[Int]](repeating: [Int](repeating: 0, count: market.schoolCount), count: market.studentCount)
    var expostEfficient = true
    for order in orders {
      let m = SerialDictatorship(order: .explicit(order)).match(market)
      if !market.isParetoEfficient(m) { expostEfficient = false }
      for i in 0..<market.studentCount { if let s = m.partner(of: i) { counts[i][s] += 1 } }
    }
    #expect(expostEfficient, "seed \(seed): every order's matching is Pareto efficient")
    for i in 0..<market.studentCount {
      for s in 0..<market.schoolCount {
        let expected = Double(counts[i][s]) / Double(orders.count)
        #expect(abs(rsd.probability(of: i, at: s) - expected) <= 1e-12, "seed \(seed) student \(i) school \(s)")
      }
    }
    #expect(market.unequalTreatment(in: rsd) == nil, "seed \(seed)")
  }

  @Test(arguments: Array(seeds.prefix(40)))
  func monteCarloIsDeterministicForAnyThreadCountAndCloseToExact(seed: UInt64) {
    let market = Self.market(seed)
    let exact = RandomSerialDictatorshipProbabilities(method: .exact).match(market)
    let runs = [1, 2, 3].map {
      RandomSerialDictatorshipProbabilities(method: .monteCarlo(draws: 2_000, seed: seed), workers: $0).estimate(market)
    }
    #expect(runs[0] == runs[1] && runs[1] == runs[2], "seed \(seed): thread count changed the estimate")
    let estimate = runs[0]
    for e in 0..<estimate.assignment.probabilities.count {
      let i = estimate.assignment.rowStart.lastIndex(where: { Int($0) <= e })!
      let s = Int(estimate.assignment.schools[e])
      let gap = abs(estimate.assignment.probabilities[e] - exact.probability(of: i, at: s))
      // Six standard errors (the true p's), plus a little for p near 0 or 1.
      let p = exact.probability(of: i, at: s)
      let se = (p * (1 - p) / 2_000).squareRoot()
      #expect(gap <= 6 * se + 1e-3, "seed \(seed): entry \(e) off by \(gap) (se \(se))")
      #expect(abs(estimate.standardErrors[e] - se) <= 0.01)
    }
  }

  @Test func monteCarloDependsOnStudentKeysNotOnIndices() {
    // The same students in reverse order with the same keys get the same probabilities.
    let market = RandomMarkets.schoolChoice(seed: 5, students: 12, schools: 4, capacities: 1...3, listLength: 1...4)
    let n = market.studentCount
    let lists = (0..<n).map { market.preferenceList(of: $0) }
    let reversed = try! SchoolChoiceMarket(capacities: market.capacities.map(Int.init), preferences: lists.reversed())
    let keys = (0..<n).map { SeededNameHash.hash("student-\($0)", seed: 9) }
    let a = RandomSerialDictatorshipProbabilities(method: .monteCarlo(draws: 500, seed: 4), studentKeys: keys).match(market)
    let b = RandomSerialDictatorshipProbabilities(method: .monteCarlo(draws: 500, seed: 4), studentKeys: keys.reversed()).match(reversed)
    for i in 0..<n {
      for s in 0..<market.schoolCount {
        #expect(a.probability(of: i, at: s) == b.probability(of: n - 1 - i, at: s))
      }
    }
  }

  /// A random feasible matrix: the average of `k` random feasible deterministic assignments
  /// (serial dictatorship in random orders over random lists), dense and with slack.
  static func randomMatrix(seed: UInt64, students: Int, schools: Int, k: Int) -> (RandomAssignment, [Int32]) {
    let market = RandomMarkets.schoolChoice(seed: seed, students: students, schools: schools, capacities: 1...3, listLength: 1...schools)
    var rows = [[Int: Double]](repeating: [:], count: students)
    for d in 0..<k {
      let m = SerialDictatorship(order: .random(seed: seed &* 1000 &+ UInt64(d))).match(market)
      for i in 0..<students { if let s = m.partner(of: i) { rows[i][s, default: 0] += 1 / Double(k) } }
    }
    let p = RandomAssignment(schoolCount: schools, rows: rows.map { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } })
    return (p, market.capacities)
  }

  static func checkDecomposition(_ p: RandomAssignment, capacities: [Int32], context: String) throws {
    let lottery = try LotteryDecomposition.decompose(p, capacities: capacities)
    #expect(abs(lottery.weights.reduce(0, +) - 1) <= 1e-9, "\(context)")
    #expect(lottery.weights.allSatisfy { $0 > 0 }, "\(context)")
    #expect(lottery.weights.count <= p.fractionalEntryCount() + 1, "\(context): \(lottery.weights.count) assignments for \(p.fractionalEntryCount()) fractional entries")
    for m in lottery.assignments {
      var used = [Int32](repeating: 0, count: p.schoolCount)
      for i in 0..<p.studentCount {
        guard let s = m.partner(of: i) else {
          #expect(p.unassignedProbability(of: i) > 1e-12, "\(context): student \(i) unassigned with probability 0")
          continue
        }
        used[s] += 1
        #expect(p.probability(of: i, at: s) > 1e-12, "\(context): student \(i) at school \(s) outside the support")
      }
      for s in 0..<p.schoolCount { #expect(used[s] <= capacities[s], "\(context): school \(s) over capacity") }
    }
    let sum = lottery.expectedAssignment(schoolCount: p.schoolCount, studentCount: p.studentCount)
    #expect(sum.maximumDifference(from: p) <= 1e-9, "\(context): error \(sum.maximumDifference(from: p))")
  }

  @Test(arguments: seeds)
  func decompositionReproducesPSAndRSDWithFeasibleAssignments(seed: UInt64) throws {
    let market = Self.market(seed)
    try Self.checkDecomposition(ProbabilisticSerial().match(market), capacities: market.capacities, context: "ps seed \(seed)")
    try Self.checkDecomposition(
      RandomSerialDictatorshipProbabilities(method: .exact).match(market), capacities: market.capacities,
      context: "rsd seed \(seed)")
  }

  @Test(arguments: Array(seeds.prefix(60)))
  func decompositionReproducesDenseRandomMatrices(seed: UInt64) throws {
    let (p, caps) = Self.randomMatrix(seed: seed, students: 12, schools: 5, k: 7)
    try Self.checkDecomposition(p, capacities: caps, context: "random matrix seed \(seed)")
  }

  @Test(arguments: Array(seeds.prefix(10)))
  func decompositionReproducesLargerDenseMatrices(seed: UInt64) throws {
    let (p, caps) = Self.randomMatrix(seed: seed, students: 80, schools: 10, k: 30)
    try Self.checkDecomposition(p, capacities: caps, context: "80 x 10 matrix seed \(seed)")
  }

  @Test func decompositionRejectsAnInfeasibleMatrix() {
    let p = RandomAssignment(schoolCount: 1, rows: [[(0, 0.8)], [(0, 0.7)]])
    #expect(throws: DecompositionError.self) { try LotteryDecomposition.decompose(p, capacities: [1]) }
  }

  @Test func samplingDrawsAssignmentsWithTheirWeights() throws {
    let market = bogomolnaiaMoulinMarket()
    let rsd = RandomSerialDictatorshipProbabilities(method: .exact).match(market)
    let lottery = try LotteryDecomposition.decompose(rsd, capacities: market.capacities)
    var rng = SeededGenerator(seed: 11)
    var hits = [Int](repeating: 0, count: lottery.weights.count)
    let draws = 60_000
    for _ in 0..<draws { hits[lottery.sampleIndex(using: &rng)] += 1 }
    for (k, w) in lottery.weights.enumerated() {
      let se = (w * (1 - w) / Double(draws)).squareRoot()
      #expect(abs(Double(hits[k]) / Double(draws) - w) <= 6 * se)
    }
    var a = SeededGenerator(seed: 3)
    var b = SeededGenerator(seed: 3)
    #expect(lottery.sample(using: &a) == lottery.sample(using: &b))
  }
}
