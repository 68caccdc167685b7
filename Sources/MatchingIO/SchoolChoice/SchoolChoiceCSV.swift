import MatchingCore

/// A school-choice market with the names it was read with.
public struct NamedSchoolChoiceMarket: Sendable {
  /// The market on dense indices.
  public var market: SchoolChoiceMarket
  /// Student names, by index (order of first appearance in the applications file).
  public var studentNames: [String]
  /// School names, by index (order of the schools file).
  public var schoolNames: [String]

  public init(market: SchoolChoiceMarket, studentNames: [String], schoolNames: [String]) {
    self.market = market
    self.studentNames = studentNames
    self.schoolNames = schoolNames
  }
}

/// Reads and writes school-choice markets and assignments in the long CSV form.
///
/// ```swift
/// let named = try SchoolChoiceCSV.read(schools: "schools.csv", applications: "applications.csv")
/// let matching = DeferredAcceptance().match(named.market)
/// try SchoolChoiceCSV.writeAssignment(matching, of: named, to: "assignment.csv")
/// ```
///
/// Formats (columns found by header name; extra columns ignored):
/// - `schools.csv`: `school,capacity`.
/// - `applications.csv`: `student,school,rank[,priority][,lottery]`, one row per application;
///   rank 1 is the most preferred, and a student's ranks must be 1, 2, ... without gaps or
///   repeats. `priority` is the student's integer class at that school (smaller is higher;
///   equal is a tie; missing column: all tied). `lottery` is a tie-break number per row
///   (smaller wins) that overrides the seeded lottery.
/// - Assignment output: `student,school`, one row per student in order of first appearance,
///   the school empty when unassigned.
public enum SchoolChoiceCSV {
  /// Reads a market.
  ///
  /// - Parameters:
  ///   - schools: path of `schools.csv`.
  ///   - applications: path of `applications.csv`.
  ///   - tieBreaking: how ties are broken; ignored (``TieBreaking/given`` is used) when the
  ///     applications have a `lottery` column.
  /// - Throws: ``InputError`` naming file, line and column for any bad field: unknown
  ///   school, duplicate school or rank, rank gap, capacity below 1, non-integer fields, a
  ///   missing header or column, an empty file.
  /// - Complexity: O(*E*) for *E* applications, plus the market's tie-breaking sort.
  public static func read(
    schools: String, applications: String, tieBreaking: TieBreaking = .single(seed: 0)
  ) throws(InputError) -> NamedSchoolChoiceMarket {
    // Schools.
    var schoolTable = NameTable()
    var capacities: [Int32] = []
    do {
      var csv = try CSVReader(path: schools)
      let cName = try csv.requireColumn("school")
      let cCap = try csv.requireColumn("capacity")
      while try csv.nextRecord() {
        let (index, isNew) = csv.withBytes(cName) { schoolTable.intern($0) }
        if csv.isEmpty(cName) || csv.withBytes(cName, { $0.count == 0 }) {
          throw csv.fieldError(cName, "empty school name")
        }
        guard isNew else {
          throw csv.fieldError(cName, "school '\(schoolTable.names[index])' is listed twice")
        }
        let c = try csv.int(cCap)
        guard c >= 1 else { throw csv.fieldError(cCap, "capacity \(c) must be at least 1") }
        guard c <= Int(Int32.max) else { throw csv.fieldError(cCap, "capacity \(c) is too large") }
        capacities.append(Int32(c))
      }
      guard !capacities.isEmpty else {
        throw InputError(file: schools, line: 0, message: "no schools: the file has a header but no rows")
      }
    }

    // Applications, row by row.
    var studentTable = NameTable()
    var rowStudent: [Int32] = []
    var rowSchool: [Int32] = []
    var rowRank: [Int32] = []
    var rowPriority: [Int32] = []
    var rowLottery: [Int64] = []
    var rowLine: [Int32] = []
    var csv = try CSVReader(path: applications)
    let cStudent = try csv.requireColumn("student")
    let cSchool = try csv.requireColumn("school")
    let cRank = try csv.requireColumn("rank")
    let cPriority = csv.column("priority")
    let cLottery = csv.column("lottery")
    var lastStudent = -1
    var lastStudentBytes: [UInt8] = []
    while try csv.nextRecord() {
      // Student: most files group a student's rows, so compare with the previous row first.
      let student: Int = try csv.withBytes(cStudent) { (bytes) throws(InputError) -> Int in
        if bytes.count == 0 { throw csv.fieldError(cStudent, "empty student id") }
        if lastStudent >= 0 && bytes.elementsEqual(lastStudentBytes) { return lastStudent }
        lastStudent = studentTable.intern(bytes).index
        lastStudentBytes = Array(bytes)
        return lastStudent
      }
      let school = csv.withBytes(cSchool) { schoolTable.index(of: $0) }
      guard let school else {
        throw csv.fieldError(cSchool, "unknown school '\(csv.trimmed(cSchool))' (not in \(schools))")
      }
      let rank = try csv.int(cRank)
      guard rank >= 1 else { throw csv.fieldError(cRank, "rank \(rank) must be at least 1") }
      guard rank <= Int(Int32.max) else { throw csv.fieldError(cRank, "rank \(rank) is too large") }
      if let cPriority {
        let p = try csv.int(cPriority)
        guard p >= Int(Int32.min) && p <= Int(Int32.max) else {
          throw csv.fieldError(cPriority, "priority \(p) does not fit in 32 bits")
        }
        rowPriority.append(Int32(p))
      }
      if let cLottery { rowLottery.append(Int64(try csv.int(cLottery))) }
      rowStudent.append(Int32(student))
      rowSchool.append(Int32(school))
      rowRank.append(Int32(rank))
      rowLine.append(Int32(truncatingIfNeeded: csv.line))
    }
    guard !rowStudent.isEmpty else {
      throw InputError(file: applications, line: 0, message: "no applications: the file has a header but no rows")
    }

    // Lists in rank order (a counting sort by student, placed by rank).
    let n = studentTable.count
    let e = rowStudent.count
    var offsets = [Int32](repeating: 0, count: n + 1)
    for s in rowStudent { offsets[Int(s) + 1] += 1 }
    for i in 0..<n { offsets[i + 1] += offsets[i] }
    var slotRow = [Int32](repeating: -1, count: e)
    let names = studentTable.names
    for r in 0..<e {
      let i = Int(rowStudent[r])
      let length = Int(offsets[i + 1] - offsets[i])
      let rank = Int(rowRank[r])
      guard rank <= length else {
        throw InputError(
          file: applications, line: Int(rowLine[r]), column: "rank",
          message: "student '\(names[i])' has \(length) application(s), so ranks must be 1...\(length) without gaps; found rank \(rank)")
      }
      let slot = Int(offsets[i]) + rank - 1
      guard slotRow[slot] < 0 else {
        throw InputError(
          file: applications, line: Int(rowLine[r]), column: "rank",
          message: "student '\(names[i])' has rank \(rank) twice (also on line \(rowLine[Int(slotRow[slot])]))")
      }
      slotRow[slot] = Int32(r)
    }
    rowRank = []
    var flatSchools = [Int32](repeating: 0, count: e)
    var flatPriorities: [Int32]? = cPriority == nil ? nil : [Int32](repeating: 0, count: e)
    var flatLottery: [Int64]? = cLottery == nil ? nil : [Int64](repeating: 0, count: e)
    var lastSeen = [Int32](repeating: -1, count: schoolTable.count)
    var firstLine = [Int32](repeating: 0, count: schoolTable.count)
    for i in 0..<n {
      for slot in Int(offsets[i])..<Int(offsets[i + 1]) {
        let r = Int(slotRow[slot])
        let s = Int(rowSchool[r])
        guard lastSeen[s] != Int32(i) else {
          throw InputError(
            file: applications, line: Int(rowLine[r]), column: "school",
            message: "student '\(names[i])' applies to school '\(schoolTable.names[s])' twice (also on line \(firstLine[s]))")
        }
        lastSeen[s] = Int32(i)
        firstLine[s] = rowLine[r]
        flatSchools[slot] = Int32(s)
        flatPriorities?[slot] = rowPriority[r]
        flatLottery?[slot] = rowLottery[r]
      }
    }
    rowStudent = []; rowSchool = []; rowPriority = []; rowLottery = []; rowLine = []; slotRow = []
    let rule: TieBreaking = cLottery != nil ? .given : tieBreaking
    do {
      let market = try SchoolChoiceMarket(
        capacities: capacities, listOffsets: offsets, schools: flatSchools,
        priorities: flatPriorities, lotteryNumbers: flatLottery, tieBreaking: rule)
      return NamedSchoolChoiceMarket(market: market, studentNames: names, schoolNames: schoolTable.names)
    } catch {
      // Validated above; anything left is reported against the file as a whole.
      throw InputError(file: applications, line: 0, message: error.description)
    }
  }

