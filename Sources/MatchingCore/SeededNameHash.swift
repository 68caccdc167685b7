/// A seeded 64-bit lottery number for a name: the single-lottery number that school-choice
/// tie-breaking and `rsd` draw for an agent of that name (``LotteryKeys``), so every lottery
/// in the engine (school seats, serial dictatorship orders, RSD probabilities, the order of
/// housing with tenants) is the same function of the seed and the agent's name.
///
/// ```swift
/// SeededNameHash.hash("alice", seed: 7)   // 0x5489_8ee0_a519_3960 on every machine
/// ```
///
/// The key of the name is ``LotteryKeys/key(of:)`` (its UTF-8 bytes folded by the SplitMix64
/// finaliser, Steele, Lea and Flood 2014), mixed with the seed as
/// ``LotteryKeys/singleLotteryNumber(of:seed:)`` does; for a fixed seed the map from keys to
/// numbers is a bijection, so two names draw equal numbers only when their keys collide
/// (about 2^-64 per pair).
///
/// - Complexity: O(*b*) for a name of *b* bytes.
public enum SeededNameHash {
  /// The lottery number of the name given as UTF-8 `bytes` under `seed`.
  public static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
    LotteryKeys(students: [LotteryKeys.key(ofBytes: bytes)], schools: []).singleLotteryNumber(of: 0, seed: seed)
  }

  /// The lottery number of `name` under `seed`.
  public static func hash(_ name: String, seed: UInt64) -> UInt64 {
    var copy = name
    return copy.withUTF8 { hash($0, seed: seed) }
  }

  /// The order of `names` by a seeded lottery: ascending number, ties (colliding keys) broken
  /// by the names' bytes, so the order depends only on the seed and the names. It is the order
  /// in which `rsd` lets agents of these names choose under the same seed.
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
