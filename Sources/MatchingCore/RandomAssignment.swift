/// A random assignment: the probability that each student is assigned each school (a
/// bistochastic-like matrix with capacities), stored sparsely by student.
///
/// ```swift
/// let p = RandomAssignment(schoolCount: 2, rows: [[(0, 0.5), (1, 0.5)], [(0, 0.5)]])
/// p.probability(of: 1, at: 0)        // 0.5
/// p.unassignedProbability(of: 1)     // 0.5
/// ```
///
/// Student *i*'s row is `schools[rowStart[i] ..< rowStart[i + 1]]` with the aligned
/// ``probabilities``; a row produced by a mechanism lists the student's schools in her
/// preference order (zeros included), and the rest of her unit of probability is the
/// probability of staying unassigned. Probabilities are `Double`: the mechanisms that produce
/// them document an absolute error of at most ``tolerance`` (1e-9) per entry and per sum,
/// and the checkers compare with that tolerance.
///
/// Invariant of a feasible assignment (``feasibilityViolation(capacities:tolerance:)``):
/// every entry is in [0, 1], every row sums to at most 1, and every school's column sums to
/// at most its capacity.
public struct RandomAssignment: Sendable, Equatable {
  /// The tolerance the engine's random-assignment code works to: sums and entries are exact
  /// up to this absolute error.
  public static let tolerance = 1e-9

  /// The number of schools *m*.
  public let schoolCount: Int
  /// Where each student's row starts; `studentCount + 1` values.
  public var rowStart: [Int32]
  /// The school of each entry.
  public var schools: [Int32]
  /// The probability of each entry, aligned with ``schools``.
  public var probabilities: [Double]

  /// Creates an assignment from flat rows.
  ///
  /// - Precondition: `rowStart` is non-decreasing, starts at 0 and ends at `schools.count`;
  ///   `probabilities` is aligned with `schools`; schools are in `0..<schoolCount`.
  public init(schoolCount: Int, rowStart: [Int32], schools: [Int32], probabilities: [Double]) {
    precondition(rowStart.first == 0 && Int(rowStart.last!) == schools.count, "rowStart must span schools")
    precondition(schools.count == probabilities.count, "probabilities must align with schools")
    self.schoolCount = schoolCount
    self.rowStart = rowStart
    self.schools = schools
    self.probabilities = probabilities
  }

  /// Creates an assignment from nested rows of `(school, probability)`.
  public init(schoolCount: Int, rows: [[(Int, Double)]]) {
    var start: [Int32] = [0]
    var s: [Int32] = []
    var p: [Double] = []
    for row in rows {
      for (school, q) in row {
        precondition(school >= 0 && school < schoolCount, "school \(school) out of range")
        s.append(Int32(school))
        p.append(q)
      }
      start.append(Int32(s.count))
    }
    self.init(schoolCount: schoolCount, rowStart: start, schools: s, probabilities: p)
  }

  /// The number of students *n*.
  @inlinable public var studentCount: Int { rowStart.count - 1 }

  /// The range of student *i*'s row in ``schools`` and ``probabilities``.
  @inlinable
  public func row(of student: StudentID) -> Range<Int> {
    Int(rowStart[student])..<Int(rowStart[student + 1])
  }

  /// The probability that student *i* is assigned school *s* (0 if *s* is not in her row).
  ///
  /// - Complexity: O(*k*) for a row of *k* entries.
  public func probability(of student: StudentID, at school: SchoolID) -> Double {
    var total = 0.0
    for e in row(of: student) where Int(schools[e]) == school { total += probabilities[e] }
    return total
  }

  /// The probability that student *i* is assigned some school.
  public func assignedProbability(of student: StudentID) -> Double {
    var total = 0.0
    for e in row(of: student) { total += probabilities[e] }
    return total
  }

  /// The probability that student *i* stays unassigned: `1 - ` her row sum, clamped at 0.
  public func unassignedProbability(of student: StudentID) -> Double {
    max(0, 1 - assignedProbability(of: student))
  }

