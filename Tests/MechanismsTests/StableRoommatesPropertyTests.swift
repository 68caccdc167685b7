import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing
import _MatchingTestSupport

/// Stable roommates against brute force on small random markets: existence agrees, every
/// reported matching is stable, the stable partition passes its checker (and has an odd party
/// exactly when no stable matching exists), and the enumeration finds every stable matching
/// once.
struct StableRoommatesPropertyTests {
  static let seeds: [UInt64] = Array(1...150)

  static func lists(seed: UInt64) -> [[Int]] {
    switch seed % 3 {
    case 0: BruteForce.randomRoommates(seed: seed, agents: 6, listLength: 5...5)  // complete
    case 1: BruteForce.randomRoommates(seed: seed, agents: 7, listLength: 2...6)
    default: BruteForce.randomRoommates(seed: seed, agents: 8, listLength: 3...7)
    }
  }

  @Test(arguments: seeds)
  func existenceAgreesWithBruteForceAndWitnessesCheck(seed: UInt64) throws {
    let lists = Self.lists(seed: seed)
    let market = try RoommatesMarket(preferences: lists)
    let outcome = StableRoommates().match(market)
    let brute = BruteForce.stableRoommatesMatchings(lists)
    #expect((outcome.matching != nil) == !brute.isEmpty, "seed \(seed): \(lists)")
    let report = market.partitionReport(outcome.partition)
    #expect(report.violations.isEmpty, "seed \(seed): \(report.violations) \(lists)")
    #expect(report.blockingPairs.isEmpty, "seed \(seed): \(report.blockingPairs) \(lists)")
    if let m = outcome.matching {
      #expect(BruteForce.isStableRoommates(m.assignment.map(Int.init), lists), "seed \(seed): \(lists)")
      #expect(market.isStable(m))
      #expect(outcome.oddParty == nil)
      // Rural hospitals for roommates: the same agents are matched in every stable matching.
      for other in brute {
        #expect(other.map { $0 >= 0 } == m.assignment.map { $0 >= 0 }, "seed \(seed)")
      }
    } else {
      let party = try #require(outcome.oddParty)
      #expect(party.count >= 3 && party.count % 2 == 1)
    }
  }

  @Test(arguments: seeds)
  func enumerationFindsEveryStableMatchingOnce(seed: UInt64) throws {
    let lists = Self.lists(seed: seed)
    let market = try RoommatesMarket(preferences: lists)
    var found: [[Int]] = []
    let complete = StableRoommates().enumerate(market) { _, m in
      found.append(m.assignment.map(Int.init))
      return true
    }
    #expect(complete)
    let brute = BruteForce.stableRoommatesMatchings(lists)
    #expect(Set(found).count == found.count, "seed \(seed): duplicates")
    #expect(Set(found) == Set(brute), "seed \(seed): \(lists)\nfound \(found)\nbrute \(brute)")
  }

  @Test func theSampleHasBothOutcomesAndSeveralMatchings() throws {
    var none = 0
    var several = 0
    for seed in Self.seeds {
      let brute = BruteForce.stableRoommatesMatchings(Self.lists(seed: seed))
      if brute.isEmpty { none += 1 }
      if brute.count > 1 { several += 1 }
    }
    #expect(none >= 10, "only \(none) markets without a stable matching")
    #expect(several >= 10, "only \(several) markets with several")
  }

  @Test func aCorruptedPartitionIsRejected() throws {
    // Wikipedia's instance: A:(B,C,D) B:(C,A,D) C:(A,B,D) D:(A,B,C).
    let market = try RoommatesMarket(preferences: [[1, 2, 3], [2, 0, 3], [0, 1, 3], [0, 1, 2]])
    let outcome = StableRoommates().match(market)
    var partition = outcome.partition
    // Reverse the odd party: every agent now prefers her predecessor.
    partition.successor = [2, 0, 1, 3]
    #expect(!market.partitionReport(partition).violations.isEmpty)
    // Pair D with A and leave B, C as a pair: a stable partition must not have blocking pairs.
    let report = market.partitionReport(StablePartition(successor: [3, 2, 1, 0]))
    #expect(!report.blockingPairs.isEmpty)
  }
}

extension StableRoommatesPropertyTests {
  /// With the agents' order given (as the CLI gives their names' order), the answer does not
  /// depend on how the agents were numbered (the order of the input rows).
  @Test(arguments: Array(seeds.prefix(60)))
  func theAnswerDoesNotDependOnTheNumberingGivenAnOrder(seed: UInt64) throws {
    let lists = Self.lists(seed: seed)
    let n = lists.count
    var rng = SeededGenerator(seed: seed &+ 99)
    let relabel = rng.permutation(n).map(Int.init)  // old -> new
    var back = [Int](repeating: 0, count: n)
    for (old, new) in relabel.enumerated() { back[new] = old }
    var permuted = [[Int]](repeating: [], count: n)
    for old in 0..<n { permuted[relabel[old]] = lists[old].map { relabel[$0] } }
    let a = StableRoommates(order: Array(0..<n)).match(try RoommatesMarket(preferences: lists))
    let b = StableRoommates(order: (0..<n).map { relabel[$0] }).match(try RoommatesMarket(preferences: permuted))
    let aAssignment = a.matching?.assignment
    let bAssignment = b.matching.map { m in (0..<n).map { old in m.assignment[relabel[old]] < 0 ? Int32(-1) : Int32(back[Int(m.assignment[relabel[old]])]) } }
    #expect(aAssignment == bAssignment, "seed \(seed)")
    let aCycles = Set(a.partition.oddParties.map { Set($0) })
    let bCycles = Set(b.partition.oddParties.map { Set($0.map { back[$0] }) })
    #expect(aCycles == bCycles, "seed \(seed)")
    var aAll: [[Int32]] = []
    var bAll: [[Int32]] = []
    StableRoommates(order: Array(0..<n)).enumerate(try RoommatesMarket(preferences: lists)) { _, m in
      aAll.append(m.assignment)
      return true
    }
    StableRoommates(order: (0..<n).map { relabel[$0] }).enumerate(try RoommatesMarket(preferences: permuted)) { _, m in
      bAll.append((0..<n).map { old in m.assignment[relabel[old]] < 0 ? -1 : Int32(back[Int(m.assignment[relabel[old]])]) })
      return true
    }
    #expect(aAll == bAll, "seed \(seed)")
  }
}
