#if canImport(Glibc)
import Glibc
#endif

extension Array where Element: BitwiseCopyable {
  /// Asks the kernel to back this array's storage (its whole capacity, not just its count)
  /// with 2 MB transparent huge pages, before the storage is first written.
  ///
  /// A fresh 4 KB page costs a fault on first touch; on a virtual machine that is about a
  /// millisecond per megabyte, as much as filling the memory. The large columns of a
  /// million-student market (tens of megabytes each) are all written once right after they
  /// are allocated, so one fault per 2 MB instead of 512 takes a third off reading such a
  /// market (docs/Performance.md). Only the 2 MB-aligned interior of the storage is advised,
  /// and only for storage of 8 MB or more; where the kernel offers no transparent huge pages
  /// (or off Linux) this does nothing. Contents and results are unaffected.
  ///
  /// Call it right after allocating (`reserveCapacity`, or an uninitialized array) and
  /// before the first write.
  ///
  /// ```swift
  /// var schools: [Int32] = []
  /// schools.reserveCapacity(10_000_000)
  /// schools.adviseHugePages()
  /// ```
  ///
  /// - Complexity: O(1) (one system call).
  public mutating func adviseHugePages() {
    let capacity = capacity
    withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      UnsafeMutableBufferPointer(start: base, count: capacity).adviseHugePages()
    }
  }
}

extension UnsafeMutableBufferPointer where Element: BitwiseCopyable {
  /// Asks the kernel to back this memory with 2 MB transparent huge pages before it is first
  /// written, as ``Swift/Array/adviseHugePages()`` does for an array's storage (for use
  /// inside `Array(unsafeUninitializedCapacity:initializingWith:)`).
  ///
  /// - Complexity: O(1) (one system call).
  public func adviseHugePages() {
    #if os(Linux)
    let bytes = count * MemoryLayout<Element>.stride
    guard bytes >= 8 << 20, let base = baseAddress else { return }
    let page: UInt = 2 << 20
    let start = (UInt(bitPattern: base) + page - 1) & ~(page - 1)
    let end = (UInt(bitPattern: base) + UInt(bytes)) & ~(page - 1)
    guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
    _ = madvise(pointer, Int(end - start), MADV_HUGEPAGE)
    #endif
  }
}
