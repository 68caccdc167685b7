import ArgumentParser
import Foundation
import MatchingMarkets

/// `matchmarket audit`: a property report for several mechanisms on one market, with a
/// search for profitable misreports.
struct AuditCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "Audit mechanisms on a market: stability, waste, individual rationality, Pareto efficiency, rank distribution, and a search for profitable misreports with witnesses.",
    discussion: """
      Takes the same market flags as `match`. For each mechanism it runs the market, checks \
      the outcome, then changes one agent's report at a time (everyone else truthful), reruns \
      the mechanism and compares the result under the agent's TRUE preferences. A profitable \
      misreport is printed as a witness: agent, true list, misreport, truthful and manipulated \
      outcome, by name.

      --misreports exhaustive tries every ordered subset of an agent's list (326 reports at 5 \
      options, 1957 at 6) for lists of at most --max-options options, and the heuristic \
      family for longer ones; --misreports heuristic tries truncations, dropping one option, \
      swapping adjacent options and promoting one option to the top. "None found" proves \
      strategy-proofness on this market only for the reports searched.

      --side schools audits the receiving side of a school-choice market: each school reports \
      an order over its applicants (truncation included); a school gains when the set it gets \
      dominates the truthful one position by position under its true order. \
      Housing markets (--endowments, --preferences) take ttc, sd, rsd. \
      Progress goes to stderr when it is a terminal (or with --progress); timings go to \
      stderr unless --quiet. Ctrl-C (SIGINT) stops the audit cleanly: the report (text or \
      JSON, to --output or stdout) covers the mechanisms done and, for the one in progress, \
      the first agents fully audited, and says it was interrupted; the exit status is 130.

      --coalitions also searches coalitions of two: for each pair of audited agents (the \
      first --max-pairs pairs, default 2000, in the order (1,2), (1,3), (2,3), (1,4), ... of \
      the agent list) it tries every combination of the two agents' reports (each truthful or \
      a misreport, not both truthful; exhaustive up to --coalition-max-options options, \
      default 4, heuristic beyond), one full mechanism run each, and reports the pairs where \
      both are at least as well off under their true preferences and one strictly better, \
      and whether both can be strictly better. Cost: pairs x (reports + 1)^2 runs (4224 per \
      pair of 4-option lists).
      """)

  @Option(
    help: "Comma-separated mechanisms: \(MechanismCatalogue.spelledNames.joined(separator: ", ")).")
  var mechanisms: String = "da,da-schools,boston,ttc,sd"

  @Option(help: "Whose reports to change: students (housing: the agents) or schools.")
  var side: SideName = .students

  @Option(help: "Misreport space: exhaustive (falls back to heuristic above --max-options) or heuristic.")
  var misreports: MisreportName = .exhaustive

  @Option(help: "Longest list searched exhaustively (at most 8).")
  var maxOptions = 6

  @Option(help: "Comma-separated names of the agents to audit (default: everyone on the side).")
  var agents: String?

  @Option(help: "Witnesses to keep per manipulable agent.")
  var witnesses = 1

  @Option(help: "Witnesses to print per mechanism in the text report (the JSON has all).")
  var show = 20

  @Option(help: "Worker threads (default: all cores).")
  var workers: Int?

  @OptionGroup var market: MarketOptions

  @OptionGroup var designs: DesignOptions

  @Flag(help: "Print JSON (sorted keys) instead of text.")
  var json = false

  @Option(help: "Write the report to this file instead of standard output.")
  var output: String?

  @Flag(help: "Print no timings on stderr.")
  var quiet = false

  @Flag(help: "Draw progress even when stderr is not a terminal (a plain line every 2 s).")
  var progress = false

  @Flag(help: "Also search coalitions of two agents misreporting together (full mechanism runs).")
  var coalitions = false

  @Option(help: "With --coalitions: the most pairs to search, in order (1,2), (1,3), (2,3), (1,4), ... of the audited agents.")
  var maxPairs = 2000

  @Option(help: "With --coalitions and --misreports exhaustive: longest list searched exhaustively per member (at most 6; a pair costs up to (reports + 1)^2 runs).")
  var coalitionMaxOptions = 4

  @Flag(
    help: "Rerun the mechanism for every misreport, even for da, boston and ttc (by default their students' misreports are evaluated by a warm start from a run without the student, checked against the mechanism on every truthful report, every witness and one misreport in 64).")
  var noAccelerate = false

  enum SideName: String, ExpressibleByArgument, CaseIterable { case students, schools, agents }
  enum MisreportName: String, ExpressibleByArgument, CaseIterable { case exhaustive, heuristic }

  func validate() throws {
    _ = try MechanismName.list(mechanisms, parallelE: designs.parallelE)
    guard (1...8).contains(maxOptions) else {
      throw ValidationError("--max-options must be between 1 and 8 (8 options is 109601 reports per agent)")
    }
    guard witnesses >= 1 else { throw ValidationError("--witnesses must be at least 1") }
    guard show >= 0 else { throw ValidationError("--show must be at least 0") }
    if let workers, !(1...1024).contains(workers) {
      throw ValidationError("--workers must lie in 1...1024 (got \(workers))")
    }
    guard maxPairs >= 1 else { throw ValidationError("--max-pairs must be at least 1") }
    guard (1...6).contains(coalitionMaxOptions) else {
      throw ValidationError("--coalition-max-options must be between 1 and 6 (6 options is 1957 reports per member, 3.8 million runs per pair)")
    }
  }

  /// Each coalition member's misreport space.
  var coalitionSpace: MisreportSpace {
    misreports == .exhaustive ? .exhaustive(maxOptions: coalitionMaxOptions) : .heuristic
  }

  var space: MisreportSpace {
    misreports == .exhaustive ? .exhaustive(maxOptions: maxOptions) : .heuristic
  }

  func run() throws {
    try preflightOutputs(files: [output])
    let names = try MechanismName.list(mechanisms, parallelE: designs.parallelE)
    let loaded = try reportingInputErrors { try market.load() }
    Interrupt.install()
    defer { Interrupt.uninstall() }
    var document: AuditDocument
    switch loaded {
    case .schoolChoice(let named):
      let side: SchoolChoiceSide
      switch self.side {
      case .students, .agents: side = .students
      case .schools: side = .schools
      }
      let agentNames = side == .students ? named.studentNames : named.schoolNames
      let optionNames = side == .students ? named.schoolNames : named.studentNames
      let audited = try resolve(agents, among: agentNames)
      document = AuditDocument(
        market: .init(kind: "school choice", students: named.market.studentCount, schools: named.market.schoolCount, agents: nil),
        side: side.rawValue, misreports: space.description,
        coalitionMisreports: coalitions ? coalitionSpace.description : nil, mechanisms: [])
      for name in names where document.interrupted == nil {
        let (card, coalition) = try auditSchoolChoice(
          try designs.mechanism(name, for: named, schools: market.schools!, seed: market.seed, delimiter: market.delimiter), on: named.market, side: side, agents: audited,
          label: name.rawValue, accelerator: noAccelerate ? nil : Self.warmStart(for: name))
        document.mechanisms.append(
          MechanismEntry(card, coalition: coalition, agentNames: agentNames, optionNames: optionNames, studentNames: named.studentNames, schoolNames: named.schoolNames))
        document.noteInterruption(of: name.rawValue, card, coalition, among: names.map(\.rawValue))
      }
    case .housing(let named):
      if side == .schools {
        throw ValidationError("--side schools needs a school-choice market; a housing market has only its agents")
      }
      let audited = try resolve(agents, among: named.agentNames)
      document = AuditDocument(
        market: .init(kind: "housing", students: nil, schools: nil, agents: named.market.agentCount),
        side: HousingSide.agents.rawValue, misreports: space.description,
        coalitionMisreports: coalitions ? coalitionSpace.description : nil, mechanisms: [])
      for name in names where document.interrupted == nil {
        let mechanism = try name.housing(seed: market.seed)
        let (card, coalition) = try audit(
          mechanism, on: named.market, side: .agents, agents: audited, label: name.rawValue,
          accelerator: nil)
        document.mechanisms.append(
          MechanismEntry(card, coalition: coalition, agentNames: named.agentNames, optionNames: named.houseNames, studentNames: named.agentNames, schoolNames: named.houseNames))
        document.noteInterruption(of: name.rawValue, card, coalition, among: names.map(\.rawValue))
      }
    }
    let text: String
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      encoder.keyEncodingStrategy = .convertToSnakeCase
      text = String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    } else {
      text = document.text(show: show)
    }
    if let output {
      try reportingInputErrors { try AtomicFile.write(bytes: Array(text.utf8), to: output) }
    } else {
      print(text, terminator: "")
    }
    if let interrupted = document.interrupted {
      printError("audit: interrupted: \(interrupted); the report\(output.map { " in \($0)" } ?? "") covers the work done")
      throw ExitCode(Interrupt.exitStatus)
    }
  }

  /// Dense indices of the named agents, or `nil` for everyone.
  func resolve(_ list: String?, among names: [String]) throws -> [Int]? {
    guard let list else { return nil }
    var index: [String: Int] = [:]
    for (i, n) in names.enumerated() { index[n] = i }
    return try list.split(separator: ",").map { part in
      let name = part.trimmingCharacters(in: " ")
      guard let i = index[name] else { throw ValidationError("--agents: no agent named '\(name)' on this side") }
      return i
    }
  }

  /// Audits a school-choice mechanism, with `accelerator` (if any) evaluating misreports.
  func auditSchoolChoice<M: MatchingMechanism>(
    _ mechanism: M, on market: SchoolChoiceMarket, side: SchoolChoiceSide, agents: [Int]?,
    label: String, accelerator: (any MisreportAccelerator<SchoolChoiceMarket>)?
  ) throws -> (MechanismPropertyReport, CoalitionReport?) where M.Market == SchoolChoiceMarket, M.Outcome == Matching {
    try audit(
      mechanism, on: market, side: side, agents: agents, label: label, accelerator: accelerator)
  }

  /// The warm start for a mechanism's students' misreports: ``DeferredAcceptanceWarmStart``
  /// for `da`, ``ImmediateAcceptanceWarmStart`` for `boston`, ``TopTradingCyclesWarmStart``
  /// for `ttc`, none for the others.
  static func warmStart(for name: MechanismName) -> (any MisreportAccelerator<SchoolChoiceMarket>)? {
    switch name {
    case .da: DeferredAcceptanceWarmStart()
    case .boston: ImmediateAcceptanceWarmStart()
    case .ttc: TopTradingCyclesWarmStart()
    default: nil
    }
  }

  /// Audits one mechanism (and, with `--coalitions`, its pairs), with a progress line on a
  /// terminal and a timing line on stderr.
  func audit<M: MatchingMechanism>(
    _ mechanism: M, on market: M.Market, side: M.Market.ReportingSide, agents: [Int]?,
    label: String, accelerator: (any MisreportAccelerator<M.Market>)?
  ) throws -> (MechanismPropertyReport, CoalitionReport?) where M.Outcome == Matching, M.Market: PropertyCheckedMarket {
    let stop: @Sendable () -> Bool = { Interrupt.requested }
    let bar = ProgressBar(label: "audit \(label)", total: 1, unit: "agents", enabled: progress ? true : nil)
    let card = try MechanismPropertyReport(
      auditing: mechanism, on: market, side: side, misreports: space, agents: agents,
      witnessesPerAgent: witnesses, workers: workers, accelerator: accelerator,
      progress: Self.callback(bar), shouldStop: stop)
    bar.finish()
    if !quiet {
      let m = card.manipulation
      printError(
        "audit \(label): \(m.agentsAudited) agents\(m.interrupted ? " of \(m.agentsRequested) (interrupted)" : ""), \(m.misreportsEvaluated) misreports in \(DurationText.text(m.seconds)) (\(Int(m.misreportsPerSecond.rounded()))/s, \(m.workers) workers\(m.accelerated ? ", warm start, \(m.mechanismRuns) checked by full runs" : "")); \(m.manipulableAgents.count) manipulable")
    }
    guard coalitions, !card.manipulation.interrupted else { return (card, nil) }
    let pairBar = ProgressBar(label: "audit \(label)", total: 1, unit: "pairs", enabled: progress ? true : nil)
    let coalition = try CoalitionSearch(
      mechanism: mechanism, side: side, misreports: coalitionSpace, maxPairs: maxPairs,
      workers: workers
    ).run(on: market, agents: agents, progress: Self.callback(pairBar), shouldStop: stop)
    pairBar.finish()
    if !quiet {
      let c = coalition
      printError(
        "audit \(label) coalitions: \(c.pairsSearched) of \(c.pairsAvailable) pairs\(c.interrupted ? " (interrupted)" : ""), \(c.jointMisreportsEvaluated) joint misreports in \(DurationText.text(c.seconds)) (\(Int(c.misreportsPerSecond.rounded()))/s, \(c.workers) workers); \(c.manipulablePairCount) manipulable, \(c.stronglyManipulablePairCount) with both strictly better")
    }
    return (card, coalition)
  }

  /// The search's progress callback drawing `bar`, or `nil` when it draws nothing.
  static func callback(_ bar: ProgressBar) -> (@Sendable (Int, Int) -> Void)? {
    guard bar.enabled else { return nil }
    return { @Sendable done, total in bar.update(done: done, of: total) }
  }
}
