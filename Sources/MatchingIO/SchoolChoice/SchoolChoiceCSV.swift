#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
  ///   - tieBreaking: how ties are broken; ignored (`TieBreaking.given` is used) when the
  ///     applications have a `lottery` column. Each student's lottery number depends on the
  ///     seed and her name only (`LotteryKeys`), so any order of the rows gives the same
  ///     market.
  ///   - delimiter: the field delimiter of both files; `nil` detects each file's from its
  ///     header line.
  /// - Throws: ``InputError`` naming file, line and column for any bad field: unknown
  ///   school, duplicate school or rank, rank gap, negative capacity, non-integer fields, a
  ///   short row, a missing header or column, an empty file. Capacity 0 (a closed school)
  ///   is allowed. Either path may be `-` for standard input (not both).
  /// - Complexity: O(*E*) for *E* applications, plus the market's tie-breaking sort.
  public static func read(
    schools: String, applications: String, tieBreaking: TieBreaking = .single(seed: 0),
    delimiter: CSVDelimiter? = nil
  ) throws(InputError) -> NamedSchoolChoiceMarket {
    let started = ContinuousClock.now
    let startedCPU = processCPUSeconds()
    lastPartCPUSeconds = []
    // Schools.
    var schoolTable = NameTable()
    var capacities: [Int32] = []
    do {
      let csv = try CSVReader(path: schools, delimiter: delimiter)
      let cName = try csv.requireColumn("school")
      let cCap = try csv.requireColumn("capacity")
      while try csv.nextRecord() {
        let isNew = csv.withBytes(cName) { schoolTable.intern($0).isNew }
        if csv.isEmpty(cName) || csv.withBytes(cName, { $0.count == 0 }) {
          throw csv.fieldError(cName, "empty school name")
        }
        guard isNew else {
          throw csv.fieldError(cName, "school '\(csv.quoted(cName))' is listed twice")
        }
        let c = try csv.int(cCap)
        guard c >= 0 else { throw csv.fieldError(cCap, "capacity \(c) must not be negative (0 closes the school)") }
        guard c <= Int(Int32.max) else { throw csv.fieldError(cCap, "capacity \(c) is too large") }
        capacities.append(Int32(c))
      }
      guard !capacities.isEmpty else {
        throw InputError(file: csv.path, line: 0, message: "no schools: the file has a header but no rows")
      }
    }

    // Most files list each student's applications together, in rank order: read those
    // straight into the lists; anything else takes the general path (which also gives the
    // precise error for a rank gap or repeat).
    let lists: ApplicationLists
    if let parallel = readGroupedInParallel(applications, schoolTable: schoolTable, delimiter: delimiter) {
      lists = parallel
    } else if let fast = try readApplications(
      applications, schools: schools, schoolTable: schoolTable, grouped: true, delimiter: delimiter)
    {
      lists = fast
    } else {
      lists = try readApplications(
        applications, schools: schools, schoolTable: schoolTable, grouped: false, delimiter: delimiter)!
    }
    lastParseDuration = ContinuousClock.now - started
    lastParseCPUSeconds = processCPUSeconds() - startedCPU
    let rule: TieBreaking = lists.lottery != nil ? .given : tieBreaking
    do {
      // The lottery draws from the names, not the row order (LotteryKeys).
      let market = try SchoolChoiceMarket(
        capacities: capacities, listOffsets: lists.offsets, schools: lists.schools,
        priorities: lists.priorities, lotteryNumbers: lists.lottery, tieBreaking: rule,
        lotteryKeys: LotteryKeys(studentNames: lists.names, schoolNames: schoolTable.names))
      lastTieBreakCPUSeconds = processCPUSeconds() - startedCPU - lastParseCPUSeconds
      return NamedSchoolChoiceMarket(market: market, studentNames: lists.names, schoolNames: schoolTable.names)
    } catch {
      // Validated above; anything left is reported against the file as a whole.
      throw InputError(file: InputFile.displayName(applications), line: 0, message: error.description)
    }
  }

  /// How long the last ``read(schools:applications:tieBreaking:delimiter:)`` spent parsing
  /// both files into lists (the rest of its time is tie-breaking and building the market),
  /// for `matchmarket match --timings`. Process-wide; meaningful only in a single-threaded
  /// caller.
  nonisolated(unsafe) public static var lastParseDuration: Duration = .zero
  /// The CPU time (all threads) of that parsing, in seconds.
  nonisolated(unsafe) public static var lastParseCPUSeconds: Double = 0
  /// The CPU time (all threads) of the rest of that read: tie-breaking and building the
  /// market.
  nonisolated(unsafe) public static var lastTieBreakCPUSeconds: Double = 0

  /// The process's CPU time so far (all threads), in seconds.
  static func processCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }

  /// Students' lists as flat arrays, with the students' names.
  struct ApplicationLists {
    var offsets: [Int32]
    var schools: [Int32]
    var priorities: [Int32]?
    var lottery: [Int64]?
    var names: [String]
  }

  /// Reads the applications. With `grouped`, expects each student's rows together in rank
  /// order 1, 2, ... and returns `nil` as soon as the file is not like that; otherwise it
  /// collects rows in any order and sorts them into lists by rank.
  static func readApplications(
    _ applications: String, schools: String, schoolTable: NameTable, grouped: Bool,
    delimiter: CSVDelimiter? = nil
  ) throws(InputError) -> ApplicationLists? {
    var studentTable = NameTable()
    let csv = try CSVReader(path: applications, delimiter: delimiter)
    let schools = InputFile.displayName(schools)
    let applications = csv.path
    let cStudent = try csv.requireColumn("student")
    let cSchool = try csv.requireColumn("school")
    let cRank = try csv.requireColumn("rank")
    let cPriority = csv.column("priority")
    let cLottery = csv.column("lottery")
    // Reserve for the likely row count (about 12+ bytes a row) to avoid regrowing.
    var fileSize = 0
    if let f = fopen(applications, "rb") {
      fseek(f, 0, SEEK_END)
      fileSize = ftell(f)
      fclose(f)
    }
    let estimate = min(fileSize / 12 + 16, 1 << 28)
    var rowStudent: [Int32] = []
    var rowSchool: [Int32] = []
    var rowRank: [Int32] = []
    var rowPriority: [Int32] = []
    var rowLottery: [Int64] = []
    var rowLine: [Int32] = []
    var offsets: [Int32] = [0]
    rowSchool.reserveCapacity(estimate)
    if cPriority != nil { rowPriority.reserveCapacity(estimate) }
    if grouped {
      offsets.reserveCapacity(estimate / 4)
    } else {
      rowStudent.reserveCapacity(estimate)
      rowRank.reserveCapacity(estimate)
      rowLine.reserveCapacity(estimate)
    }
    // Grouped mode: duplicate schools in the current student's list, by stamp.
    var stamp = [Int32](repeating: -1, count: schoolTable.count)
    var stampLine = [Int32](repeating: 0, count: schoolTable.count)
    var lastStudent = -1
    var expectedRank = 1
    var lastStudentBytes = [UInt8](repeating: 0, count: 64)
    var lastStudentLength = -1
    var notGrouped = false
    try csv.forEachRecord { (row) throws(InputError) in
      if notGrouped { return }
      // Student: compare with the previous row's student first.
      let studentBytes = row.bytes(cStudent)
      let length = studentBytes.count
      if length == 0 { throw csv.fieldError(cStudent, "empty student id") }
      var same = length == lastStudentLength
      if same {
        for k in 0..<length where lastStudentBytes[k] != studentBytes[k] {
          same = false
          break
        }
      }
      var isNewStudent = false
      if !same {
        let interned = studentTable.intern(studentBytes)
        lastStudent = interned.index
        isNewStudent = interned.isNew
        if length > lastStudentBytes.count { lastStudentBytes = [UInt8](repeating: 0, count: length) }
        for k in 0..<length { lastStudentBytes[k] = studentBytes[k] }
        lastStudentLength = length
      }
      guard let school = schoolTable.index(of: row.bytes(cSchool)) else {
        throw csv.fieldError(cSchool, "unknown school '\(row.quoted(cSchool))' (not in \(schools))")
      }
      guard let rank = row.int(cRank) else {
        throw csv.fieldError(cRank, "\"\(row.quoted(cRank))\" is not an integer")
      }
      guard rank >= 1 else { throw csv.fieldError(cRank, "rank \(rank) must be at least 1") }
      guard rank <= Int(Int32.max) else { throw csv.fieldError(cRank, "rank \(rank) is too large") }
      if grouped {
        if !same {
          guard isNewStudent && rank == 1 else {
            notGrouped = true
            return
          }
          if lastStudent > 0 { offsets.append(Int32(rowSchool.count)) }
          expectedRank = 1
        }
        guard rank == expectedRank else {
          notGrouped = true
          return
        }
        expectedRank += 1
        if stamp[school] == Int32(lastStudent) {
          throw csv.fieldError(
            cSchool,
            "student '\(InputError.show(studentTable.names[lastStudent]))' applies to school '\(InputError.show(schoolTable.names[school]))' twice (also on line \(stampLine[school]))")
        }
        stamp[school] = Int32(lastStudent)
        stampLine[school] = Int32(truncatingIfNeeded: row.line)
      }
      if let cPriority {
        guard let p = row.int(cPriority) else {
          throw csv.fieldError(cPriority, "\"\(row.quoted(cPriority))\" is not an integer")
        }
        guard p >= Int(Int32.min) && p <= Int(Int32.max) else {
          throw csv.fieldError(cPriority, "priority \(p) does not fit in 32 bits")
        }
        rowPriority.append(Int32(p))
      }
      if let cLottery {
        guard let v = row.int(cLottery) else {
          throw csv.fieldError(cLottery, "\"\(row.quoted(cLottery))\" is not an integer")
        }
        rowLottery.append(Int64(v))
      }
      rowSchool.append(Int32(school))
      if !grouped {
        rowStudent.append(Int32(lastStudent))
        rowRank.append(Int32(rank))
        rowLine.append(Int32(truncatingIfNeeded: row.line))
      }
    }
    if notGrouped { return nil }
    guard !rowSchool.isEmpty else {
      throw InputError(file: applications, line: 0, message: "no applications: the file has a header but no rows")
    }
    let names = studentTable.names
    if grouped {
      offsets.append(Int32(rowSchool.count))
      return ApplicationLists(
        offsets: offsets, schools: rowSchool, priorities: cPriority == nil ? nil : rowPriority,
        lottery: cLottery == nil ? nil : rowLottery, names: names)
    }

    // Lists in rank order (a counting sort by student, placed by rank).
    let n = studentTable.count
    let e = rowStudent.count
    let slotRow: [Int32]
    (offsets, slotRow) = try RankedRows.lists(
      agents: rowStudent, ranks: rowRank, lines: rowLine, agentCount: n, agentNames: names,
      noun: "student", file: applications)
    var flatSchools = [Int32](repeating: 0, count: e)
    var flatPriorities: [Int32]? = cPriority == nil ? nil : [Int32](repeating: 0, count: e)
    var flatLottery: [Int64]? = cLottery == nil ? nil : [Int64](repeating: 0, count: e)
    for i in 0..<n {
      for slot in Int(offsets[i])..<Int(offsets[i + 1]) {
        let r = Int(slotRow[slot])
        let s = Int(rowSchool[r])
        guard stamp[s] != Int32(i) else {
          throw InputError(
            file: applications, line: Int(rowLine[r]), column: "school",
            message: "student '\(InputError.show(names[i]))' applies to school '\(InputError.show(schoolTable.names[s]))' twice (also on line \(stampLine[s]))")
        }
        stamp[s] = Int32(i)
        stampLine[s] = rowLine[r]
        flatSchools[slot] = Int32(s)
        flatPriorities?[slot] = rowPriority[r]
        flatLottery?[slot] = rowLottery[r]
      }
    }
    return ApplicationLists(
      offsets: offsets, schools: flatSchools, priorities: flatPriorities, lottery: flatLottery, names: names)
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
    OutputBuffer.matchingCSV(matching, header: "student,school", agents: named.studentNames, partners: named.schoolNames)
  }

  /// Writes a market as `schools.csv` and `applications.csv` (with the `priority` column),
  /// the form ``read(schools:applications:tieBreaking:delimiter:)`` reads back. Both atomic.
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
    _ path: String, for named: NamedSchoolChoiceMarket, delimiter: CSVDelimiter? = nil
  ) throws(InputError) -> Matching {
    try readAssignment(
      path, agentColumn: "student", optionColumn: "school", agentNames: named.studentNames,
      optionNames: named.schoolNames, delimiter: delimiter)
  }

  /// Reads an agent -> option file against name tables (shared by the housing reader).
  static func readAssignment(
    _ path: String, agentColumn: String, optionColumn: String, agentNames: [String],
    optionNames: [String], delimiter: CSVDelimiter? = nil
  ) throws(InputError) -> Matching {
    var agents = NameTable()
    for a in agentNames { agents.intern(a) }
    var options = NameTable()
    for o in optionNames { options.intern(o) }
    var assignment = [Int32](repeating: unassigned, count: agentNames.count)
    var seen = [Int32](repeating: 0, count: agentNames.count)
    let csv = try CSVReader(path: path, delimiter: delimiter)
    let cA = try csv.requireColumn(agentColumn)
    let cO = try csv.requireColumn(optionColumn)
    while try csv.nextRecord() {
      guard let a = csv.withBytes(cA, { agents.index(of: $0) }) else {
        throw csv.fieldError(cA, "unknown \(agentColumn) '\(csv.quoted(cA))'")
      }
      guard seen[a] == 0 else {
        throw csv.fieldError(cA, "\(agentColumn) '\(csv.quoted(cA))' appears twice (also on line \(seen[a]))")
      }
      seen[a] = Int32(csv.line)
      if csv.withBytes(cO, { $0.count == 0 }) { continue }
      guard let o = csv.withBytes(cO, { options.index(of: $0) }) else {
        throw csv.fieldError(cO, "unknown \(optionColumn) '\(csv.quoted(cO))'")
      }
      assignment[a] = Int32(o)
    }
    if let missing = seen.firstIndex(of: 0) {
      throw InputError(
        file: csv.path, line: 0, column: agentColumn,
        message: "\(agentColumn) '\(InputError.show(agentNames[missing]))' of the market has no row (unassigned agents need a row with an empty \(optionColumn))")
    }
    return Matching(assignment: assignment)
  }
}
