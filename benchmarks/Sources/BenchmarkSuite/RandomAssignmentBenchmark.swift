import Foundation
import MatchingCheckers
import MatchingCore
import Mechanisms
import Simulation

/// The random-assignment benchmarks of issue 11 (`matchmarket-bench --random-assignment`):
///
/// - `ps`: probabilistic serial on 100,000 students x 1,000 schools, lists of 10 (target 2 s);
///   checked feasible (rows 1, columns within capacity), sd-efficient and sd-envy-free.
/// - `rsd`: 1,000 Monte Carlo draws on 10,000 students x 100 schools on every core (target
///   10 s on 2 cores), and on one core: the two estimates must be identical; checked feasible.
/// - `decompose`: the lottery decomposition of a 1,000 x 100 matrix (target 5 s), twice: the
///   probabilistic-serial matrix of a 1,000 x 100 market and the (denser) 1,000-draw RSD
///   estimate of the same market; checked to reproduce the matrix within 1e-9 with feasible
///   assignments and at most (fractional entries + 1) of them.
///
/// Each check must also reject a corrupted answer, so a fast wrong result fails.
public enum RandomAssignmentBenchmark {
  public struct Record: Sendable, CustomStringConvertible {
    public var name: String
    public var size: String
    public var minSeconds: Double
    public var medianSeconds: Double
    public var target: Double
    /// CPU seconds of the fastest repetition, all threads.
    public var cpuSeconds = 0.0
    public var detail: String
    public var failure: String?
    public var passed: Bool { failure == nil && minSeconds <= target }

    public var description: String {
      "\(name) \(size): min \(Fixed.decimal(minSeconds, places: 3)) s (CPU \(Fixed.decimal(cpuSeconds, places: 3)) s), median \(Fixed.decimal(medianSeconds, places: 3)) s (target \(Fixed.decimal(target, places: 0)) s); \(detail)"
        + (failure.map { "; FAILED: \($0)" } ?? (minSeconds <= target ? "; ok" : "; SLOWER THAN TARGET"))
    }
  }

  static func market(students: Int, schools: Int, seed: UInt64) -> SchoolChoiceMarket {
    let model = SchoolChoiceModel(
      studentCount: students, schoolCount: schools, listLength: 10,
      consideredSchools: schools > 60 ? 56 : nil)
    var rng = SeededGenerator(seed: seed, stream: UInt64(students) &+ 11)
    return model.generate(using: &rng)
  }

