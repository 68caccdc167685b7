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
  public internal(set) var capacities: [Int32]
  /// Where each student's slot starts in ``entries``; `studentCount + 1` values.
  public internal(set) var listStart: [Int32]
  /// How much of each student's slot her current (reported) list uses.
  public internal(set) var listLength: [Int32]
  /// All lists, student by student, most preferred first within a list.
  public internal(set) var entries: [Entry]
  /// The weak priority class of the student at the entry's school, aligned with ``entries``.
  public internal(set) var priorities: [Int32]
  /// One more than the largest strict rank any school can hold; ranks at school *s* are in
  /// `0..<rankBounds[s]`.
  public internal(set) var rankBounds: [Int32]
  /// The rule that refined the priorities into the strict ranks.
  public let tieBreaking: TieBreaking
  /// The students' and schools' identities the lottery draws from (a hash of each name), so
  /// that the lottery, and the order of random serial dictatorship, do not depend on the
  /// order of the input.
  public internal(set) var lotteryKeys: LotteryKeys

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
  ///   - lotteryKeys: the agents' identities for the lottery (``LotteryKeys``); `nil` names
  ///     each agent by its index in decimal. Readers pass the keys of the names in the file,
  ///     so that the lottery does not depend on row order.
  /// - Throws: ``MarketError`` when a list repeats a school, names a school out of range, or a
  ///   capacity is negative (capacity 0, a closed school, is allowed).
  /// - Complexity: O(*n* + *E* log *a*) for *n* students, *E* entries and at most *a*
  ///   applicants per school (the per-school sort that turns priorities and lotteries into
  ///   strict ranks).
  public init(
    capacities: [Int32], listOffsets: [Int32], schools: [Int32], priorities: [Int32]? = nil,
    lotteryNumbers: [Int64]? = nil, tieBreaking: TieBreaking = .single(seed: 0),
    lotteryKeys: LotteryKeys? = nil
  ) throws(MarketError) {
    let n = listOffsets.count - 1
    let m = capacities.count
    precondition(n >= 0, "listOffsets needs studentCount + 1 values")
    let keys = lotteryKeys ?? LotteryKeys(studentCount: n, schoolCount: m)
    precondition(keys.students.count == n && keys.schools.count == m, "one lottery key per student and per school")
    precondition(Int(listOffsets[n]) == schools.count, "listOffsets must end at schools.count")
    precondition(priorities == nil || priorities!.count == schools.count)
    for (s, c) in capacities.enumerated() where c < 0 {
      throw .negativeCapacity(school: s, capacity: Int(c))
    }
    // Validate lists: schools in range and distinct per student (on the tie-breaking's
    // workers for large markets; the error reported is the first student's in index order).
    let ranges = Self.studentRanges(
      listOffsets: listOffsets, count: schools.count < 1 << 20 ? 1 : max(1, min(Self.tieBreakingThreads, n)))
    var errors = [MarketError?](repeating: nil, count: ranges.count - 1)
    errors.withUnsafeMutableBufferPointer { errors in
      concurrentlyPerform(iterations: errors.count) { r in
        var lastSeen = [Int32](repeating: -1, count: m)
        for i in Int(ranges[r])..<Int(ranges[r + 1]) {
          for e in Int(listOffsets[i])..<Int(listOffsets[i + 1]) {
            let s = Int(schools[e])
            guard s >= 0 && s < m else { errors[r] = .schoolOutOfRange(student: i, school: s); return }
            guard lastSeen[s] != Int32(i) else { errors[r] = .duplicateSchool(student: i, school: s); return }
            lastSeen[s] = Int32(i)
          }
        }
      }
    }
    if let first = errors.lazy.compactMap({ $0 }).first { throw first }
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
    self.lotteryKeys = keys
    (self.entries, self.rankBounds) = Self.strictRanks(
      studentCount: n, schoolCount: m, listOffsets: listOffsets, schools: schools,
      priorities: prio, lotteryNumbers: lotteryNumbers, tieBreaking: tieBreaking, keys: keys)
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
  ///   - lotteryKeys: the agents' identities for the lottery; `nil` names them by index.
  /// - Throws: ``MarketError`` for an invalid list or capacity.
  public init(
    capacities: [Int], preferences: [[Int]], priorities: [[Int]]? = nil,
    lotteryNumbers: [[Int]]? = nil, tieBreaking: TieBreaking = .single(seed: 0),
    lotteryKeys: LotteryKeys? = nil
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
      priorities: prio, lotteryNumbers: lot, tieBreaking: tieBreaking, lotteryKeys: lotteryKeys)
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
}
