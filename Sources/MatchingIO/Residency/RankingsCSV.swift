import MatchingCore

/// What reading programs' rank lists did to the applications.
public struct RankingsSummary: Sendable, Hashable {
  /// Applications kept (the school ranks the student).
  public var keptApplications: Int
  /// Applications dropped because the school does not rank the student (unacceptable).
  public var droppedApplications: Int
  /// Ranked pairs in `rankings.csv`.
  public var rankedPairs: Int

  public init(keptApplications: Int, droppedApplications: Int, rankedPairs: Int) {
    self.keptApplications = keptApplications
    self.droppedApplications = droppedApplications
    self.rankedPairs = rankedPairs
  }
}

/// Reads a two-sided market in which the schools (programs) rank the students themselves,
/// instead of coarse priorities refined by a lottery.
///
/// ```swift
/// let (named, summary) = try RankingsCSV.read(
///   schools: "schools.csv", applications: "applications.csv", rankings: "rankings.csv")
/// summary.droppedApplications   // applications to a school that does not rank the student
/// ```
///
/// The market's strict ranks (and its weak priority classes, which equal them) are the
/// schools' rank lists, so `check --standard weak` and `--standard strict` agree, and no
/// lottery is involved: the seed and the tie-breaking rule change nothing.
public enum RankingsCSV {
  /// Reads `schools.csv`, `applications.csv` and `rankings.csv` into one market.
  ///
  /// - Parameters:
  ///   - schools: `school,capacity`.
  ///   - applications: `student,school,rank[,priority][,lottery]` (the priority and lottery
  ///     columns, if present, are ignored).
  ///   - rankings: `school,student,rank`, strict per school, 1 = best.
  /// - Returns: the market, whose strict ranks come from the rankings, and a summary that
  ///   counts the applications dropped because the school does not rank the student.
  /// - Throws: ``InputError`` naming file, line and column (see
  ///   ``SchoolChoiceCSV/read(schools:applications:tieBreaking:)`` and
  ///   ``ProgramRankings/read(_:schools:students:)``).
  /// - Complexity: O(*E* + *R* log *R*) for *E* applications and *R* ranked pairs.
  public static func read(
    schools: String, applications: String, rankings: String
  ) throws(InputError) -> (market: NamedSchoolChoiceMarket, summary: RankingsSummary) {
    let base = try SchoolChoiceCSV.read(schools: schools, applications: applications)
    var schoolTable = NameTable()
    for name in base.schoolNames { _ = schoolTable.intern(name) }
    var studentTable = NameTable()
    for name in base.studentNames { _ = studentTable.intern(name) }
    let ranks = try ProgramRankings.read(rankings, schools: schoolTable, students: studentTable)
    let market = base.market
    var offsets: [Int32] = [0]
    var flat: [Int32] = []
    var priorities: [Int32] = []
    flat.reserveCapacity(market.entries.count)
    priorities.reserveCapacity(market.entries.count)
    var dropped = 0
    for i in 0..<market.studentCount {
      for e in market.listRange(of: i) {
        let s = Int(market.entries[e].school)
        guard let p = ranks.position(school: s, student: i) else {
          dropped += 1
          continue
        }
        flat.append(Int32(s))
        priorities.append(Int32(p))
      }
      offsets.append(Int32(flat.count))
    }
    do {
      let strict = try SchoolChoiceMarket(
        capacities: market.capacities, listOffsets: offsets, schools: flat, priorities: priorities,
        tieBreaking: .single(seed: 0))
      let named = NamedSchoolChoiceMarket(
        market: strict, studentNames: base.studentNames, schoolNames: base.schoolNames)
      return (
        named,
        RankingsSummary(keptApplications: flat.count, droppedApplications: dropped, rankedPairs: ranks.pairCount)
      )
    } catch {
      throw InputError(file: applications, line: 0, message: error.description)
    }
  }
}