  /// Writes the assignment: `student,school`, one row per student in index order (the order
  /// of first appearance), the school empty when unassigned. Atomic: temporary file, then
  /// rename.
  ///
  /// - Complexity: O(*n*).
  public static func writeAssignment(
    _ matching: Matching, of named: NamedSchoolChoiceMarket, to path: String
  ) throws {
    try AtomicFile.write(bytes: assignmentBytes(matching, of: named), to: path)
  }

  /// The bytes of the assignment file (what ``writeAssignment(_:of:to:)`` writes).
  public static func assignmentBytes(_ matching: Matching, of named: NamedSchoolChoiceMarket) -> [UInt8] {
    var out = OutputBuffer()
    out.append("student,school\n")
    for i in 0..<matching.count {
      out.appendField(named.studentNames[i])
      out.append(",")
      if let s = matching.partner(of: i) { out.appendField(named.schoolNames[s]) }
      out.append("\n")
    }
    return out.bytes
  }

  /// Writes a market as `schools.csv` and `applications.csv` (with the `priority` column),
  /// the form ``read(schools:applications:tieBreaking:)`` reads back. Both atomic.
  public static func writeMarket(
    _ named: NamedSchoolChoiceMarket, schools: String, applications: String
  ) throws {
    let market = named.market
    var s = OutputBuffer()
    s.append("school,capacity\n")
    for j in 0..<market.schoolCount {
      s.appendField(named.schoolNames[j])
      s.append(",")
      s.append(Int(market.capacities[j]))
      s.append("\n")
    }
    var a = OutputBuffer()
    a.append("student,school,rank,priority\n")
    for i in 0..<market.studentCount {
      let name = named.studentNames[i]
      for (k, e) in market.listRange(of: i).enumerated() {
        a.appendField(name)
        a.append(",")
        a.appendField(named.schoolNames[Int(market.entries[e].school)])
        a.append(",")
        a.append(k + 1)
        a.append(",")
        a.append(Int(market.priorities[e]))
        a.append("\n")
      }
    }
    try AtomicFile.write(bytes: s.bytes, to: schools)
    try AtomicFile.write(bytes: a.bytes, to: applications)
  }

