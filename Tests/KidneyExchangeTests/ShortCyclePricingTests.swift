@testable import KidneyExchange
import MatchingCore
import Testing

/// Direct pricing of 2- and 3-cycles (from the pairs of largest slack) against the depth-first
/// search it replaces, on random pools with random duals.
struct ShortCyclePricingTests {
  static func duals(_ n: Int, seed: UInt64) -> [Double] {
    var rng = SeededGenerator(seed: seed &+ 77)
    // A mix of zero, one and fractional duals, as an LP gives.
    return (0..<n).map { _ in [0, 1, rng.unitDouble(), 0.5, 1][rng.uniform(below: 5)] }
  }

  static func reference(_ g: ExchangeGraph, _ y: [Double], _ w: PricingWeights, _ threshold: Double)
    -> (cycles: [[Int32]: Double], best: Double)
  {
    var all: [[Int32]: Double] = [:]
    let best = g.forEachCycle(duals: y, weights: w, threshold: threshold) { path, _, rc in all[Array(path)] = rc }
    return (all, best)
  }

  @Test(arguments: Array(UInt64(0)..<30))
  func directPricingFindsEveryCycleTheSearchFinds(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    let n = 3 + rng.uniform(below: 40)
    let weighted = seed % 2 == 1
    let pool = randomPool(seed: seed, pairs: n, altruists: 1, weighted: weighted, density: [0.1, 0.3, 0.6][Int(seed % 3)])
    for k in [2, 3, 4] {
      let g = ExchangeGraph(pool: pool, maxCycle: k, maxChain: 0)
      let y = Self.duals(n, seed: seed)
      for coefficients in [[1.0], [0.5], [2.0]] {
        let w = PricingWeights(criteria: [weighted ? .weight : .transplants], coefficients: coefficients)
        #expect(g.pricesShortCyclesDirectly(w))
        for threshold in [1e-7, 0.3, 1.5] {
          let expected = Self.reference(g, y, w, threshold)
          let got = g.shortCycles(duals: y, weights: w, threshold: threshold, perStart: nil)
          var seen: [[Int32]: Double] = [:]
          for c in got.cycles {
            #expect(seen[c.array] == nil, "cycle \(c.array) twice; seed \(seed)")
            seen[c.array] = c.rc
          }
          #expect(Set(seen.keys) == Set(expected.cycles.keys), "seed \(seed), K \(k), threshold \(threshold)")
          for (c, rc) in seen { #expect(abs(rc - (expected.cycles[c] ?? .nan)) < 1e-9, "seed \(seed), cycle \(c)") }
          #expect(abs(got.best - expected.best) < 1e-9, "seed \(seed)")
          // Keeping the best few per start: a subset, the same largest reduced cost.
          let few = g.shortCycles(duals: y, weights: w, threshold: threshold, perStart: 2)
          #expect(abs(few.best - expected.best) < 1e-9, "seed \(seed)")
          for c in few.cycles { #expect(expected.cycles[c.array] != nil, "seed \(seed), cycle \(c.array)") }
          #expect(few.cycles.isEmpty == expected.cycles.isEmpty)
          // Shared among threads: the same cycles in the same order.
          for workers in [2, 3] {
            let shared = g.shortCycles(duals: y, weights: w, threshold: threshold, perStart: 2, budget: 40, workers: workers)
            let alone = g.shortCycles(duals: y, weights: w, threshold: threshold, perStart: 2, budget: 40)
            #expect(shared.cycles.map(\.array) == alone.cycles.map(\.array), "seed \(seed), \(workers) workers")
            #expect(shared.cycles.map(\.rc) == alone.cycles.map(\.rc) && shared.best == alone.best && shared.perStart == alone.perStart)
          }
        }
      }
    }
  }
}
