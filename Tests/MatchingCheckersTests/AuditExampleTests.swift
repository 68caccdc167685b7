import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing

/// Textbook markets and the exact theorems about who can manipulate deferred acceptance,
/// checked against brute-force stable sets.
struct AuditExampleTests {
  /// Re-checks a receiving-side (woman / school) witness from scratch on a marriage market.
  func recheckWomanWitness(
    _ w: ManipulationWitness, spec: MarriageSpec, mechanism: DeferredAcceptance,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let s = w.agent
    func held(_ market: SchoolChoiceMarket) -> [Int] {
      let m = mechanism.match(market)
      return (0..<m.count).filter { m.partner(of: $0) == s }
    }
    let truthList = spec.women[s]
    let truthful = held(spec.build())
    let manipulated = held(spec.replacing(woman: s, with: w.misreport).build())
    func ranks(_ xs: [Int]) -> [Int] { xs.map { position($0, in: truthList) }.sorted() }
    #expect(ranks(w.truthfulOutcome) == ranks(truthful), "\(spec)", sourceLocation: sourceLocation)
    #expect(ranks(w.manipulatedOutcome) == ranks(manipulated), "\(spec)", sourceLocation: sourceLocation)
    // Responsive dominance, written out: at least as many, each k-th best no worse, not equal.
    let a = ranks(manipulated)
    let t = ranks(truthful)
    #expect(!a.contains(Int.max) && a.count >= t.count, sourceLocation: sourceLocation)
    #expect(zip(a, t).allSatisfy { $0 <= $1 } && a != t, "\(w) in \(spec)", sourceLocation: sourceLocation)
  }

  // MARK: Roth (1982): no stable mechanism is strategy-proof for both sides

  /// Men (students) 0-2, women (schools) 0-2; two stable matchings. Under men-proposing DA
  /// woman 0 gets man 2; by truncating her list after man 0 she gets man 0, whom she prefers.
  static let roth1982 = MarriageSpec(
    men: [[1, 0, 2], [0, 2, 1], [0, 1, 2]],
    women: [[0, 2, 1], [2, 0, 1], [0, 2, 1]])

  @Test func receivingSideOfDAIsManipulableWhenTheStableSetIsNotASingleton() throws {
    let spec = Self.roth1982
    let stable = spec.stableMatchings()
    #expect(Set(stable) == [[1, 2, 0], [0, 2, 1]])  // men-optimal, women-optimal
    let market = spec.build()
    #expect(DeferredAcceptance().match(market).assignment == [1, 2, 0])
    // Students cannot gain (exhaustive), schools can.
    #expect(try ManipulationSearch(mechanism: DeferredAcceptance(), side: .students).run(on: market).noneFound)
    let report = try ManipulationSearch(
      mechanism: DeferredAcceptance(), side: .schools, misreports: .heuristic
    ).run(on: market)
    #expect(report.manipulableAgents == [0, 1])  // both women do better in the women-optimal
    let w0 = try #require(report.witnesses.first)
    #expect(w0.agent == 0)
    #expect(w0.kind == .truncation(length: 1))
    #expect(w0.misreport == [0])
    #expect(w0.truthfulOutcome == [2])
    #expect(w0.manipulatedOutcome == [0])
    for w in report.witnesses { recheckWomanWitness(w, spec: spec, mechanism: DeferredAcceptance()) }
  }

