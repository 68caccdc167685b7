import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing
import _MatchingTestSupport

/// A school with capacity 0 (closed this year) is allowed. It must behave as if it were not
/// on anyone's list: every mechanism whose outcome depends only on preferences over schools
/// gives the same matching as on the market with the closed schools struck from the lists,
/// no one is ever assigned to one, and the checkers judge stability and efficiency the way the
/// brute force does.
struct ClosedSchoolTests {
  /// A random market with some closed schools, and the same market with the closed schools
  /// removed from every list (same priorities, same given lottery numbers).
  static func markets(seed: UInt64) -> (closed: SchoolChoiceMarket, pruned: SchoolChoiceMarket, closedSchools: Set<Int>) {
    var rng = SeededGenerator(seed: seed)
    let m = 4
    let n = 5 + rng.uniform(below: 3)
    var caps = (0..<m).map { _ in rng.uniform(below: 3) }  // 0, 1 or 2 seats
    if !caps.contains(0) { caps[rng.uniform(below: m)] = 0 }
    var prefs: [[Int]] = []
    var prios: [[Int]] = []
    var lots: [[Int]] = []
    for _ in 0..<n {
      var all = Array(0..<m)
      rng.shuffle(&all)
      let k = 1 + rng.uniform(below: m)
      prefs.append(Array(all.prefix(k)))
      prios.append((0..<k).map { _ in rng.uniform(below: 2) })
      lots.append((0..<k).map { _ in rng.uniform(below: 1000) })
    }
    let closedSchools = Set((0..<m).filter { caps[$0] == 0 })
    var pp: [[Int]] = []
    var pq: [[Int]] = []
    var pl: [[Int]] = []
    for i in 0..<n {
      let idx = prefs[i].indices.filter { !closedSchools.contains(prefs[i][$0]) }
      pp.append(idx.map { prefs[i][$0] })
      pq.append(idx.map { prios[i][$0] })
      pl.append(idx.map { lots[i][$0] })
    }
    let closed = try! SchoolChoiceMarket(
      capacities: caps, preferences: prefs, priorities: prios, lotteryNumbers: lots, tieBreaking: .given)
    let pruned = try! SchoolChoiceMarket(
      capacities: caps, preferences: pp, priorities: pq, lotteryNumbers: pl, tieBreaking: .given)
    return (closed, pruned, closedSchools)
  }

  @Test(arguments: 0..<60 as Range<UInt64>)
  func closedSchoolsActAsIfStruckFromTheLists(seed: UInt64) {
    let (closed, pruned, shut) = Self.markets(seed: seed)
    let mechanisms: [(String, (SchoolChoiceMarket) -> Matching)] = [
      ("da", { DeferredAcceptance().match($0) }),
      ("da-schools", { DeferredAcceptance(proposing: .schools).match($0) }),
      ("ttc", { SchoolChoiceTopTradingCycles().match($0) }),
      ("sd", { SerialDictatorship().match($0) }),
      ("rsd", { SerialDictatorship(order: .random(seed: seed)).match($0) }),
    ]
    for (name, run) in mechanisms {
      let a = run(closed)
      #expect(a.assignment == run(pruned).assignment, "seed \(seed), \(name): \(closed)")
      #expect(closed.violations(of: a).isEmpty, "seed \(seed), \(name)")
    }
    // Boston is not invariant (a student who ranks a closed school first loses round one),
    // but it never seats anyone there and its matching is feasible.
    let boston = ImmediateAcceptance().match(closed)
    #expect(closed.violations(of: boston).isEmpty, "seed \(seed): \(closed)")
    for i in 0..<closed.studentCount {
      if let s = boston.partner(of: i) { #expect(!shut.contains(s), "seed \(seed)") }
    }
  }

  @Test(arguments: 0..<30 as Range<UInt64>)
  func checkersAgreeWithTheBruteForceAtClosedSchools(seed: UInt64) {
    let (closed, _, shut) = Self.markets(seed: seed)
    let da = DeferredAcceptance().match(closed)
    #expect(closed.isStable(da, standard: .strict), "seed \(seed)")
    for m in BruteForce.allMatchings(closed) {
      for i in 0..<closed.studentCount { if let s = m.partner(of: i) { #expect(!shut.contains(s)) } }
      #expect(closed.isStable(m, standard: .strict) == BruteForce.isStable(m, in: closed), "seed \(seed): \(m)")
    }
    let sd = SerialDictatorship().match(closed)
    #expect(closed.paretoImprovement(of: sd) == nil, "seed \(seed)")
    #expect(!BruteForce.isParetoDominated(sd, in: closed), "seed \(seed)")
  }
}
