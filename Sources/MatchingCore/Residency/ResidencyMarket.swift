/// A residency market with couples: programs (schools) with capacities and strict rank lists
/// over applicants; single applicants with lists of programs; and couples who submit one joint
/// list of program pairs.
///
/// ```swift
/// // Two one-seat programs; couple (0, 1) wants (0, 1); single 2 prefers 0 to 1.
/// let market = try ResidencyMarket(
///   capacities: [1, 1], programRankings: [[0, 2], [2, 1]],
///   singlePreferences: [[], [], [0, 1]], couples: [(0, 1)], coupleLists: [[(0, 1)]])
/// market.coupleCount   // 1
/// ```
///
/// This is the Hospitals/Residents problem with Couples (HRC) of Roth and Peranson (1999)
/// and Biró, Manlove and McBride (2014).
///
/// ## Representation
///
/// Applicants `0..<applicantCount` are dense: singles and couple members together, so one
/// ``Matching`` (a program per applicant) describes an outcome. A single's list is a slice of
/// ``entries`` (program and the program's **position** of her, 0 = its first choice); a
/// couple member's own slice is empty. Couple *c*'s members are `coupleMembers[2c]` (member
/// a) and `coupleMembers[2c + 1]` (member b); its joint list is a slice of ``coupleEntries``,
/// each a pair of programs (``CoupleEntry/unmatched`` for a member who stays unmatched) with
/// each program's position of its member. A program's positions are on one scale for all its
/// applicants, singles and couple members alike.
///
/// Invariant: every entry names a program that ranks the applicant; a single's list and a
/// couple's list have no repeats; no couple entry is (unmatched, unmatched); each applicant is
/// single or in exactly one couple.
public struct ResidencyMarket: Sendable, Equatable {
  /// One entry of a couple's joint list.
  @frozen
  public struct CoupleEntry: Sendable, Hashable {
    /// Program of member a, or ``unmatched``.
    public var programA: Int32
    /// Program a's position of member a (0 when member a stays unmatched).
    public var rankA: UInt32
    /// Program of member b, or ``unmatched``.
    public var programB: Int32
    /// Program b's position of member b (0 when member b stays unmatched).
    public var rankB: UInt32

    /// The sentinel for "this member stays unmatched".
    public static let unmatched: Int32 = -1

    @inlinable
    public init(programA: Int32, rankA: UInt32, programB: Int32, rankB: UInt32) {
      self.programA = programA
      self.rankA = rankA
      self.programB = programB
      self.rankB = rankB
    }
  }

  /// Seats per program.
  public let capacities: [Int32]
  /// Where each applicant's own list starts in ``entries``; `applicantCount + 1` values
  /// (couple members' slices are empty).
  public let listStart: [Int32]
  /// Singles' lists, most preferred first; `rank` is the program's position of the applicant.
  public let entries: [SchoolChoiceMarket.Entry]
  /// Couples' members, two per couple (a, then b).
  public let coupleMembers: [Int32]
  /// Where each couple's joint list starts in ``coupleEntries``; `coupleCount + 1` values.
  public let coupleListStart: [Int32]
  /// Couples' joint lists, most preferred first.
  public let coupleEntries: [CoupleEntry]
  /// The couple of each applicant, or -1 for a single.
  public let coupleOf: [Int32]
  /// How many applicants each program ranks (its positions are `0..<rankBounds[s]`).
  public let rankBounds: [Int32]

  /// The number of applicants *n* (singles and couple members).
  @inlinable public var applicantCount: Int { coupleOf.count }
  /// The number of programs *m*.
  @inlinable public var programCount: Int { capacities.count }
  /// The number of couples *c*.
  @inlinable public var coupleCount: Int { coupleListStart.count - 1 }