  @Test func schoolProposingDAIsManipulableByStudents() throws {
    let spec = Self.roth1982
    let market = spec.build()
    #expect(DeferredAcceptance(proposing: .schools).match(market).assignment == [0, 2, 1])
    let report = try ManipulationSearch(
      mechanism: DeferredAcceptance(proposing: .schools), side: .students
    ).run(on: market)
    #expect(report.manipulableAgents == [0, 2])  // the men who do better men-optimally
    for w in report.witnesses {
      try recheckStudentWitness(
        w, spec: AuditSpec(
          capacities: [1, 1, 1], preferences: spec.men,
          priorities: spec.men.enumerated().map { m, list in list.map { spec.women[$0].firstIndex(of: m)! } },
          tieBreaking: .single(seed: 0)),
        mechanism: DeferredAcceptance(proposing: .schools))
    }
    // And the school side of school-proposing DA cannot gain here.
    #expect(try ManipulationSearch(
      mechanism: DeferredAcceptance(proposing: .schools), side: .schools).run(on: market).noneFound)
  }

  /// Exactly the women with more than one stable partner can manipulate men-proposing DA:
  /// each can truncate her way to her women-optimal partner (Gale and Sotomayor 1985), and no
  /// misreport gets anyone more than her best stable partner (Demange, Gale and Sotomayor
  /// 1987). Symmetrically for men under women-proposing DA.
  @Test(arguments: Array(UInt64(0)..<50))
  func manipulableAgentsAreExactlyThoseWithSeveralStablePartners(seed: UInt64) throws {
    let spec = MarriageSpec.random(seed: seed, size: seed % 2 == 0 ? 3 : 4, complete: seed % 3 != 0)
    let n = spec.men.count
    let stable = spec.stableMatchings()
    #expect(!stable.isEmpty)
    func rank(_ list: [Int], _ x: Int) -> Int { x < 0 ? Int.max : list.firstIndex(of: x)! }
    var husbands: [[Int]] = []  // per stable matching, per woman
    for wife in stable {
      var h = [Int](repeating: -1, count: n)
      for (m, w) in wife.enumerated() where w >= 0 { h[w] = m }
      husbands.append(h)
    }
    let bestHusband = (0..<n).map { w in husbands.map { $0[w] }.min { rank(spec.women[w], $0) < rank(spec.women[w], $1) }! }
    let worstHusband = (0..<n).map { w in husbands.map { $0[w] }.max { rank(spec.women[w], $0) < rank(spec.women[w], $1) }! }
    let bestWife = (0..<n).map { m in stable.map { $0[m] }.min { rank(spec.men[m], $0) < rank(spec.men[m], $1) }! }
    let worstWife = (0..<n).map { m in stable.map { $0[m] }.max { rank(spec.men[m], $0) < rank(spec.men[m], $1) }! }

    let market = spec.build()
    let da = DeferredAcceptance().match(market)
    #expect(da.assignment.map(Int.init) == bestWife, "seed \(seed): \(spec)")

    // Women under men-proposing DA (exhaustive: lists of at most 4).
    let women = try ManipulationSearch(
      mechanism: DeferredAcceptance(), side: .schools, witnessesPerAgent: 1000
    ).run(on: market)
    let expectedWomen = (0..<n).filter { bestHusband[$0] != worstHusband[$0] }
    #expect(women.manipulableAgents == expectedWomen, "seed \(seed): \(spec)")
    #expect(women.agentsSearchedHeuristically == 0)
    for w in expectedWomen {
      // The truncation just below her best stable partner is among the witnesses, and it
      // gives her that partner.
      let cut = spec.women[w].firstIndex(of: bestHusband[w])! + 1
      let truncation = Array(spec.women[w].prefix(cut)).filter { spec.men[$0].contains(w) }
      #expect(
        women.witnesses.contains { $0.agent == w && $0.misreport == truncation && $0.manipulatedOutcome == [bestHusband[w]] },
        "seed \(seed): woman \(w) in \(spec)")
    }
    for w in women.witnesses {
      recheckWomanWitness(w, spec: spec, mechanism: DeferredAcceptance())
      // Never beyond her best stable partner.
      #expect(w.manipulatedOutcome == [bestHusband[w.agent]] || rank(spec.women[w.agent], w.manipulatedOutcome[0]) > rank(spec.women[w.agent], bestHusband[w.agent]))
    }

    // Men under women-proposing DA.
    let men = try ManipulationSearch(
      mechanism: DeferredAcceptance(proposing: .schools), side: .students
    ).run(on: market)
    #expect(men.manipulableAgents == (0..<n).filter { bestWife[$0] != worstWife[$0] }, "seed \(seed): \(spec)")
    // And proposers never gain (student-proposing DA, men).
    #expect(try ManipulationSearch(mechanism: DeferredAcceptance(), side: .students).run(on: market).noneFound)
  }

  // MARK: Roth (1985): a college with two seats manipulates even college-proposing DA

  @Test func collegeWithTwoSeatsManipulatesCollegeProposingDA() throws {
    // Colleges 0 (two seats), 1, 2; students 0-3 (Roth and Sotomayor 1990, Example 5.?-style
    // instance; outcomes computed by hand in the guide).
    let market = try SchoolChoiceMarket(
      capacities: [2, 1, 1],
      studentPreferences: [[2, 0, 1], [1, 0, 2], [0, 2, 1], [0, 1, 2]],
      schoolPreferences: [[0, 1, 2, 3], [0, 1, 2, 3], [2, 0, 1, 3]])
    let mechanism = DeferredAcceptance(proposing: .schools)
    #expect(mechanism.match(market).assignment == [2, 1, 0, 0])
    let report = try ManipulationSearch(
      mechanism: mechanism, side: .schools, witnessesPerAgent: 1000
    ).run(on: market)
    #expect(report.manipulableAgents == [0])
    // Reporting only students 0 and 3 gets it {0, 3} instead of {2, 3}.
    #expect(report.witnesses.contains { $0.misreport == [0, 3] && $0.manipulatedOutcome == [0, 3] && $0.truthfulOutcome == [2, 3] })
    for w in report.witnesses {
      let truthList = [0, 1, 2, 3]
      var prefs = [[0, 1, 2, 3], [0, 1, 2, 3], [2, 0, 1, 3]]
      prefs[0] = w.misreport
      let fresh = try SchoolChoiceMarket(
        capacities: [2, 1, 1],
        studentPreferences: [[2, 0, 1], [1, 0, 2], [0, 2, 1], [0, 1, 2]], schoolPreferences: prefs)
      let got = mechanism.match(fresh).assignment.enumerated().filter { $0.element == 0 }.map(\.offset)
      #expect(got == w.manipulatedOutcome)
      let a = got.map { truthList.firstIndex(of: $0)! }.sorted()
      let t = [2, 3]
      #expect(a.count >= t.count && zip(a, t).allSatisfy { $0 <= $1 } && a != t)
    }
  }

  // MARK: Boston

  /// The smallest manipulable Boston market: three students, two one-seat schools X = 0 and
  /// Y = 1. Student 0 ranks Y first, X second; student 1 wants only X; student 2 only Y.
  /// Y prefers student 2 to student 0; X prefers student 0 to student 1. First choices collide
  /// at Y and the priorities disagree about student 0 (first at X, second at Y).
  @Test func bostonIsManipulableOnTheSmallestMarket() throws {
    let spec = AuditSpec(
      capacities: [1, 1], preferences: [[1, 0], [0], [1]], priorities: [[1, 0], [1], [0]],
      tieBreaking: .single(seed: 0))
    let market = spec.build()
    #expect(ImmediateAcceptance().match(market).assignment == [-1, 0, 1])
    let report = try ManipulationSearch(mechanism: ImmediateAcceptance(), side: .students).run(on: market)
    #expect(report.manipulableAgents == [0])
    let w = try #require(report.witnesses.first)
    #expect(w.misreport == [0])  // rank X alone (or first): take X with her priority there
    #expect(w.truthfulOutcome == [])
    #expect(w.manipulatedOutcome == [0])
    try recheckStudentWitness(w, spec: spec, mechanism: ImmediateAcceptance())
    // DA on the same market is not manipulable (and gives student 0 school X truthfully).
    #expect(DeferredAcceptance().match(market).assignment == [0, -1, 1])
    #expect(try ManipulationSearch(mechanism: DeferredAcceptance(), side: .students).run(on: market).noneFound)
  }

  /// Every ordered list of each student, every strict priority, capacities 1-2: with two
  /// students Boston is never manipulable (the student who loses her first choice lost it to
  /// the other, who then cannot block her second), so three students are needed.
  @Test func bostonWithTwoStudentsIsNeverManipulable() throws {
    for m in [2, 3] {
      let lists = AuditMisreportSpaceTests.bruteForceOrderedSubsets(m).sorted { $0.lexicographicallyPrecedes($1) }
      let capacitySets: [[Int]] = m == 2 ? [[1, 1], [1, 2], [2, 1], [2, 2]] : [[1, 1, 1]]
      var markets = 0
      for capacities in capacitySets {
        for a in lists {
          for b in lists {
            for bits in 0..<(1 << m) {  // bit s set: student 1 is first at school s
              let prio = { (i: Int, s: Int) -> Int in ((bits >> s) & 1 == 1) == (i == 1) ? 0 : 1 }
              let spec = AuditSpec(
                capacities: capacities, preferences: [a, b],
                priorities: [a.map { prio(0, $0) }, b.map { prio(1, $0) }],
                tieBreaking: .single(seed: 0))
              let report = try ManipulationSearch(
                mechanism: ImmediateAcceptance(), side: .students, workers: 1
              ).run(on: spec.build())
              #expect(report.noneFound, "\(spec): \(report.witnesses)")
              markets += 1
            }
          }
        }
      }
      #expect(markets == capacitySets.count * lists.count * lists.count * (1 << m))
    }
  }

  /// Among all three-student, two-school, one-seat markets, Boston is manipulable on some,
  /// and on every one of them two first choices collide.
  @Test func bostonWithThreeStudentsNeedsCollidingFirstChoices() throws {
    let lists = AuditMisreportSpaceTests.bruteForceOrderedSubsets(2).sorted { $0.lexicographicallyPrecedes($1) }
    let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
    var manipulable = 0
    for a in lists { for b in lists { for c in lists {
      for x in orders { for y in orders {
        let prefs = [a, b, c]
        let prio = prefs.enumerated().map { i, list in list.map { s in (s == 0 ? x : y).firstIndex(of: i)! } }
        let spec = AuditSpec(capacities: [1, 1], preferences: prefs, priorities: prio, tieBreaking: .single(seed: 0))
        let report = try ManipulationSearch(
          mechanism: ImmediateAcceptance(), side: .students, workers: 1
        ).run(on: spec.build())
        guard !report.noneFound else { continue }
        manipulable += 1
        let firsts = prefs.compactMap(\.first)
        #expect(Set(firsts).count < firsts.count, "\(spec)")
        for w in report.witnesses { try recheckStudentWitness(w, spec: spec, mechanism: ImmediateAcceptance()) }
      }}
    }}}
    #expect(manipulable > 0)
  }
}
