import MatchingCheckers
import MatchingCore
import Testing
import _MatchingTestSupport

/// The couples stability checker against the definition, matching by matching.
struct ResidencyStabilityTests {
  static let seeds = Array(UInt64(1)...120)

  @Test(arguments: seeds)
  func checkerAgreesWithTheDefinitionOnEveryMatching(seed: UInt64) throws {
    let tiny = TinyResidency.random(
      seed: seed, programs: 4, singles: 2 + Int(seed % 3), couples: 1 + Int(seed % 3))
    let market = try tiny.market()
    let all = tiny.allMatchings()
    #expect(!all.isEmpty)
    for m in all {
      let report = market.stabilityReport(of: m, limit: 100)
      let truth = tiny.blockingCounts(m)
      #expect(report.violations.isEmpty, "seed \(seed): \(m.assignment) \(report.violations)")
      #expect(
        report.blockingSingleCount == truth.singles && report.blockingCoupleCount == truth.couples,
        "seed \(seed) \(tiny) matching \(m.assignment): checker \(report.blockingSingleCount)/\(report.blockingCoupleCount), definition \(truth.singles)/\(truth.couples)")
      #expect(report.singleWitnesses.count == truth.singles && report.coupleWitnesses.count == truth.couples)
    }
  }

  @Test func textbookInstanceHasNoStableMatching() throws {
    let tiny = TinyResidency.noStableMatching
    let market = try tiny.market()
    let all = tiny.allMatchings()
    #expect(all.count == 4)  // couple placed; or single 2 at program 0, at program 1, unmatched
    for m in all { #expect(!market.stabilityReport(of: m).isStable, "\(m.assignment)") }
    // The couple placed: single 2 blocks with program 1, which ranks her above member 1.
    let placed = market.stabilityReport(of: Matching(assignment: [0, 1, -1]))
    #expect(placed.singleWitnesses == [BlockingPair(student: 2, school: 1, displaced: 1)])
    // Single 2 at program 0: the couple blocks with its only pair, displacing her.
    let single = market.stabilityReport(of: Matching(assignment: [-1, -1, 0]))
    #expect(single.coupleWitnesses == [CoupleBlocking(couple: 0, entry: 0, programA: 0, programB: 1, displaced: [2])])
  }

  @Test func invalidMatchingsAreReportedNotJudged() throws {
    let market = try TinyResidency.noStableMatching.market()
    #expect(market.stabilityReport(of: Matching(assignment: [1, 0, -1])).violations == [
      .unlistedPair(couple: 0, programA: 1, programB: 0)
    ])
    #expect(market.stabilityReport(of: Matching(assignment: [0, -1, -1])).violations == [
      .unlistedPair(couple: 0, programA: 0, programB: nil)
    ])
    let over = market.stabilityReport(of: Matching(assignment: [0, 1, 1]))
    #expect(over.violations.contains(.overCapacity(program: 1, held: 2, capacity: 1)))
    #expect(!over.isStable)
  }

  @Test func aPairAtOneProgramNeedsRoomForBothMembers() throws {
    // Program 0 has two seats and ranks single 2 first, then members 0 and 1. The couple
    // wants (0, 0). With 2 at program 0, one seat is left: the couple does not fit, stable.
    let market = try ResidencyMarket(
      capacities: [2], programRankings: [[2, 0, 1]], singlePreferences: [[], [], [0]],
      couples: [(0, 1)], coupleLists: [[(0, 0)]])
    #expect(market.isStable(Matching(assignment: [-1, -1, 0])))
    // Ranked below both members, single 2 is displaced: the couple blocks.
    let below = try ResidencyMarket(
      capacities: [2], programRankings: [[0, 1, 2]], singlePreferences: [[], [], [0]],
      couples: [(0, 1)], coupleLists: [[(0, 0)]])
    let report = below.stabilityReport(of: Matching(assignment: [-1, -1, 0]))
    #expect(report.coupleWitnesses == [CoupleBlocking(couple: 0, entry: 0, programA: 0, programB: 0, displaced: [2])])
  }
}

extension ResidencyStabilityTests {
  /// The agreement above is not vacuous: the random markets exercise blocking couples (also
  /// at one program), blocking singles, stable and unstable matchings, and markets with none.
  @Test func randomMarketsCoverEveryCase() throws {
    var couplesBlocking = 0, singlesBlocking = 0, stable = 0, withoutStable = 0, samePrograms = 0
    for seed in Self.seeds {
      let tiny = TinyResidency.random(seed: seed, programs: 4, singles: 2 + Int(seed % 3), couples: 1 + Int(seed % 3))
      samePrograms += tiny.coupleLists.joined().filter { $0.0 != nil && $0.0 == $0.1 }.count
      var any = false
      for m in tiny.allMatchings() {
        let b = tiny.blockingCounts(m)
        couplesBlocking += b.couples
        singlesBlocking += b.singles
        if b.singles + b.couples == 0 { stable += 1; any = true }
      }
      if !any { withoutStable += 1 }
    }
    #expect(couplesBlocking > 100 && singlesBlocking > 100 && stable > 100 && samePrograms > 10)
    #expect(withoutStable > 0, "no random market without a stable matching")
  }
}
