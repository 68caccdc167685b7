@testable import KidneyExchange
import MatchingCore
import Testing

/// Chain pricing guided by continuation bounds against the plain depth-first enumeration of
/// every chain, on random pools with random duals.
struct ChainPricingTests {
  @Test(arguments: Array(UInt64(0)..<30))
  func boundedChainPricingFindsWhatTheEnumerationFinds(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    let n = 3 + rng.uniform(below: 20)
    let weighted = seed % 2 == 1
    let pool = randomPool(
      seed: seed, pairs: n, altruists: 1 + rng.uniform(below: 4), weighted: weighted,
      density: [0.1, 0.3, 0.6][Int(seed % 3)])
    let y = ShortCyclePricingTests.duals(n, seed: seed)
    let ya = ShortCyclePricingTests.duals(pool.altruistCount, seed: seed &+ 5)
    for L in [1, 2, 3, 4] {
      let g = ExchangeGraph(pool: pool, maxCycle: 0, maxChain: L)
      for coefficients in [[1.0], [2.0]] {
        let w = PricingWeights(criteria: [weighted ? .weight : .transplants], coefficients: coefficients)
        for threshold in [1e-7, 0.8] {
          var expected: [[Int32]: Double] = [:]
          let expectedBest = g.forEachChain(pairDuals: y, altruistDuals: ya, weights: w, threshold: threshold) {
            alt, path, _, rc in expected[[Int32(alt)] + Array(path)] = rc
          }
          for workers in [1, 2] {
            let all = g.pricedChains(
              pairDuals: y, altruistDuals: ya, weights: w, threshold: threshold, perAltruist: nil, workers: workers)
            var seen: [[Int32]: Double] = [:]
            for c in all.chains {
              let key = [Int32(c.altruist)] + c.pairs
              #expect(seen[key] == nil, "chain \(key) twice; seed \(seed)")
              seen[key] = c.rc
            }
            #expect(Set(seen.keys) == Set(expected.keys), "seed \(seed), L \(L), threshold \(threshold)")
            for (c, rc) in seen { #expect(abs(rc - (expected[c] ?? .nan)) < 1e-9, "seed \(seed), chain \(c)") }
            // The bound bounds every chain, and is the threshold when none prices out.
            #expect(all.bound >= expectedBest - 1e-9, "seed \(seed)")
            if expected.isEmpty { #expect(all.bound >= threshold) }
            // A few per altruist: real chains above the threshold, found whenever one exists.
            let few = g.pricedChains(
              pairDuals: y, altruistDuals: ya, weights: w, threshold: threshold, perAltruist: 2, workers: workers)
            for c in few.chains {
              let key = [Int32(c.altruist)] + c.pairs
              #expect(abs(c.rc - (expected[key] ?? .nan)) < 1e-9, "seed \(seed), chain \(key)")
            }
            #expect(few.chains.isEmpty == expected.isEmpty, "seed \(seed), L \(L), threshold \(threshold)")
            #expect(Set(few.chains.map(\.altruist)) == Set(expected.keys.map { Int($0[0]) }), "seed \(seed)")
          }
        }
      }
    }
  }
}
