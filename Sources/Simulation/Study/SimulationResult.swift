import Foundation
import MatchingCore

/// The per-run records of a study (or of a shard of it), and their aggregates.
///
/// ```swift
/// let a = study.run(runs: 0..<50)
/// let b = study.run(runs: 50..<100)
/// try SimulationResult.merge([b, a]) == study.run()   // true
/// ```
public struct SimulationResult: ShardedResult, Sendable, Hashable, Codable {
  /// The study that produced the records.
  public var study: SimulationStudy
  /// The runs held: all of `0..<study.runCount`, or a shard's sub-range.
  public var runs: Range<Int>
  /// One record per run, in run order.
  public var records: [RunRecord]

  public init(study: SimulationStudy, runs: Range<Int>, records: [RunRecord]) {
    self.study = study
    self.runs = runs
    self.records = records
  }

  public static func run(of record: RunRecord) -> Int { record.run }
  public static let studyParameters = "model, mechanisms, seed or run count"

  /// Whether this holds every run of the study.
  public var isComplete: Bool { runs == 0..<study.runCount }

  /// Combines shards of one study into one result.
  ///
  /// - Parameter shards: results of the same study over disjoint run ranges, in any order.
  /// - Returns: the result over the union of their ranges, which must be contiguous.
  /// - Throws: ``SimulationError/incompatibleShards(_:)`` when the studies differ, ranges
  ///   overlap or leave a gap.
  /// - Complexity: O(*r* log *r* + *R*) for *r* shards and *R* records.
  public static func merge(_ shards: [SimulationResult]) throws(SimulationError) -> SimulationResult {
    switch mergedShards(shards) {
    case .success(let merged): return merged
    case .failure(let failure): throw .incompatibleShards(failure.message)
    }
  }

  /// The aggregates per mechanism, in the study's order.
  public func summaries() -> [MechanismSummary] {
    study.mechanisms.enumerated().map { index, mechanism in
      MechanismSummary(mechanism: mechanism, records: records.map { $0.metrics[index] })
    }
  }
}

/// A statistic over runs: mean and sample standard deviation of an integer count.
public struct RunStatistic: Sendable, Hashable {
  /// The mean over runs.
  public var mean: Double
  /// The sample standard deviation over runs (0 for a single run).
  public var standardDeviation: Double

  /// Mean and standard deviation of `values` (summed exactly in integers when the sums fit
  /// in 64 bits, so the result does not depend on the order of the values; beyond that,
  /// for counts no real study reaches but a hand-edited shard may hold, in `Double` from
  /// the sorted values, never trapping).
  public init(_ values: [Int]) {
    let n = values.count
    guard n > 0 else {
      mean = 0
      standardDeviation = 0
      return
    }
    if let exact = Self.exact(values) {
      (mean, standardDeviation) = exact
      return
    }
    // Two passes in Double over the sorted values: order-independent, no overflow.
    let sorted = values.sorted()
    var sum = 0.0
    for v in sorted { sum += Double(v) }
    let m = sum / Double(n)
    var squares = 0.0
    for v in sorted { squares += (Double(v) - m) * (Double(v) - m) }
    mean = m
    standardDeviation = n > 1 ? (squares / Double(n - 1)).squareRoot() : 0
  }

  /// Mean and standard deviation from integer sums, or `nil` when a sum would overflow.
  static func exact(_ values: [Int]) -> (mean: Double, standardDeviation: Double)? {
    let n = values.count
    var sum = 0
    var sumSquares = 0
    for v in values {
      let (square, o1) = v.multipliedReportingOverflow(by: v)
      let (s1, o2) = sum.addingReportingOverflow(v)
      let (s2, o3) = sumSquares.addingReportingOverflow(square)
      if o1 || o2 || o3 { return nil }
      sum = s1
      sumSquares = s2
    }
    let mean = Double(sum) / Double(n)
    guard n > 1 else { return (mean, 0) }
    // n * Σv² - (Σv)², exact in integers.
    let (a, o1) = n.multipliedReportingOverflow(by: sumSquares)
    let (b, o2) = sum.multipliedReportingOverflow(by: sum)
    let (numerator, o3) = a.subtractingReportingOverflow(b)
    let (denominator, o4) = n.multipliedReportingOverflow(by: n - 1)
    if o1 || o2 || o3 || o4 { return nil }
    return (mean, (max(0, Double(numerator)) / Double(denominator)).squareRoot())
  }
}

