import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing

/// Coalitions of two: the search reproduces the group strategy-proofness theorems on seeded
/// random markets, finds (re-checkable) coalitional manipulations where they exist, and
/// agrees with a brute force that rebuilds the market for every joint report.
struct AuditCoalitionTests {
  static let seeds: [UInt64] = Array(0..<80)

  /// 3-5 students, 2-4 schools, lists of at most 3 schools (16 reports each, so at most
  /// 10 pairs x 255 joint misreports per market).
  static func smallMarket(_ seed: UInt64) -> AuditSpec {
    var rng = SeededGenerator(seed: seed ^ 0xC0A1)
    let n = 3 + rng.uniform(below: 3)
    let m = 2 + rng.uniform(below: 3)
    return AuditSpec.random(seed: seed, students: n, schools: m, maxList: 3)
  }

  // MARK: Independent checks

  /// Every ordered subset of `list`, the list itself first (test-side enumeration,
  /// independent of ``MisreportSpace``).
  static func orderedSubsets(of list: [Int]) -> [[Int]] {
    var result: [[Int]] = [list]
    var current: [Int] = []
    var used = [Bool](repeating: false, count: list.count)
    func extend() {
      if current != list { result.append(current) }
      for p in list.indices where !used[p] {
        used[p] = true
        current.append(list[p])
        extend()
        current.removeLast()
        used[p] = false
      }
    }
    extend()
    return result
  }

  /// Brute force on a school-choice market: for each pair of students, every joint report
  /// (ordered subsets, not both truthful) on a market rebuilt from scratch. Returns, per pair
  /// with a weak coalitional manipulation, whether one makes both strictly better.
  static func bruteForcePairs<M: MatchingMechanism>(
    _ spec: AuditSpec, mechanism: M
  ) throws -> [Pair: Bool] where M.Market == SchoolChoiceMarket, M.Outcome == Matching {
    let truthful = try mechanism.match(spec.build())
    var result: [Pair: Bool] = [:]
    let n = spec.preferences.count
    for b in 0..<n {
      for a in 0..<b {
        let ta = position(truthful.partner(of: a), in: spec.preferences[a])
        let tb = position(truthful.partner(of: b), in: spec.preferences[b])
        for ra in orderedSubsets(of: spec.preferences[a]) {
          for rb in orderedSubsets(of: spec.preferences[b])
          where ra != spec.preferences[a] || rb != spec.preferences[b] {
            let fresh = spec.replacing(student: a, with: ra).replacing(student: b, with: rb)
            let m = try mechanism.match(fresh.build())
            let xa = position(m.partner(of: a), in: spec.preferences[a])
            let xb = position(m.partner(of: b), in: spec.preferences[b])
            guard xa <= ta, xb <= tb, xa < ta || xb < tb else { continue }
            result[Pair(a, b), default: false] = result[Pair(a, b)] == true || (xa < ta && xb < tb)
          }
        }
      }
    }
    return result
  }

  struct Pair: Hashable, CustomStringConvertible {
    var a: Int
    var b: Int
    init(_ a: Int, _ b: Int) { (self.a, self.b) = (a, b) }
    var description: String { "(\(a), \(b))" }
  }

  /// The search's pairs in the brute force's shape.
  static func pairs(_ report: CoalitionReport) -> [Pair: Bool] {
    var result: [Pair: Bool] = [:]
    for w in report.witnesses {
      result[Pair(w.members[0].agent, w.members[1].agent)] = w.bothStrictlyBetter
    }
    return result
  }

