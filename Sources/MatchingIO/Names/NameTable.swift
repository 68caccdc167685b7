#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interns names (byte strings from the input) as dense indices, in order of first
/// appearance; the side table that keeps names at the edge of the engine.
///
/// ```swift
/// var t = NameTable()
/// t.intern("alice")   // 0
/// t.intern("bob")     // 1
/// t.intern("alice")   // 0
/// t.names             // ["alice", "bob"]
/// ```
///
/// Open addressing over a byte arena: a lookup hashes the bytes (FNV-1a) and compares them
/// in place, so reading a million student ids costs no string allocation per row.
public struct NameTable: Sendable {
  private var arena: [UInt8] = []
  private var offsets: [Int] = [0]
  private var slots: [Int32] = [Int32](repeating: -1, count: 16)
  /// The names, by index.
  public private(set) var names: [String] = []
  /// Names that are small canonical decimal integers ("0", "17", not "017") are also found
  /// by value here, without hashing: `byNumber[v]` is the index of name `v`, or -1.
  private var byNumber: [Int32] = []
  /// True while every name is the decimal form of its own index ("0", "1", ... in order):
  /// then a numeric lookup needs no memory access at all.
  private var isIdentity = true
  private static let numberLimit = 1 << 24

  public init() {}

  /// The number of names.
  public var count: Int { names.count }

  @inline(__always)
  private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h ^ (h >> 29)
  }

  /// The value of `bytes` if it is a canonical decimal integer below `numberLimit`.
  @inline(__always)
  private static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let n = bytes.count
    guard n > 0 && n <= 8 else { return nil }
    if n > 1 && bytes[0] == 0x30 { return nil }
    var v = 0
    for b in bytes {
      let d = Int(b) &- 48
      guard d >= 0 && d <= 9 else { return nil }
      v = v * 10 + d
    }
    return v < numberLimit ? v : nil
  }

  @inline(__always)
  private func equal(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let lo = offsets[index]
    let hi = offsets[index + 1]
    guard hi - lo == bytes.count else { return false }
    if bytes.count == 0 { return true }
    return arena.withUnsafeBufferPointer { a in memcmp(a.baseAddress! + lo, bytes.baseAddress!, bytes.count) == 0 }
  }

  /// The index of `bytes`, or `nil`.
  public func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    if let v = Self.number(bytes) {
      if isIdentity { return v < names.count ? v : nil }
      return v < byNumber.count && byNumber[v] >= 0 ? Int(byNumber[v]) : nil
    }
    let mask = slots.count - 1
    var p = Int(truncatingIfNeeded: Self.hash(bytes)) & mask
    while true {
      let s = slots[p]
      if s < 0 { return nil }
      if equal(Int(s), bytes) { return Int(s) }
      p = (p + 1) & mask
    }
  }

  /// The index of `name`, or `nil`.
  public func index(of name: String) -> Int? {
    var copy = name
    return copy.withUTF8 { index(of: $0) }
  }

  /// The index of `bytes`, adding it if new. `isNew` tells which.
  public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (index: Int, isNew: Bool) {
    if let v = Self.number(bytes) {
      if v < byNumber.count && byNumber[v] >= 0 { return (Int(byNumber[v]), false) }
      if v >= byNumber.count {
        byNumber += [Int32](repeating: -1, count: max(v + 1, byNumber.count * 2) - byNumber.count)
      }
      let index = names.count
      byNumber[v] = Int32(index)
      if v != index { isIdentity = false }
      arena.append(contentsOf: bytes)
      offsets.append(arena.count)
      names.append(String(decoding: bytes, as: UTF8.self))
      return (index, true)
    }
    isIdentity = false
    if (names.count + 1) * 2 > slots.count { grow() }
    let mask = slots.count - 1
    var p = Int(truncatingIfNeeded: Self.hash(bytes)) & mask
    while true {
      let s = slots[p]
      if s < 0 { break }
      if equal(Int(s), bytes) { return (Int(s), false) }
      p = (p + 1) & mask
    }
    let index = names.count
    slots[p] = Int32(index)
    arena.append(contentsOf: bytes)
    offsets.append(arena.count)
    names.append(String(decoding: bytes, as: UTF8.self))
    return (index, true)
  }

  /// The index of `name`, adding it if new.
  @discardableResult
  public mutating func intern(_ name: String) -> Int {
    var copy = name
    return copy.withUTF8 { intern($0).index }
  }

  private mutating func grow() {
    let size = slots.count * 2
    slots = [Int32](repeating: -1, count: size)
    let mask = size - 1
    for i in 0..<names.count {
      let isNumber = arena.withUnsafeBufferPointer { a in
        Self.number(UnsafeBufferPointer(rebasing: a[offsets[i]..<offsets[i + 1]])) != nil
      }
      if isNumber { continue }
      let h = arena.withUnsafeBufferPointer { a in
        Self.hash(UnsafeBufferPointer(rebasing: a[offsets[i]..<offsets[i + 1]]))
      }
      var p = Int(truncatingIfNeeded: h) & mask
      while slots[p] >= 0 { p = (p + 1) & mask }
      slots[p] = Int32(i)
    }
  }
}
