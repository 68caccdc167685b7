/// A many-to-one two-sided market: students with strict, possibly incomplete preference lists
/// over schools; schools with capacities and coarse priorities (integer classes, ties allowed)
/// over the students who apply; and the lottery that refines those priorities.
///
/// ```swift
/// let market = try SchoolChoiceMarket(capacities: [1, 1],
///                                     preferences: [[0, 1], [1, 0]],
///                                     priorities: [[0, 0], [0, 0]])
/// market.preferenceList(of: 1)   // [1, 0]
/// ```
///
/// One-to-one markets (stable marriage, with the schools as the women) are the case where
/// every capacity is 1.
///
/// ## Representation
///
/// Agents are dense indices; names live in side tables at the input/output edge. Each
/// student's list is a slice of one contiguous array of ``Entry`` values (school and strict
/// rank side by side, so a proposal costs one cache miss): student *i*'s list occupies
/// `entries[listStart[i] ..< listStart[i] + listLength[i]]`, most preferred first. The slot
/// holds the truthful list; a reported list (a subset of it, reordered) is written into the
/// same slot, which is how the strategy-proofness audit changes one report without
/// rebuilding the market.
///
/// Each entry carries the school's **weak** priority class for that student (smaller is
/// higher; equal is a tie) in ``priorities``, and the school's **strict** rank of the student
/// after tie-breaking in ``Entry/rank`` (smaller is better; ranks are distinct at each school).
/// Mechanisms use the strict ranks; the stability checkers use the weak classes (justified
/// envy needs *strictly* higher priority).
///
/// Invariant: at each school, the ranks of its applicants are distinct and below
/// ``rankBound(of:)``; every list has distinct schools.
public struct SchoolChoiceMarket: Sendable, Equatable {
  /// One entry of a student's list: the school, and the student's strict rank at that school.
  @frozen
  public struct Entry: Sendable, Hashable {
    public var school: Int32
    public var rank: UInt32
    @inlinable
    public init(school: Int32, rank: UInt32) {
      self.school = school
      self.rank = rank
    }
  }

  /// Seats per school.
  public private(set) var capacities: [Int32]
  /// Where each student's slot starts in ``entries``; `studentCount + 1` values.
  public private(set) var listStart: [Int32]
  /// How much of each student's slot her current (reported) list uses.
  public private(set) var listLength: [Int32]
  /// All lists, student by student, most preferred first within a list.
  public private(set) var entries: [Entry]
  /// The weak priority class of the student at the entry's school, aligned with ``entries``.
  public private(set) var priorities: [Int32]
  /// One more than the largest strict rank any school can hold; ranks at school *s* are in
  /// `0..<rankBounds[s]`.
  public private(set) var rankBounds: [Int32]
  /// The rule that refined the priorities into the strict ranks.
  public let tieBreaking: TieBreaking

  /// The number of students *n*.
  @inlinable public var studentCount: Int { listLength.count }
  /// The number of schools *m*.
  @inlinable public var schoolCount: Int { capacities.count }
  /// The total length *E* of the current lists.
  public var totalListLength: Int { listLength.reduce(0) { $0 + Int($1) } }
  /// Total seats.
  public var totalCapacity: Int { capacities.reduce(0) { $0 + Int($1) } }