  /// Creates a market from flat arrays (the form readers produce).
  ///
  /// - Parameters:
  ///   - capacities: seats per program, each at least 1.
  ///   - rankBounds: how many applicants each program ranks.
  ///   - listStart: `applicantCount + 1` offsets into `entries`.
  ///   - entries: singles' lists (program and the program's position of the applicant).
  ///   - coupleMembers: two applicants per couple.
  ///   - coupleListStart: `coupleCount + 1` offsets into `coupleEntries`.
  ///   - coupleEntries: couples' joint lists.
  /// - Throws: ``ResidencyError`` when a rule of the model is broken.
  /// - Complexity: O(*n* + *m* + *E* + *C*) for *E* single entries and *C* couple entries.
  public init(
    capacities: [Int32], rankBounds: [Int32], listStart: [Int32], entries: [SchoolChoiceMarket.Entry],
    coupleMembers: [Int32], coupleListStart: [Int32], coupleEntries: [CoupleEntry]
  ) throws(ResidencyError) {
    let n = listStart.count - 1
    let m = capacities.count
    precondition(n >= 0 && Int(listStart[n]) == entries.count, "listStart must have n + 1 offsets ending at entries.count")
    precondition(rankBounds.count == m, "one rank bound per program")
    precondition(coupleMembers.count == 2 * (coupleListStart.count - 1), "two members per couple")
    precondition(Int(coupleListStart.last ?? 0) == coupleEntries.count, "coupleListStart must end at coupleEntries.count")
    for (s, c) in capacities.enumerated() where c < 1 { throw .nonPositiveCapacity(program: s, capacity: Int(c)) }
    var coupleOf = [Int32](repeating: -1, count: n)
    for (k, i) in coupleMembers.enumerated() {
      guard i >= 0 && Int(i) < n else { throw .applicantOutOfRange(applicant: Int(i)) }
      guard coupleOf[Int(i)] < 0 else { throw .memberOfTwoCouples(applicant: Int(i)) }
      coupleOf[Int(i)] = Int32(k / 2)
    }
    var stamp = [Int32](repeating: -1, count: m)
    for i in 0..<n {
      let range = Int(listStart[i])..<Int(listStart[i + 1])
      if coupleOf[i] >= 0 && !range.isEmpty { throw .coupleMemberWithOwnList(applicant: i) }
      for e in range {
        let s = Int(entries[e].school)
        guard s >= 0 && s < m else { throw .programOutOfRange(applicant: i, program: s) }
        guard stamp[s] != Int32(i) else { throw .duplicateProgram(applicant: i, program: s) }
        guard entries[e].rank < UInt32(rankBounds[s]) else { throw .rankOutOfRange(program: s, applicant: i) }
        stamp[s] = Int32(i)
      }
    }
    for c in 0..<(coupleListStart.count - 1) {
      var seen = Set<CoupleEntry>()
      for k in Int(coupleListStart[c])..<Int(coupleListStart[c + 1]) {
        let e = coupleEntries[k]
        guard e.programA >= 0 || e.programB >= 0 else { throw .bothUnmatched(couple: c) }
        for (s, r) in [(e.programA, e.rankA), (e.programB, e.rankB)] where s >= 0 {
          guard Int(s) < m else { throw .programOutOfRange(applicant: Int(coupleMembers[2 * c]), program: Int(s)) }
          guard r < UInt32(rankBounds[Int(s)]) else { throw .rankOutOfRange(program: Int(s), applicant: Int(coupleMembers[2 * c])) }
        }
        guard seen.insert(CoupleEntry(programA: e.programA, rankA: 0, programB: e.programB, rankB: 0)).inserted else {
          throw .duplicateCouplePair(couple: c)
        }
      }
    }
    self.capacities = capacities
    self.rankBounds = rankBounds
    self.listStart = listStart
    self.entries = entries
    self.coupleMembers = coupleMembers
    self.coupleListStart = coupleListStart
    self.coupleEntries = coupleEntries
    self.coupleOf = coupleOf
  }

  /// Creates a market from nested lists (for examples and tests). Pairs a program does not
  /// rank are unacceptable and dropped: a single's application, or a couple's entry in which
  /// either program does not rank its member.
  ///
  /// - Parameters:
  ///   - capacities: seats per program.
  ///   - programRankings: each program's applicants, best first.
  ///   - singlePreferences: each applicant's own list (empty for couple members).
  ///   - couples: the couples' members (a, b).
  ///   - coupleLists: each couple's joint list of (program of a, program of b), `nil` for a
  ///     member who stays unmatched.
  /// - Throws: ``ResidencyError`` when a rule of the model is broken.
  public init(
    capacities: [Int], programRankings: [[Int]], singlePreferences: [[Int]], couples: [(Int, Int)],
    coupleLists: [[(Int?, Int?)]]
  ) throws(ResidencyError) {
    precondition(programRankings.count == capacities.count, "one ranking per program")
    precondition(couples.count == coupleLists.count, "one joint list per couple")
    var position = [[Int: UInt32]](repeating: [:], count: capacities.count)
    for (s, list) in programRankings.enumerated() {
      for (r, i) in list.enumerated() { position[s][i] = UInt32(r) }
    }
    func rank(_ s: Int, _ i: Int) -> UInt32? { s >= 0 && s < position.count ? position[s][i] : 0 }
    var listStart: [Int32] = [0]
    var entries: [SchoolChoiceMarket.Entry] = []
    for (i, list) in singlePreferences.enumerated() {
      for s in list {
        if s >= 0 && s < capacities.count {
          guard let r = position[s][i] else { continue }
          entries.append(.init(school: Int32(s), rank: r))
        } else {
          entries.append(.init(school: Int32(s), rank: 0))  // rejected by the flat initialiser
        }
      }
      listStart.append(Int32(entries.count))
    }
    var members: [Int32] = []
    var coupleStart: [Int32] = [0]
    var coupleEntries: [CoupleEntry] = []
    for (c, (a, b)) in couples.enumerated() {
      members += [Int32(a), Int32(b)]
      for (sa, sb) in coupleLists[c] {
        var ra: UInt32 = 0
        var rb: UInt32 = 0
        if let sa, sa >= 0 && sa < capacities.count {
          guard let r = position[sa][a] else { continue }
          ra = r
        }
        if let sb, sb >= 0 && sb < capacities.count {
          guard let r = position[sb][b] else { continue }
          rb = r
        }
        coupleEntries.append(
          CoupleEntry(programA: Int32(sa ?? -1), rankA: ra, programB: Int32(sb ?? -1), rankB: rb))
      }
      coupleStart.append(Int32(coupleEntries.count))
    }
    try self.init(
      capacities: capacities.map { Int32($0) },
      rankBounds: programRankings.map { Int32($0.count) }, listStart: listStart, entries: entries,
      coupleMembers: members, coupleListStart: coupleStart, coupleEntries: coupleEntries)
  }
}

