import Dispatch
import MatchingCore
import Synchronization

/// A Monte Carlo study: many seeded markets from one model, each run under several
/// mechanisms, measured the same way.
///
/// ```swift
/// let study = SimulationStudy(
///   model: SchoolChoiceModel(studentCount: 10_000, schoolCount: 100),
///   mechanisms: [.da, .boston, .ttc], seed: 1, runCount: 100)
/// let result = study.run(threads: 2)
/// result.summaries()[0].firstChoice.mean   // mean first-choice count under DA
/// ```
///
/// Run *k* draws its market from `SeededGenerator(seed: seed, stream: k)`, and random serial
/// dictatorship's order from the same stream after the market, so a run's result depends on
/// nothing but the study and *k*: not on the number of threads, nor on which thread runs it,
/// nor on which shard of the study it belongs to. Results are stored by run index and
/// aggregated in run order, so the output is byte-identical for any thread count, and
/// shards merged in any order give the result of one full run.
public struct SimulationStudy: Sendable, Hashable, Codable {
  /// The market model.
  public var model: SchoolChoiceModel
  /// The mechanisms compared, in report order.
  public var mechanisms: [SimulatedMechanism]
  /// The study's seed.
  public var seed: UInt64
  /// Runs in the whole study (a shard runs a sub-range).
  public var runCount: Int
  /// Students per run whose reports the strategy-proofness audit searches (a uniform sample
  /// drawn from the run's stream); 0 turns the audit off.
  public var auditSample: Int

  /// Creates a study.
  public init(
    model: SchoolChoiceModel, mechanisms: [SimulatedMechanism], seed: UInt64, runCount: Int,
    auditSample: Int = 0
  ) {
    precondition(runCount >= 1, "a study needs at least one run")
    precondition(!mechanisms.isEmpty, "a study needs at least one mechanism")
    precondition(auditSample >= 0, "auditSample must not be negative")
    self.model = model
    self.mechanisms = mechanisms
    self.seed = seed
    self.runCount = runCount
    self.auditSample = auditSample
  }

  /// Whether runs count manipulable students.
  public var audits: Bool { auditSample > 0 }

  /// The market of run *k*; the seed random serial dictatorship uses in that run; the
  /// students the audit searches (sorted; empty without the audit).
  public func market(ofRun run: Int) -> (market: SchoolChoiceMarket, orderSeed: UInt64, audited: [Int]) {
    var rng = SeededGenerator(seed: seed, stream: UInt64(run))
    let market = model.generate(using: &rng)
    let orderSeed = rng.next()
    var audited: [Int] = []
    if audits {
      // A uniform sample without replacement (partial Fisher-Yates on a sparse map).
      let n = market.studentCount
      let count = min(auditSample, n)
      var swapped: [Int: Int] = [:]
      for j in 0..<count {
        let r = j + rng.uniform(below: n - j)
        let vr = swapped[r] ?? r
        swapped[r] = swapped[j] ?? j
        audited.append(vr)
      }
      audited.sort()
    }
    return (market, orderSeed, audited)
  }

  /// Runs run *k*: one market, every mechanism, measured (and audited when
  /// ``auditSample`` is positive).
  ///
  /// - Complexity: O(*n* *m* + *E* log *a*) to draw the market, then O(*E*) per mechanism;
  ///   the audit adds O(*s* *r* *T*) per mechanism for *s* sampled students, *r* misreports
  ///   each and mechanism running time *T*.
  public func run(_ run: Int) -> RunRecord {
    let (market, orderSeed, audited) = market(ofRun: run)
    let maxRank = model.effectiveListLength
    var metrics: [OutcomeMetrics] = []
    metrics.reserveCapacity(mechanisms.count)
    let baseline = SimulatedMechanism.da.match(market, orderSeed: orderSeed)  // the reference for better/worse off
    for mechanism in mechanisms {
      let matching = mechanism.match(market, orderSeed: orderSeed)
      var m = OutcomeMetrics(matching, in: market, maxRank: maxRank)
      (m.betterThanDA, m.worseThanDA) = OutcomeMetrics.comparison(matching, with: baseline, in: market)
      if audits {
        m.audited = audited.count
        m.manipulable = mechanism.manipulableCount(in: market, orderSeed: orderSeed, students: audited)
      }
      metrics.append(m)
    }
    return RunRecord(run: run, metrics: metrics)
  }

  /// Runs `runs` (all of the study by default) on `threads` threads.
  ///
  /// - Parameters:
  ///   - runs: the runs to do, a sub-range of `0..<runCount` (a shard).
  ///   - threads: worker threads; runs are handed out one at a time, and the result does not
  ///     depend on this number.
  ///   - progress: called after each run with the number of runs done so far (from worker
  ///     threads, one call at a time).
  ///   - shouldStop: polled before each run is claimed; once it returns true the workers
  ///     finish the runs they hold and claim no more (the command line passes
  ///     `{ Interrupt.requested }`). Runs are claimed in order, so the runs done are a
  ///     prefix of `runs`.
  /// - Returns: the per-run records, in run order: all of `runs`, or the prefix done when
  ///   `shouldStop` stopped the work (`result.runs` is then shorter than asked, a shard that
  ///   ``SimulationResult/merge(_:)`` combines with the rest).
  public func run(
    runs: Range<Int>? = nil, threads: Int = 1,
    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
    shouldStop: (@Sendable () -> Bool)? = nil
  ) -> SimulationResult {
    let range = runs ?? 0..<runCount
    precondition(range.lowerBound >= 0 && range.upperBound <= runCount, "runs must lie in 0..<runCount")
    precondition(threads >= 1, "threads must be at least 1")
    let count = range.count
    let slots = ResultSlots(count: count)
    let workers = min(threads, max(count, 1))
    let study = self
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while true {
        if let shouldStop, shouldStop() { break }
        let j = slots.claim()
        if j >= count { break }
        let record = study.run(range.lowerBound + j)
        slots.store(record, at: j)
        if let progress { slots.reportProgress(total: count, progress) }
      }
    }
    let records = slots.finish()
    return SimulationResult(
      study: self, runs: range.lowerBound..<(range.lowerBound + records.count), records: records)
  }
}

/// One run's measurements, one ``OutcomeMetrics`` per mechanism of the study, in order.
public struct RunRecord: Sendable, Hashable, Codable {
  /// The run index *k*.
  public var run: Int
  /// Aligned with ``SimulationStudy/mechanisms``.
  public var metrics: [OutcomeMetrics]

  public init(run: Int, metrics: [OutcomeMetrics]) {
    self.run = run
    self.metrics = metrics
  }
}

/// Slots that worker threads fill by run index (each slot written once, by one thread).
private final class ResultSlots: @unchecked Sendable {
  private let next = Atomic<Int>(0)
  private let done = Mutex<Int>(0)
  private let buffer: UnsafeMutableBufferPointer<RunRecord?>

  init(count: Int) {
    buffer = .allocate(capacity: count)
    buffer.initialize(repeating: nil)
  }

  deinit {
    buffer.deinitialize()
    buffer.deallocate()
  }

  func claim() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }

  func store(_ record: RunRecord, at index: Int) { buffer[index] = record }

  func reportProgress(total: Int, _ body: (Int, Int) -> Void) {
    done.withLock { value in
      value += 1
      body(value, total)
    }
  }

  /// The records in run order, up to the first slot not filled (all of them unless the
  /// work was stopped); called after every worker has returned.
  func finish() -> [RunRecord] {
    var records: [RunRecord] = []
    records.reserveCapacity(buffer.count)
    for record in buffer {
      guard let record else { break }
      records.append(record)
    }
    return records
  }
}