  /// Re-checks a student coalition witness from scratch: rebuilds the market with both
  /// reports, reruns the mechanism, and checks outcomes and gains under the true lists.
  static func recheck<M: MatchingMechanism>(
    _ w: CoalitionWitness, spec: AuditSpec, mechanism: M,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws where M.Market == SchoolChoiceMarket, M.Outcome == Matching {
    #expect(w.members.count == 2, sourceLocation: sourceLocation)
    #expect(w.members[0].agent < w.members[1].agent, sourceLocation: sourceLocation)
    #expect(w.members.contains { !$0.isTruthful }, "\(w)", sourceLocation: sourceLocation)
    var fresh = spec
    for m in w.members {
      let truth = spec.preferences[m.agent]
      #expect(m.trueList == truth, "\(spec)", sourceLocation: sourceLocation)
      #expect(Set(m.report).isSubset(of: Set(truth)) && Set(m.report).count == m.report.count,
        sourceLocation: sourceLocation)
      #expect(m.isTruthful == (m.report == truth), sourceLocation: sourceLocation)
      fresh = fresh.replacing(student: m.agent, with: m.report)
    }
    let truthful = try mechanism.match(spec.build())
    let manipulated = try mechanism.match(fresh.build())
    var strict: [Bool] = []
    for m in w.members {
      let t = truthful.partner(of: m.agent)
      let x = manipulated.partner(of: m.agent)
      #expect(m.truthfulOutcome == (t.map { [$0] } ?? []), "\(spec)", sourceLocation: sourceLocation)
      #expect(m.manipulatedOutcome == (x.map { [$0] } ?? []), "\(spec)", sourceLocation: sourceLocation)
      let (pt, px) = (position(t, in: m.trueList), position(x, in: m.trueList))
      #expect(px <= pt, "worse off: \(w) in \(spec)", sourceLocation: sourceLocation)
      #expect(m.strictlyBetter == (px < pt), sourceLocation: sourceLocation)
      strict.append(px < pt)
    }
    #expect(strict.contains(true), "nobody gains: \(w) in \(spec)", sourceLocation: sourceLocation)
    #expect(w.bothStrictlyBetter == strict.allSatisfy { $0 }, sourceLocation: sourceLocation)
  }

  // MARK: Deferred acceptance (Dubins and Freedman 1981)

  /// No two students can both strictly gain under student-proposing DA, and the search ran
  /// every joint report of every pair not both at their first choice.
  @Test(arguments: seeds)
  func noTwoStudentsCanBothStrictlyGainUnderDA(seed: UInt64) throws {
    let spec = Self.smallMarket(seed)
    let market = spec.build()
    let report = try CoalitionSearch(mechanism: DeferredAcceptance(), side: .students)
      .run(on: market)
    #expect(report.stronglyManipulablePairCount == 0, "seed \(seed): \(report.witnesses) in \(spec)")
    #expect(report.pairsSearchedHeuristically == 0)
    let n = spec.preferences.count
    #expect(report.pairsSearched == n * (n - 1) / 2)
    // Exhaustive: every pair not both at best ran (r_a + 1)(r_b + 1) - 1 joint reports.
    let truthful = DeferredAcceptance().match(market)
    var expected = 0
    for b in 0..<n {
      for a in 0..<b {
        let best = [a, b].allSatisfy { truthful.partner(of: $0) == spec.preferences[$0].first }
        if best { continue }
        expected +=
          MisreportSpace.orderedSubsetCount(spec.preferences[a].count)
          * MisreportSpace.orderedSubsetCount(spec.preferences[b].count) - 1
      }
    }
    #expect(report.jointMisreportsEvaluated == expected, "seed \(seed)")
    for w in report.witnesses { try Self.recheck(w, spec: spec, mechanism: DeferredAcceptance()) }
  }

