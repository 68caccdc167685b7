import ArgumentParser
import Foundation
import MatchingMarkets

/// `matchmarket match`: run a mechanism on a market from CSV and write the assignment.
struct MatchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "match",
    abstract: "Run a mechanism on a market and write the assignment.",
    discussion: """
      School choice: --schools schools.csv --applications applications.csv, mechanisms da \
      (student-proposing deferred acceptance), da-schools (school-proposing), boston \
      (immediate acceptance), ttc (top trading cycles), sd (serial dictatorship in input \
      order), rsd (random serial dictatorship, order from --seed). \
      Housing market: --endowments endowments.csv --preferences preferences.csv, mechanisms \
      ttc (Shapley-Scarf), sd, rsd. \
      Output: student,school (or agent,house), one row per agent in the order agents first \
      appear in the input; an unassigned student has an empty school. A summary goes to \
      stderr.
      """)

  @Option(help: "The mechanism: \(MechanismName.allCases.map(\.rawValue).joined(separator: ", ")).")
  var mechanism: MechanismName = .da

  @OptionGroup var market: MarketOptions

  @Option(help: "Where to write the assignment (default: standard output).")
  var output: String?

  @Option(help: "Also write a JSON summary: counts, rank distribution, first-choice share (atomic).")
  var summary: String?

  @Flag(help: "Print no summary on stderr.")
  var quiet = false

  @Flag(help: "Print the wall-clock time of each phase on stderr, as one JSON line: parse and tie-break (school choice; read for housing), algorithm (the mechanism call alone), write.")
  var timings = false

  func run() throws {
    var clock = PhaseClock()
    let loaded = try reportingInputErrors { try market.load() }
    clock.lap("read_s")
    switch loaded {
    case .schoolChoice(let named):
      clock.split("read_s", first: ("parse_s", SchoolChoiceCSV.lastParseDuration), second: "tie_break_s")
      if !SchoolChoiceCSV.lastPartCPUSeconds.isEmpty {
        clock.extras.append(("parse_part_cpu_s", "[" + SchoolChoiceCSV.lastPartCPUSeconds.map(PhaseClock.format).joined(separator: ",") + "]"))
        clock.extras.append(("parse_join_cpu_s", PhaseClock.format(SchoolChoiceCSV.lastJoinCPUSeconds)))
      }
      clock.extras.append(("parse_cpu_s", PhaseClock.format(SchoolChoiceCSV.lastParseCPUSeconds)))
      let mech = mechanism.schoolChoice(seed: market.seed)
      clock.lap(nil)
      let matching = try mech.match(named.market)
      clock.lap("algorithm_s")
      let bytes = SchoolChoiceCSV.assignmentBytes(matching, of: named)
      try emit(bytes)
      clock.lap("write_s")
      if timings { printError(clock.line) }
      let d = named.market.rankDistribution(of: matching)
      try writeSummary(mechanism: mechanism.rawValue, distribution: d, market: "school-choice")
      if !quiet { printError(summaryLine(mechanism: mech.name, distribution: d, agents: "students")) }
    case .housing(let named):
      let mech = try mechanism.housing(seed: market.seed)
      clock.lap(nil)
      let matching = mech.match(named.market)
      clock.lap("algorithm_s")
      try emit(HousingCSV.allocationBytes(matching, of: named))
      clock.lap("write_s")
      if timings { printError(clock.line) }
      let d = named.market.rankDistribution(of: matching)
      try writeSummary(mechanism: mechanism.rawValue, distribution: d, market: "housing")
      if !quiet {
        let moved = (0..<matching.count).filter { matching.partner(of: $0) != named.market.endowment(of: $0) }.count
        printError(summaryLine(mechanism: mechanism.rawValue, distribution: d, agents: "agents") + "; \(moved) trade away their own house")
      }
    }
  }

  /// The `--summary` file: deterministic JSON (sorted keys, no timings).
  private func writeSummary(mechanism: String, distribution d: RankDistribution, market kind: String) throws {
    guard let summary else { return }
    struct Summary: Encodable {
      var mechanism: String
      var market: String
      var agents: Int
      var assigned: Int
      var unassigned: Int
      var first_choice: Int
      var first_choice_share: Double
      var mean_assigned_rank: Double?
      var rank_distribution: [Int]
      var seed: UInt64
      var tie_breaking: String
    }
    let s = Summary(
      mechanism: mechanism, market: kind, agents: d.total, assigned: d.total - d.unassigned,
      unassigned: d.unassigned, first_choice: d.firstChoice,
      first_choice_share: d.total == 0 ? 0 : Double(d.firstChoice) / Double(d.total),
      mean_assigned_rank: d.meanAssignedRank, rank_distribution: d.counts, seed: market.seed,
      tie_breaking: market.tieBreaking.rawValue)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    var bytes = Array(try encoder.encode(s))
    bytes.append(0x0A)
    try reportingInputErrors { try AtomicFile.write(bytes: bytes, to: summary) }
  }

  private func emit(_ bytes: [UInt8]) throws {
    if let output {
      try reportingInputErrors { try AtomicFile.write(bytes: bytes, to: output) }
    } else {
      print(String(decoding: bytes, as: UTF8.self), terminator: "")
    }
  }
}

/// One line such as `da: 10000 students; 6012 first choice (60.1%), ...; 3 unassigned`.
func summaryLine(mechanism: String, distribution d: RankDistribution, agents: String) -> String {
  func pct(_ x: Int) -> String {
    guard d.total > 0 else { return "0.0%" }
    let tenths = (x * 1000 + d.total / 2) / d.total
    return "\(tenths / 10).\(tenths % 10)%"
  }
  var parts = ["\(mechanism): \(d.total) \(agents)"]
  parts.append("\(d.firstChoice) first choice (\(pct(d.firstChoice)))")
  if d.counts.count > 1 { parts.append("\(d.topChoices(3)) in top 3 (\(pct(d.topChoices(3))))") }
  parts.append("\(d.unassigned) unassigned (\(pct(d.unassigned)))")
  return parts.joined(separator: "; ")
}

