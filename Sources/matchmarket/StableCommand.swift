import ArgumentParser
import Foundation
import MatchingMarkets

/// `matchmarket stable`: the stable matchings of a two-sided market: one chosen by a rule, or
/// all of them.
struct StableCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stable",
    abstract: "Pick a stable matching (student-optimal, school-optimal, egalitarian, minimum-regret, median) or list them all.",
    discussion: """
      Reads a school-choice market like `match` (priorities made strict by the same seeded \
      lottery, or the schools' own orders with --rankings) and builds its rotation poset, from which every stable matching follows. \
      One matching: student,school as `match` writes it. --select all: \
      matching,student,school, matchings numbered from 1 (the student-optimal first), every \
      student in every matching, at most --limit matchings. Costs: a student's is the position \
      of her school in her list, a school's is the student's position in its strict order; \
      egalitarian = both summed, regret = the largest single cost. The median needs every \
      stable matching: with more than --limit of them it fails with status 1 and writes \
      nothing. Bad input: status 65.
      """)

  enum SelectName: String, ExpressibleByArgument, CaseIterable {
    case studentOptimal = "student-optimal"
    case schoolOptimal = "school-optimal"
    case egalitarian
    case minimumRegret = "minimum-regret"
    case median
    case all

    var selection: OptimalStableMatching.Selection? {
      switch self {
      case .studentOptimal: .studentOptimal
      case .schoolOptimal: .schoolOptimal
      case .egalitarian: .egalitarian
      case .minimumRegret: .minimumRegret
      case .median: .median
      case .all: nil
      }
    }
  }

  /// The market flags shared with `match`, `check` and `audit` (school-choice markets only):
  /// --schools, --applications, --rankings, --tie-breaking, --seed, --delimiter.
  @OptionGroup var input: MarketOptions

  @Option(help: "Which stable matching: \(SelectName.allCases.map(\.rawValue).joined(separator: ", ")).")
  var select: SelectName

  @Option(help: "The most stable matchings to enumerate (for all, median and the count).")
  var limit = 10_000

  @Option(help: "Where to write the matching(s).")
  var output: String

  @Option(help: "Also write a JSON summary (counts, rotations, costs).")
  var summary: String?

  @Flag(help: "Print no summary on stderr.")
  var quiet = false

  func validate() throws {
    guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    guard input.schools != nil && input.applications != nil else {
      throw ValidationError("stable needs a school-choice market: --schools and --applications (and optionally --rankings)")
    }
  }

  func run() throws {
    try preflightOutputs(files: [output, summary])
    let loaded = try reportingInputErrors { () throws(InputError) in try input.load() }
    guard case .schoolChoice(let named) = loaded else {
      throw ValidationError("stable needs a school-choice market (--schools and --applications)")
    }
    let market = named.market
    // Students by name: rotation numbers and the order of `all` do not depend on row order.
    let names = named.studentNames
    let byName = (0..<market.studentCount).sorted { names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }
    let poset = RotationPoset(market, order: byName)
    var report = StableSummary(
      selection: select.rawValue, students: market.studentCount, rotations: poset.rotationCount,
      precedence_pairs: poset.precedenceCount, seed: input.seed,
      tie_breaking: input.rankings == nil ? input.tieBreaking.rawValue : "rankings")
    let bytes: [UInt8]
    if select == .all {
      var out = OutputBuffer()
      out.append("matching,student,school\n")
      var count = 0
      let complete = poset.enumerate(limit: limit) { index, assignment in
        SchoolChoiceCSV.appendNumberedAssignment(assignment, number: index + 1, of: named, to: &out)
        count = index + 1
        return true
      }
      report.stable_matchings = count
      report.complete = complete
      bytes = out.bytes
    } else {
      let matching: Matching
      switch select.selection! {
      case .studentOptimal: matching = poset.studentOptimal
      case .schoolOptimal: matching = poset.schoolOptimal
      case .egalitarian: matching = poset.matching(including: poset.egalitarianRotations())
      case .minimumRegret: matching = poset.matching(including: poset.minimumRegretRotations())
      case .median:
        guard let median = poset.medianMatching(limit: limit) else {
          printError("error: \(LatticeError.tooManyStableMatchings(limit: limit))")
          throw ExitCode(1)
        }
        matching = median.matching
      }
      let counted = poset.countStableMatchings(limit: limit)
      report.stable_matchings = counted.count
      report.complete = counted.complete
      let costs = StableMatchingCosts(matching, in: market)
      report.student_cost = costs.studentCost
      report.school_cost = costs.schoolCost
      report.egalitarian_cost = costs.egalitarianCost
      report.regret = costs.regret
      report.assigned = matching.assignedCount
      bytes = SchoolChoiceCSV.assignmentBytes(matching, of: named)
    }
    try reportingInputErrors { try AtomicFile.write(bytes: bytes, to: output) }
    if let summary {
      let json = try summaryJSON(report)
      try reportingInputErrors { try AtomicFile.write(bytes: json, to: summary) }
    }
    if !quiet { printError(report.line) }
  }
}

/// The `--summary` of `stable` (deterministic: sorted keys, no timings).
struct StableSummary: Encodable {
  var selection: String
  var students: Int
  var rotations: Int
  var precedence_pairs: Int
  var seed: UInt64
  var tie_breaking: String
  var stable_matchings = 0
  var complete = false
  var assigned: Int?
  var student_cost: Int?
  var school_cost: Int?
  var egalitarian_cost: Int?
  var regret: Int?

  var line: String {
    let count = "\(stable_matchings)\(complete ? "" : "+") stable matching\(stable_matchings == 1 && complete ? "" : "s")"
    var parts = ["stable (\(selection)): \(students) students", "\(rotations) rotations", count]
    if let egalitarian_cost, let student_cost, let school_cost, let regret {
      parts.append("egalitarian cost \(egalitarian_cost) (students \(student_cost), schools \(school_cost)); regret \(regret)")
    }
    return parts.joined(separator: "; ")
  }
}
