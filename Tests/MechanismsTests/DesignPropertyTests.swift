import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing
import _MatchingTestSupport

/// The parallel mechanisms between Boston and DA (Chen and Kesten 2017).
struct ChineseParallelPropertyTests {
  static let seeds: [UInt64] = Array(1...200)

  @Test(arguments: seeds)
  func oneChoicePerRoundIsBostonAndTheWholeListIsDA(seed: UInt64) {
    let market = RandomMarkets.schoolChoice(seed: seed, students: 12, schools: 5, capacities: 1...3, listLength: 1...5)
    let longest = (0..<market.studentCount).map { Int(market.listLength[$0]) }.max() ?? 1
    #expect(ChineseParallel(choicesPerRound: 1).match(market) == ImmediateAcceptance().match(market), "seed \(seed)\n\(market.dump)")
    #expect(ChineseParallel(choicesPerRound: max(1, longest)).match(market) == DeferredAcceptance().match(market), "seed \(seed)")
    #expect(ChineseParallel(choicesPerRound: .max).match(market) == DeferredAcceptance().match(market), "seed \(seed)")
  }

  /// e = 2 is a mechanism of its own: on some markets it differs from both ends.
  @Test func twoChoicesPerRoundIsStrictlyBetweenOnSomeMarkets() {
    let between = Self.seeds.filter { seed in
      let market = RandomMarkets.schoolChoice(seed: seed, students: 12, schools: 5, capacities: 1...3, listLength: 3...5)
      let cp = ChineseParallel(choicesPerRound: 2).match(market)
      return cp != ImmediateAcceptance().match(market) && cp != DeferredAcceptance().match(market)
    }
    #expect(between.count >= 5, "only \(between.count) markets")
  }

  /// A hand-traced market (not from the paper): schools a, b, c with one seat; priorities
  /// a: 1 > 0 > 2, b: 0 > 2 > 1, c: 2 > 0 > 1; student 0 wants a > b > c, student 1 wants
  /// b > a > c, student 2 wants b > c > a.
  static let handTraced = try! SchoolChoiceMarket(
    capacities: [1, 1, 1],
    studentPreferences: [[0, 1, 2], [1, 0, 2], [1, 2, 0]],
    schoolPreferences: [[1, 0, 2], [0, 2, 1], [2, 0, 1]])

  @Test func handTracedMarket() {
    // Boston: round 1, a admits 0 and b admits 2 (b ranks 2 above 1); round 2, 1 applies to
    // a, full; round 3, 1 gets c.
    #expect(ImmediateAcceptance().match(Self.handTraced).assignment == [0, 2, 1])
    // DA: b holds 2 and rejects 1; 1 displaces 0 at a; 0 displaces 2 at b; 2 takes c.
    #expect(DeferredAcceptance().match(Self.handTraced).assignment == [1, 0, 2])
    // e = 2: everyone is placed within her first two choices, so round 1 is that DA.
    #expect(ChineseParallel(choicesPerRound: 2).match(Self.handTraced).assignment == [1, 0, 2])
  }
}

/// DA with minority reserves and with majority quotas against an independent brute force.
struct ControlledChoicePropertyTests {
  static let seeds: [UInt64] = Array(1...80)

  /// The schools' choice rule written out plainly (sorting, no heaps).
  static func choose(
    _ s: Int, from applicants: [Int], in market: SchoolChoiceMarket, minority: [Bool],
    constraint: DiversityConstraint
  ) -> Set<Int> {
    func rank(_ i: Int) -> UInt32 {
      market.entries[market.listRange(of: i).first { Int(market.entries[$0].school) == s }!].rank
    }
    let sorted = applicants.sorted { rank($0) < rank($1) }
    let cap = Int(market.capacities[s])
    var chosen: [Int] = []
    switch constraint {
    case .reserves(let r):
      let reserve = min(cap, r[s])
      chosen = Array(sorted.filter { minority[$0] }.prefix(reserve))
      for i in sorted where chosen.count < cap && !chosen.contains(i) { chosen.append(i) }
    case .majorityQuotas(let q):
      var majorities = 0
      for i in sorted where chosen.count < cap {
        if !minority[i] {
          if let quota = q[s], majorities >= quota { continue }
          majorities += 1
        }
        chosen.append(i)
      }
    }
    return Set(chosen)
  }

  static func isStable(
    _ m: Matching, in market: SchoolChoiceMarket, minority: [Bool], constraint: DiversityConstraint
  ) -> Bool {
    let holders = m.agents(byOption: market.schoolCount)
    for s in 0..<market.schoolCount
    where choose(s, from: holders[s], in: market, minority: minority, constraint: constraint) != Set(holders[s]) {
      return false
    }
    for i in 0..<market.studentCount {
      for s in market.preferenceList(of: i) {
        if m.partner(of: i) == s { break }
        if choose(s, from: holders[s] + [i], in: market, minority: minority, constraint: constraint).contains(i) {
          return false
        }
      }
    }
    return true
  }

