import MatchingCore

/// A residency market with the names it was read with.
public struct NamedResidencyMarket: Sendable {
  /// The market on dense indices.
  public var market: ResidencyMarket
  /// Applicant names by index: singles (order of first appearance in the applications), then
  /// couple members (order of the couples file, member a before member b).
  public var applicantNames: [String]
  /// Program names by index (order of the schools file).
  public var schoolNames: [String]
  /// Couple names by index (order of the couples file).
  public var coupleNames: [String]
  /// Singles' applications dropped because the program does not rank the applicant.
  public var droppedApplications: Int
  /// Couples' pairs dropped because a program of the pair does not rank its member.
  public var droppedCouplePairs: Int
}

/// Reads residency markets with couples and writes their matchings.
///
/// ```swift
/// let named = try ResidencyCSV.read(
///   schools: "schools.csv", applications: "applications.csv", rankings: "rankings.csv",
///   couples: "couples.csv", coupleApplications: "couple_applications.csv")
/// let outcome = RothPeranson().match(named.market)
/// ```
///
/// Formats (columns found by header name; extra columns ignored):
/// - `schools.csv`: `school,capacity`; `applications.csv`: singles' lists
///   (`student,school,rank`), as for school choice;
/// - `rankings.csv`: `school,student,rank`, strict per program, 1 = best; unranked =
///   unacceptable (singles and couple members alike);
/// - `couples.csv`: `couple,member_a,member_b`; members have no rows in `applications.csv`;
/// - `couple_applications.csv`: `couple,school_a,school_b,rank`, an empty school for a member
///   who goes unmatched (not both), ranks distinct per couple (1 = best).
public enum ResidencyCSV {
  /// Reads the five files into one market.
  ///
  /// - Throws: ``InputError`` naming file, line and column: an unknown school, student or
  ///   couple; a couple member with own applications, in two couples, or twice in one; a
  ///   couple pair with both schools empty, listed twice, or a repeated rank; bad integers.
  /// - Complexity: O(*E* + *C* + *R* log *R*) for *E* applications, *C* couple rows, *R*
  ///   ranked pairs.
  public static func read(
    schools: String, applications: String, rankings: String, couples: String, coupleApplications: String
  ) throws(InputError) -> NamedResidencyMarket {
    // A market of couples only has an applications file with a header and no rows, which
    // the school-choice reader rejects: read the schools alone then.
    let base: NamedSchoolChoiceMarket? =
      try hasRows(applications, columns: ["student", "school", "rank"])
      ? SchoolChoiceCSV.read(schools: schools, applications: applications) : nil
    let capacities: [Int32]
    let schoolNames: [String]
    if let base {
      (capacities, schoolNames) = (base.market.capacities, base.schoolNames)
    } else {
      (capacities, schoolNames) = try readSchools(schools)
    }
    var schoolTable = NameTable()
    for name in schoolNames { schoolTable.intern(name) }
    var applicantTable = NameTable()
    for name in base?.studentNames ?? [] { applicantTable.intern(name) }
    let singleCount = applicantTable.count

    // Couples.
    var coupleTable = NameTable()
    var members: [Int32] = []
    var memberLine: [Int: Int] = [:]
    do {
      let csv = try CSVReader(path: couples)
      let cCouple = try csv.requireColumn("couple")
      let cA = try csv.requireColumn("member_a")
      let cB = try csv.requireColumn("member_b")
      while try csv.nextRecord() {
        guard !csv.isEmpty(cCouple) else { throw csv.fieldError(cCouple, "empty couple id") }
        let (_, isNew) = csv.withBytes(cCouple) { coupleTable.intern($0) }
        guard isNew else { throw csv.fieldError(cCouple, "couple '\(csv.trimmed(cCouple))' is listed twice") }
        for column in [cA, cB] {
          guard !csv.isEmpty(column) else { throw csv.fieldError(column, "empty member id") }
          let name = csv.trimmed(column)
          if let i = applicantTable.index(of: name) {
            if i < singleCount {
              throw csv.fieldError(
                column, "member '\(name)' of a couple has own applications in \(applications); couple members apply only through \(coupleApplications)")
            }
            throw csv.fieldError(column, "member '\(name)' is already in a couple (line \(memberLine[i] ?? 0))")
          }
          let i = applicantTable.intern(name)
          memberLine[i] = csv.line
          members.append(Int32(i))
        }
      }
    }
    let n = applicantTable.count

    // Rankings.
    let ranks = try ProgramRankings.read(rankings, schools: schoolTable, students: applicantTable)

    // Singles' lists, keeping the pairs their programs rank.
    var listStart: [Int32] = [0]
    var entries: [SchoolChoiceMarket.Entry] = []
    entries.reserveCapacity(base?.market.entries.count ?? 0)
    var dropped = 0
    for i in 0..<n {
      if i < singleCount, let singles = base?.market {
        for e in singles.listRange(of: i) {
          let s = Int(singles.entries[e].school)
          guard let r = ranks.position(school: s, student: i) else {
            dropped += 1
            continue
          }
          entries.append(.init(school: Int32(s), rank: r))
        }
      }
      listStart.append(Int32(entries.count))
    }

    // Couples' joint lists.
    let coupleCount = coupleTable.count
    var rowCouple: [Int32] = []
    var rowRank: [Int64] = []
    var rowLine: [Int32] = []
    var rowEntry: [ResidencyMarket.CoupleEntry] = []
    var droppedPairs = 0
    do {
      let csv = try CSVReader(path: coupleApplications)
      let cCouple = try csv.requireColumn("couple")
      let cA = try csv.requireColumn("school_a")
      let cB = try csv.requireColumn("school_b")
      let cRank = try csv.requireColumn("rank")
      while try csv.nextRecord() {
        guard let c = csv.withBytes(cCouple, { coupleTable.index(of: $0) }) else {
          throw csv.fieldError(cCouple, "unknown couple '\(csv.trimmed(cCouple))' (not in \(couples))")
        }
        var programs: [Int32] = [-1, -1]
        for (side, column) in [cA, cB].enumerated() where !csv.isEmpty(column) {
          guard let s = csv.withBytes(column, { schoolTable.index(of: $0) }) else {
            throw csv.fieldError(column, "unknown school '\(csv.trimmed(column))' (not in \(schools))")
          }
          programs[side] = Int32(s)
        }
        guard programs[0] >= 0 || programs[1] >= 0 else {
          throw csv.recordError("both schools are empty: a pair must place at least one member")
        }
        let r = try csv.int(cRank)
        guard r >= 1 else { throw csv.fieldError(cRank, "rank \(r) must be at least 1") }
        rowCouple.append(Int32(c))
        rowRank.append(Int64(r))
        rowLine.append(Int32(truncatingIfNeeded: csv.line))
        rowEntry.append(.init(programA: programs[0], rankA: 0, programB: programs[1], rankB: 0))
      }
    }
    let order = rowCouple.indices.sorted {
      (rowCouple[$0], rowRank[$0], rowLine[$0]) < (rowCouple[$1], rowRank[$1], rowLine[$1])
    }
    var coupleStart = [Int32](repeating: 0, count: coupleCount + 1)
    var coupleEntries: [ResidencyMarket.CoupleEntry] = []
    var seenPair: [ResidencyMarket.CoupleEntry: Int32] = [:]
    var previous = -1
    for row in order {
      let c = Int(rowCouple[row])
      if previous >= 0 && Int(rowCouple[previous]) == c && rowRank[previous] == rowRank[row] {
        throw InputError(
          file: coupleApplications, line: Int(rowLine[row]), column: "rank",
          message: "couple '\(coupleTable.names[c])' gives rank \(rowRank[row]) to two pairs (also on line \(rowLine[previous]))")
      }
      if previous < 0 || Int(rowCouple[previous]) != c { seenPair.removeAll(keepingCapacity: true) }
      previous = row
      var e = rowEntry[row]
      if let earlier = seenPair[e] {
        throw InputError(
          file: coupleApplications, line: Int(rowLine[row]),
          message: "couple '\(coupleTable.names[c])' lists the same pair twice (also on line \(earlier))")
      }
      seenPair[e] = rowLine[row]
      let a = Int(members[2 * c])
      let b = Int(members[2 * c + 1])
      var acceptable = true
      if e.programA >= 0 {
        if let r = ranks.position(school: Int(e.programA), student: a) { e.rankA = r } else { acceptable = false }
      }
      if e.programB >= 0 {
        if let r = ranks.position(school: Int(e.programB), student: b) { e.rankB = r } else { acceptable = false }
      }
      guard acceptable else {
        droppedPairs += 1
        continue
      }
      coupleEntries.append(e)
      coupleStart[c + 1] = Int32(coupleEntries.count)
    }
    for c in 0..<coupleCount { coupleStart[c + 1] = max(coupleStart[c + 1], coupleStart[c]) }

    do {
      let market = try ResidencyMarket(
        capacities: capacities, rankBounds: ranks.rankedCount, listStart: listStart, entries: entries,
        coupleMembers: members, coupleListStart: coupleStart, coupleEntries: coupleEntries)
      return NamedResidencyMarket(
        market: market, applicantNames: applicantTable.names, schoolNames: schoolNames,
        coupleNames: coupleTable.names, droppedApplications: dropped, droppedCouplePairs: droppedPairs)
    } catch {
      throw InputError(file: coupleApplications, line: 0, message: error.description)
    }
  }

