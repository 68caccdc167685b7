import KidneyExchange
import MatchingCore
import Simulation

/// One kidney-exchange benchmark: the optimiser on one seeded Saidman pool under caps (K, L).
public struct KidneyBenchmarkRecord: Sendable, Hashable {
  public var pairs: Int
  public var altruists: Int
  public var arcs: Int
  /// K and L.
  public var maxCycle: Int
  public var maxChain: Int
  /// The pool is `matchmarket generate kidney --pairs <pairs> --seed <seed>`.
  public var seed: UInt64
  /// Seconds to generate the pool (outside the timed solve).
  public var generationSeconds: Double
  /// Wall-clock seconds of `KidneyExchangeOptimizer.match` (one run).
  public var seconds: Double
  /// The plan's transplants as the optimiser reports them, and its proven bound.
  public var optimum: Double
  public var bound: Double
  /// `optimal`, `time_limit` or `feasible`.
  public var status: String
  public var cyclesGenerated: Int
  public var chainColumnsGenerated: Int
  public var pricingRounds: Int
  /// Peak resident memory of the process during this row (pool included), bytes.
  public var peakBytes: Int?
  /// What the check verified, and why it failed (`nil` when it passed).
  public var check: String
  public var failure: String?

  public var passed: Bool { failure == nil }

  /// One line for the log.
  public var description: String {
    let mb = peakBytes.map { Fixed.decimal(Double($0) / 1_048_576, places: 0) + " MB" } ?? "n/a"
    return "kidney \(pairs) pairs + \(altruists) altruists, \(arcs) arcs, K=\(maxCycle) L=\(maxChain), seed \(seed): "
      + "\(Fixed.decimal(seconds, places: 2)) s, optimum \(KidneyPlanWriter.number(optimum)), bound \(KidneyPlanWriter.number(bound)), "
      + "\(status), \(cyclesGenerated) cycles and \(chainColumnsGenerated) chain columns generated, peak \(mb) "
      + (passed ? "ok" : "FAILED: \(failure!)")
  }
}

/// What ``verifyKidneyPlan(_:exchanges:reportedObjective:bound:status:maxCycle:maxChain:)``
/// checks, for the report.
let kidneyCheckDescription = "feasible (K, L caps, each pair gives and receives once, every donation an arc); transplants recomputed = reported = bound; status optimal"

/// Why a reported plan is wrong, or `nil` when it is right: the exchanges must be feasible
/// under the caps (the project's check, `KidneyPool.feasibilityViolation`), their transplants
/// recounted from the pool must equal the reported objective, the status must be optimal and
/// the objective must meet the proven bound.
func verifyKidneyPlan(
  _ pool: KidneyPool, exchanges: [KidneyPlan.Exchange], reportedObjective: Double, bound: Double,
  status: KidneyPlan.Status, maxCycle: Int, maxChain: Int
) -> String? {
  if let violation = pool.feasibilityViolation(of: exchanges, maxCycle: maxCycle, maxChain: maxChain) {
    return "infeasible plan: \(violation)"
  }
  let recount = exchanges.reduce(0) { $0 + $1.pairs.count }
  if Double(recount) != reportedObjective {
    return "the plan has \(recount) transplants but reports \(KidneyPlanWriter.number(reportedObjective))"
  }
  if status != .optimal { return "status \(status) (gap \(status.gap)), not optimal" }
  if reportedObjective != bound {
    return "status optimal but objective \(KidneyPlanWriter.number(reportedObjective)) != bound \(KidneyPlanWriter.number(bound))"
  }
  return nil
}

/// Corrupted copies of a right plan that ``verifyKidneyPlan`` must reject: one exchange
/// duplicated (a pair gives twice), one exchange dropped (the transplants no longer meet the
/// reported objective), and, when the plan has a cycle of K pairs, that cycle lengthened by a
/// pair outside the plan (a cycle longer than K).
func corruptedKidneyPlans(_ plan: KidneyPlan, pool: KidneyPool, maxCycle: Int) -> [(what: String, exchanges: [KidneyPlan.Exchange])] {
  var out: [(String, [KidneyPlan.Exchange])] = []
  guard let first = plan.exchanges.first else { return out }
  out.append(("one exchange duplicated", plan.exchanges + [first]))
  out.append(("one exchange dropped", Array(plan.exchanges.dropFirst())))
  var used = [Bool](repeating: false, count: pool.pairCount)
  for e in plan.exchanges { for p in e.pairs { used[p] = true } }
  if let k = plan.exchanges.firstIndex(where: { $0.isCycle && $0.pairs.count == maxCycle }),
    let spare = used.firstIndex(of: false)
  {
    var exchanges = plan.exchanges
    exchanges[k].pairs.append(spare)
    out.append(("a cycle longer than K", exchanges))
  }
  return out
}

