import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing
import _MatchingTestSupport

/// Roth-Peranson: deferred acceptance without couples; with couples, it claims stability
/// exactly when the checker (and the definition) finds nothing blocking.
struct RothPeransonTests {
  static let seeds = Array(UInt64(1)...150)

  @Test(arguments: seeds)
  func withoutCouplesItIsDeferredAcceptance(seed: UInt64) throws {
    let tiny = TinyResidency.random(seed: seed, programs: 4, singles: 6, couples: 0)
    let outcome = RothPeranson().match(try tiny.market())
    let schoolChoice = try SchoolChoiceMarket(
      capacities: tiny.capacities, studentPreferences: tiny.singlePreferences, schoolPreferences: tiny.programRankings)
    #expect(outcome.matching == DeferredAcceptance().match(schoolChoice), "seed \(seed) \(tiny)")
    #expect(outcome.status == .stable)
  }

  @Test(arguments: seeds)
  func claimsStabilityExactlyWhenNothingBlocks(seed: UInt64) throws {
    let tiny = TinyResidency.random(seed: seed, programs: 4, singles: 2 + Int(seed % 3), couples: 1 + Int(seed % 3))
    let market = try tiny.market()
    let outcome = RothPeranson().match(market)
    let matching = try #require(outcome.matching)
    let report = market.stabilityReport(of: matching)
    #expect(report.violations.isEmpty, "seed \(seed): \(report.violations)")
    #expect((outcome.status == .stable) == report.isStable, "seed \(seed) \(tiny) \(matching.assignment)")
    let truth = tiny.blockingCounts(matching)
    #expect((outcome.status == .stable) == (truth.singles + truth.couples == 0), "seed \(seed)")
  }

  @Test func mostlyStableWhenAStableMatchingExists() throws {
    var exists = 0, found = 0
    for seed in Self.seeds {
      let tiny = TinyResidency.random(seed: seed, programs: 4, singles: 2 + Int(seed % 3), couples: 1 + Int(seed % 3))
      guard !tiny.stableMatchings().isEmpty else { continue }
      exists += 1
      if RothPeranson().match(try tiny.market()).status == .stable { found += 1 }
    }
    print("roth-peranson stable in \(found) of \(exists) tiny markets with a stable matching")
    #expect(exists > 50)
    #expect(found * 10 >= exists * 8, "Roth-Peranson ended stable in \(found) of \(exists) markets that have a stable matching")
  }

  @Test func textbookInstanceEndsUnstableWithinTheLimit() throws {
    let market = try TinyResidency.noStableMatching.market()
    let outcome = RothPeranson(iterationLimit: 50).match(market)
    #expect(outcome.status == .unstable)
    #expect(outcome.iterations <= 50)
    #expect(!market.isStable(try #require(outcome.matching)))
  }

  /// At its iteration limit the algorithm returns the checkpointed matching with the fewest
  /// blocking coalitions: never more than where it stopped, a valid matching, `unstable`
  /// unless that count is 0; and on some markets strictly fewer.
  @Test func atTheLimitItReturnsTheFewestBlockingMatchingSeen() throws {
    var strictlyFewer = 0
    var limited = 0
    for seed in UInt64(1)...400 {
      let tiny = TinyResidency.random(seed: seed, programs: 4, singles: 3 + Int(seed % 3), couples: 3)
      let market = try tiny.market()
      for limit in [2, 5, 9] {
        let kept = RothPeranson(iterationLimit: limit).match(market)
        let stopped = RothPeranson(iterationLimit: limit, returnsFewestBlocking: false).match(market)
        guard stopped.status == .unstable else {
          #expect(kept == stopped)
          continue
        }
        limited += 1
        let a = market.stabilityReport(of: try #require(kept.matching), limit: 0)
        let b = market.stabilityReport(of: try #require(stopped.matching), limit: 0)
        #expect(a.violations.isEmpty, "seed \(seed) limit \(limit): \(a.violations)")
        #expect(a.blockingCount <= b.blockingCount, "seed \(seed) limit \(limit)")
        #expect((kept.status == .stable) == (a.blockingCount == 0))
        if a.blockingCount < b.blockingCount { strictlyFewer += 1 }
      }
    }
    #expect(limited > 0 && strictlyFewer > 0, "\(limited) limited runs, \(strictlyFewer) improved")
  }
}
