import KidneyExchange
import Testing

/// TTCC on Example 1 of Roth, Sönmez and Ünver, "Kidney exchange", QJE 119(2), 2004,
/// pp. 469–475: twelve pairs (t1, k1) ... (t12, k12). The preference profile is the paper's,
/// as transcribed in the documentation of `ttcc` in the matchingMarkets R package (Klein and
/// Sauer), whose note says its outcome agrees with the paper's until round 3, where the
/// paper carries out W2 and the package (longest chain, removed) W1 ("compare Figure 3,
/// p472. Here W1 instead of W2 is chosen"). Checked against published material: the profile
/// (as transcribed), rounds 1 and 2, and the two w-chains of round 3. The paper's own text for
/// rounds 3 onwards and its final matching could not be retrieved here, so the later rounds
/// below are derived by hand, step by step, for each chain rule.
struct TTCCExampleTests {
  /// The profile, 1-based as in the paper; own kidneys (implicit, last) left out; 0 is w.
  /// t7's list names k1 twice in the transcription; the second mention cannot matter.
  static let lists: [[Int]] = [
    [9, 10],  // t1 (then k1)
    [11, 3, 5, 6],  // t2
    [2, 4, 5, 6, 7, 8, 0],  // t3
    [5, 9, 1, 8, 10, 3, 0],  // t4
    [3, 7, 11, 4],  // t5
    [3, 5, 8],  // t6
    [6, 1, 3, 9, 10, 1, 0],  // t7
    [6, 4, 11, 2, 3],  // t8
    [3, 11, 0],  // t9
    [11, 1, 4, 5, 6, 7, 0],  // t10
    [3, 6, 5],  // t11
    [11, 3, 9, 8, 10],  // t12
  ]
  static var market: TTCCMarket {
    TTCCMarket(preferences: lists.map { $0.map { $0 == 0 ? .waitlist : .kidney($0 - 1) } })
  }
  /// A cycle, 1-based and rotated to start at its smallest pair.
  static func normalised(_ c: [Int]) -> [Int] {
    let k = c.firstIndex(of: c.min()!)!
    return (c[k...] + c[..<k]).map { $0 + 1 }
  }
  static func assignment(_ o: TTCCOutcome, _ t: Int) -> Int? {
    switch o.assignments[t - 1] {
    case .kidney(let j): j + 1
    case .waitlist: 0
    case .ownDonor: nil
    }
  }

  @Test(arguments: TopTradingCyclesAndChains.ChainRule.allCases)
  func firstTwoRoundsCarryOutThePapersCycles(rule: TopTradingCyclesAndChains.ChainRule) {
    let o = TopTradingCyclesAndChains(chainRule: rule).match(Self.market)
    // Round 1: C1 = (k11, t11, k3, t3, k2, t2): t11 -> k3, t3 -> k2, t2 -> k11.
    #expect(o.rounds[0].cycles.map(Self.normalised) == [[2, 11, 3]])
    // Round 2: C2 = (k7, t7, k6, t6, k5, t5): t5 -> k7, t7 -> k6, t6 -> k5.
    #expect(o.rounds[1].cycles.map(Self.normalised) == [[5, 7, 6]])
    #expect(o.rounds[2].cycles.isEmpty, "round 3 has no cycle: a w-chain is chosen")
  }

  /// Figure 3 of the paper (p. 472), as the R package's note names it: after rounds 1 and 2
  /// there is no cycle, and the two longest w-chains are W1 = (k8, t8, k4, t4, k9, t9) and
  /// W2 = (k10, t10, k1, t1, k9, t9); the paper carries out W2, the R package W1. Computed
  /// here from the profile alone (every remaining patient points to her best remaining
  /// kidney or w), independently of the mechanism, then checked against its round 3.
  @Test func roundThreeHasThePapersTwoLongestWChains() {
    let gone: Set<Int> = [2, 3, 11, 5, 6, 7]  // C1 and C2, patients and kidneys
    var points: [Int: Int] = [:]  // patient -> kidney (0: w)
    for t in 1...12 where !gone.contains(t) {
      points[t] = Self.lists[t - 1].first { $0 == 0 || !gone.contains($0) } ?? t
    }
    // No cycle: following the pointers from any pair reaches w.
    func chain(from t: Int) -> [Int]? {
      var path = [t]
      var v = t
      while let k = points[v], k != 0 {
        if path.contains(k) || k == v { return nil }
        path.append(k)
        v = k
      }
      return path
    }
    let chains = points.keys.sorted().map { chain(from: $0) }
    #expect(chains.allSatisfy { $0 != nil }, "round 3 has no cycle")
    let longest = chains.compactMap { $0 }.filter { $0.count == chains.compactMap { $0?.count }.max() }
    #expect(longest == [[8, 4, 9], [10, 1, 9]], "W1 and W2, each listed from its tail pair")
    // The mechanism agrees: after its first two rounds, round 3 is a chain, and the longest
    // rules choose one of W1 and W2.
    for rule in [TopTradingCyclesAndChains.ChainRule.longestRemove, .longestKeep] {
      let o = TopTradingCyclesAndChains(chainRule: rule).match(Self.market)
      let chosen = o.rounds[2].chain.map { $0.map { $0 + 1 } }
      #expect(chosen.map(longest.contains) == true, "\(rule): \(String(describing: chosen))")
    }
  }

