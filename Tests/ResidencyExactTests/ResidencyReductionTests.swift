import MatchingCheckers
import MatchingCore
import ResidencyExact
import Testing
import _MatchingTestSupport

/// The preprocessing keeps the set of stable matchings: checked on every matching of small
/// random markets, against the checker on the full lists.
struct ResidencyReductionTests {
  static let seeds = Array(UInt64(1)...200)

  @Test(arguments: seeds)
  func reducedMarketHasTheSameStableMatchings(seed: UInt64) throws {
    let tiny = TinyResidency.random(seed: seed, programs: 4, singles: 2 + Int(seed % 4), couples: 1 + Int(seed % 3))
    let market = try tiny.market()
    let (reduced, stats) = market.reducedForStability()
    #expect(stats.singleEntriesLeft + stats.singleEntriesRemoved == market.entries.count)
    #expect(stats.coupleEntriesLeft + stats.coupleEntriesRemoved == market.coupleEntries.count)
    for m in tiny.allMatchings() {
      #expect(market.isStable(m) == reduced.isStable(m), "seed \(seed): \(m.assignment) \(tiny)")
    }
  }

  @Test func removesWhatNoStableMatchingUses() throws {
    // Program 0 (one seat) ranks single 0 first and she ranks it first: she holds it in every
    // stable matching, so her second choice and single 1's application to program 0 go.
    let market = try ResidencyMarket(
      capacities: [1, 1], programRankings: [[0, 1], [0, 1]], singlePreferences: [[0, 1], [0, 1]], couples: [],
      coupleLists: [])
    let (reduced, stats) = market.reducedForStability()
    #expect(stats.singleEntriesRemoved == 2)
    #expect(stats.forcedApplicants == 2)
    #expect(reduced.listRange(of: 0).map { reduced.entries[$0].school } == [0])
    #expect(reduced.listRange(of: 1).map { reduced.entries[$0].school } == [1])
  }

  @Test func reductionRemovesEntriesOnRandomMarkets() {
    // Not a theorem: the rules must bite somewhere, or the test above checks nothing.
    var removed = 0
    for seed in Self.seeds {
      let tiny = TinyResidency.random(seed: seed, programs: 4, singles: 2 + Int(seed % 4), couples: 1 + Int(seed % 3))
      removed += (try? tiny.market().reducedForStability().reduction.singleEntriesRemoved) ?? 0
    }
    #expect(removed > 50)
  }
}