  static func instance(seed: UInt64) -> (SchoolChoiceMarket, [Bool], reserves: [Int], quotas: [Int?]) {
    let market = RandomMarkets.schoolChoice(seed: seed, students: 5, schools: 3, capacities: 1...3, listLength: 1...3)
    var rng = SeededGenerator(seed: seed ^ 0x5EED)
    let minority = (0..<market.studentCount).map { _ in rng.uniform(below: 3) == 0 }
    let reserves = (0..<market.schoolCount).map { s in rng.uniform(below: Int(market.capacities[s]) + 1) }
    let quotas: [Int?] = (0..<market.schoolCount).map { s in
      rng.uniform(below: 3) == 0 ? nil : rng.uniform(below: Int(market.capacities[s]) + 1)
    }
    return (market, minority, reserves, quotas)
  }

  static func weaklyPrefers(_ a: Matching, _ b: Matching, _ i: Int, _ market: SchoolChoiceMarket) -> Bool {
    BruteForce.position(a, i, in: market) <= BruteForce.position(b, i, in: market)
  }

  @Test(arguments: seeds)
  func reservesAreStableStudentOptimalAndTheCheckerAgrees(seed: UInt64) {
    let (market, minority, reserves, _) = Self.instance(seed: seed)
    let constraint = DiversityConstraint.reserves(reserves)
    let result = DeferredAcceptanceWithReserves(isMinority: minority, reserves: reserves).match(market)
    let stable = BruteForce.allMatchings(market).filter {
      Self.isStable($0, in: market, minority: minority, constraint: constraint)
    }
    #expect(stable.contains(result), "seed \(seed)\n\(market.dump)\nminority \(minority) reserves \(reserves)\n\(result)")
    for other in stable {
      for i in 0..<market.studentCount {
        #expect(Self.weaklyPrefers(result, other, i, market), "seed \(seed): not student-optimal")
      }
    }
    for m in BruteForce.allMatchings(market) {
      let report = market.controlledChoiceReport(of: m, isMinority: minority, constraint: constraint)
      #expect(report.isStable == Self.isStable(m, in: market, minority: minority, constraint: constraint), "seed \(seed) \(m)")
      for w in report.witnesses {
        // Each witness blocks: she prefers the school and it would choose her.
        let holders = m.agents(byOption: market.schoolCount)[w.school]
        #expect(Self.choose(w.school, from: holders + [w.student], in: market, minority: minority, constraint: constraint).contains(w.student))
        if let d = w.displaced {
          #expect(!Self.choose(w.school, from: holders + [w.student], in: market, minority: minority, constraint: constraint).contains(d), "seed \(seed) \(w)")
        }
      }
    }
  }

  @Test(arguments: seeds)
  func quotasAreStableStudentOptimalAndTheCheckerAgrees(seed: UInt64) {
    let (market, minority, _, quotas) = Self.instance(seed: seed)
    let constraint = DiversityConstraint.majorityQuotas(quotas)
    let result = DeferredAcceptanceWithQuotas(isMinority: minority, majorityQuotas: quotas).match(market)
    let stable = BruteForce.allMatchings(market).filter {
      Self.isStable($0, in: market, minority: minority, constraint: constraint)
    }
    #expect(stable.contains(result), "seed \(seed)\n\(market.dump)\nminority \(minority) quotas \(quotas)\n\(result)")
    for other in stable {
      for i in 0..<market.studentCount {
        #expect(Self.weaklyPrefers(result, other, i, market), "seed \(seed): not student-optimal")
      }
    }
    for m in BruteForce.allMatchings(market) {
      let report = market.controlledChoiceReport(of: m, isMinority: minority, constraint: constraint)
      #expect(report.isStable == Self.isStable(m, in: market, minority: minority, constraint: constraint), "seed \(seed) \(m)")
    }
  }

  /// Hafalir, Yenmez and Yildirim (2013): DA with minority reserves Pareto-dominates DA with
  /// the corresponding majority quotas (reserve = capacity - quota): every student weakly
  /// better off.
  @Test(arguments: seeds)
  func reservesWeaklyDominateTheCorrespondingQuotas(seed: UInt64) {
    let market = RandomMarkets.schoolChoice(seed: seed, students: 30, schools: 5, capacities: 1...6, listLength: 1...5)
    var rng = SeededGenerator(seed: seed ^ 0xAA)
    let minority = (0..<market.studentCount).map { _ in rng.uniform(below: 3) == 0 }
    let quotas = (0..<market.schoolCount).map { s in rng.uniform(below: Int(market.capacities[s]) + 1) }
    let reserves = (0..<market.schoolCount).map { s in Int(market.capacities[s]) - quotas[s] }
    let withReserves = DeferredAcceptanceWithReserves(isMinority: minority, reserves: reserves).match(market)
    let withQuotas = DeferredAcceptanceWithQuotas(isMinority: minority, majorityQuotas: quotas).match(market)
    for i in 0..<market.studentCount {
      #expect(Self.weaklyPrefers(withReserves, withQuotas, i, market), "seed \(seed) student \(i)\n\(market.dump)")
    }
  }