  /// Creates a market from flat arrays (the form readers produce).
  ///
  /// - Parameters:
  ///   - capacities: seats per school, each at least 1.
  ///   - listOffsets: `studentCount + 1` non-decreasing offsets into `schools`.
  ///   - schools: every list, concatenated, most preferred first.
  ///   - priorities: the school's priority class for the student at each entry (smaller is
  ///     higher priority, equal is a tie); `nil` means every student is tied.
  ///   - lotteryNumbers: a given tie-break number per entry (smaller wins); required for
  ///     ``TieBreaking/given``, ignored otherwise.
  ///   - tieBreaking: how ties are broken; default single tie-breaking with seed 0.
  /// - Throws: ``MarketError`` when a list repeats a school, names a school out of range, or a
  ///   capacity is negative (capacity 0, a closed school, is allowed).
  /// - Complexity: O(*E* log *a*) for *E* entries and at most *a* applicants per school (the
  ///   per-school sort that turns priorities and lotteries into strict ranks).
  public init(
    capacities: [Int32], listOffsets: [Int32], schools: [Int32], priorities: [Int32]? = nil,
    lotteryNumbers: [Int64]? = nil, tieBreaking: TieBreaking = .single(seed: 0)
  ) throws(MarketError) {
    let n = listOffsets.count - 1
    let m = capacities.count
    precondition(n >= 0, "listOffsets needs studentCount + 1 values")
    precondition(Int(listOffsets[n]) == schools.count, "listOffsets must end at schools.count")
    precondition(priorities == nil || priorities!.count == schools.count)
    for (s, c) in capacities.enumerated() where c < 0 {
      throw .negativeCapacity(school: s, capacity: Int(c))
    }
    // Validate lists: schools in range and distinct per student.
    var lastSeen = [Int32](repeating: -1, count: m)
    for i in 0..<n {
      for e in Int(listOffsets[i])..<Int(listOffsets[i + 1]) {
        let s = Int(schools[e])
        guard s >= 0 && s < m else { throw .schoolOutOfRange(student: i, school: s) }
        guard lastSeen[s] != Int32(i) else { throw .duplicateSchool(student: i, school: s) }
        lastSeen[s] = Int32(i)
      }
    }
    if case .given = tieBreaking {
      guard let lotteryNumbers, lotteryNumbers.count == schools.count else {
        throw .missingLottery
      }
    }
    self.capacities = capacities
    self.listStart = listOffsets
    self.listLength = (0..<n).map { listOffsets[$0 + 1] - listOffsets[$0] }
    let prio = priorities ?? [Int32](repeating: 0, count: schools.count)
    self.priorities = prio
    self.tieBreaking = tieBreaking
    let (ranks, bounds) = Self.strictRanks(
      studentCount: n, schoolCount: m, listOffsets: listOffsets, schools: schools,
      priorities: prio, lotteryNumbers: lotteryNumbers, tieBreaking: tieBreaking)
    self.rankBounds = bounds
    var entries = [Entry]()
    entries.reserveCapacity(schools.count)
    for e in 0..<schools.count { entries.append(Entry(school: schools[e], rank: ranks[e])) }
    self.entries = entries
    _checkInvariants()
  }

  /// Creates a market from nested lists (convenient for examples and tests).
  ///
  /// - Parameters:
  ///   - capacities: seats per school.
  ///   - preferences: `preferences[i]` is student *i*'s list of schools, most preferred first.
  ///   - priorities: `priorities[i][j]` is the priority class of student *i* at school
  ///     `preferences[i][j]`; `nil` means every student is tied at every school.
  ///   - lotteryNumbers: aligned with `preferences`, for ``TieBreaking/given``.
  ///   - tieBreaking: how ties are broken.
  /// - Throws: ``MarketError`` for an invalid list or capacity.
  public init(
    capacities: [Int], preferences: [[Int]], priorities: [[Int]]? = nil,
    lotteryNumbers: [[Int]]? = nil, tieBreaking: TieBreaking = .single(seed: 0)
  ) throws(MarketError) {
    var offsets: [Int32] = [0]
    var flat: [Int32] = []
    var prio: [Int32]? = priorities == nil ? nil : []
    var lot: [Int64]? = lotteryNumbers == nil ? nil : []
    for (i, list) in preferences.enumerated() {
      flat += list.map { Int32($0) }
      if let priorities {
        precondition(priorities[i].count == list.count, "priorities must align with preferences")
        prio! += priorities[i].map { Int32($0) }
      }
      if let lotteryNumbers {
        precondition(lotteryNumbers[i].count == list.count, "lotteries must align with preferences")
        lot! += lotteryNumbers[i].map { Int64($0) }
      }
      offsets.append(Int32(flat.count))
    }
    try self.init(
      capacities: capacities.map { Int32($0) }, listOffsets: offsets, schools: flat,
      priorities: prio, lotteryNumbers: lot, tieBreaking: tieBreaking)
  }

