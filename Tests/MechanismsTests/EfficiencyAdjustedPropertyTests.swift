import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing
import _MatchingTestSupport

/// Kesten's (2010) EADAM as he states it, written independently of the engine (nested
/// arrays, simultaneous-step DA with a trace): the oracle for the library's Tang–Yu rounds.
enum KestenEADAM {
  /// Runs EADAM with the given consent: DA; find the last step at which a consenting
  /// interrupter is rejected from a school he interrupts; drop those schools from those
  /// interrupters' lists; rerun; until no consenting interrupter is left.
  static func outcome(_ market: SchoolChoiceMarket, consent: [Bool]) -> [Int32] {
    let n = market.studentCount
    var lists = (0..<n).map { market.preferenceList(of: $0) }
    func rank(_ i: Int, _ s: Int) -> UInt32 {
      market.entries[market.listRange(of: i).first { Int(market.entries[$0].school) == s }!].rank
    }
    while true {
      let trace = steppedDA(market, lists: lists, rank: rank)
      // Interrupting pairs (i, s, step i was rejected from s).
      var pairs: [(student: Int, school: Int, step: Int)] = []
      for (i, s, accepted, rejectedAt) in trace.tenures where consent[i] {
        let someoneElse = trace.rejections.contains {
          $0.school == s && $0.student != i && $0.step >= accepted && $0.step < rejectedAt
        }
        if someoneElse { pairs.append((i, s, rejectedAt)) }
      }
      guard let last = pairs.map(\.step).max() else { return trace.assignment }
      for p in pairs where p.step == last { lists[p.student].removeAll { $0 == p.school } }
    }
  }

  struct Trace {
    var assignment: [Int32]
    /// (student, school, step accepted, step rejected) for each tenure that ended.
    var tenures: [(Int, Int, Int, Int)]
    /// Every rejection: a new applicant turned down or a held student displaced.
    var rejections: [(student: Int, school: Int, step: Int)]
  }

  static func steppedDA(_ market: SchoolChoiceMarket, lists: [[Int]], rank: (Int, Int) -> UInt32) -> Trace {
    let n = market.studentCount
    var next = [Int](repeating: 0, count: n)
    var held = [[Int]](repeating: [], count: market.schoolCount)
    var since = [Int: Int]()  // student -> step accepted at her current school
    var trace = Trace(assignment: [Int32](repeating: -1, count: n), tenures: [], rejections: [])
    var proposers = (0..<n).filter { !lists[$0].isEmpty }
    var step = 0
    while !proposers.isEmpty {
      step += 1
      var applicants = [Int: [Int]]()
      for i in proposers {
        applicants[lists[i][next[i]], default: []].append(i)
        next[i] += 1
      }
      var rejected: [Int] = []
      for (s, new) in applicants {
        let pool = (held[s] + new).sorted { rank($0, s) < rank($1, s) }
        let keep = Array(pool.prefix(Int(market.capacities[s])))
        for j in pool.dropFirst(keep.count) {
          trace.rejections.append((j, s, step))
          if held[s].contains(j) { trace.tenures.append((j, s, since[j]!, step)) }
          rejected.append(j)
        }
        for j in keep where !held[s].contains(j) { since[j] = step }
        held[s] = keep
      }
      proposers = rejected.filter { next[$0] < lists[$0].count }.sorted()
    }
    for (s, students) in held.enumerated() { for i in students { trace.assignment[i] = Int32(s) } }
    return trace
  }
}

struct EfficiencyAdjustedPropertyTests {
  static let seeds: [UInt64] = Array(1...200)

  static func position(_ m: Matching, _ i: Int, _ market: SchoolChoiceMarket) -> Int {
    m.partner(of: i).flatMap { market.position(of: $0, in: i) } ?? .max
  }