// MARK: - Reading the market

extension ResidencyMarket {
  /// The range of applicant *i*'s own list in ``entries`` (empty for a couple member).
  @inlinable
  public func listRange(of applicant: Int) -> Range<Int> {
    Int(listStart[applicant])..<Int(listStart[applicant + 1])
  }

  /// The range of couple *c*'s joint list in ``coupleEntries``.
  @inlinable
  public func coupleListRange(of couple: Int) -> Range<Int> {
    Int(coupleListStart[couple])..<Int(coupleListStart[couple + 1])
  }

  /// Couple *c*'s members (a, b).
  @inlinable
  public func members(of couple: Int) -> (a: Int, b: Int) {
    (Int(coupleMembers[2 * couple]), Int(coupleMembers[2 * couple + 1]))
  }

  /// Whether applicant *i* belongs to a couple.
  @inlinable
  public func isCoupleMember(_ applicant: Int) -> Bool { coupleOf[applicant] >= 0 }

  /// The number of single applicants.
  public var singleCount: Int { applicantCount - 2 * coupleCount }

  /// The position (0 = first) in couple *c*'s list of the pair its members hold in
  /// `matching`; `nil` when both are unmatched, and -1 when the pair held is not on the list.
  ///
  /// - Complexity: O(*k*) for the couple's list length *k*.
  public func heldEntry(of couple: Int, in matching: Matching) -> Int? {
    let (a, b) = members(of: couple)
    let sa = matching.assignment[a]
    let sb = matching.assignment[b]
    if sa < 0 && sb < 0 { return nil }
    let r = coupleListRange(of: couple)
    for k in r where coupleEntries[k].programA == sa && coupleEntries[k].programB == sb {
      return k - r.lowerBound
    }
    return -1
  }
}

/// A residency market that breaks one of the model's rules.
public enum ResidencyError: Error, Sendable, Equatable, CustomStringConvertible {
  case nonPositiveCapacity(program: Int, capacity: Int)
  case applicantOutOfRange(applicant: Int)
  case programOutOfRange(applicant: Int, program: Int)
  case duplicateProgram(applicant: Int, program: Int)
  case rankOutOfRange(program: Int, applicant: Int)
  case memberOfTwoCouples(applicant: Int)
  case coupleMemberWithOwnList(applicant: Int)
  case bothUnmatched(couple: Int)
  case duplicateCouplePair(couple: Int)

  public var description: String {
    switch self {
    case .nonPositiveCapacity(let s, let c): "program \(s) has capacity \(c); it must be at least 1"
    case .applicantOutOfRange(let i): "applicant \(i) is out of range"
    case .programOutOfRange(let i, let s): "applicant \(i) lists program \(s), which is out of range"
    case .duplicateProgram(let i, let s): "applicant \(i) lists program \(s) twice"
    case .rankOutOfRange(let s, let i): "program \(s)'s position of applicant \(i) is out of range"
    case .memberOfTwoCouples(let i): "applicant \(i) is a member of two couples"
    case .coupleMemberWithOwnList(let i): "applicant \(i) is in a couple and also has an own list"
    case .bothUnmatched(let c): "couple \(c) lists a pair in which both members are unmatched"
    case .duplicateCouplePair(let c): "couple \(c) lists the same pair twice"
    }
  }
}