  /// Rule (b), as the R package: round 3 has two longest w-chains, W1 = (k8, t8, k4, t4,
  /// k9, t9) and W2 = (k10, t10, k1, t1, k9, t9); the tie goes to t8. Then k8 leaves; in
  /// round 4 t1 -> k10 and t10 -> k1 form a cycle; t12 has nothing left and keeps k12.
  @Test func longestRemoveChoosesW1AsTheRPackage() {
    let o = TopTradingCyclesAndChains(chainRule: .longestRemove).match(Self.market)
    #expect(o.rounds[2].chain.map { $0.map { $0 + 1 } } == [8, 4, 9])
    #expect(o.rounds[3].cycles.map(Self.normalised) == [[1, 10]])
    let expected: [Int?] = [10, 11, 2, 9, 7, 5, 6, 4, 0, 1, 3, nil]
    #expect((1...12).map { Self.assignment(o, $0) } == expected)
    #expect(o.transplants == 10 && o.waitlistCount == 1)
  }

  /// Rule (e), priority t1 > t2 > ... > t12: round 3 chooses the chain starting at t1,
  /// (k1, t1, k9, t9), and keeps k1 available. Round 4: t4 -> k1 extends it (k4 kept);
  /// round 5: t8 -> k4 (k8 kept); round 6: t10 has only w left, a new chain (k10, t10);
  /// round 7: t12 -> k8. Chains (k12, t12, k8, t8, k4, t4, k1, t1, k9, t9) and (k10, t10):
  /// k12 and k10 go to the waiting list.
  @Test func priorityKeepGrowsTheChainOfTheHighestPriorityPair() {
    let o = TopTradingCyclesAndChains(chainRule: .priorityKeep).match(Self.market)
    #expect(o.rounds[2].chain.map { $0.map { $0 + 1 } } == [1, 9])
    #expect(o.rounds.count == 7)
    let expected: [Int?] = [9, 11, 2, 1, 7, 5, 6, 4, 0, 0, 3, 8]
    #expect((1...12).map { Self.assignment(o, $0) } == expected)
    #expect(o.chains.map { $0.map { $0 + 1 } } == [[12, 8, 4, 1, 9], [10]])
    #expect(o.transplants == 10 && o.waitlistCount == 2)
  }

  /// Rule (d): as (e) in round 3, but k1 leaves with the chain; then t4 and t8 trade, t10
  /// takes w and t12, with every kidney she ranks gone, keeps her own donor.
  @Test func priorityRemoveRemovesTheChainsFirstKidney() {
    let o = TopTradingCyclesAndChains(chainRule: .priorityRemove).match(Self.market)
    #expect(o.rounds[2].chain.map { $0.map { $0 + 1 } } == [1, 9])
    // Round 4: t4 -> k8 (k5, k9, k1 gone), t8 -> k4: a 2-cycle; t10 -> k4 (k11, k1 gone);
    // t12 -> k8.
    #expect(o.rounds[3].cycles.map(Self.normalised) == [[4, 8]])
    // Round 5: t10 has k5, k6, k7 gone -> w; t12 -> k10: no cycle; chain from t10 = (k10, t10).
    #expect(o.rounds[4].chain.map { $0.map { $0 + 1 } } == [10])
    // Round 6: k10 left with its chain; t12 keeps k12.
    #expect(Self.assignment(o, 12) == nil)
    #expect(o.transplants == 9 && o.waitlistCount == 2)
  }
}
