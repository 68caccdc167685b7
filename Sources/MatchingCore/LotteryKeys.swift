/// The identities a lottery draws from: one 64-bit key per student and per school, computed
/// from the agent's name alone, so that lottery numbers do not depend on the order in which
/// agents appear in the input.
///
/// ```swift
/// let keys = LotteryKeys(studentNames: ["ana", "ben"], schoolNames: ["North", "South"])
/// keys.students[0] == LotteryKeys.key(of: "ana")   // true: the key is a hash of the name
/// ```
///
/// A student's lottery number is a seeded function of her key only (``TieBreaking``), so
/// shuffling the rows of an input file, or adding another student, leaves every other
/// student's number unchanged. The key is ``key(of:)``: a SplitMix64-style hash of the
/// name's UTF-8 bytes, the same on every machine, platform and run (unlike Swift's
/// `Hasher`, which is seeded per process).
///
/// Two distinct names with the same 64-bit key (a hash collision: about one chance in
/// 10^7 among a million names) would draw the same lottery numbers; ``studentTies`` then
/// orders them by comparing their names' bytes, so the order is still a function of the
/// data alone. Students without names (markets built in code) are named by their index in
/// decimal, `"0"`, `"1"`, ..., as ``init(studentCount:schoolCount:)`` does, which is also how
/// the market generators name the agents they write to files.
///
/// - Complexity: building keys from names is O(*L*) for total name length *L*, plus an
///   O(*n*) radix sort of the *n* student keys to find collisions.
public struct LotteryKeys: Sendable, Hashable {
  /// The key of each student, by index.
  public internal(set) var students: [UInt64]
  /// The key of each school, by index (multiple tie-breaking draws per school).
  public internal(set) var schools: [UInt64]
  /// For students whose keys collide: their rank among the students sharing the key (by
  /// name); 0 for everyone else. Empty when no keys collide (the usual case).
  public internal(set) var studentTies: [UInt32]

  /// Keys given directly (for tests, or names hashed elsewhere).
  ///
  /// - Parameters:
  ///   - students: a key per student; students with equal keys and equal `studentTies` are
  ///     ordered by index.
  ///   - schools: a key per school.
  ///   - studentTies: the rank of each student among those sharing her key, or empty.
  public init(students: [UInt64], schools: [UInt64], studentTies: [UInt32] = []) {
    precondition(studentTies.isEmpty || studentTies.count == students.count, "one tie rank per student")
    self.students = students
    self.schools = schools
    self.studentTies = studentTies
  }

  /// The keys of agents named by their index in decimal (`"0"`, `"1"`, ...): the identity of
  /// agents in markets built without names.
  ///
  /// - Complexity: O(*n* + *m*).
  public init(studentCount n: Int, schoolCount m: Int) {
    self.init(students: (0..<n).map { Self.key(ofIndex: $0) }, schools: (0..<m).map { Self.key(ofIndex: $0) })
  }

  /// The keys of named agents, with any student key collisions ordered by name.
  ///
  /// - Parameters:
  ///   - studentNames: the students' names (distinct), by index.
  ///   - schoolNames: the schools' names, by index.
  /// - Complexity: O(*L* + *n*) for total name length *L* and *n* students.
  public init(studentNames: [String], schoolNames: [String]) {
    // Large markets hash their names in blocks on several threads (the same keys).
    let n = studentNames.count
    let blocks = n < 1 << 18 ? 1 : max(1, min(readThreadCount(), n >> 17))
    var keys = SchoolChoiceMarket.uninitializedArray(of: UInt64.self, count: n)
    keys.withUnsafeMutableBufferPointer { keys in
      concurrentlyPerform(iterations: blocks) { b in
        for i in (n * b / blocks)..<(n * (b + 1) / blocks) { keys[i] = Self.key(of: studentNames[i]) }
      }
    }
    self.init(
      students: keys, schools: schoolNames.map { Self.key(of: $0) },
      studentTies: Self.collisionRanks(keys: keys, names: studentNames))
  }

  /// The key of a name: a 64-bit hash of its UTF-8 bytes, stable across machines and runs.
  ///
  /// The bytes are read as little-endian 64-bit words (the last one zero-padded); each word
  /// is folded in by the SplitMix64 finaliser (``SeededGenerator/mix(_:)``), starting from a
  /// state that includes the length, so names that differ only in trailing zero bytes differ.
  public static func key(of name: String) -> UInt64 {
    var name = name
    return name.withUTF8 { key(ofBytes: $0) }
  }

  /// The key of a name given as UTF-8 bytes (what ``key(of:)`` computes).
  public static func key(ofBytes bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(bytes.count)
    var word: UInt64 = 0
    var shift: UInt64 = 0
    for b in bytes {
      word |= UInt64(b) << shift
      shift += 8
      if shift == 64 {
        h = SeededGenerator.mix(h ^ word)
        word = 0
        shift = 0
      }
    }
    if shift > 0 { h = SeededGenerator.mix(h ^ word) }
    return SeededGenerator.mix(h ^ 0x1319_8A2E_0370_7344)
  }

