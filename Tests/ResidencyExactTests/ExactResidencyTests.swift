import MatchingCheckers
import MatchingCore
import Mechanisms
import ResidencyExact
import Testing
import _MatchingTestSupport

/// The exact model against brute force: a stable matching exactly when one exists.
struct ExactResidencyTests {
  static let seeds = Array(UInt64(1)...150)

  @Test(arguments: seeds)
  func findsAStableMatchingExactlyWhenOneExists(seed: UInt64) throws {
    let tiny = TinyResidency.random(seed: seed, programs: 4, singles: 2 + Int(seed % 3), couples: 1 + Int(seed % 3))
    let market = try tiny.market()
    let stable = tiny.stableMatchings()
    let outcome = try ExactResidency(timeLimit: 10, warmStart: false, engine: .search).match(market)
    let warm = try ExactResidency(timeLimit: 10).match(market)
    let full = try ExactResidency(timeLimit: 10, warmStart: false, preprocess: false, engine: .search).match(market)
    let auto = try ExactResidency(timeLimit: 10, warmStart: false).match(market)
    let ip = try ExactResidency(timeLimit: 10, warmStart: false, engine: .integerProgram).match(market)
    let ipFull = try ExactResidency(timeLimit: 10, warmStart: false, preprocess: false, engine: .integerProgram)
      .match(market)
    #expect(warm.status == outcome.status)
    #expect(full.status == outcome.status, "seed \(seed): search without preprocessing")
    #expect(auto.status == outcome.status, "seed \(seed): search then integer program")
    #expect(ip.status == outcome.status, "seed \(seed): integer program")
    #expect(ipFull.status == outcome.status, "seed \(seed): integer program without preprocessing")
    for other in [full, auto, ip, ipFull] {
      if let m = other.matching { #expect(stable.contains(m), "seed \(seed)") }
    }
    if let w = warm.matching { #expect(stable.contains(w)) }
    if stable.isEmpty {
      #expect(outcome.status == .noStableMatching, "seed \(seed) \(tiny)")
      #expect(outcome.matching == nil)
    } else {
      #expect(outcome.status == .stable, "seed \(seed) \(tiny)")
      let m = try #require(outcome.matching)
      #expect(stable.contains(m), "seed \(seed): \(m.assignment) is not among the stable matchings")
      #expect(market.isStable(m))
    }
  }

  /// Beyond brute force: the two engines (exhaustive search and integer program) are
  /// independent proofs, so they must agree on existence, and every matching must verify.
  @Test(arguments: Array(UInt64(1)...40))
  func searchAndIntegerProgramAgreeOnLargerMarkets(seed: UInt64) throws {
    let tiny = TinyResidency.random(seed: 1000 + seed, programs: 6, singles: 10, couples: 3 + Int(seed % 3))
    let market = try tiny.market()
    let search = try ExactResidency(timeLimit: 20, warmStart: false, engine: .search).match(market)
    let ip = try ExactResidency(timeLimit: 20, warmStart: false, engine: .integerProgram).match(market)
    #expect(search.status == ip.status, "seed \(seed) \(tiny)")
    #expect(search.status != .timeLimit)
    for m in [search.matching, ip.matching].compactMap({ $0 }) { #expect(market.isStable(m)) }
  }

  @Test(arguments: seeds.prefix(60))
  func maximisingFindsTheLargestStableMatching(seed: UInt64) throws {
    let tiny = TinyResidency.random(seed: seed, programs: 4, singles: 2 + Int(seed % 3), couples: 1 + Int(seed % 3))
    let stable = tiny.stableMatchings()
    guard let best = stable.map(\.assignedCount).max() else { return }
    let outcome = try ExactResidency(timeLimit: 10, objective: .maximizeMatched).match(try tiny.market())
    #expect(outcome.status == .stable)
    #expect(outcome.provenOptimal)
    #expect(outcome.matching?.assignedCount == best, "seed \(seed)")
  }

  @Test(arguments: ExactResidency.Engine.allCases)
  func textbookInstanceIsProvenToHaveNoStableMatching(engine: ExactResidency.Engine) throws {
    let outcome = try ExactResidency(engine: engine).match(try TinyResidency.noStableMatching.market())
    #expect(outcome.status == .noStableMatching)
  }

  @Test func seedsIncludeMarketsWithoutAStableMatching() {
    let none = Self.seeds.filter { seed in
      TinyResidency.random(seed: seed, programs: 4, singles: 2 + Int(seed % 3), couples: 1 + Int(seed % 3))
        .stableMatchings().isEmpty
    }
    #expect(none.count >= 3, "only \(none.count) markets without a stable matching")
  }

  @Test func reportsTheModelSize() throws {
    let report = try ExactResidency(preprocess: false, engine: .integerProgram).solve(
      try TinyResidency.noStableMatching.market())
    let size = try #require(report.size)
    // 2 single entries + 1 couple entry + 1 refusal binary; running counts at 2 programs.
    #expect(size.binaryColumns == 4)
    #expect(size.rows > 0 && size.nonzeros >= size.rows)
  }
}
