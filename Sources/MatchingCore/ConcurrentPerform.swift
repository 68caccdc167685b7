import Dispatch

/// Runs `body(0)`, ..., `body(iterations - 1)` on up to `iterations` threads and returns when
/// all are done; with one iteration, on the calling thread.
///
/// ```swift
/// var sums = [Int](repeating: 0, count: 2)
/// sums.withUnsafeMutableBufferPointer { sums in
///   concurrentlyPerform(iterations: 2) { r in sums[r] = (r * 500..<(r + 1) * 500).reduce(0, +) }
/// }
/// ```
///
/// Unlike `DispatchQueue.concurrentPerform`, `body` need not be `@Sendable`: it may capture
/// buffer pointers and local functions. The caller promises what the compiler cannot check:
/// different iterations write disjoint memory, and shared state is only read.
///
/// - Complexity: the slowest iteration's cost (with as many cores as iterations).
public func concurrentlyPerform(iterations: Int, _ body: (Int) -> Void) {
  if iterations <= 1 {
    if iterations == 1 { body(0) }
    return
  }
  withoutActuallyEscaping(body) { body in
    nonisolated(unsafe) let body = body
    DispatchQueue.concurrentPerform(iterations: iterations) { body($0) }
  }
}