  /// The process's CPU time so far (all threads), seconds: beside the wall clock, it shows
  /// what a run costs when other processes share the cores.
  static func cpuSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }

  /// CPU seconds of the last `time` call (per repetition, the minimum).
  nonisolated(unsafe) static var lastCPU = 0.0

  static func time<R>(_ reps: Int, _ body: () throws -> R) rethrows -> (R, [Double]) {
    var times: [Double] = []
    var result: R?
    var cpu = Double.infinity
    for _ in 0..<reps {
      let c0 = cpuSeconds()
      let (r, t) = try BenchmarkClock.seconds(body)
      cpu = min(cpu, cpuSeconds() - c0)
      times.append(t)
      result = r
    }
    lastCPU = cpu
    return (result!, times)
  }

  /// Runs the three benchmarks.
  public static func run(seed: UInt64 = 1, repetitions: Int = 3, log: (String) -> Void = { print($0) }) -> [Record] {
    var records: [Record] = []
    let workers = ProcessInfo.processInfo.activeProcessorCount

    // PS, 100k x 1000.
    do {
      let market = Self.market(students: 100_000, schools: 1_000, seed: seed)
      let (p, times) = time(repetitions) { ProbabilisticSerial().match(market) }
      var failure: String?
      if let v = p.feasibilityViolation(capacities: market.capacities) { failure = "\(v)" }
      for i in 0..<market.studentCount where abs(p.assignedProbability(of: i) + p.unassignedProbability(of: i) - 1) > 1e-9 {
        failure = failure ?? "student \(i)'s probabilities do not sum to 1"
      }
      let (checks, checkSeconds) = BenchmarkClock.seconds { () -> String? in
        if let t = market.sdEfficiencyViolation(of: p) { return "not sd-efficient: \(t)" }
        if let e = market.sdEnvy(in: p, workers: workers) { return "not sd-envy-free: \(e)" }
        return nil
      }
      failure = failure ?? checks
      // A corrupted answer: give the first student with two entries a bit more of her second
      // choice and less of her first; the checks must notice.
      if failure == nil, let i = (0..<market.studentCount).first(where: { p.row(of: $0).filter { p.probabilities[$0] > 0.1 }.count >= 2 }) {
        var bad = p
        let r = p.row(of: i)
        let first = r.first { p.probabilities[$0] > 0.1 }!
        let second = r.first { $0 > first && p.probabilities[$0] > 0.1 }!
        bad.probabilities[first] -= 0.05
        bad.probabilities[second] += 0.05
        if market.sdEfficiencyViolation(of: bad) == nil && market.sdEnvy(in: bad, workers: workers) == nil {
          failure = "the checks accepted a corrupted PS matrix"
        }
      }
      let (lo, median) = BenchmarkClock.minAndMedian(times)
      var record = Record(
        name: "ps", size: "100,000 x 1,000, \(market.totalListLength) applications", minSeconds: lo,
        medianSeconds: median, target: 2,
        detail: "feasible, sd-efficient, sd-envy-free (checks \(Fixed.decimal(checkSeconds, places: 2)) s); \(p.probabilities.filter { $0 > 0 }.count) non-zero entries",
        failure: failure)
      record.cpuSeconds = lastCPU
      records.append(record)
      log(record.description)
    }

    // RSD, 10k x 100, 1000 draws.
    let small = Self.market(students: 10_000, schools: 100, seed: seed)
    do {
      let mechanism = RandomSerialDictatorshipProbabilities(method: .monteCarlo(draws: 1_000, seed: seed), workers: workers)
      let (estimate, times) = time(repetitions) { mechanism.estimate(small) }
      let (one, oneSeconds) = BenchmarkClock.seconds {
        RandomSerialDictatorshipProbabilities(method: .monteCarlo(draws: 1_000, seed: seed), workers: 1).estimate(small)
      }
      var failure: String?
      if one != estimate { failure = "1 and \(workers) workers gave different estimates" }
      if let v = estimate.assignment.feasibilityViolation(capacities: small.capacities) { failure = failure ?? "\(v)" }
      // Corrupted: one entry off by a draw's worth must change the comparison.
      var bad = estimate
      bad.assignment.probabilities[0] += 1e-3
      if bad == one { failure = failure ?? "the comparison accepted a corrupted estimate" }
      let (lo, median) = BenchmarkClock.minAndMedian(times)
      var record = Record(
        name: "rsd", size: "10,000 x 100, 1,000 draws, \(workers) workers", minSeconds: lo, medianSeconds: median,
        target: 10,
        detail: "identical on 1 worker (\(Fixed.decimal(oneSeconds, places: 2)) s, \(Fixed.decimal(oneSeconds / max(lo, 1e-9), places: 2))x); max standard error \(Fixed.decimal(estimate.standardErrors.max() ?? 0, places: 4))",
        failure: failure)
      record.cpuSeconds = lastCPU
      records.append(record)
      log(record.description)
    }

    // Decomposition of 1000 x 100 matrices.
    let thousand = Self.market(students: 1_000, schools: 100, seed: seed)
    // A dense one: every student ranks all 100 schools (10 seats each) in a random order,
    // and the 1,000-draw RSD estimate spreads her probability over dozens of them.
    var rng = SeededGenerator(seed: seed, stream: 0xDE45E)
    let fullLists = (0..<1_000).map { _ -> [Int] in
      var all = Array(0..<100)
      rng.shuffle(&all)
      return all
    }
    let dense = try! SchoolChoiceMarket(capacities: [Int](repeating: 10, count: 100), preferences: fullLists)
    // The densest: the average of 300 uniformly random full assignments (every seat filled),
    // so each student has a probability at almost every school.
    var rows = [[Double]](repeating: [Double](repeating: 0, count: 100), count: 1_000)
    for _ in 0..<300 {
      let seats = rng.permutation(1_000)
      for (student, seat) in seats.enumerated() { rows[student][Int(seat) / 10] += 1.0 / 300 }
    }
    let uniform = RandomAssignment(
      schoolCount: 100, rows: rows.map { r in r.enumerated().filter { $0.element > 0 }.map { ($0.offset, $0.element) } })
    let matrices: [(String, RandomAssignment, SchoolChoiceMarket)] = [
      ("ps", ProbabilisticSerial().match(thousand), thousand),
      ("rsd 1,000 draws", RandomSerialDictatorshipProbabilities(method: .monteCarlo(draws: 1_000, seed: seed), workers: workers).match(thousand), thousand),
      ("dense: rsd 1,000 draws, full random lists", RandomSerialDictatorshipProbabilities(method: .monteCarlo(draws: 1_000, seed: seed), workers: workers).match(dense), dense),
      ("densest: average of 300 random full assignments", uniform, dense),
    ]
    for (label, p, thousand) in matrices {
      var failure: String?
      var lottery = AssignmentLottery(weights: [], assignments: [])
      var times: [Double] = []
      do {
        (lottery, times) = try time(repetitions) { try LotteryDecomposition.decompose(p, capacities: thousand.capacities) }
      } catch {
        failure = "\(error)"
        times = [.infinity]
      }
      let fractional = p.fractionalEntryCount()
      if failure == nil {
        let error = lottery.expectedAssignment(schoolCount: p.schoolCount, studentCount: p.studentCount).maximumDifference(from: p)
        if error > 1e-9 { failure = "reproduces the matrix only within \(error)" }
        if abs(lottery.weights.reduce(0, +) - 1) > 1e-9 { failure = failure ?? "weights sum to \(lottery.weights.reduce(0, +))" }
        if lottery.weights.count > fractional + 1 { failure = failure ?? "\(lottery.weights.count) assignments > \(fractional) + 1" }
        for m in lottery.assignments where failure == nil {
          var used = [Int32](repeating: 0, count: p.schoolCount)
          for s in m.assignment where s >= 0 { used[Int(s)] += 1 }
          if zip(used, thousand.capacities).contains(where: { $0 > $1 }) { failure = "an assignment exceeds a capacity" }
        }
        // Corrupted: drop the last assignment; the reproduction check must fail.
        var bad = lottery
        bad.weights.removeLast()
        bad.assignments.removeLast()
        if bad.expectedAssignment(schoolCount: p.schoolCount, studentCount: p.studentCount).maximumDifference(from: p) <= 1e-9 {
          failure = failure ?? "the check accepted a corrupted lottery"
        }
      }
      let (lo, median) = BenchmarkClock.minAndMedian(times)
      var record = Record(
        name: "decompose", size: "1,000 x 100 (\(label))", minSeconds: lo, medianSeconds: median, target: 5,
        detail: "\(lottery.weights.count) assignments for \(fractional) fractional entries; reproduces within 1e-9, all feasible",
        failure: failure)
      record.cpuSeconds = lastCPU
      records.append(record)
      log(record.description)
    }
    return records
  }

  /// `matchmarket bench --random-assignment [--seed S] [--reps R]`: runs the scenarios, prints the table; 0 when every check passed and every target was met.
  public static func main(seed: UInt64, repetitions: Int) -> Int32 {
    print("machine: \(MachineInfo.current().summary)")
    let records = run(seed: seed, repetitions: repetitions)
    return records.allSatisfy(\.passed) ? 0 : 1
  }
}
