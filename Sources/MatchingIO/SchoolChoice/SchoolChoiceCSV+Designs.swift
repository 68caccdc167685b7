import MatchingCore

/// Readers for the extra data of the school-choice designs: students' consent (EADAM), their
/// types, and the schools' reserves and majority quotas (controlled choice).
///
/// ```swift
/// let named = try SchoolChoiceCSV.read(schools: "schools.csv", applications: "applications.csv")
/// let consent = try SchoolChoiceCSV.readConsent("consent.csv", for: named)      // [Bool]
/// let reserves = try SchoolChoiceCSV.readSchoolColumn("schools.csv", column: "reserve", for: named)
/// ```
extension SchoolChoiceCSV {
  /// Reads `student,consent` (1 consents, 0 does not) against the market's students; a
  /// student without a row consents.
  ///
  /// - Throws: ``InputError`` naming file, line and column for an unknown or repeated
  ///   student or a value other than 0 or 1.
  /// - Complexity: O(*r*) for *r* rows.
  public static func readConsent(
    _ path: String, for named: NamedSchoolChoiceMarket, delimiter: CSVDelimiter? = nil
  ) throws(InputError) -> [Bool] {
    try readStudentFlags(path, column: "consent", for: named, default: true, delimiter: delimiter) { text in
      switch text {
      case "1": true
      case "0": false
      default: nil
      }
    }
  }

  /// Reads `student,type` (`minority` or `majority`) against the market's students and
  /// returns whether each is a minority student; a student without a row is majority.
  ///
  /// - Throws: ``InputError`` for an unknown or repeated student or another type.
  /// - Complexity: O(*r*) for *r* rows.
  public static func readTypes(
    _ path: String, for named: NamedSchoolChoiceMarket, delimiter: CSVDelimiter? = nil
  ) throws(InputError) -> [Bool] {
    try readStudentFlags(path, column: "type", for: named, default: false, delimiter: delimiter) { text in
      switch text {
      case "minority": true
      case "majority": false
      default: nil
      }
    }
  }

  /// Reads an optional non-negative integer column of `schools.csv` (`reserve`,
  /// `majority_quota`): one value per school of the market, `nil` where the field is
  /// empty; the whole result is `nil` when the file has no such column.
  ///
  /// - Parameters:
  ///   - path: the schools file the market was read from.
  ///   - column: the column's header name.
  ///   - named: the market, for the school names.
  ///   - atMostCapacity: reject a value above the school's capacity (for reserves).
  ///   - delimiter: the field delimiter; `nil` detects it from the header.
  /// - Throws: ``InputError`` for an unknown school or a negative or non-integer value.
  public static func readSchoolColumn(
    _ path: String, column: String, for named: NamedSchoolChoiceMarket, atMostCapacity: Bool = false,
    delimiter: CSVDelimiter? = nil
  ) throws(InputError) -> [Int?]? {
    var schools = NameTable()
    for s in named.schoolNames { schools.intern(s) }
    let csv = try CSVReader(path: path, delimiter: delimiter)
    guard let c = csv.column(column) else { return nil }
    let cName = try csv.requireColumn("school")
    var values = [Int?](repeating: nil, count: named.schoolNames.count)
    while try csv.nextRecord() {
      guard let s = csv.withBytes(cName, { schools.index(of: $0) }) else {
        throw csv.fieldError(cName, "unknown school '\(csv.trimmed(cName))'")
      }
      if csv.isEmpty(c) { continue }
      let v = try csv.int(c)
      guard v >= 0 else { throw csv.fieldError(c, "\(column) \(v) must not be negative") }
      if atMostCapacity && v > Int(named.market.capacities[s]) {
        throw csv.fieldError(c, "\(column) \(v) exceeds the capacity \(named.market.capacities[s])")
      }
      values[s] = v
    }
    return values
  }

  /// Reads a `student,<column>` file of flags, parsing each value with `parse`.
  static func readStudentFlags(
    _ path: String, column: String, for named: NamedSchoolChoiceMarket, default value: Bool,
    delimiter: CSVDelimiter?, parse: (String) -> Bool?
  ) throws(InputError) -> [Bool] {
    var students = NameTable()
    for s in named.studentNames { students.intern(s) }
    let csv = try CSVReader(path: path, delimiter: delimiter)
    let cStudent = try csv.requireColumn("student")
    let cValue = try csv.requireColumn(column)
    var result = [Bool](repeating: value, count: named.studentNames.count)
    var seen = [Int32](repeating: 0, count: named.studentNames.count)
    while try csv.nextRecord() {
      guard let i = csv.withBytes(cStudent, { students.index(of: $0) }) else {
        throw csv.fieldError(cStudent, "unknown student '\(csv.trimmed(cStudent))'")
      }
      guard seen[i] == 0 else {
        throw csv.fieldError(cStudent, "student '\(named.studentNames[i])' appears twice (also on line \(seen[i]))")
      }
      seen[i] = Int32(csv.line)
      guard let flag = parse(csv.trimmed(cValue)) else {
        throw csv.fieldError(cValue, "'\(csv.trimmed(cValue))' is not a valid \(column)")
      }
      result[i] = flag
    }
    return result
  }
}
