import ArgumentParser
import Foundation
import MatchingMarkets
import Synchronization

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
      Progress goes to stderr when it is a terminal; timings go to stderr unless --quiet.

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

  @Flag(help: "Also search coalitions of two agents misreporting together (full mechanism runs).")
  var coalitions = false

  @Option(help: "With --coalitions: the most pairs to search, in order (1,2), (1,3), (2,3), (1,4), ... of the audited agents.")
  var maxPairs = 2000

  @Option(help: "With --coalitions and --misreports exhaustive: longest list searched exhaustively per member (at most 6; a pair costs up to (reports + 1)^2 runs).")
  var coalitionMaxOptions = 4

  @Flag(
    help: "Rerun the mechanism for every misreport, even for da and boston (by default their students' misreports are evaluated by a warm start from the run without the student, checked against the mechanism on every truthful report, every witness and one misreport in 64).")
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
    if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
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
    let names = try MechanismName.list(mechanisms, parallelE: designs.parallelE)
    let loaded = try reportingInputErrors { try market.load() }
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
      for name in names {
        let (card, coalition) = try auditSchoolChoice(
          try designs.mechanism(name, for: named, schools: market.schools!, seed: market.seed), on: named.market, side: side, agents: audited,
          label: name.rawValue, accelerator: noAccelerate ? nil : Self.warmStart(for: name))
        document.mechanisms.append(
          MechanismEntry(card, coalition: coalition, agentNames: agentNames, optionNames: optionNames, studentNames: named.studentNames, schoolNames: named.schoolNames))
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
      for name in names {
        let mechanism = try name.housing(seed: market.seed)
        let (card, coalition) = try audit(
          mechanism, on: named.market, side: .agents, agents: audited, label: name.rawValue,
          accelerator: nil)
        document.mechanisms.append(
          MechanismEntry(card, coalition: coalition, agentNames: named.agentNames, optionNames: named.houseNames, studentNames: named.agentNames, schoolNames: named.houseNames))
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
  /// for `da`, ``ImmediateAcceptanceWarmStart`` for `boston`, none for the others.
  static func warmStart(for name: MechanismName) -> (any MisreportAccelerator<SchoolChoiceMarket>)? {
    switch name {
    case .da: DeferredAcceptanceWarmStart()
    case .boston: ImmediateAcceptanceWarmStart()
    default: nil
    }
  }

  /// Audits one mechanism (and, with `--coalitions`, its pairs), with a progress line on a
  /// terminal and a timing line on stderr.
  func audit<M: MatchingMechanism>(
    _ mechanism: M, on market: M.Market, side: M.Market.ReportingSide, agents: [Int]?,
    label: String, accelerator: (any MisreportAccelerator<M.Market>)?
  ) throws -> (MechanismPropertyReport, CoalitionReport?) where M.Outcome == Matching, M.Market: PropertyCheckedMarket {
    let progress = standardErrorIsTerminal ? ProgressLine(label: label) : nil
    var callback: (@Sendable (Int, Int) -> Void)? = nil
    if let progress {
      callback = { @Sendable done, total in progress.update(done, total) }
    }
    let card = try MechanismPropertyReport(
      auditing: mechanism, on: market, side: side, misreports: space, agents: agents,
      witnessesPerAgent: witnesses, workers: workers, accelerator: accelerator, progress: callback)
    progress?.finish()
    if !quiet {
      let m = card.manipulation
      printError(
        "audit \(label): \(m.agentsAudited) agents, \(m.misreportsEvaluated) misreports in \(format(m.seconds)) s (\(Int(m.misreportsPerSecond.rounded()))/s, \(m.workers) workers\(m.accelerated ? ", warm start, \(m.mechanismRuns) checked by full runs" : "")); \(m.manipulableAgents.count) manipulable")
    }
    guard coalitions else { return (card, nil) }
    let pairProgress = standardErrorIsTerminal ? ProgressLine(label: label, unit: "pairs") : nil
    var pairCallback: (@Sendable (Int, Int) -> Void)? = nil
    if let pairProgress {
      pairCallback = { @Sendable done, total in pairProgress.update(done, total) }
    }
    let coalition = try CoalitionSearch(
      mechanism: mechanism, side: side, misreports: coalitionSpace, maxPairs: maxPairs,
      workers: workers
    ).run(on: market, agents: agents, progress: pairCallback)
    pairProgress?.finish()
    if !quiet {
      let c = coalition
      printError(
        "audit \(label) coalitions: \(c.pairsSearched) of \(c.pairsAvailable) pairs, \(c.jointMisreportsEvaluated) joint misreports in \(format(c.seconds)) s (\(Int(c.misreportsPerSecond.rounded()))/s, \(c.workers) workers); \(c.manipulablePairCount) manipulable, \(c.stronglyManipulablePairCount) with both strictly better")
    }
    return (card, coalition)
  }

  func format(_ x: Double) -> String {
    let hundredths = Int((x * 100).rounded())
    return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
  }
}

/// A single updating progress line on stderr (only used when stderr is a terminal).
final class ProgressLine: Sendable {
  let label: String
  let unit: String
  let lastPercent = Atomic<Int>(-1)
  init(label: String, unit: String = "agents") {
    self.label = label
    self.unit = unit
  }

  func update(_ done: Int, _ total: Int) {
    let percent = total == 0 ? 100 : done * 100 / total
    let previous = lastPercent.load(ordering: .relaxed)
    guard percent > previous,
      lastPercent.compareExchange(expected: previous, desired: percent, ordering: .relaxed).exchanged
    else { return }
    Self.writeStandardError("\r\u{1B}[Kaudit \(label): \(done)/\(total) \(unit) (\(percent)%)")
  }

  func finish() { Self.writeStandardError("\r\u{1B}[K") }

  static func writeStandardError(_ text: String) {
    _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
  }
}

// MARK: - The report

/// The whole audit, in the shape of the JSON output.
struct AuditDocument: Encodable {
  struct MarketSummary: Encodable {
    var kind: String
    var students: Int?
    var schools: Int?
    var agents: Int?
  }
  var market: MarketSummary
  var side: String
  var misreports: String
  /// Each coalition member's misreport space (only with `--coalitions`).
  var coalitionMisreports: String?
  var mechanisms: [MechanismEntry]

  /// The report for people: a table, the rank distributions, then up to `show` witnesses
  /// per mechanism.
  func text(show: Int) -> String {
    var out = ""
    let size =
      market.agents.map { "\($0) agents" } ?? "\(market.students ?? 0) students, \(market.schools ?? 0) schools"
    out += "market: \(market.kind), \(size); side: \(side); misreports: \(misreports)\n\n"
    let header = ["mechanism", "stable", "non-wasteful", "IR", "Pareto", "manipulable", "misreports"]
    var rows = [header]
    for m in mechanisms {
      rows.append([
        m.mechanism, yesNo(m.stable), yesNo(m.nonWasteful), yesNo(m.individuallyRational),
        yesNo(m.paretoEfficient), "\(m.manipulableAgents)/\(m.agentsAudited)",
        "\(m.misreportsEvaluated)",
      ])
    }
    var widths = [Int](repeating: 0, count: header.count)
    for row in rows { for (k, cell) in row.enumerated() { widths[k] = max(widths[k], cell.count) } }
    for row in rows {
      out += row.enumerated().map { k, cell in cell + String(repeating: " ", count: widths[k] - cell.count) }
        .joined(separator: "  ").trimmingTrailingSpaces() + "\n"
    }
    out += "\nrank distribution (agents by position of their assignment; - = unassigned):\n"
    for m in mechanisms {
      let ranks = m.rankDistribution.counts.enumerated().map { "\($0.offset + 1): \($0.element)" }
      out += "  \(m.mechanism): " + (ranks + ["-: \(m.rankDistribution.unassigned)"]).joined(separator: ", ") + "\n"
    }
    var notes: [String] = []
    for m in mechanisms {
      if let b = m.blockingPair { notes.append("  \(m.mechanism) not stable: \(b)") }
      if let b = m.blockingCoalition { notes.append("  \(m.mechanism) not in the core: \(b)") }
      if let p = m.paretoImprovement { notes.append("  \(m.mechanism) not Pareto efficient: \(p)") }
    }
    if !notes.isEmpty { out += "\nfailures:\n" + notes.joined(separator: "\n") + "\n" }
    out += "\nmanipulation witnesses:\n"
    for m in mechanisms {
      if m.witnesses.isEmpty {
        out += "  \(m.mechanism): none found (\(m.agentsSearchedExhaustively) agents searched exhaustively, \(m.agentsSearchedHeuristically) heuristically, \(m.agentsAtBest) already at their best)\n"
        continue
      }
      for w in m.witnesses.prefix(show) {
        out += "  \(m.mechanism): \(w.agent) [\(w.trueList.joined(separator: ", "))] gets \(holding(w.truthfulOutcome)); "
        out += "reporting [\(w.misreport.joined(separator: ", "))] (\(w.kind)) gets \(holding(w.manipulatedOutcome))\n"
      }
      if m.witnesses.count > show {
        out += "  \(m.mechanism): ... and \(m.witnesses.count - show) more witnesses (\(m.manipulableAgents) manipulable agents; --json lists all)\n"
      }
    }
    if let coalitionMisreports {
      out += "\ncoalitions of two (each member: \(coalitionMisreports)):\n"
      for m in mechanisms {
        guard let pairs = m.manipulablePairs, let witnesses = m.coalitionWitnesses else { continue }
        out += "  \(m.mechanism): \(pairs)/\(m.pairsSearched ?? 0) pairs manipulable, \(m.stronglyManipulablePairs ?? 0) with both strictly better "
        out += "(\(m.pairsAvailable ?? 0) pairs in all, \(m.pairsAtBest ?? 0) searched with both at their best; \(m.jointMisreportsEvaluated ?? 0) joint misreports)\n"
        for w in witnesses.prefix(show) {
          let parts = w.members.map { member -> String in
            let how =
              member.family == "truthful"
              ? "truthful" : "reports [\(member.report.joined(separator: ", "))] (\(member.kind))"
            return "\(member.agent) [\(member.trueList.joined(separator: ", "))] \(how): \(holding(member.truthfulOutcome)) -> \(holding(member.manipulatedOutcome)) (\(member.strictlyBetter ? "better" : "no worse"))"
          }
          out += "    " + parts.joined(separator: "; ") + "\n"
        }
        if witnesses.count > show {
          out += "    ... and \(witnesses.count - show) more pairs (--json lists all)\n"
        }
      }
    }
    return out
  }

  func yesNo(_ b: Bool) -> String { b ? "yes" : "no" }
  func holding(_ xs: [String]) -> String { xs.isEmpty ? "nothing" : xs.joined(separator: ", ") }
}

/// One mechanism's row: properties, rank distribution, manipulation search, by name.
struct MechanismEntry: Encodable {
  var mechanism: String
  var stable: Bool
  var stabilityNotion: String
  var justifiedEnvyPairs: Int
  var studentsWithJustifiedEnvy: Int
  var wastefulPairs: Int
  var nonWasteful: Bool
  var individuallyRational: Bool
  var paretoEfficient: Bool
  var rankDistribution: RankDistribution
  var blockingPair: String?
  var blockingCoalition: String?
  var paretoImprovement: String?
  var agentsAudited: Int
  var agentsAtBest: Int
  var agentsSearchedExhaustively: Int
  var agentsSearchedHeuristically: Int
  var misreportsEvaluated: Int
  /// The number of agents with a profitable misreport.
  var manipulableAgents: Int
  var manipulableAgentNames: [String]
  var witnesses: [WitnessEntry]
  // With --coalitions only (absent from the JSON otherwise).
  /// Pairs with a weak coalitional manipulation.
  var manipulablePairs: Int?
  /// Of those, pairs with a joint misreport that makes both strictly better.
  var stronglyManipulablePairs: Int?
  var pairsSearched: Int?
  var pairsAvailable: Int?
  var pairsAtBest: Int?
  var pairsSearchedExhaustively: Int?
  var pairsSearchedHeuristically: Int?
  var jointMisreportsEvaluated: Int?
  var coalitionWitnesses: [CoalitionWitnessEntry]?

  struct CoalitionWitnessEntry: Encodable {
    var members: [Member]
    var bothStrictlyBetter: Bool

    struct Member: Encodable {
      var agent: String
      var trueList: [String]
      var report: [String]
      /// `truthful`, or how the report was made.
      var kind: String
      var family: String
      var strictlyBetter: Bool
      var truthfulOutcome: [String]
      var manipulatedOutcome: [String]
    }
  }

  struct WitnessEntry: Encodable {
    var agent: String
    var trueList: [String]
    var misreport: [String]
    var kind: String
    var family: String
    var truthfulOutcome: [String]
    var manipulatedOutcome: [String]
  }

  init(
    _ card: MechanismPropertyReport, coalition: CoalitionReport? = nil, agentNames: [String],
    optionNames: [String], studentNames: [String], schoolNames: [String]
  ) {
    let p = card.properties
    let m = card.manipulation
    mechanism = card.mechanism
    stable = p.stable
    stabilityNotion = p.stabilityNotion
    justifiedEnvyPairs = p.justifiedEnvyPairs
    studentsWithJustifiedEnvy = p.studentsWithJustifiedEnvy
    wastefulPairs = p.wastefulPairs
    nonWasteful = p.nonWasteful
    individuallyRational = p.individuallyRational
    paretoEfficient = p.paretoEfficient
    rankDistribution = p.rankDistribution
    blockingPair = p.blockingPair.map { b in
      let who = studentNames[b.student]
      let school = schoolNames[b.school]
      if let d = b.displaced {
        return "\(who) prefers \(school) and has higher priority there than \(studentNames[d]), who holds a seat"
      }
      return "\(who) prefers \(school), which has an empty seat"
    }
    blockingCoalition = p.blockingCoalition.map { c in
      zip(c.members, c.houses).map { "\(studentNames[$0]) takes \(schoolNames[$1])" }.joined(separator: ", ")
    }
    paretoImprovement = p.paretoImprovement.map { c in
      let steps = c.moves.map { mv in
        "\(studentNames[mv.student]) moves from \(mv.from.map { schoolNames[$0] } ?? "unassigned") to \(schoolNames[mv.to])"
      }
      return (c.isCycle ? "trading cycle: " : "chain into an empty seat: ") + steps.joined(separator: "; ")
    }
    agentsAudited = m.agentsAudited
    agentsAtBest = m.agentsAtBest
    agentsSearchedExhaustively = m.agentsSearchedExhaustively
    agentsSearchedHeuristically = m.agentsSearchedHeuristically
    misreportsEvaluated = m.misreportsEvaluated
    manipulableAgents = m.manipulableAgents.count
    manipulableAgentNames = m.manipulableAgents.map { agentNames[$0] }
    witnesses = m.witnesses.map { w in
      WitnessEntry(
        agent: agentNames[w.agent], trueList: w.trueList.map { optionNames[$0] },
        misreport: w.misreport.map { optionNames[$0] }, kind: w.kind.description,
        family: w.kind.family, truthfulOutcome: w.truthfulOutcome.map { optionNames[$0] },
        manipulatedOutcome: w.manipulatedOutcome.map { optionNames[$0] })
    }
    if let c = coalition {
      manipulablePairs = c.manipulablePairCount
      stronglyManipulablePairs = c.stronglyManipulablePairCount
      pairsSearched = c.pairsSearched
      pairsAvailable = c.pairsAvailable
      pairsAtBest = c.pairsAtBest
      pairsSearchedExhaustively = c.pairsSearchedExhaustively
      pairsSearchedHeuristically = c.pairsSearchedHeuristically
      jointMisreportsEvaluated = c.jointMisreportsEvaluated
      coalitionWitnesses = c.witnesses.map { w in
        CoalitionWitnessEntry(
          members: w.members.map { m in
            CoalitionWitnessEntry.Member(
              agent: agentNames[m.agent], trueList: m.trueList.map { optionNames[$0] },
              report: m.report.map { optionNames[$0] }, kind: m.kind?.description ?? "truthful",
              family: m.kind?.family ?? "truthful", strictlyBetter: m.strictlyBetter,
              truthfulOutcome: m.truthfulOutcome.map { optionNames[$0] },
              manipulatedOutcome: m.manipulatedOutcome.map { optionNames[$0] })
          }, bothStrictlyBetter: w.bothStrictlyBetter)
      }
    }
  }
}

extension String {
  fileprivate func trimmingTrailingSpaces() -> String {
    var s = Substring(self)
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