  /// Creates a market whose schools rank students by complete strict orders (the form of a
  /// stable-marriage or college-admissions instance with both sides' lists).
  ///
  /// - Parameters:
  ///   - capacities: seats per school.
  ///   - studentPreferences: each student's list of schools, most preferred first.
  ///   - schoolPreferences: each school's list of students, most preferred first; a student
  ///     absent from a school's list is unacceptable to it, and the pair is dropped.
  public init(
    capacities: [Int], studentPreferences: [[Int]], schoolPreferences: [[Int]]
  ) throws(MarketError) {
    var rankAt = [[Int: Int]](repeating: [:], count: capacities.count)
    for (s, list) in schoolPreferences.enumerated() {
      for (r, i) in list.enumerated() { rankAt[s][i] = r }
    }
    var prefs: [[Int]] = []
    var prios: [[Int]] = []
    for (i, list) in studentPreferences.enumerated() {
      let kept = list.filter { $0 >= 0 && $0 < capacities.count && rankAt[$0][i] != nil }
      prefs.append(kept)
      prios.append(kept.map { rankAt[$0][i]! })
    }
    try self.init(
      capacities: capacities, preferences: prefs, priorities: prios, tieBreaking: .single(seed: 0))
  }

  /// The strict ranks: sort each school's applicants by (priority class, lottery number,
  /// input order) and number them.
  ///
  /// Each application's sort key packs (class, lottery, position among the school's
  /// applicants) into one `UInt64` when the three fit, so each school sorts plain integers by
  /// an LSD radix sort on just the bits that vary; otherwise it sorts tuples. Keys are built
  /// in one sequential pass over the lists, written into per-school buckets.
  ///
  /// - Complexity: O(*E* · *b* / 11) for *E* entries and *b* varying key bits (at most 64).
  static func strictRanks(
    studentCount n: Int, schoolCount m: Int, listOffsets: [Int32], schools: [Int32],
    priorities: [Int32], lotteryNumbers: [Int64]?, tieBreaking: TieBreaking
  ) -> (ranks: [UInt32], bounds: [Int32]) {
    let e = schools.count
    func bits(_ x: UInt64) -> Int { x == 0 ? 0 : 64 - x.leadingZeroBitCount }
    // The tie-break number of entry k of student i, as a non-negative offset.
    var lottery: [Int32] = []
    var seedForMultiple: UInt64 = 0
    var lowLottery: Int64 = 0
    let tieBits: Int
    switch tieBreaking {
    case .single(let seed):
      var rng = SeededGenerator(seed: seed)
      lottery = rng.permutation(n)
      tieBits = bits(UInt64(max(0, n - 1)))
    case .multiple(let seed):
      seedForMultiple = seed
      tieBits = 32
    case .given:
      let values = lotteryNumbers!
      lowLottery = values.min() ?? 0
      tieBits = bits(UInt64(bitPattern: (values.max() ?? 0) &- lowLottery))
    }
    @inline(__always) func tie(_ k: Int, _ i: Int) -> UInt64 {
      switch tieBreaking {
      case .single: UInt64(lottery[i])
      case .multiple:
        SeededGenerator.mix(seedForMultiple ^ SeededGenerator.mix(UInt64(UInt32(schools[k])) << 32 | UInt64(i))) >> 32
      case .given: UInt64(bitPattern: lotteryNumbers![k] &- lowLottery)
      }
    }
    let lowClass = priorities.min() ?? 0
    let classBits = bits(UInt64(UInt32(bitPattern: (priorities.max() ?? 0) &- lowClass)))
    // Buckets by school.
    var start = [Int](repeating: 0, count: m + 1)
    for s in schools { start[Int(s) + 1] += 1 }
    for s in 0..<m { start[s + 1] += start[s] }
    var bounds = [Int32](repeating: 0, count: m)
    var maxCount = 0
    for s in 0..<m {
      bounds[s] = Int32(start[s + 1] - start[s])
      maxCount = max(maxCount, Int(bounds[s]))
    }
    let indexBits = bits(UInt64(max(0, maxCount - 1)))
    var ranks = [UInt32](repeating: 0, count: e)
    guard classBits + tieBits + indexBits <= 64 else {
      // Rare: keys too wide to pack (wide classes and a 64-bit lottery). Sort tuples.
      var bySchool = [[(UInt64, UInt64, Int32)]](repeating: [], count: m)
      for i in 0..<n {
        for k in Int(listOffsets[i])..<Int(listOffsets[i + 1]) {
          bySchool[Int(schools[k])].append(
            (UInt64(UInt32(bitPattern: priorities[k] &- lowClass)), tie(k, i), Int32(k)))
        }
      }
      for s in 0..<m {
        bySchool[s].sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        for (r, item) in bySchool[s].enumerated() { ranks[Int(item.2)] = UInt32(r) }
      }
      return (ranks, bounds)
    }
    // Pack keys into school buckets in one sequential pass.
    var keys = [UInt64](repeating: 0, count: e)
    var fill = start
    for i in 0..<n {
      for k in Int(listOffsets[i])..<Int(listOffsets[i + 1]) {
        let s = Int(schools[k])
        let c = UInt64(UInt32(bitPattern: priorities[k] &- lowClass))
        let local = UInt64(fill[s] - start[s])
        keys[fill[s]] = ((c << tieBits | tie(k, i)) << indexBits) | local
        fill[s] += 1
      }
    }
    // Sort each bucket; then the rank of the applicant at local position j is written to
    // slot start + j.
    var position = [UInt32](repeating: 0, count: e)
    let mask: UInt64 = indexBits == 0 ? 0 : (1 << indexBits) - 1
    var scratch = [UInt64](repeating: 0, count: maxCount)
    keys.withUnsafeMutableBufferPointer { keys in
      scratch.withUnsafeMutableBufferPointer { scratch in
        for s in 0..<m {
          let lo = start[s]
          let bucket = UnsafeMutableBufferPointer(rebasing: keys[lo..<start[s + 1]])
          // By class alone first: when a school's classes are all distinct (strict
          // priorities), that is the order and the lottery bits need no passes.
          radixSort(bucket, scratch: scratch, lowBit: indexBits + tieBits)
          var tied = false
          if tieBits > 0 {
            for j in bucket.indices.dropFirst() where bucket[j] >> UInt64(indexBits + tieBits) == bucket[j - 1] >> UInt64(indexBits + tieBits) {
              tied = true
              break
            }
          }
          if tied { radixSort(bucket, scratch: scratch, lowBit: indexBits) }
          for (r, key) in bucket.enumerated() { position[lo + Int(key & mask)] = UInt32(r) }
        }
      }
    }
    // Back to entry order: entry k was the (fill - start)-th applicant of its school.
    fill = start
    for k in 0..<e {
      let s = Int(schools[k])
      ranks[k] = position[fill[s]]
      fill[s] += 1
    }
    return (ranks, bounds)
  }

