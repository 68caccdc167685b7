import MatchingCheckers
import MatchingCore
import Mechanisms
@testable import Simulation
import Testing

/// The stable-marriage families of `bench --families` and `generate marriage --correlation`.
struct MarriageFamilyTests {
  static let seeds: [UInt64] = [1, 2, 3, 17, 2024]

  /// The strict rank school `s` gives student `i` (smaller is better), from the market.
  static func rank(_ market: SchoolChoiceMarket, student i: Int, school s: Int) -> UInt32? {
    market.listRange(of: i).first { Int(market.entries[$0].school) == s }.map { market.entries[$0].rank }
  }

  /// The men-optimal stable matching by brute force over all n! perfect matchings (complete
  /// lists): the stable matching every man weakly prefers to every other stable one.
  static func bruteForceMenOptimal(_ market: SchoolChoiceMarket) -> [Int] {
    let n = market.studentCount
    var stable: [[Int]] = []
    var perm = Array(0..<n)
    func isStable(_ wife: [Int]) -> Bool {
      var husband = [Int](repeating: -1, count: n)
      for m in 0..<n { husband[wife[m]] = m }
      for m in 0..<n {
        let mine = market.position(of: wife[m], in: m)!
        for w in market.preferenceList(of: m).prefix(mine) {
          if rank(market, student: m, school: w)! < rank(market, student: husband[w], school: w)! { return false }
        }
      }
      return true
    }
    func permute(_ k: Int) {
      if k == n {
        if isStable(perm) { stable.append(perm) }
        return
      }
      for j in k..<n {
        perm.swapAt(k, j)
        permute(k + 1)
        perm.swapAt(k, j)
      }
    }
    permute(0)
    return stable.first { best in
      stable.allSatisfy { other in
        (0..<n).allSatisfy { market.position(of: best[$0], in: $0)! <= market.position(of: other[$0], in: $0)! }
      }
    }!
  }

  @Test(arguments: seeds)
  func correlatedMarketsAreStrictCompleteAndReproducible(seed: UInt64) {
    let model = CorrelatedMarriageModel(size: 40, correlation: 0.6)
    var a = SeededGenerator(seed: seed, stream: 0)
    var b = SeededGenerator(seed: seed, stream: 0)
    let data = model.generateData(using: &a)
    #expect(data == model.generateData(using: &b), "seed \(seed)")
    let market = data.market()
    #expect(market.capacities == [Int32](repeating: 1, count: 40))
    var seen = [Set<Int32>](repeating: [], count: 40)
    for i in 0..<40 {
      #expect(market.preferenceList(of: i).sorted() == Array(0..<40), "man \(i), seed \(seed)")
    }
    for e in 0..<market.entries.count { seen[Int(market.entries[e].school)].insert(market.priorities[e]) }
    #expect(seen.allSatisfy { $0 == Set(0..<40) }, "each woman's order is strict, seed \(seed)")
  }

  @Test func fullCorrelationGivesEveryoneTheSameListsAndTriangularWork() {
    let n = 30
    var rng = SeededGenerator(seed: 5, stream: 0)
    let market = CorrelatedMarriageModel(size: n, correlation: 1).generateData(using: &rng).market()
    let list = market.preferenceList(of: 0)
    for m in 1..<n { #expect(market.preferenceList(of: m) == list, "man \(m)") }
    // Every woman orders the men alike, so the k-th best man gets the k-th best woman after
    // proposing to the k - 1 above her: n(n+1)/2 proposals.
    let (matching, proposals) = DeferredAcceptance().run(market)
    #expect(proposals == n * (n + 1) / 2)
    let menOrder = (0..<n).sorted { Self.rank(market, student: $0, school: list[0])! < Self.rank(market, student: $1, school: list[0])! }
    for (k, m) in menOrder.enumerated() { #expect(matching.partner(of: m) == list[k], "man \(m)") }
  }

  @Test(arguments: seeds)
  func deferredAcceptanceEqualsBruteForceOnCorrelatedMarkets(seed: UInt64) {
    for correlation in [0.0, 0.5, 0.9] {
      var rng = SeededGenerator(seed: seed, stream: 1)
      let market = CorrelatedMarriageModel(size: 6, correlation: correlation).generateData(using: &rng).market()
      let expected = Self.bruteForceMenOptimal(market)
      let matching = DeferredAcceptance().match(market)
      #expect((0..<6).map { matching.partner(of: $0) } == expected.map { Optional($0) }, "seed \(seed), a = \(correlation)")
    }
  }

  @Test(arguments: seeds)
  func incompleteMarketsHaveShortDistinctListsAndStableOutcomes(seed: UInt64) {
    let n = 2_000
    var a = SeededGenerator(seed: seed, stream: 0)
    var b = SeededGenerator(seed: seed, stream: 0)
    let data = IncompleteMarriageModel(size: n, listLength: 7).generateData(using: &a)
    #expect(data == IncompleteMarriageModel(size: n, listLength: 7).generateData(using: &b))
    guard case .multiple = data.tieBreaking else {
      Issue.record("the women's orders are the multiple lottery")
      return
    }
    #expect(data.priorityClasses.allSatisfy { $0 == 0 })
    let market = data.market()
    for i in 0..<n {
      let list = market.preferenceList(of: i)
      #expect(list.count == 7 && Set(list).count == 7, "man \(i), seed \(seed)")
    }
    let men = DeferredAcceptance().match(market)
    let women = DeferredAcceptance(proposing: .schools).match(market)
    #expect(market.stabilityReport(of: men, standard: .strict, limit: 1).witnesses.isEmpty)
    #expect(market.stabilityReport(of: women, standard: .strict, limit: 1).witnesses.isEmpty)
    // Rural hospitals theorem: the same men are matched in every stable matching.
    #expect((0..<n).allSatisfy { (men.partner(of: $0) == nil) == (women.partner(of: $0) == nil) }, "seed \(seed)")
  }
}