  /// Each school's expected number of students (its column sum).
  public func schoolTotals() -> [Double] {
    var totals = [Double](repeating: 0, count: schoolCount)
    for e in 0..<schools.count { totals[Int(schools[e])] += probabilities[e] }
    return totals
  }

  /// The expected number of assigned students.
  public var expectedAssigned: Double { probabilities.reduce(0, +) }

  /// The number of entries strictly between 0 and 1, counting each student's probability of
  /// staying unassigned as one more entry: the *F* of the decomposition's bound (at most
  /// *F* + 1 deterministic assignments).
  public func fractionalEntryCount(tolerance: Double = RandomAssignment.tolerance) -> Int {
    var count = 0
    for i in 0..<studentCount {
      var sum = 0.0
      for e in row(of: i) {
        let p = probabilities[e]
        sum += p
        if p > tolerance && p < 1 - tolerance { count += 1 }
      }
      let u = 1 - sum
      if u > tolerance && u < 1 - tolerance { count += 1 }
    }
    return count
  }

  /// The first violation of feasibility, or `nil`: an entry outside [0, 1], a row summing to
  /// more than 1, or a school's column summing to more than its capacity (each beyond
  /// `tolerance`).
  ///
  /// - Complexity: O(*n* + *m* + *E*) for *E* entries.
  public func feasibilityViolation(
    capacities: [Int32], tolerance: Double = RandomAssignment.tolerance
  ) -> FeasibilityViolation? {
    precondition(capacities.count == schoolCount, "one capacity per school")
    for i in 0..<studentCount {
      var sum = 0.0
      for e in row(of: i) {
        let p = probabilities[e]
        if !(p >= -tolerance && p <= 1 + tolerance) {
          return .entryOutOfRange(student: i, school: Int(schools[e]), probability: p)
        }
        sum += p
      }
      if sum > 1 + tolerance { return .rowExceedsOne(student: i, sum: sum) }
    }
    for (s, total) in schoolTotals().enumerated() where total > Double(capacities[s]) + tolerance {
      return .columnExceedsCapacity(school: s, sum: total, capacity: Int(capacities[s]))
    }
    return nil
  }

  /// The largest absolute difference between two assignments of the same shape, entry by
  /// entry (schools missing from a row count as 0).
  public func maximumDifference(from other: RandomAssignment) -> Double {
    precondition(studentCount == other.studentCount && schoolCount == other.schoolCount)
    var scratch = [Double](repeating: 0, count: schoolCount)
    var worst = 0.0
    for i in 0..<studentCount {
      for e in row(of: i) { scratch[Int(schools[e])] += probabilities[e] }
      for e in other.row(of: i) { scratch[Int(other.schools[e])] -= other.probabilities[e] }
      for e in row(of: i) {
        worst = max(worst, abs(scratch[Int(schools[e])]))
        scratch[Int(schools[e])] = 0
      }
      for e in other.row(of: i) {
        worst = max(worst, abs(scratch[Int(other.schools[e])]))
        scratch[Int(other.schools[e])] = 0
      }
    }
    return worst
  }
}

/// Why a matrix is not a feasible random assignment.
public enum FeasibilityViolation: Sendable, Hashable, CustomStringConvertible {
  case entryOutOfRange(student: Int, school: Int, probability: Double)
  case rowExceedsOne(student: Int, sum: Double)
  case columnExceedsCapacity(school: Int, sum: Double, capacity: Int)

  public var description: String {
    switch self {
    case .entryOutOfRange(let i, let s, let p): "student \(i)'s probability at school \(s) is \(p), outside [0, 1]"
    case .rowExceedsOne(let i, let sum): "student \(i)'s probabilities sum to \(sum) > 1"
    case .columnExceedsCapacity(let s, let sum, let c): "school \(s) expects \(sum) students, more than its capacity \(c)"
    }
  }
}