  /// Sorts `keys` ascending by their bits from `lowBit` up (the bits below are distinct
  /// payload): least-significant-digit radix sort, 11 bits a pass, over the varying bits
  /// only; small buckets use insertion sort.
  static func radixSort(
    _ keys: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>, lowBit: Int
  ) {
    let n = keys.count
    if n < 2 { return }
    if n <= 64 {
      for a in 1..<n {
        let x = keys[a]
        var b = a
        while b > 0 && keys[b - 1] > x {
          keys[b] = keys[b - 1]
          b -= 1
        }
        keys[b] = x
      }
      return
    }
    var varying: UInt64 = 0
    let first = keys[0]
    for x in keys { varying |= x ^ first }
    varying >>= UInt64(lowBit)
    if varying == 0 { return }
    let highBit = lowBit + 64 - varying.leadingZeroBitCount
    var shift = lowBit + varying.trailingZeroBitCount
    var source = keys
    var target = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
    var counts = [Int](repeating: 0, count: 2049)
    counts.withUnsafeMutableBufferPointer { counts in
      while shift < highBit {
        for d in 0..<2049 { counts[d] = 0 }
        for x in source { counts[Int((x >> UInt64(shift)) & 2047) + 1] += 1 }
        for d in 0..<2048 { counts[d + 1] += counts[d] }
        for x in source {
          let d = Int((x >> UInt64(shift)) & 2047)
          target[counts[d]] = x
          counts[d] += 1
        }
        swap(&source, &target)
        shift += 11
      }
    }
    if source.baseAddress != keys.baseAddress {
      _ = keys.update(fromContentsOf: source)
    }
  }
}

