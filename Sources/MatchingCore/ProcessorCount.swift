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