  @Test(arguments: seeds)
  func fullConsentIsParetoEfficientAndWeaklyDominatesDA(seed: UInt64) {
    let market = RandomMarkets.schoolChoice(seed: seed, students: 7, schools: 4, listLength: 1...4)
    let da = DeferredAcceptance().match(market)
    let eadam = EfficiencyAdjustedDeferredAcceptance().match(market)
    #expect(market.paretoImprovement(of: eadam) == nil, "seed \(seed)\n\(market.dump)\n\(eadam)")
    for i in 0..<market.studentCount {
      #expect(Self.position(eadam, i, market) <= Self.position(da, i, market), "seed \(seed) student \(i)")
    }
  }

  @Test(arguments: seeds)
  func fullConsentEqualsKestensInterrupterAlgorithm(seed: UInt64) {
    let market = RandomMarkets.schoolChoice(seed: seed, students: 8, schools: 4, listLength: 1...4)
    let consent = [Bool](repeating: true, count: market.studentCount)
    #expect(
      EfficiencyAdjustedDeferredAcceptance().match(market).assignment
        == KestenEADAM.outcome(market, consent: consent), "seed \(seed)\n\(market.dump)")
  }

  @Test(arguments: seeds)
  func partialConsentEqualsKestensInterrupterAlgorithm(seed: UInt64) {
    let market = RandomMarkets.schoolChoice(seed: seed, students: 8, schools: 4, listLength: 1...4)
    var rng = SeededGenerator(seed: seed ^ 0xC0)
    let consent = (0..<market.studentCount).map { _ in rng.uniform(below: 2) == 0 }
    let eadam = EfficiencyAdjustedDeferredAcceptance(consent: consent).match(market)
    #expect(eadam.assignment == KestenEADAM.outcome(market, consent: consent), "seed \(seed) consent \(consent)\n\(market.dump)")
    // Nobody who withholds consent has justified envy (strict priorities).
    let da = DeferredAcceptance().match(market)
    for w in market.blockingPairs(in: eadam, standard: .strict) {
      #expect(w.isJustifiedEnvy, "seed \(seed): waste \(w)")
      #expect(consent[w.student], "seed \(seed): non-consenting student envies \(w)")
    }
    for i in 0..<market.studentCount {
      #expect(Self.position(eadam, i, market) <= Self.position(da, i, market), "seed \(seed) student \(i)")
    }
  }

  /// The properties above are not vacuous: EADAM differs from DA on some of these markets.
  @Test func eadamImprovesOnDeferredAcceptanceOnSomeMarkets() {
    let differing = Self.seeds.filter { seed in
      let market = RandomMarkets.schoolChoice(seed: seed, students: 7, schools: 4, listLength: 1...4)
      return EfficiencyAdjustedDeferredAcceptance().match(market) != DeferredAcceptance().match(market)
    }
    #expect(differing.count >= 10, "only \(differing.count) of \(Self.seeds.count) markets differ")
  }

  @Test func noConsentIsDeferredAcceptance() {
    for seed in Self.seeds.prefix(50) {
      let market = RandomMarkets.schoolChoice(seed: seed, students: 12, schools: 5, listLength: 1...5)
      let none = [Bool](repeating: false, count: market.studentCount)
      #expect(EfficiencyAdjustedDeferredAcceptance(consent: none).match(market) == DeferredAcceptance().match(market), "seed \(seed)")
    }
  }

  @Test func largerMarketsAgreeWithKesten() {
    for seed in UInt64(1)...20 {
      let market = RandomMarkets.schoolChoice(
        seed: seed, students: 40, schools: 8, capacities: 1...4, listLength: 1...6)
      let all = [Bool](repeating: true, count: market.studentCount)
      let eadam = EfficiencyAdjustedDeferredAcceptance().match(market)
      #expect(eadam.assignment == KestenEADAM.outcome(market, consent: all), "seed \(seed)")
      #expect(market.isParetoEfficient(eadam), "seed \(seed)")
    }
  }

  /// The fast algorithm (reverse rotate-remove) against Tang and Yu's rounds, with partial
  /// consent, on markets with several seats per school.
  @Test(arguments: seeds)
  func rotateRemoveEqualsTangYuRounds(seed: UInt64) {
    let market = RandomMarkets.schoolChoice(
      seed: seed, students: 14, schools: 5, capacities: 1...3, listLength: 1...5)
    var rng = SeededGenerator(seed: seed ^ 0x5EED)
    let share = rng.uniform(below: 4)  // 0%, 33%, 67% or 100% consent on average
    let consent = (0..<market.studentCount).map { _ in rng.uniform(below: 3) < share }
    let fast = EfficiencyAdjustedDeferredAcceptance(consent: consent).match(market)
    let rounds = EfficiencyAdjustedDeferredAcceptance(consent: consent, algorithm: .tangYuRounds).match(market)
    #expect(fast == rounds, "seed \(seed) consent \(consent)\n\(market.dump)")
  }

  /// Both algorithms against Kesten's interrupter algorithm on larger markets with partial
  /// consent, and on markets with short lists over many schools (where the schools' rank
  /// bounds are much larger than their applicant counts, so the priority order is sorted
  /// rather than indexed by rank).
  @Test func bothAlgorithmsAgreeWithKestenWithPartialConsent() {
    for seed in UInt64(1)...30 {
      let shortLists = seed % 2 == 0
      let market = shortLists
        ? RandomMarkets.schoolChoice(seed: seed, students: 30, schools: 25, capacities: 1...2, listLength: 1...2)
        : RandomMarkets.schoolChoice(seed: seed, students: 40, schools: 8, capacities: 1...4, listLength: 1...6)
      var rng = SeededGenerator(seed: seed ^ 0xFACE)
      let consent = (0..<market.studentCount).map { _ in rng.uniform(below: 4) != 0 }
      let kesten = KestenEADAM.outcome(market, consent: consent)
      let fast = EfficiencyAdjustedDeferredAcceptance(consent: consent).match(market)
      let rounds = EfficiencyAdjustedDeferredAcceptance(consent: consent, algorithm: .tangYuRounds).match(market)
      #expect(fast.assignment == kesten, "seed \(seed)")
      #expect(rounds.assignment == kesten, "seed \(seed)")
    }
  }

  /// Many seats and many students: the two algorithms agree (Kesten's is too slow here).
  @Test func algorithmsAgreeOnMediumMarkets() {
    for seed in UInt64(1)...10 {
      let market = RandomMarkets.schoolChoice(
        seed: seed, students: 400, schools: 20, capacities: 5...25, listLength: 1...8)
      var rng = SeededGenerator(seed: seed)
      let consent = seed % 3 == 0 ? nil : (0..<market.studentCount).map { _ in rng.uniform(below: 5) != 0 }
      let fast = EfficiencyAdjustedDeferredAcceptance(consent: consent).match(market)
      let rounds = EfficiencyAdjustedDeferredAcceptance(consent: consent, algorithm: .tangYuRounds).match(market)
      #expect(fast == rounds, "seed \(seed)")
      if consent == nil { #expect(market.isParetoEfficient(fast), "seed \(seed)") }
    }
  }

  /// Truncated reports (as the audit writes them) leave the schools' rank bounds far above
  /// their applicant counts, so the fast algorithm sorts each school's applicants instead of
  /// indexing them by rank; it still agrees with Kesten's algorithm.
  @Test func truncatedReportsAgreeWithKesten() {
    for seed in UInt64(1)...20 {
      let truthful = RandomMarkets.schoolChoice(
        seed: seed, students: 24, schools: 3, capacities: 1...4, listLength: 3...3)
      var market = truthful
      for i in 0..<20 {
        let list = truthful.preferenceList(of: i)
        market.replaceList(of: i, with: Array(list.prefix(i % 3 == 0 ? 0 : 1)), truthful: truthful)
      }
      #expect(2 * market.totalListLength + market.schoolCount < (0..<3).map(market.rankBound(of:)).reduce(0, +))
      var rng = SeededGenerator(seed: seed)
      let consent = (0..<market.studentCount).map { _ in rng.uniform(below: 3) != 0 }
      let fast = EfficiencyAdjustedDeferredAcceptance(consent: consent).match(market)
      #expect(fast.assignment == KestenEADAM.outcome(market, consent: consent), "seed \(seed)")
    }
  }
}
