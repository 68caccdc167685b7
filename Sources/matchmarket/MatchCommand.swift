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
      Housing with tenants: --mechanism ttc-tenants --houses houses.csv --endowments \
      endowments.csv --preferences preferences.csv [--order order.csv] (YRMH-IGYT; without \
      --order, a lottery from --seed over the agents' names). \
      Output: student,school (or agent,house), one row per agent in the order agents first \
      appear in the input; an unassigned student has an empty school. A summary goes to \
      stderr. The seeded lottery depends on --seed and each student's id only, so any order \
      of the rows gives the same assignment.

      Outputs: --output and --summary are both checked before the market is read; if either \
      cannot be written (missing directory, no permission), neither is written and the exit \
      status is 73. Regular files are replaced atomically; a symlink's target is written; a \
      FIFO, a device or - (standard output) is written straight through.
      """)

  @Option(help: "The mechanism: \(MatchMechanismChoice.allValueStrings.joined(separator: ", ")).")
  var mechanism: MatchMechanismChoice = .da

  @OptionGroup var market: MarketOptions

  @OptionGroup var designs: DesignOptions

  @OptionGroup var tenants: TenantOptions

  @Option(help: "Where to write the assignment (default or -: standard output).")
  var output: String?

  @Option(help: "Also write a JSON summary: counts, rank distribution, first-choice share.")
  var summary: String?

  @Flag(help: "Print no summary on stderr.")
  var quiet = false

  @Flag(help: "Print the wall-clock time of each phase on stderr, as one JSON line: parse and tie-break (school choice; read for housing), algorithm (the mechanism call alone), write; for school choice also the CPU time (all threads) of parsing and of tie-breaking.")
  var timings = false

  func run() throws {
    try preflightOutputs(files: [output, summary])
    if mechanism.isTenants || tenants.houses != nil || tenants.order != nil { return try runTenants() }
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
      clock.extras.append(("tie_break_cpu_s", PhaseClock.format(SchoolChoiceCSV.lastTieBreakCPUSeconds)))
      let mech = try designs.mechanism(mechanism.catalogueName, for: named, schools: market.schools!, seed: market.seed, delimiter: market.delimiter)
      clock.lap(nil)
      let matching = try mech.match(named.market)
      clock.lap("algorithm_s")
      // The rank distribution only when a summary is printed or written.
      let d = quiet && summary == nil ? nil : named.market.rankDistribution(of: matching)
      try write(
        SchoolChoiceCSV.assignmentBytes(matching, of: named),
        summary: try d.flatMap { try summaryBytes(mechanism: mechanism.rawValue, distribution: $0, market: "school-choice") })
      clock.lap("write_s")
      if timings { printError(clock.line) }
      if let d, !quiet { printError(summaryLine(mechanism: mech.name, distribution: d, agents: "students")) }
    case .housing(let named):
      let mech = try mechanism.housing(seed: market.seed)
      clock.lap(nil)
      let matching = mech.match(named.market)
      clock.lap("algorithm_s")
      let d = named.market.rankDistribution(of: matching)
      try write(
        HousingCSV.allocationBytes(matching, of: named),
        summary: try summaryBytes(mechanism: mechanism.rawValue, distribution: d, market: "housing"))
      clock.lap("write_s")
      if timings { printError(clock.line) }
      if !quiet {
        let moved = (0..<matching.count).filter { matching.partner(of: $0) != named.market.endowment(of: $0) }.count
        printError(summaryLine(mechanism: mechanism.rawValue, distribution: d, agents: "agents") + "; \(moved) trade away their own house")
      }
    }
  }

  /// The `--summary` file: deterministic JSON (sorted keys, no timings).
  private func summaryBytes(mechanism: String, distribution d: RankDistribution, market kind: String) throws -> [UInt8]? {
    guard summary != nil else { return nil }
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
    return try summaryJSON(s)
  }

  /// Writes the assignment and the summary together: both or neither
  /// (`OutputTarget.write(_:)` for several outputs).
  private func write(_ assignment: [UInt8], summary summaryBytes: [UInt8]?) throws {
    var outputs = [(OutputTarget(output ?? "-"), assignment)]
    if let summary, let summaryBytes { outputs.append((OutputTarget(summary), summaryBytes)) }
    try reportingOutputErrors { try OutputTarget.write(outputs) }
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