/// One mechanism's results aggregated over the runs of a study.
public struct MechanismSummary: Sendable, Hashable {
  /// The mechanism.
  public var mechanism: SimulatedMechanism
  /// Runs aggregated.
  public var runs: Int
  /// Students in all runs together.
  public var totalStudents: Int
  /// Students per run (the mean, when runs differ).
  public var studentsPerRun: Double
  /// `rankShares[r]`: the share of all students assigned to position *r* of their list.
  public var rankShares: [Double]
  /// The share of all students left unassigned.
  public var unassignedShare: Double
  /// First-choice count per run.
  public var firstChoice: RunStatistic
  /// Count in the top three per run.
  public var topThree: RunStatistic
  /// Unassigned count per run.
  public var unassigned: RunStatistic
  /// Students with justified envy, per run.
  public var envyStudents: RunStatistic
  /// Blocking pairs per run.
  public var blockingPairs: RunStatistic
  /// Manipulable students per run among those audited, when the audit ran.
  public var manipulable: RunStatistic?
  /// Students audited per run (the mean), when the audit ran.
  public var auditedPerRun: Double?
  /// Students better off than under DA, per run (when every run recorded it).
  public var betterThanDA: RunStatistic?
  /// Students worse off than under DA, per run (when every run recorded it).
  public var worseThanDA: RunStatistic?

  /// Aggregates `records` (one per run).
  public init(mechanism: SimulatedMechanism, records: [OutcomeMetrics]) {
    self.mechanism = mechanism
    runs = records.count
    let total = records.reduce(0) { $0 + $1.students }
    totalStudents = total
    studentsPerRun = runs == 0 ? 0 : Double(total) / Double(runs)
    let ranks = records.reduce(0) { max($0, $1.rankCounts.count) }
    var rankTotals = [Int](repeating: 0, count: ranks)
    for r in records { for (j, c) in r.rankCounts.enumerated() { rankTotals[j] += c } }
    let denominator = Double(max(total, 1))
    rankShares = rankTotals.map { Double($0) / denominator }
    unassignedShare = Double(records.reduce(0) { $0 + $1.unassigned }) / denominator
    firstChoice = RunStatistic(records.map(\.firstChoice))
    topThree = RunStatistic(records.map { $0.topChoices(3) })
    unassigned = RunStatistic(records.map(\.unassigned))
    envyStudents = RunStatistic(records.map(\.envyStudents))
    blockingPairs = RunStatistic(records.map(\.blockingPairs))
    let better = records.compactMap(\.betterThanDA)
    let worse = records.compactMap(\.worseThanDA)
    betterThanDA = better.count == records.count && !better.isEmpty ? RunStatistic(better) : nil
    worseThanDA = worse.count == records.count && !worse.isEmpty ? RunStatistic(worse) : nil
    let m = records.compactMap(\.manipulable)
    let audited = records.compactMap(\.audited)
    if m.count == records.count && audited.count == records.count && !m.isEmpty {
      manipulable = RunStatistic(m)
      auditedPerRun = Double(audited.reduce(0, +)) / Double(audited.count)
    } else {
      manipulable = nil
      auditedPerRun = nil
    }
  }

  /// `value` as a share of the students audited per run.
  public func auditShare(_ value: Double) -> Double {
    guard let a = auditedPerRun, a > 0 else { return 0 }
    return value / a
  }

  /// `value` as a share of the students per run.
  public func share(_ value: Double) -> Double { studentsPerRun == 0 ? 0 : value / studentsPerRun }
}
