import Dispatch
import Synchronization

/// Runs `body` for every index in `0..<count` on `workers` threads and returns the results in
/// index order, so the outcome never depends on the number of threads or on scheduling.
///
/// ```swift
/// let squares = try indexedWork(count: 100, workers: 2, batch: 8, makeState: { () }) { _, i in i * i }
/// ```
///
/// Each thread makes its own scratch `State` once (a private copy of a market, an
/// accelerator session) and takes `batch` indices at a time from a shared counter;
/// `beginBatch` sees each batch before its indices run. The first failure stops every
/// thread after its current index, and the failure with the smallest index is rethrown.
///
/// When `shouldStop` returns true (checked before each index) every thread stops after its
/// current index, and the results returned are those of the longest prefix `0..<k` of
/// indices all done: fewer than `count` says the work was cut short, and each result is
/// still the one any number of threads gives for its index.
///
/// - Complexity: the sum of the bodies' costs, divided by the number of workers, plus
///   O(*count* log *count*) to order the results.
func indexedWork<State, Result: Sendable>(
  count: Int, workers: Int, batch: Int,
  makeState: @Sendable () -> State,
  beginBatch: @Sendable (inout State, Range<Int>) -> Void = { _, _ in },
  progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
  shouldStop: (@Sendable () -> Bool)? = nil,
  body: @Sendable (inout State, Int) throws -> Result
) throws -> [Result] {
  guard count > 0 else { return [] }
  let nextIndex = Atomic<Int>(0)
  let done = Atomic<Int>(0)
  let stop = Atomic<Bool>(false)
  let results = Mutex<[(index: Int, result: Result)]>([])
  let failures = Mutex<[(index: Int, error: any Error)]>([])
  DispatchQueue.concurrentPerform(iterations: max(1, min(workers, count))) { _ in
    var state = makeState()
    var local: [(index: Int, result: Result)] = []
    while !stop.load(ordering: .relaxed) {
      let first = nextIndex.add(batch, ordering: .relaxed).oldValue
      if first >= count { break }
      let range = first..<min(first + batch, count)
      beginBatch(&state, range)
      for index in range {
        if let shouldStop, shouldStop() {
          stop.store(true, ordering: .relaxed)
          break
        }
        do {
          local.append((index, try body(&state, index)))
        } catch {
          failures.withLock { $0.append((index, error)) }
          stop.store(true, ordering: .relaxed)
          break
        }
        progress?(done.add(1, ordering: .relaxed).newValue, count)
      }
    }
    results.withLock { $0.append(contentsOf: local) }
  }
  if let failure = failures.withLock({ $0.min { $0.index < $1.index } }) { throw failure.error }
  var sorted = results.withLock { $0 }.sorted { $0.index < $1.index }
  if sorted.count < count {  // stopped: keep the prefix of indices all done
    var k = 0
    while k < sorted.count && sorted[k].index == k { k += 1 }
    sorted.removeLast(sorted.count - k)
  }
  return sorted.map(\.result)
}