  /// Not vacuous: on some of those markets reserves make someone strictly better off.
  @Test func reservesStrictlyImproveOnQuotasOnSomeMarkets() {
    let improved = Self.seeds.filter { seed in
      let market = RandomMarkets.schoolChoice(seed: seed, students: 30, schools: 5, capacities: 1...6, listLength: 1...5)
      var rng = SeededGenerator(seed: seed ^ 0xAA)
      let minority = (0..<market.studentCount).map { _ in rng.uniform(below: 3) == 0 }
      let quotas = (0..<market.schoolCount).map { s in rng.uniform(below: Int(market.capacities[s]) + 1) }
      let reserves = (0..<market.schoolCount).map { s in Int(market.capacities[s]) - quotas[s] }
      return DeferredAcceptanceWithReserves(isMinority: minority, reserves: reserves).match(market)
        != DeferredAcceptanceWithQuotas(isMinority: minority, majorityQuotas: quotas).match(market)
    }
    #expect(improved.count >= 10, "only \(improved.count)")
  }

  @Test(arguments: seeds)
  func noMinorityOrNoReservesOrNoQuotasIsDA(seed: UInt64) {
    let market = RandomMarkets.schoolChoice(seed: seed, students: 30, schools: 6, capacities: 1...5, listLength: 1...5)
    let da = DeferredAcceptance().match(market)
    var rng = SeededGenerator(seed: seed)
    let minority = (0..<market.studentCount).map { _ in rng.uniform(below: 2) == 0 }
    let reserves = (0..<market.schoolCount).map { s in rng.uniform(below: Int(market.capacities[s]) + 1) }
    let nobody = [Bool](repeating: false, count: market.studentCount)
    #expect(DeferredAcceptanceWithReserves(isMinority: nobody, reserves: reserves).match(market) == da)
    #expect(DeferredAcceptanceWithReserves(isMinority: minority, reserves: []).match(market) == da)
    #expect(DeferredAcceptanceWithQuotas(isMinority: minority, majorityQuotas: []).match(market) == da)
    let everyone = [Bool](repeating: true, count: market.studentCount)
    #expect(DeferredAcceptanceWithQuotas(isMinority: everyone, majorityQuotas: [Int?](repeating: 0, count: market.schoolCount)).match(market) == da)
  }
}

/// Erdil and Ergin's stable improvement cycles against brute force on weak priorities.
struct StableImprovementCyclesPropertyTests {
  static let seeds: [UInt64] = Array(1...150)

  @Test(arguments: seeds)
  func weaklyStableAndNotParetoDominatedByAnotherWeaklyStableMatching(seed: UInt64) {
    let market = RandomMarkets.schoolChoice(
      seed: seed, students: 6, schools: 3, capacities: 1...2, listLength: 1...3, classes: 1 + Int(seed % 2),
      tieBreaking: seed % 3 == 0 ? .single(seed: seed) : .multiple(seed: seed))
    // Both cycle selections, alternating by seed.
    let selection: StableImprovementCycles.CycleSelection = seed % 2 == 0 ? .schoolDisjoint : .studentDisjoint
    let sic = StableImprovementCycles(cycleSelection: selection).match(market)
    #expect(BruteForce.isStable(sic, in: market, strict: false), "seed \(seed)\n\(market.dump)\n\(sic)")
    #expect(market.isStable(sic, standard: .weak), "seed \(seed)")
    let da = DeferredAcceptance().match(market)
    for i in 0..<market.studentCount {
      #expect(BruteForce.position(sic, i, in: market) <= BruteForce.position(da, i, in: market), "seed \(seed)")
    }
    let weaklyStable = BruteForce.allMatchings(market).filter { BruteForce.isStable($0, in: market, strict: false) }
    for other in weaklyStable {
      var better = false
      var worse = false
      for i in 0..<market.studentCount {
        let a = BruteForce.position(other, i, in: market)
        let b = BruteForce.position(sic, i, in: market)
        if a < b { better = true }
        if a > b { worse = true }
      }
      #expect(!(better && !worse), "seed \(seed): \(other) dominates \(sic)\n\(market.dump)")
    }
  }

