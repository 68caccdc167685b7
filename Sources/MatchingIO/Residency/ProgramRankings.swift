import MatchingCore

/// Programs' strict rank lists over applicants, read from `rankings.csv`
/// (`school,student,rank`; 1 = best, strict; a student a school does not rank is unacceptable
/// to it).
///
/// ```swift
/// let r = try ProgramRankings.read("rankings.csv", schools: schoolTable, students: studentTable)
/// r.position(school: 0, student: 3)   // 0: school 0 ranks student 3 first
/// ```
///
/// Only the order matters: ranks may have gaps (`1, 2, 5`), and each school's ranks are
/// renumbered to positions `0, 1, 2, ...`, best first.
public struct ProgramRankings: Sendable {
  /// Position (0 = best) of each ranked (school, student) pair, keyed by `school << 32 | student`.
  var positions: [UInt64: UInt32]
  /// How many students each school ranks.
  public private(set) var rankedCount: [Int32]
  /// The line of the row that ranked each pair (for messages), same keys as `positions`.
  var lines: [UInt64: Int32]

  @inline(__always)
  static func key(_ school: Int, _ student: Int) -> UInt64 { UInt64(school) << 32 | UInt64(UInt32(student)) }

  /// School *s*'s position of `student` (0 = its first choice), or `nil` when it does not
  /// rank the student (the pair is unacceptable).
  ///
  /// - Complexity: O(1) expected.
  @inline(__always)
  public func position(school: SchoolID, student: StudentID) -> UInt32? {
    positions[Self.key(school, student)]
  }

  /// The total number of ranked pairs.
  public var pairCount: Int { positions.count }

  /// Reads `rankings.csv` against the market's names.
  ///
  /// - Parameters:
  ///   - path: the rankings file (`school,student,rank`).
  ///   - schools: the schools' names (from `schools.csv`).
  ///   - students: the students' names (applicants and couple members).
  /// - Throws: ``InputError`` naming file, line and column for an unknown school or student,
  ///   a rank that is not an integer at least 1, a school ranking a student twice, or two
  ///   students with the same rank at one school.
  /// - Complexity: O(*R* log *R*) for *R* rows.
  public static func read(
    _ path: String, schools: NameTable, students: NameTable
  ) throws(InputError) -> ProgramRankings {
    let csv = try CSVReader(path: path)
    let cSchool = try csv.requireColumn("school")
    let cStudent = try csv.requireColumn("student")
    let cRank = try csv.requireColumn("rank")
    var rowSchool: [Int32] = []
    var rowStudent: [Int32] = []
    var rowRank: [Int64] = []
    var rowLine: [Int32] = []
    var seen: [UInt64: Int32] = [:]
    while try csv.nextRecord() {
      guard let s = csv.withBytes(cSchool, { schools.index(of: $0) }) else {
        throw csv.fieldError(cSchool, "unknown school '\(csv.trimmed(cSchool))'")
      }
      guard let i = csv.withBytes(cStudent, { students.index(of: $0) }) else {
        throw csv.fieldError(cStudent, "unknown student '\(csv.trimmed(cStudent))' (not an applicant of this market)")
      }
      let r = try csv.int(cRank)
      guard r >= 1 else { throw csv.fieldError(cRank, "rank \(r) must be at least 1") }
      guard r <= Int(Int32.max) else { throw csv.fieldError(cRank, "rank \(r) is too large") }
      let k = key(s, i)
      if let earlier = seen[k] {
        throw csv.fieldError(
          cStudent, "school '\(schools.names[s])' ranks student '\(students.names[i])' twice (also on line \(earlier))")
      }
      seen[k] = Int32(truncatingIfNeeded: csv.line)
      rowSchool.append(Int32(s))
      rowStudent.append(Int32(i))
      rowRank.append(Int64(r))
      rowLine.append(Int32(truncatingIfNeeded: csv.line))
    }
    // Order rows by (school, rank); equal ranks at one school break strictness.
    let order = rowSchool.indices.sorted {
      (rowSchool[$0], rowRank[$0], rowLine[$0]) < (rowSchool[$1], rowRank[$1], rowLine[$1])
    }
    var positions = [UInt64: UInt32](minimumCapacity: order.count)
    var counts = [Int32](repeating: 0, count: schools.count)
    for (j, row) in order.enumerated() {
      let s = Int(rowSchool[row])
      if j > 0, rowSchool[order[j - 1]] == rowSchool[row], rowRank[order[j - 1]] == rowRank[row] {
        throw InputError(
          file: path, line: Int(rowLine[row]), column: "rank",
          message: "school '\(schools.names[s])' gives rank \(rowRank[row]) to two students (also on line \(rowLine[order[j - 1]])); ranks must be strict")
      }
      positions[key(s, Int(rowStudent[row]))] = UInt32(counts[s])
      counts[s] += 1
    }
    return ProgramRankings(positions: positions, rankedCount: counts, lines: seen)
  }

  /// The line of `rankings.csv` that ranks the pair, if any.
  public func line(school: SchoolID, student: StudentID) -> Int? {
    lines[Self.key(school, student)].map(Int.init)
  }
}
