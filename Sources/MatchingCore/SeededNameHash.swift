/// A seeded 64-bit hash of a name's UTF-8 bytes, stable across runs, machines and Swift
/// versions (unlike `Hasher`, which is randomly seeded per process).
///
/// ```swift
/// SeededNameHash.hash("alice", seed: 7)   // the same number on every machine
/// ```
///
/// Lotteries drawn from names with this hash depend only on the seed and each agent's name,
/// never on the order of rows in a file. The bytes are read in little-endian 8-byte words,
/// each folded in by the SplitMix64 finaliser (Steele, Lea and Flood 2014), and the length
/// is mixed in last, so distinct names (including prefixes of one another) collide with
/// probability about 2^-64 per pair.
///
/// - Complexity: O(*b*) for a name of *b* bytes.
public enum SeededNameHash {
  /// The hash of `bytes` under `seed`.
  public static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
    var h = SeededGenerator.mix(seed &+ 0x9E37_79B9_7F4A_7C15)
    var k = 0
    let n = bytes.count
    while k + 8 <= n {
      var word: UInt64 = 0
      for j in 0..<8 { word |= UInt64(bytes[k + j]) << (8 * UInt64(j)) }
      h = SeededGenerator.mix(h ^ word)
      k += 8
    }
    if k < n {
      var word: UInt64 = 0
      for j in 0..<(n - k) { word |= UInt64(bytes[k + j]) << (8 * UInt64(j)) }
      h = SeededGenerator.mix(h ^ word)
    }
    return SeededGenerator.mix(h ^ (UInt64(n) &* 0xD6E8_FEB8_6659_FD93))
  }

  /// The hash of `name`'s UTF-8 bytes under `seed`.
  public static func hash(_ name: String, seed: UInt64) -> UInt64 {
    var copy = name
    return copy.withUTF8 { hash($0, seed: seed) }
  }

  /// The order of `names` by a seeded lottery: ascending hash, ties (about 2^-64 per pair)
  /// broken by the names' bytes, so the order depends only on the seed and the names.
  ///
  /// - Returns: the indices of `names`, first drawn first.
  /// - Complexity: O(*n* log *n* + total bytes) for *n* names.
  public static func lotteryOrder(of names: [String], seed: UInt64) -> [Int] {
    let keys = names.map { hash($0, seed: seed) }
    return names.indices.sorted { a, b in
      if keys[a] != keys[b] { return keys[a] < keys[b] }
      return Array(names[a].utf8).lexicographicallyPrecedes(Array(names[b].utf8))
    }
  }
}
