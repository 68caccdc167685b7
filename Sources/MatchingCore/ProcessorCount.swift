#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The number of cores this process may use (at least 1): the default worker count of every
/// parallel loop (the audit, simulations, Monte Carlo RSD).
///
/// - Complexity: O(1).
public func activeProcessorCount() -> Int {
  #if canImport(Glibc) || canImport(Darwin)
  return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  #else
  return 1
  #endif
}

/// Threads for reading a large market and breaking its ties: the environment variable
/// `MATCHMARKET_READ_THREADS` when set (1 reads on one thread, for measuring), else the
/// processors online, at most 8. The result of reading never depends on it.
///
/// - Complexity: O(1).
public func readThreadCount() -> Int {
  #if canImport(Glibc) || canImport(Darwin)
  if let v = getenv("MATCHMARKET_READ_THREADS"), let n = Int(String(cString: v)), n >= 1 { return min(n, 64) }
  #endif
  return min(8, activeProcessorCount())
}
