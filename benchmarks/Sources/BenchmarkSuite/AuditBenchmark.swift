import MatchingCheckers
import MatchingCore
import Mechanisms

/// The strategy-proof mechanisms the audit benchmark audits (a witness against either is a bug).
public enum AuditBenchmarkMechanism: String, Sendable, CaseIterable {
  /// Student-proposing deferred acceptance, with ``DeferredAcceptanceWarmStart``.
  case da
  /// School-choice top trading cycles, with ``TopTradingCyclesWarmStart``.
  case ttc
}

/// The result of ``runAuditBenchmark(mechanism:students:schools:listLength:seed:workers:accelerated:repetitions:)``.
public struct AuditBenchmarkResult: Sendable, CustomStringConvertible {
  /// The mechanism audited.
  public var mechanism: AuditBenchmarkMechanism = .da
  /// Students and schools of the generated market.
  public var students: Int
  public var schools: Int
  /// Worker threads used.
  public var workers: Int
  /// Whether misreports were evaluated by the mechanism's warm start (checked against the
  /// mechanism on one misreport in 64 and on every truthful report) or by full reruns.
  public var accelerated: Bool
  /// Full mechanism runs inside one audit (every misreport unaccelerated; the checks
  /// accelerated).
  public var mechanismRuns: Int
  /// Students audited, and how many of them already held their first choice (nothing to try).
  public var agentsAudited: Int
  public var agentsAtFirstChoice: Int
  /// Mechanism runs with one report changed (one audit).
  public var misreportsEvaluated: Int
  /// Wall-clock seconds of one audit: the minimum and the median over the repetitions.
  public var minSeconds: Double
  public var medianSeconds: Double
  /// Seconds of one truthful run of the mechanism on the same market (the unit of work).
  public var truthfulRunSeconds: Double
  /// Profitable misreports found (must be 0: both mechanisms are strategy-proof).
  public var profitableMisreports: Int

  /// Misreports evaluated per second, at the minimum time.
  public var misreportsPerSecond: Double { Double(misreportsEvaluated) / minSeconds }
  /// Whether the audit's own answer is right (no witness, every student audited).
  public var passed: Bool { profitableMisreports == 0 && agentsAudited == students }

  public var description: String {
    func f(_ x: Double, _ digits: Int = 2) -> String {
      var p = 1.0
      for _ in 0..<digits { p *= 10 }
      let v = (x * p).rounded() / p
      return "\(v)"
    }
    return """
      audit \(mechanism.rawValue)/heuristic \(students)x\(schools), \(accelerated ? "warm-start" : "full reruns"), \
      \(workers) worker(s): \
      \(misreportsEvaluated) misreports (\(agentsAtFirstChoice) of \(agentsAudited) students at \
      their first choice; \(mechanismRuns) full \(mechanism.rawValue) runs), min \(f(minSeconds)) s, median \(f(medianSeconds)) s, \
      \(Int(misreportsPerSecond)) misreports/s; one \(mechanism.rawValue) run \(f(truthfulRunSeconds * 1e6, 0)) µs; \
      \(profitableMisreports) profitable \(passed ? "(ok)" : "(FAILED: \(mechanism.rawValue) must show none)")
      """
  }
}

/// Builds a seeded school-choice market for the audit benchmark.
///
/// Student *i*'s utility for school *s* is `quality[s] + noise`, both standard normal, and
/// she lists her `listLength` best schools. Each school has `students / schools` seats (total
/// seats = students). Priorities come in three classes (10% class 0, 30% class 1, the rest
/// class 2, drawn per application), broken by single tie-breaking.
///
/// - Complexity: O(*n* · *m*) for *n* students and *m* schools.
public func makeAuditBenchmarkMarket(
  students n: Int, schools m: Int, listLength k: Int, seed: UInt64
) -> SchoolChoiceMarket {
  var rng = SeededGenerator(seed: seed)
  let quality = (0..<m).map { _ in rng.standardNormal() }
  var offsets: [Int32] = [0]
  var flat: [Int32] = []
  var priorities: [Int32] = []
  flat.reserveCapacity(n * k)
  var utility = [(Double, Int32)](repeating: (0, 0), count: m)
  for _ in 0..<n {
    for s in 0..<m { utility[s] = (quality[s] + rng.standardNormal(), Int32(s)) }
    utility.sort { $0.0 > $1.0 }
    for j in 0..<min(k, m) {
      flat.append(utility[j].1)
      let u = rng.uniform(below: 10)
      priorities.append(u == 0 ? 0 : (u <= 3 ? 1 : 2))
    }
    offsets.append(Int32(flat.count))
  }
  let seats = Int32(max(1, n / m))
  return try! SchoolChoiceMarket(
    capacities: [Int32](repeating: seats, count: m), listOffsets: offsets, schools: flat,
    priorities: priorities, tieBreaking: .single(seed: seed))
}