/// The kidney-exchange benchmarks: for each size, one seeded Saidman pool
/// (``SaidmanGenerator``, 5% altruists, unit weights; the pool `matchmarket generate kidney
/// --pairs N --seed S` writes), planned by ``KidneyExchangeOptimizer`` with K = 3 and each
/// L in `chainCaps` (maximum transplants), each timed once and checked.
///
/// ```swift
/// let rows = runKidneyBenchmarks(sizes: [256], seed: 1) { print($0) }
/// rows.allSatisfy(\.passed)   // true
/// ```
///
/// Checks (outside the timer): every plan is feasible, its recounted transplants equal the
/// reported optimum, the status is optimal and the optimum equals the proven bound; the
/// check must reject corrupted copies of the plan (``corruptedKidneyPlans``); and on each
/// pool the optimum with chains is at least the optimum without (L = 0 plans are feasible
/// for L = 3). A wrong or unproven answer fails the row.
///
/// - Parameters:
///   - sizes: pairs per pool (default 256 and 512; the suite adds 1024 without `--quick`).
///   - chainCaps: the L values (default 3 and 0).
///   - maxCycle: K (default 3).
///   - seed: the pools' seed.
///   - timeLimit: seconds per solve before the optimiser stops (the row then fails).
/// - Returns: one record per (size, L).
/// - Complexity: dominated by the optimiser (NP-hard in general; seconds here).
public func runKidneyBenchmarks(
  sizes: [Int] = [256, 512], chainCaps: [Int] = [3, 0], maxCycle: Int = 3, seed: UInt64,
  timeLimit: Double = 600, log: (String) -> Void
) -> [KidneyBenchmarkRecord] {
  var records: [KidneyBenchmarkRecord] = []
  for n in sizes {
    PeakMemory.reset()
    var rng = SeededGenerator(seed: seed, stream: 0)
    let (pool, genSeconds) = BenchmarkClock.seconds { SaidmanGenerator(pairs: n).generate(using: &rng) }
    var optimumByChain: [Int: Double] = [:]
    for l in chainCaps {
      PeakMemory.reset()
      let optimizer = KidneyExchangeOptimizer(maxCycle: maxCycle, maxChain: l, objective: .transplants, timeLimit: timeLimit)
      var failure: String?
      var plan: KidneyPlan?
      let (_, seconds) = BenchmarkClock.seconds {
        do { plan = try optimizer.match(pool) } catch { failure = "the optimiser threw: \(error)" }
      }
      var record = KidneyBenchmarkRecord(
        pairs: n, altruists: pool.altruistCount, arcs: pool.arcCount, maxCycle: maxCycle, maxChain: l, seed: seed,
        generationSeconds: genSeconds, seconds: seconds, optimum: plan?.objective ?? .nan, bound: plan?.bound ?? .nan,
        status: plan.map { "\($0.status)" } ?? "error", cyclesGenerated: plan?.statistics.cyclesGenerated ?? 0,
        chainColumnsGenerated: plan?.statistics.chainColumnsGenerated ?? 0,
        pricingRounds: plan?.statistics.pricingRounds ?? 0, peakBytes: nil, check: kidneyCheckDescription,
        failure: failure)
      if let plan {
        record.failure = verifyKidneyPlan(
          pool, exchanges: plan.exchanges, reportedObjective: plan.objective, bound: plan.bound,
          status: plan.status, maxCycle: maxCycle, maxChain: l)
        if record.failure == nil {
          // The check must reject a wrong answer.
          for (what, exchanges) in corruptedKidneyPlans(plan, pool: pool, maxCycle: maxCycle)
          where verifyKidneyPlan(
            pool, exchanges: exchanges, reportedObjective: plan.objective, bound: plan.bound,
            status: plan.status, maxCycle: maxCycle, maxChain: l) == nil
          {
            record.failure = "the check accepted a corrupted plan (\(what))"
            break
          }
        }
        // Monotonicity across rows of the same pool: a plan for a smaller chain cap is
        // feasible for a larger one, so a larger cap never has a smaller optimum.
        for (other, value) in optimumByChain where record.failure == nil {
          if (other < l && value > plan.objective) || (other > l && value < plan.objective) {
            record.failure = "optimum \(KidneyPlanWriter.number(plan.objective)) with L=\(l) but \(KidneyPlanWriter.number(value)) with L=\(other)"
          }
        }
        optimumByChain[l] = plan.objective
      }
      record.peakBytes = PeakMemory.bytes()
      records.append(record)
      log(record.description)
    }
  }
  return records
}