// MARK: - Reading lists

extension SchoolChoiceMarket {
  /// The range of student *i*'s current list in ``entries``.
  @inlinable
  public func listRange(of student: StudentID) -> Range<Int> {
    let s = Int(listStart[student])
    return s..<(s + Int(listLength[student]))
  }

  /// Student *i*'s current list of schools, most preferred first.
  public func preferenceList(of student: StudentID) -> [SchoolID] {
    listRange(of: student).map { Int(entries[$0].school) }
  }

  /// The position of `school` in student *i*'s current list (0 = first choice), or `nil`
  /// if she does not list it.
  ///
  /// - Complexity: O(*k*) for her list length *k*.
  public func position(of school: SchoolID, in student: StudentID) -> Int? {
    let r = listRange(of: student)
    for e in r where Int(entries[e].school) == school { return e - r.lowerBound }
    return nil
  }

  /// Rank bound of school *s*: its strict ranks are `0..<rankBound(of: s)`.
  @inlinable
  public func rankBound(of school: SchoolID) -> Int { Int(rankBounds[school]) }

  /// Each school's current applicants, best strict rank first, as flat arrays:
  /// school *s*'s applicants are `students[offsets[s]..<offsets[s+1]]`, and `entryIndex`
  /// gives, aligned, the index of that application in ``entries``.
  ///
  /// - Complexity: O(*E* + Σ rank bounds) by a counting sort on the strict ranks.
  public func applicantLists() -> (offsets: [Int32], students: [Int32], entryIndex: [Int32]) {
    let m = schoolCount
    var base = [Int32](repeating: 0, count: m + 1)
    for s in 0..<m { base[s + 1] = base[s] + rankBounds[s] }
    let slots = Int(base[m])
    var slotEntry = [Int32](repeating: -1, count: slots)
    var count = [Int32](repeating: 0, count: m + 1)
    for i in 0..<studentCount {
      for e in listRange(of: i) {
        let en = entries[e]
        slotEntry[Int(base[Int(en.school)]) + Int(en.rank)] = Int32(e)
        count[Int(en.school) + 1] += 1
      }
    }
    for s in 0..<m { count[s + 1] += count[s] }
    var students = [Int32](repeating: 0, count: Int(count[m]))
    var entryIndex = [Int32](repeating: 0, count: Int(count[m]))
    var entryStudent = [Int32](repeating: 0, count: entries.count)
    for i in 0..<studentCount { for e in listRange(of: i) { entryStudent[e] = Int32(i) } }
    var w = 0
    for slot in 0..<slots where slotEntry[slot] >= 0 {
      let e = Int(slotEntry[slot])
      students[w] = entryStudent[e]
      entryIndex[w] = Int32(e)
      w += 1
    }
    return (count, students, entryIndex)
  }
}