  /// The key of the decimal name of `index` (the same as `key(of: String(index))`, without
  /// building the string).
  public static func key(ofIndex index: Int) -> UInt64 {
    precondition(index >= 0, "indices are non-negative")
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // up to 24 bytes; Int.max has 19 digits
    var count = 0
    var v = index
    repeat {
      count += 1
      v /= 10
    } while v > 0
    return withUnsafeMutableBytes(of: &digits) { raw in
      var v = index
      var k = count
      repeat {
        k -= 1
        raw[k] = UInt8(48 + v % 10)
        v /= 10
      } while v > 0
      return key(ofBytes: UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[0..<count]))
    }
  }

  /// For each student, her rank by name among the students whose key equals hers; empty when
  /// all keys are distinct.
  static func collisionRanks(keys: [UInt64], names: [String]) -> [UInt32] {
    guard keys.count > 1 else { return [] }
    var sorted = keys
    var none: [Int32] = []
    SchoolChoiceMarket.radixSortInHalves(keys: &sorted, values: &none)
    var repeated = Set<UInt64>()
    for j in 1..<sorted.count where sorted[j] == sorted[j - 1] { repeated.insert(sorted[j]) }
    if repeated.isEmpty { return [] }
    var groups: [UInt64: [Int]] = [:]
    for (i, k) in keys.enumerated() where repeated.contains(k) { groups[k, default: []].append(i) }
    var ties = [UInt32](repeating: 0, count: keys.count)
    for (_, members) in groups {
      let byName = members.sorted { names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }
      for (r, i) in byName.enumerated() { ties[i] = UInt32(r) }
    }
    return ties
  }

  /// The tie rank of student `i` (0 unless her key collides with another's).
  @inlinable
  public func tie(of i: Int) -> UInt32 { studentTies.isEmpty ? 0 : studentTies[i] }
}

// MARK: - Lottery numbers

extension LotteryKeys {
  /// The single-lottery number of student `i` under `seed`: a bijective seeded mix of her key,
  /// so equal numbers mean equal keys.
  @inlinable
  public func singleLotteryNumber(of i: Int, seed: UInt64) -> UInt64 {
    SeededGenerator.mix(students[i] ^ SeededGenerator.mix(seed ^ 0x6A09_E667_F3BC_C909))
  }

  /// The salt of school `s` under `seed` for multiple tie-breaking.
  @inlinable
  func schoolSalt(_ s: Int, seed: UInt64) -> UInt64 {
    SeededGenerator.mix(schools[s] ^ SeededGenerator.mix(seed ^ 0xBB67_AE85_84CA_A73B))
  }

  /// The lottery number of student `i` at school `s` under multiple tie-breaking with `seed`:
  /// for a fixed school, a bijective seeded mix of her key.
  @inlinable
  public func multipleLotteryNumber(of i: Int, at s: Int, seed: UInt64) -> UInt64 {
    SeededGenerator.mix(multipleStudentHalf(of: i) ^ schoolSalt(s, seed: seed))
  }

  /// The student's half of her multiple-lottery numbers (independent of the seed and school).
  @inlinable
  func multipleStudentHalf(of i: Int) -> UInt64 {
    SeededGenerator.mix(students[i] ^ 0x3C6E_F372_FE94_F82B)
  }

  /// Whether student `a` comes before student `b` when their numbers are equal (their keys
  /// are then equal): by tie rank (name order), then by index.
  @inlinable
  public func precedesOnEqualNumbers(_ a: Int, _ b: Int) -> Bool {
    let ta = tie(of: a)
    let tb = tie(of: b)
    return ta != tb ? ta < tb : a < b
  }

  /// Whether student `a` comes before student `b` in the identity order: by key, then tie
  /// rank (name order), then index. Decides ties left by given lottery numbers.
  @inlinable
  public func precedesByIdentity(_ a: Int, _ b: Int) -> Bool {
    students[a] != students[b] ? students[a] < students[b] : precedesOnEqualNumbers(a, b)
  }

  /// All students ordered by their single-lottery numbers under `seed` (smallest first), equal
  /// numbers by name: the order of single tie-breaking and of random serial dictatorship.
  ///
  /// - Complexity: O(*n*) (a radix sort of the *n* numbers).
  public func singleLotteryOrder(seed: UInt64) -> [Int32] {
    let n = students.count
    var numbers = [UInt64](repeating: 0, count: n)
    var order = [Int32](repeating: 0, count: n)
    for i in 0..<n {
      numbers[i] = singleLotteryNumber(of: i, seed: seed)
      order[i] = Int32(i)
    }
    SchoolChoiceMarket.radixSortInHalves(keys: &numbers, values: &order)
    // Equal numbers (colliding keys): order each run by name, then index.
    var j = 1
    while j < n {
      if numbers[j] == numbers[j - 1] {
        var end = j + 1
        while end < n && numbers[end] == numbers[j] { end += 1 }
        order[(j - 1)..<end].sort { precedesOnEqualNumbers(Int($0), Int($1)) }
        j = end
      } else {
        j += 1
      }
    }
    return order
  }
}