  /// ... but DA is not group strategy-proof in the weak sense: on some of the same markets a
  /// pair has a joint report that makes one strictly better and the other no worse.
  @Test func daAdmitsWeakCoalitionalManipulations() throws {
    var found = 0
    for seed in UInt64(0)..<300 {
      // One-seat schools and several students per school: rejection chains are long.
      var rng = SeededGenerator(seed: seed ^ 0xD0B)
      let spec = AuditSpec.random(
        seed: seed, students: 3 + rng.uniform(below: 3), schools: 2 + rng.uniform(below: 2),
        maxList: 3, maxCapacity: 1)
      let report = try CoalitionSearch(mechanism: DeferredAcceptance(), side: .students)
        .run(on: spec.build())
      for w in report.witnesses {
        try Self.recheck(w, spec: spec, mechanism: DeferredAcceptance())
        // The gainer is never the only one to misreport alone (DA is strategy-proof): a
        // witness where one member is truthful has the truthful one gaining.
        for m in w.members where m.isTruthful { #expect(m.strictlyBetter, "seed \(seed): \(w)") }
        found += 1
      }
      #expect(report.stronglyManipulablePairCount == 0, "seed \(seed): \(spec)")
    }
    #expect(found > 0)  // 14 pairs in these 300 markets
  }

  /// Kesten's (2010) "interrupter", the smallest kind of example a sweep of random 3-4
  /// student markets found (written here with strict priorities): student 2 applies to school 0, which
  /// she never gets, and sets off a rejection chain that pushes students 0 and 1 to their
  /// second choices. Dropping school 0 costs her nothing and gives student 0 her first
  /// choice: a weak coalitional manipulation by {0, 2} (and by {1, 2}); none makes both
  /// strictly better, and {0, 1} has none at all.
  @Test func daInterrupterIsAWeakCoalitionalManipulation() throws {
    // School 0: 1 > 2 > 0; school 1: 0 > 1 (lower class = higher priority; no ties).
    let spec = AuditSpec(
      capacities: [1, 1], preferences: [[0, 1], [1, 0], [0]],
      priorities: [[2, 0], [1, 0], [1]], tieBreaking: .single(seed: 0))
    let market = spec.build()
    #expect(DeferredAcceptance().match(market).assignment == [1, 0, -1])
    let report = try CoalitionSearch(mechanism: DeferredAcceptance(), side: .students)
      .run(on: market)
    #expect(Self.pairs(report) == [Pair(0, 2): false, Pair(1, 2): false])
    #expect(try Self.bruteForcePairs(spec, mechanism: DeferredAcceptance()) == Self.pairs(report))
    let w = try #require(report.witnesses.first)
    #expect(w.members[0].agent == 0 && w.members[0].isTruthful && w.members[0].strictlyBetter)
    #expect(w.members[0].truthfulOutcome == [1] && w.members[0].manipulatedOutcome == [0])
    #expect(w.members[1].agent == 2 && w.members[1].report == [] && !w.members[1].strictlyBetter)
    #expect(w.members[1].truthfulOutcome == [] && w.members[1].manipulatedOutcome == [])
    #expect(w.jointIndex == 1)
    for w in report.witnesses { try Self.recheck(w, spec: spec, mechanism: DeferredAcceptance()) }
    // Student 2 alone gains nothing (DA is strategy-proof), which is why a coalition is needed
    // to "pay" for the drop: here it is free.
    #expect(try ManipulationSearch(mechanism: DeferredAcceptance(), side: .students).run(on: market).noneFound)
  }

  /// The search and the brute force (markets rebuilt for every joint report) agree pair by
  /// pair, for DA and for Boston.
  @Test(arguments: seeds.prefix(16))
  func searchAgreesWithBruteForce(seed: UInt64) throws {
    let spec = Self.smallMarket(seed)
    let market = spec.build()
    let da = try CoalitionSearch(mechanism: DeferredAcceptance(), side: .students, workers: 2)
      .run(on: market)
    #expect(try Self.pairs(da) == Self.bruteForcePairs(spec, mechanism: DeferredAcceptance()), "seed \(seed): \(spec)")
    let boston = try CoalitionSearch(mechanism: ImmediateAcceptance(), side: .students, workers: 2)
      .run(on: market)
    #expect(try Self.pairs(boston) == Self.bruteForcePairs(spec, mechanism: ImmediateAcceptance()), "seed \(seed): \(spec)")
    for w in boston.witnesses { try Self.recheck(w, spec: spec, mechanism: ImmediateAcceptance()) }
  }

  // MARK: Serial dictatorship and TTC (group strategy-proof)

  @Test(arguments: seeds.prefix(40))
  func serialDictatorshipIsGroupStrategyProofForPairs(seed: UInt64) throws {
    let market = Self.smallMarket(seed).build()
    for sd in [SerialDictatorship(order: .inputOrder), SerialDictatorship(order: .random(seed: seed))] {
      let report = try CoalitionSearch(mechanism: sd, side: .students).run(on: market)
      #expect(report.noneFound, "seed \(seed): \(report.witnesses)")
      #expect(report.pairsSearchedHeuristically == 0)
    }
  }

  /// Housing markets: TTC (Bird 1984) and serial dictatorship are group strategy-proof;
  /// Boston on the housing market is not, and its coalition witnesses re-check.
  @Test(arguments: Array(UInt64(0)..<40))
  func housingTTCAndSerialDictatorshipAreGroupStrategyProofForPairs(seed: UInt64) throws {
    let (endowments, preferences) = AuditHousingTests.randomHousing(seed)
    let market = try HousingMarket(endowments: endowments, preferences: preferences)
    let ttc = try CoalitionSearch(mechanism: TopTradingCycles(), side: .agents).run(on: market)
    #expect(ttc.noneFound, "seed \(seed): \(ttc.witnesses); \(endowments) \(preferences)")
    #expect(ttc.pairsSearchedHeuristically == 0)
    #expect(ttc.pairsSearched == endowments.count * (endowments.count - 1) / 2)
    // Every joint report of every pair not both at their first choice ran: a housing agent
    // reports an ordered subset of the houses above her own.
    let truthful = TopTradingCycles().match(market)
    var expected = 0
    for b in endowments.indices {
      for a in 0..<b {
        let lists = [a, b].map { market.preferenceList(of: $0) }
        if zip([a, b], lists).allSatisfy({ truthful.partner(of: $0) == $1.first }) { continue }
        expected +=
          MisreportSpace.orderedSubsetCount(lists[0].count - 1)
          * MisreportSpace.orderedSubsetCount(lists[1].count - 1) - 1
      }
    }
    #expect(ttc.jointMisreportsEvaluated == expected, "seed \(seed)")
    let sd = try CoalitionSearch(mechanism: AuditHousingTests.HousingSD(), side: .agents)
      .run(on: market)
    #expect(sd.noneFound, "seed \(seed): \(sd.witnesses)")
  }

  @Test func housingBostonCoalitionWitnessesRecheck() throws {
    var found = 0
    for seed in UInt64(0)..<40 {
      let (endowments, preferences) = AuditHousingTests.randomHousing(seed)
      let market = try HousingMarket(endowments: endowments, preferences: preferences)
      let mechanism = AuditHousingTests.HousingBoston()
      let report = try CoalitionSearch(mechanism: mechanism, side: .agents).run(on: market)
      let truthful = mechanism.match(market)
      for w in report.witnesses {
        found += 1
        var reported = preferences
        for m in w.members {
          #expect(m.trueList == market.preferenceList(of: m.agent))
          reported[m.agent] = m.report
        }
        let manipulated = mechanism.match(
          try HousingMarket(endowments: endowments, preferences: reported))
        var strict: [Bool] = []
        for m in w.members {
          let pt = position(truthful.partner(of: m.agent), in: m.trueList)
          let px = position(manipulated.partner(of: m.agent), in: m.trueList)
          #expect(px <= pt, "seed \(seed): \(w)")
          strict.append(px < pt)
        }
        #expect(strict.contains(true), "seed \(seed): \(w)")
        #expect(w.bothStrictlyBetter == strict.allSatisfy { $0 })
      }
    }
    #expect(found > 0)
  }

  // MARK: Boston: the textbook market

  /// `datasets/textbook/boston-manipulation/`: i0 loses s0 to i1 in round 1, finds s1 full in
  /// round 2 and gets s2; ranking s1 first she gets it (she is first at s1).
  @Test func bostonTextbookMarketHasACoalitionWitness() throws {
    let spec = AuditSpec(
      capacities: [1, 1, 1], preferences: [[0, 1, 2], [0, 1, 2], [1, 0, 2]],
      priorities: [[1, 0, 0], [0, 2, 1], [1, 2, 2]], tieBreaking: .single(seed: 0))
    let market = spec.build()
    #expect(ImmediateAcceptance().match(market).assignment == [2, 0, 1])
    let report = try CoalitionSearch(mechanism: ImmediateAcceptance(), side: .students)
      .run(on: market)
    #expect(report.manipulablePairCount > 0)
    let pairs = Self.pairs(report)
    #expect(pairs[Pair(0, 1)] != nil)  // i0 gains, i1 keeps her first choice
    for w in report.witnesses { try Self.recheck(w, spec: spec, mechanism: ImmediateAcceptance()) }
    #expect(try pairs == Self.bruteForcePairs(spec, mechanism: ImmediateAcceptance()))
    // DA on the same market: no pair can both strictly gain.
    let da = try CoalitionSearch(mechanism: DeferredAcceptance(), side: .students).run(on: market)
    #expect(da.stronglyManipulablePairCount == 0)
  }

  // MARK: The receiving side

  /// Roth (1982): under men-proposing DA both women do better in the women-optimal matching;
  /// one woman's truncation gets it, so the pair of women has a witness with both strictly
  /// better (DA is not group strategy-proof for the receiving side, even strongly).
  @Test func womenCanBothStrictlyGainUnderMenProposingDA() throws {
    let spec = AuditExampleTests.roth1982
    let market = spec.build()
    let report = try CoalitionSearch(mechanism: DeferredAcceptance(), side: .schools)
      .run(on: market)
    let pairs = Self.pairs(report)
    #expect(pairs[Pair(0, 1)] == true, "\(report.witnesses)")
    let truthful = DeferredAcceptance().match(market)
    for w in report.witnesses {
      var fresh = spec
      for m in w.members { fresh = fresh.replacing(woman: m.agent, with: m.report) }
      let manipulated = DeferredAcceptance().match(fresh.build())
      for m in w.members {
        func husband(_ matching: Matching) -> Int? {
          (0..<matching.count).first { matching.partner(of: $0) == m.agent }
        }
        let pt = position(husband(truthful), in: spec.women[m.agent])
        let px = position(husband(manipulated), in: spec.women[m.agent])
        #expect(px <= pt && m.strictlyBetter == (px < pt), "\(w)")
      }
    }
  }

  // MARK: Determinism and caps

  @Test(arguments: seeds.prefix(12))
  func resultDoesNotDependOnTheNumberOfWorkers(seed: UInt64) throws {
    let market = AuditSpec.random(seed: seed, students: 7, schools: 3, maxList: 3).build()
    var reports: [CoalitionReport] = []
    for workers in [1, 2] {
      var r = try CoalitionSearch(mechanism: ImmediateAcceptance(), side: .students, workers: workers)
        .run(on: market)
      r.seconds = 0
      r.workers = 0
      reports.append(r)
    }
    #expect(reports[0] == reports[1], "seed \(seed)")
  }

  @Test func pairsComeInColexicographicOrder() {
    var expected: [(Int, Int)] = []
    for j in 1..<30 { for i in 0..<j { expected.append((i, j)) } }
    for (index, pair) in expected.enumerated() {
      let got = CoalitionSearch<DeferredAcceptance>.pair(at: index)
      #expect(got.first == pair.0 && got.second == pair.1, "index \(index)")
    }
  }

  /// A cap searches the first pairs of the full search, with the same witnesses.
  @Test func maxPairsSearchesAPrefixOfThePairs() throws {
    let market = AuditSpec.random(seed: 5, students: 8, schools: 3, maxList: 3).build()
    let full = try CoalitionSearch(mechanism: ImmediateAcceptance(), side: .students).run(on: market)
    #expect(full.pairsSearched == 28 && full.pairsAvailable == 28)
    for cap in [1, 6, 10, 27] {
      let capped = try CoalitionSearch(
        mechanism: ImmediateAcceptance(), side: .students, maxPairs: cap
      ).run(on: market)
      #expect(capped.pairsSearched == cap && capped.pairsAvailable == 28)
      let inPrefix = full.witnesses.filter { w in
        let (a, b) = (w.members[0].agent, w.members[1].agent)
        return b * (b - 1) / 2 + a < cap
      }
      #expect(capped.witnesses == inPrefix, "cap \(cap)")
    }
  }
}