/// Audits every student of a seeded market under a strategy-proof mechanism (student-
/// proposing DA or school-choice TTC) with the heuristic misreport family, and checks its own
/// answer: a single witness means the audit (or the mechanism) is wrong and the run fails.
///
/// ```swift
/// let r = runAuditBenchmark(mechanism: .ttc, seed: 1)
/// print(r)          // audit ttc/heuristic 10000x100, warm-start, 2 worker(s): ... misreports/s
/// r.passed          // true
/// ```
///
/// A failed check (the accelerator disagreeing with the mechanism) stops the process: a fast
/// wrong answer must not pass.
///
/// - Parameters:
///   - mechanism: the mechanism audited.
///   - students: students *n* (default 10,000).
///   - schools: schools *m* (default 100).
///   - listLength: schools each student lists (default 10: 35 heuristic misreports each).
///   - seed: the market's seed.
///   - workers: worker threads; `nil` for all active cores.
///   - accelerated: evaluate misreports with the mechanism's warm start (verified against it
///     as it goes) instead of rerunning it for each.
///   - repetitions: timed audits after one warm-up; the minimum and median are reported.
/// - Complexity: O(*n* · *r* · *T*) for *r* misreports per student and one run *T*.
public func runAuditBenchmark(
  mechanism: AuditBenchmarkMechanism = .da,
  students: Int = 10_000, schools: Int = 100, listLength: Int = 10, seed: UInt64 = 1,
  workers: Int? = nil, accelerated: Bool = true, repetitions: Int = 3
) -> AuditBenchmarkResult {
  let market = makeAuditBenchmarkMarket(
    students: students, schools: schools, listLength: listLength, seed: seed)
  switch mechanism {
  case .da:
    return auditBenchmark(
      DeferredAcceptance(), .da, market: market, accelerator: accelerated ? DeferredAcceptanceWarmStart() : nil,
      students: students, schools: schools, workers: workers, repetitions: repetitions)
  case .ttc:
    return auditBenchmark(
      SchoolChoiceTopTradingCycles(), .ttc, market: market,
      accelerator: accelerated ? TopTradingCyclesWarmStart() : nil,
      students: students, schools: schools, workers: workers, repetitions: repetitions)
  }
}

func auditBenchmark<M: MatchingMechanism>(
  _ mechanism: M, _ name: AuditBenchmarkMechanism, market: SchoolChoiceMarket,
  accelerator: (any MisreportAccelerator<SchoolChoiceMarket>)?, students: Int, schools: Int,
  workers: Int?, repetitions: Int
) -> AuditBenchmarkResult where M.Market == SchoolChoiceMarket, M.Outcome == Matching {
  let clock = ContinuousClock()
  // One truthful run, for scale (median of 9).
  var runs: [Double] = []
  for _ in 0..<9 {
    let t = clock.now
    _ = try? mechanism.match(market)
    runs.append(DurationText.seconds(clock.now - t))
  }
  runs.sort()
  let search = ManipulationSearch(
    mechanism: mechanism, side: .students, misreports: .heuristic, workers: workers,
    accelerator: accelerator)
  var times: [Double] = []
  var last: ManipulationReport?
  for rep in 0...max(1, repetitions) {
    let report: ManipulationReport
    do {
      report = try search.run(on: market)
    } catch {
      fatalError("audit benchmark: \(error)")
    }
    if rep > 0 { times.append(report.seconds) }
    last = report
  }
  times.sort()
  let report = last!
  return AuditBenchmarkResult(
    mechanism: name, students: students, schools: schools, workers: report.workers,
    accelerated: report.accelerated, mechanismRuns: report.mechanismRuns,
    agentsAudited: report.agentsAudited, agentsAtFirstChoice: report.agentsAtBest,
    misreportsEvaluated: report.misreportsEvaluated, minSeconds: times[0],
    medianSeconds: times[times.count / 2], truthfulRunSeconds: runs[runs.count / 2],
    profitableMisreports: report.witnesses.count)
}
