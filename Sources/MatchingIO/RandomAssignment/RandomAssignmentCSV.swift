import MatchingCore

/// Writes random assignments and lotteries in CSV.
///
/// ```swift
/// let bytes = RandomAssignmentCSV.probabilityBytes(p, of: named)
/// // student,school,probability
/// // s1,A,0.5
/// // s1,,0.5          (the empty school: staying unassigned)
/// ```
///
/// - `probabilities.csv`: `student,school,probability[,standard_error]`: the non-zero
///   entries of each student in her list order, then her probability of staying
///   unassigned under an empty school (when non-zero); the `standard_error` column only for
///   Monte Carlo estimates.
/// - `lotteries.csv`: `lottery,weight,student,school`: lottery *k* (numbered from 1), its
///   weight, and one row per student (empty school: unassigned).
///
/// Numbers are written by ``decimal(_:)``: rounded to 12 decimal places with trailing
/// zeros dropped, the same text on every machine; entries that round to 0 are left out.
public enum RandomAssignmentCSV {
  /// A probability as text: 12 decimal places at most, trailing zeros dropped (`0.5`,
  /// `0.333333333333`, `1`, `0`).
  public static func decimal(_ x: Double) -> String {
    let scaled = (x * 1e12).rounded()
    guard scaled.isFinite, abs(scaled) < 9e18 else { return "\(x)" }
    var v = Int64(scaled)
    let negative = v < 0
    if negative { v = -v }
    let whole = v / 1_000_000_000_000
    var fraction = v % 1_000_000_000_000
    if fraction == 0 { return (negative && whole != 0 ? "-" : "") + "\(whole)" }
    var digits = 12
    while fraction % 10 == 0 {
      fraction /= 10
      digits -= 1
    }
    var f = String(fraction)
    while f.count < digits { f = "0" + f }
    return (negative ? "-" : "") + "\(whole).\(f)"
  }

  /// The bytes of `probabilities.csv`.
  ///
  /// - Parameters:
  ///   - p: the random assignment (students and schools of `named`).
  ///   - named: the names.
  ///   - standardErrors: aligned with `p.probabilities`, for a Monte Carlo estimate.
  public static func probabilityBytes(
    _ p: RandomAssignment, of named: NamedSchoolChoiceMarket, standardErrors: [Double]? = nil
  ) -> [UInt8] {
    var out = OutputBuffer()
    out.append(standardErrors == nil ? "student,school,probability\n" : "student,school,probability,standard_error\n")
    for i in 0..<p.studentCount {
      var sum = 0.0
      for e in p.row(of: i) {
        sum += p.probabilities[e]
        let text = decimal(p.probabilities[e])
        if text == "0" { continue }
        out.appendField(named.studentNames[i])
        out.append(",")
        out.appendField(named.schoolNames[Int(p.schools[e])])
        out.append(",")
        out.append(text)
        if let standardErrors {
          out.append(",")
          out.append(decimal(standardErrors[e]))
        }
        out.append("\n")
      }
      let rest = decimal(max(0, 1 - sum))
      if rest != "0" {
        out.appendField(named.studentNames[i])
        out.append(",,")
        out.append(rest)
        if standardErrors != nil { out.append(",") }
        out.append("\n")
      }
    }
    return out.bytes
  }

  /// The bytes of `lotteries.csv` (the lottery's matchings index students as `named`
  /// does). A weight too small for 12 decimals is written in full (shortest round-trip form).
  public static func lotteryBytes(_ lottery: AssignmentLottery, of named: NamedSchoolChoiceMarket) -> [UInt8] {
    var out = OutputBuffer()
    out.append("lottery,weight,student,school\n")
    for (k, m) in lottery.assignments.enumerated() {
      var w = decimal(lottery.weights[k])
      if w == "0" { w = "\(lottery.weights[k])" }
      for i in 0..<m.count {
        out.append(k + 1)
        out.append(",")
        out.append(w)
        out.append(",")
        out.appendField(named.studentNames[i])
        out.append(",")
        if let s = m.partner(of: i) { out.appendField(named.schoolNames[s]) }
        out.append("\n")
      }
    }
    return out.bytes
  }
}

extension RandomAssignmentCSV {
  /// Reads a probability matrix (`student,school,probability`, the form
  /// ``probabilityBytes(_:of:standardErrors:)`` writes) for the students and schools of
  /// `named`; rows with an empty school (staying unassigned) are checked and skipped, and
  /// students without rows are unassigned for sure.
  ///
  /// - Throws: ``InputError`` naming file, line and column: an unknown student or school, a
  ///   probability that is not a number in [0, 1], a (student, school) pair given twice, or a
  ///   student whose probabilities sum to more than 1 (beyond 1e-9).
  /// - Complexity: O(*R* + *n* + *m*) for *R* rows.
  public static func readProbabilities(
    _ path: String, for named: NamedSchoolChoiceMarket
  ) throws(InputError) -> RandomAssignment {
    var students = NameTable()
    for name in named.studentNames { students.intern(name) }
    var schools = NameTable()
    for name in named.schoolNames { schools.intern(name) }
    let csv = try CSVReader(path: path)
    let cS = try csv.requireColumn("student")
    let cC = try csv.requireColumn("school")
    let cP = try csv.requireColumn("probability")
    var rows = [[(Int, Double)]](repeating: [], count: named.studentNames.count)
    var sums = [Double](repeating: 0, count: named.studentNames.count)
    var seen = Set<Int>()
    while try csv.nextRecord() {
      guard let i = csv.withBytes(cS, { students.index(of: $0) }) else {
        throw csv.fieldError(cS, "unknown student '\(csv.trimmed(cS))' (not in the applications)")
      }
      let p = try csv.double(cP)
      guard p >= 0 && p <= 1 else { throw csv.fieldError(cP, "probability \(p) is not in [0, 1]") }
      if csv.isEmpty(cC) { continue }  // staying unassigned: implied by the rest
      guard let s = csv.withBytes(cC, { schools.index(of: $0) }) else {
        throw csv.fieldError(cC, "unknown school '\(csv.trimmed(cC))' (not in the schools file)")
      }
      guard seen.insert(i * named.schoolNames.count + s).inserted else {
        throw csv.fieldError(cC, "student '\(named.studentNames[i])' has school '\(named.schoolNames[s])' twice")
      }
      sums[i] += p
      guard sums[i] <= 1 + RandomAssignment.tolerance else {
        throw csv.fieldError(cP, "student '\(named.studentNames[i])''s probabilities sum to \(sums[i]) > 1")
      }
      if p > 0 { rows[i].append((s, p)) }
    }
    return RandomAssignment(schoolCount: named.schoolNames.count, rows: rows)
  }
}
