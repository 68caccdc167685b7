@testable import KidneyExchange
import MatchingCore
import Testing

/// The greedy packing that seeds column generation: disjoint, real, maximal.
struct GreedyPackingTests {
  @Test(arguments: Array(UInt64(0)..<30))
  func greedyPackingIsADisjointMaximalSetOfShortCycles(seed: UInt64) {
    var rng = SeededGenerator(seed: seed &+ 500)
    let n = 2 + rng.uniform(below: 12)
    let pool = randomPool(seed: seed, pairs: n, altruists: 0, density: [0.15, 0.3, 0.6][Int(seed % 3)])
    for k in [2, 3] {
      let g = ExchangeGraph(pool: pool, maxCycle: k, maxChain: 0)
      let packing = g.greedyShortCycles()
      var used = Set<Int32>()
      for c in packing {
        #expect((2...k).contains(c.count), "seed \(seed): \(c)")
        #expect(c[0] == c.min(), "seed \(seed): \(c) does not start at its smallest pair")
        for (i, p) in c.enumerated() {
          #expect(used.insert(p).inserted, "seed \(seed): pair \(p) twice")
          #expect(g.arcIndex(Int(p), Int(c[(i + 1) % c.count])) != nil, "seed \(seed): \(c) is not a cycle")
        }
      }
      // Maximal: no cycle of the pool avoids every packed pair.
      for e in allExchanges(pool, maxCycle: k, maxChain: 0) where e.kind == .cycle {
        #expect(e.pairs.contains { used.contains(Int32($0)) }, "seed \(seed): \(e.pairs) is free")
      }
    }
  }
}