  /// Reads an assignment file (`student,school`) against a market's names.
  ///
  /// - Throws: ``InputError`` for an unknown student or school, a student listed twice, or a
  ///   student of the market missing from the file.
  public static func readAssignment(
    _ path: String, for named: NamedSchoolChoiceMarket
  ) throws(InputError) -> Matching {
    try readAssignment(
      path, agentColumn: "student", optionColumn: "school", agentNames: named.studentNames,
      optionNames: named.schoolNames)
  }

  /// Reads an agent -> option file against name tables (shared by the housing reader).
  static func readAssignment(
    _ path: String, agentColumn: String, optionColumn: String, agentNames: [String],
    optionNames: [String]
  ) throws(InputError) -> Matching {
    var agents = NameTable()
    for a in agentNames { agents.intern(a) }
    var options = NameTable()
    for o in optionNames { options.intern(o) }
    var assignment = [Int32](repeating: unassigned, count: agentNames.count)
    var seen = [Int32](repeating: 0, count: agentNames.count)
    var csv = try CSVReader(path: path)
    let cA = try csv.requireColumn(agentColumn)
    let cO = try csv.requireColumn(optionColumn)
    while try csv.nextRecord() {
      guard let a = csv.withBytes(cA, { agents.index(of: $0) }) else {
        throw csv.fieldError(cA, "unknown \(agentColumn) '\(csv.trimmed(cA))'")
      }
      guard seen[a] == 0 else {
        throw csv.fieldError(cA, "\(agentColumn) '\(agentNames[a])' appears twice (also on line \(seen[a]))")
      }
      seen[a] = Int32(csv.line)
      if csv.withBytes(cO, { $0.count == 0 }) { continue }
      guard let o = csv.withBytes(cO, { options.index(of: $0) }) else {
        throw csv.fieldError(cO, "unknown \(optionColumn) '\(csv.trimmed(cO))'")
      }
      assignment[a] = Int32(o)
    }
    if let missing = seen.firstIndex(of: 0) {
      throw InputError(
        file: path, line: 0, column: agentColumn,
        message: "\(agentColumn) '\(agentNames[missing])' of the market has no row (unassigned agents need a row with an empty \(optionColumn))")
    }
    return Matching(assignment: assignment)
  }
}
