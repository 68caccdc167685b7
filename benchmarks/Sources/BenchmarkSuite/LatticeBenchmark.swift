import Foundation
import MatchingCheckers
import MatchingCore
import Mechanisms

/// The stable-matchings benchmarks of `matchmarket bench --lattice` (issue 8): random
/// one-to-one markets with uniformly random complete (or truncated) lists on both sides, and
/// random complete roommates markets. Each scenario is timed end to end (market in memory to
/// answer) and checked outside the timer: the selections are stable, their costs are no
/// worse than the student- and school-optimal matchings', and the roommates outcome is a
/// stable matching or a stable partition with an odd party.
public enum LatticeBenchmark {
  /// One scenario's result.
  public struct Record: Sendable {
    public var name: String
    public var seconds: (min: Double, median: Double)
    public var rotations: Int
    public var stableMatchings: Int
    public var complete: Bool
    public var secondsPerMatching: Double
    public var detail: String
    public var passed: Bool
  }

  /// A one-to-one market: `n` students and `n` schools, each student lists `k` random
  /// schools, each school ranks its applicants in a random order.
  public static func marriageMarket(n: Int, listLength k: Int, seed: UInt64) -> SchoolChoiceMarket {
    var rng = SeededGenerator(seed: seed)
    var offsets: [Int32] = [0]
    var schools: [Int32] = []
    schools.reserveCapacity(n * k)
    var all = (0..<n).map { Int32($0) }
    for _ in 0..<n {
      if k == n {
        rng.shuffle(&all)
        schools += all
      } else {
        // k distinct schools by a partial Fisher-Yates shuffle.
        for j in 0..<k {
          let r = j + rng.uniform(below: n - j)
          all.swapAt(j, r)
        }
        schools += all[0..<k]
      }
      offsets.append(Int32(schools.count))
    }
    // Strict priorities: a random score per application (ties, rare, go to the lottery).
    let priorities = schools.indices.map { _ in Int32(truncatingIfNeeded: rng.next() >> 33) }
    return try! SchoolChoiceMarket(
      capacities: [Int32](repeating: 1, count: n), listOffsets: offsets, schools: schools,
      priorities: priorities, tieBreaking: .single(seed: seed))
  }

  /// A complete roommates market of `n` agents with uniformly random lists.
  public static func roommatesMarket(n: Int, seed: UInt64) -> RoommatesMarket {
    var rng = SeededGenerator(seed: seed)
    var offsets: [Int32] = [0]
    var partners: [Int32] = []
    partners.reserveCapacity(n * (n - 1))
    for a in 0..<n {
      var others = (0..<n).filter { $0 != a }.map { Int32($0) }
      rng.shuffle(&others)
      partners += others
      offsets.append(Int32(partners.count))
    }
    return try! RoommatesMarket(listOffsets: offsets, partners: partners)
  }

  /// Runs the lattice benchmarks and prints a Markdown table; returns 1 when a check fails.
  public static func run(repetitions: Int = 3, seed: UInt64 = 1, enumerationLimit: Int = 10_000) -> Int32 {
    var records: [Record] = []
    for (n, k) in [(1_000, 1_000), (10_000, 50)] {
      let market = marriageMarket(n: n, listLength: k, seed: seed)
      var times: [Double] = []
      var result: (RotationPoset, [Bool], [Bool])?
      for _ in 0..<repetitions {
        let (r, t) = BenchmarkClock.seconds { () -> (RotationPoset, [Bool], [Bool]) in
          let poset = RotationPoset(market)
          return (poset, poset.egalitarianRotations(), poset.minimumRegretRotations())
        }
        times.append(t)
        result = r
      }
      let (poset, egalitarianSet, regretSet) = result!
      // Checks (outside the timer).
      let egalitarian = poset.matching(including: egalitarianSet)
      let regret = poset.matching(including: regretSet)
      let top = StableMatchingCosts(poset.studentOptimal, in: market)
      let bottom = StableMatchingCosts(poset.schoolOptimal, in: market)
      let e = StableMatchingCosts(egalitarian, in: market)
      let g = StableMatchingCosts(regret, in: market)
      var passed = market.isStable(egalitarian, standard: .strict) && market.isStable(regret, standard: .strict)
      passed = passed && e.egalitarianCost <= min(top.egalitarianCost, bottom.egalitarianCost, g.egalitarianCost)
      passed = passed && g.regret <= min(top.regret, bottom.regret, e.regret)
      passed = passed && poset.studentOptimal == DeferredAcceptance().match(market)
      // Enumeration: count and time per matching (timed separately).
      var enumerated = 0
      let (complete, enumerationSeconds) = BenchmarkClock.seconds {
        poset.enumerate(limit: enumerationLimit) { index, assignment in
          enumerated = index + 1
          return assignment.count == n
        }
      }
      records.append(Record(
        name: "one-to-one n = \(n), lists of \(k)", seconds: BenchmarkClock.minAndMedian(times),
        rotations: poset.rotationCount, stableMatchings: enumerated, complete: complete,
        secondsPerMatching: enumerated == 0 ? 0 : enumerationSeconds / Double(enumerated),
        detail: "egalitarian cost \(e.egalitarianCost) (student-optimal \(top.egalitarianCost), school-optimal \(bottom.egalitarianCost)); min regret \(g.regret) (student-optimal \(top.regret))",
        passed: passed))
    }
    do {
      let n = 2_000
      let market = roommatesMarket(n: n, seed: seed)
      var times: [Double] = []
      var outcome: RoommatesOutcome?
      for _ in 0..<repetitions {
        let (o, t) = BenchmarkClock.seconds { StableRoommates().match(market) }
        times.append(t)
        outcome = o
      }
      let o = outcome!
      let partition = market.partitionReport(o.partition)
      var passed = partition.violations.isEmpty && partition.blockingPairs.isEmpty
      if let m = o.matching { passed = passed && market.isStable(m) } else { passed = passed && o.oddParty != nil }
      records.append(Record(
        name: "roommates n = \(n), complete lists", seconds: BenchmarkClock.minAndMedian(times),
        rotations: 0, stableMatchings: o.matching == nil ? 0 : 1, complete: false, secondsPerMatching: 0,
        detail: o.matching != nil ? "a stable matching exists" : "no stable matching; odd parties: \(o.partition.oddParties.map(\.count))",
        passed: passed))
    }
    print("Stable matchings (seed \(seed), \(repetitions) timed runs, min / median; enumeration up to \(enumerationLimit) matchings):\n")
    print("| scenario | time (s) | rotations | stable matchings enumerated | per matching | check | detail |")
    print("|---|---|---|---|---|---|---|")
    for r in records {
      let count = r.name.hasPrefix("roommates") ? "-" : "\(r.stableMatchings)\(r.complete ? "" : "+")"
      let per = r.secondsPerMatching > 0 ? String(format: "%.1f µs", r.secondsPerMatching * 1e6) : "-"
      print("| \(r.name) | \(String(format: "%.3f / %.3f", r.seconds.min, r.seconds.median)) | \(r.name.hasPrefix("roommates") ? "-" : String(r.rotations)) | \(count) | \(per) | \(r.passed ? "ok" : "FAILED") | \(r.detail) |")
    }
    return records.allSatisfy(\.passed) ? 0 : 1
  }
}