  /// Whether `path` has at least one record after its header (which must name `columns`);
  /// standard input is not probed (it can be read once), and counts as having rows.
  static func hasRows(_ path: String, columns: [String]) throws(InputError) -> Bool {
    if InputFile.isStandardInput(path) { return true }
    let csv = try CSVReader(path: path)
    for name in columns { _ = try csv.requireColumn(name) }
    return try csv.nextRecord()
  }

  /// The schools file alone (`school,capacity`), with the school-choice reader's checks.
  static func readSchools(_ path: String) throws(InputError) -> ([Int32], [String]) {
    var table = NameTable()
    var capacities: [Int32] = []
    let csv = try CSVReader(path: path)
    let cName = try csv.requireColumn("school")
    let cCap = try csv.requireColumn("capacity")
    while try csv.nextRecord() {
      guard !csv.isEmpty(cName) else { throw csv.fieldError(cName, "empty school name") }
      guard csv.withBytes(cName, { table.intern($0).isNew }) else {
        throw csv.fieldError(cName, "school '\(csv.trimmed(cName))' is listed twice")
      }
      let c = try csv.int(cCap)
      guard c >= 0 else { throw csv.fieldError(cCap, "capacity \(c) must not be negative (0 closes the school)") }
      guard c <= Int(Int32.max) else { throw csv.fieldError(cCap, "capacity \(c) is too large") }
      capacities.append(Int32(c))
    }
    guard !capacities.isEmpty else { throw InputError(file: csv.path, line: 0, message: "no schools: the file has a header but no rows") }
    return (capacities, table.names)
  }

  /// The bytes of the matching file: `student,school`, one row per applicant (singles, then
  /// couple members), the school empty when unmatched.
  ///
  /// - Complexity: O(*n*).
  public static func matchingBytes(_ matching: Matching, of named: NamedResidencyMarket) -> [UInt8] {
    OutputBuffer.matchingCSV(matching, header: "student,school", agents: named.applicantNames, partners: named.schoolNames)
  }
}