  /// Not vacuous: ties broken school by school cost DA efficiency on some of these markets,
  /// and SIC recovers it.
  @Test func sicImprovesOnDAOnSomeMarkets() {
    let improved = Self.seeds.filter { seed in
      let market = RandomMarkets.schoolChoice(seed: seed, students: 6, schools: 3, capacities: 1...2, listLength: 2...3, classes: 1, tieBreaking: .multiple(seed: seed))
      return StableImprovementCycles().match(market) != DeferredAcceptance().match(market)
    }
    #expect(improved.count >= 5, "only \(improved.count)")
  }

  /// Few schools with many seats, everyone tied: with student-disjoint passes one pass may
  /// carry out several cycles through the same school. Brute force still finds no weakly
  /// stable matching that dominates the outcome.
  @Test(arguments: Array(UInt64(1)...40))
  func manySeatsPerSchoolStillConstrainedEfficient(seed: UInt64) {
    let market = RandomMarkets.schoolChoice(
      seed: seed, students: 8, schools: 2, capacities: 3...4, listLength: 2...2, classes: 1,
      tieBreaking: .multiple(seed: seed))
    let sic = StableImprovementCycles(cycleSelection: .studentDisjoint).match(market)
    #expect(BruteForce.isStable(sic, in: market, strict: false), "seed \(seed)")
    let weaklyStable = BruteForce.allMatchings(market).filter { BruteForce.isStable($0, in: market, strict: false) }
    let dominated = weaklyStable.contains { other in
      let pairs = (0..<market.studentCount).map { (BruteForce.position(other, $0, in: market), BruteForce.position(sic, $0, in: market)) }
      return pairs.allSatisfy { $0.0 <= $0.1 } && pairs.contains { $0.0 < $0.1 }
    }
    #expect(!dominated, "seed \(seed)\n\(market.dump)\n\(sic)")
  }

  /// Whether a stable improvement cycle is left, by the definition, written independently:
  /// D(s) from scratch, the school graph, and a plain depth-first cycle search.
  static func hasStableImprovementCycle(_ m: Matching, in market: SchoolChoiceMarket) -> Bool {
    let schools = market.schoolCount
    var best = [Int32](repeating: .max, count: schools)
    func desired(_ i: Int) -> [(school: Int, entry: Int)] {
      var out: [(Int, Int)] = []
      for e in market.listRange(of: i) {
        let s = Int(market.entries[e].school)
        if m.partner(of: i) == s { break }
        out.append((s, e))
      }
      return out
    }
    for i in 0..<market.studentCount {
      for (s, e) in desired(i) { best[s] = min(best[s], market.priorities[e]) }
    }
    var next = [Set<Int>](repeating: [], count: schools)
    for i in 0..<market.studentCount {
      guard let a = m.partner(of: i) else { continue }
      for (s, e) in desired(i) where market.priorities[e] == best[s] { next[a].insert(s) }
    }
    var color = [Int](repeating: 0, count: schools)
    func cyclic(_ a: Int) -> Bool {
      color[a] = 1
      for b in next[a] {
        if color[b] == 1 || (color[b] == 0 && cyclic(b)) { return true }
      }
      color[a] = 2
      return false
    }
    return (0..<schools).contains { color[$0] == 0 && cyclic($0) }
  }

  @Test func noStableImprovementCycleIsLeftOnLargerMarkets() {
    for seed in UInt64(1)...12 {
      let market = RandomMarkets.schoolChoice(seed: seed, students: 400, schools: 12, capacities: 20...50, listLength: 1...6, classes: 1 + Int(seed % 3),
        tieBreaking: .multiple(seed: seed))
      let da = DeferredAcceptance().match(market)
      for selection in [StableImprovementCycles.CycleSelection.schoolDisjoint, .studentDisjoint] {
        let sic = StableImprovementCycles(cycleSelection: selection).match(market)
        #expect(Self.hasStableImprovementCycle(da, in: market) == (sic != da), "seed \(seed) \(selection)")
        #expect(!Self.hasStableImprovementCycle(sic, in: market), "seed \(seed) \(selection)")
        #expect(market.isStable(sic, standard: .weak), "seed \(seed) \(selection)")
      }
    }
  }

  @Test func largerMarketsStayWeaklyStableAndImprove() {
    for seed in UInt64(1)...20 {
      let market = RandomMarkets.schoolChoice(seed: seed, students: 300, schools: 20, capacities: 5...20, listLength: 1...8, classes: 2,
        tieBreaking: .multiple(seed: seed))
      let sic = StableImprovementCycles().match(market)
      #expect(market.isStable(sic, standard: .weak), "seed \(seed)")
      let da = DeferredAcceptance().match(market)
      for i in 0..<market.studentCount {
        #expect(BruteForce.position(sic, i, in: market) <= BruteForce.position(da, i, in: market))
      }
    }
  }
}