// MARK: - Changing one report

extension SchoolChoiceMarket {
  /// Replaces student *i*'s reported list by `schools` (in order), which must be a subset of
  /// her truthful list, keeping each school's priority and lottery for her.
  ///
  /// This is the audit's primitive: it writes into her own slot and touches nothing else, so
  /// it costs O(*k*) for her truthful list length *k*, not a rebuild of the market.
  ///
  /// - Parameters:
  ///   - student: the student whose report changes.
  ///   - schools: the new list; each school must be on `truthful`'s list for this student.
  ///   - truthful: the market holding her truthful list (often `self` before any change).
  /// - Precondition: every school in `schools` is on her truthful list, with no repeats.
  public mutating func replaceList(
    of student: StudentID, with schools: [SchoolID], truthful: SchoolChoiceMarket
  ) {
    let truth = truthful.listRange(of: student)
    precondition(schools.count <= truth.count, "a reported list must come from the truthful list")
    let start = Int(listStart[student])
    var newEntries: [(Entry, Int32)] = []
    newEntries.reserveCapacity(schools.count)
    for s in schools {
      guard let e = truth.first(where: { Int(truthful.entries[$0].school) == s }) else {
        preconditionFailure("school \(s) is not on student \(student)'s truthful list")
      }
      newEntries.append((truthful.entries[e], truthful.priorities[e]))
    }
    for (j, item) in newEntries.enumerated() {
      entries[start + j] = item.0
      priorities[start + j] = item.1
    }
    listLength[student] = Int32(schools.count)
  }

  /// Replaces school *s*'s strict order over its applicants by `order` (best first): the
  /// applicants it lists get ranks in that order, and those it leaves out become
  /// unacceptable to it (their application is dropped from their lists).
  ///
  /// This is the receiving side's report in two-sided matching (truncation is the classic
  /// manipulation). Weak priority classes are set to the new strict order.
  ///
  /// - Complexity: O(*E*) (it rewrites the lists of the school's applicants).
  public mutating func replaceRanking(of school: SchoolID, with order: [StudentID]) {
    var newRank = [Int: Int]()
    for (r, i) in order.enumerated() { newRank[i] = r }
    for i in 0..<studentCount {
      let r = listRange(of: i)
      var w = r.lowerBound
      for e in r {
        var en = entries[e]
        var p = priorities[e]
        if Int(en.school) == school {
          guard let nr = newRank[i] else { continue }
          en.rank = UInt32(nr)
          p = Int32(nr)
        }
        entries[w] = en
        priorities[w] = p
        w += 1
      }
      listLength[i] = Int32(w - r.lowerBound)
    }
    rankBounds[school] = max(rankBounds[school], Int32(order.count))
  }
}

/// A market that cannot be built: the data break one of the model's rules.
public enum MarketError: Error, Sendable, Equatable, CustomStringConvertible {
  case negativeCapacity(school: Int, capacity: Int)
  case schoolOutOfRange(student: Int, school: Int)
  case duplicateSchool(student: Int, school: Int)
  case missingLottery
  case houseOutOfRange(agent: Int, house: Int)
  case duplicateHouse(agent: Int, house: Int)
  case endowmentsNotABijection(detail: String)

  public var description: String {
    switch self {
    case .negativeCapacity(let s, let c): "school \(s) has capacity \(c); capacities must not be negative"
    case .schoolOutOfRange(let i, let s): "student \(i) lists school \(s), which does not exist"
    case .duplicateSchool(let i, let s): "student \(i) lists school \(s) twice"
    case .missingLottery: "given tie-breaking needs a lottery number for every application"
    case .houseOutOfRange(let a, let h): "agent \(a) lists house \(h), which does not exist"
    case .duplicateHouse(let a, let h): "agent \(a) lists house \(h) twice"
    case .endowmentsNotABijection(let d): "endowments must give each agent exactly one house: \(d)"
    }
  }
}
