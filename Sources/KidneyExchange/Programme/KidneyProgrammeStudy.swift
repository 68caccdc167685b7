import Dispatch
import Synchronization

/// Many seeded runs of one ``KidneyProgramme``: run *k* is ``KidneyProgramme/run(seed:index:)``
/// with index *k*, so a run's record depends only on the programme, the seed and *k*, never on
/// the threads or on which shard ran it.
///
/// ```swift
/// let study = KidneyProgrammeStudy(programme: programme, seed: 1, runCount: 100)
/// let a = try study.run(runs: 0..<50, threads: 2)
/// let b = try study.run(runs: 50..<100)
/// try KidneyProgrammeResult.merge([b, a]) == study.run()   // true
/// ```
///
/// - Complexity: *R* runs of the programme, spread over the threads one run at a time.
public struct KidneyProgrammeStudy: Sendable, Hashable {
  public var programme: KidneyProgramme
  public var seed: UInt64
  public var runCount: Int

  /// - Precondition: `runCount >= 1`.
  public init(programme: KidneyProgramme, seed: UInt64, runCount: Int) {
    precondition(runCount >= 1, "a study needs at least one run")
    self.programme = programme
    self.seed = seed
    self.runCount = runCount
  }

  /// Runs `runs` (all of the study by default) on `threads` threads.
  ///
  /// - Parameters:
  ///   - runs: a sub-range of `0..<runCount` (a shard).
  ///   - threads: worker threads; runs are claimed one at a time in order, and the result
  ///     does not depend on this number.
  ///   - progress: called after each run with the number of runs done so far (from worker
  ///     threads, one call at a time).
  ///   - shouldStop: polled before each run is claimed; once it returns true the workers
  ///     finish the runs they hold and claim no more. Runs are claimed in order, so the
  ///     runs done are a prefix of `runs`.
  /// - Returns: the records in run order: all of `runs`, or the prefix done when
  ///   `shouldStop` stopped the work (a shard ``KidneyProgrammeResult/merge(_:)`` accepts).
  /// - Throws: the error of the lowest-numbered run that failed (what the optimiser throws),
  ///   after the other workers stop.
  public func run(
    runs: Range<Int>? = nil, threads: Int = 1,
    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
    shouldStop: (@Sendable () -> Bool)? = nil
  ) throws -> KidneyProgrammeResult {
    let range = runs ?? 0..<runCount
    precondition(range.lowerBound >= 0 && range.upperBound <= runCount, "runs must lie in 0..<runCount")
    precondition(threads >= 1, "threads must be at least 1")
    let count = range.count
    let next = Atomic<Int>(0)
    let slots = Mutex<[KidneyProgrammeRecord?]>(Array(repeating: nil, count: count))
    let done = Mutex<Int>(0)
    let failure = Mutex<(index: Int, error: any Error)?>(nil)
    let study = self
    DispatchQueue.concurrentPerform(iterations: min(threads, max(count, 1))) { _ in
      while true {
        if let shouldStop, shouldStop() { break }
        if failure.withLock({ $0 != nil }) { break }
        let j = next.add(1, ordering: .relaxed).oldValue
        if j >= count { break }
        do {
          let k = range.lowerBound + j
          let record = KidneyProgrammeRecord(run: k, try study.programme.run(seed: study.seed, index: k))
          slots.withLock { $0[j] = record }
          done.withLock { d in
            d += 1
            progress?(d, count)
          }
        } catch {
          failure.withLock { if $0 == nil || j < $0!.index { $0 = (j, error) } }
        }
      }
    }
    if let f = failure.withLock({ $0 }) { throw f.error }
    let records = slots.withLock { Array($0.prefix { $0 != nil }.map { $0! }) }
    return KidneyProgrammeResult(study: self, runs: range.lowerBound..<(range.lowerBound + records.count), records: records)
  }
}
