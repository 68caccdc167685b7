import ArgumentParser
import Foundation
import MatchingMarkets

/// `matchmarket check`: which properties an assignment has, with witnesses for those it
/// lacks.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check an assignment: individual rationality, stability (justified envy, waste), Pareto efficiency, the core.",
    discussion: """
      Takes the same market flags as `match` plus --assignment FILE (student,school or \
      agent,house). Prints what holds and, for what does not, witnesses: blocking pairs, an \
      improving cycle, a blocking coalition. Exit status: 0 when every property holds, 1 when \
      one fails, 65 for bad input. With --exit-status stability (for scripts), the status \
      reflects stability alone: 0 when the assignment is feasible, individually rational and \
      stable (housing markets: in the core), 1 otherwise, whatever the efficiency findings.

      Stability uses the schools' priority classes (justified envy needs strictly higher \
      priority); --standard strict uses the tie-broken order instead (give the same \
      --tie-breaking and --seed as the run that made the assignment).

      Roommates: --roommates prefs.csv with --assignment m.csv (agent,partner) checks a       roommates matching (blocking pairs with witnesses), or with --witness summary.json (from       `matchmarket roommates --summary`) checks the proof that no stable matching exists.
      """)

  @OptionGroup var market: MarketOptions

  @OptionGroup var designs: DesignOptions

  @Option(help: "The assignment to check: student,school (or agent,house; agent,partner with --roommates).")
  var assignment: String?

  @Option(help: "With --roommates: a roommates summary whose witness of non-existence to check.")
  var witness: String?

  @Option(help: "Priority standard for stability: weak (classes) or strict (after tie-breaking).")
  var standard: StandardName = .weak

  @Option(help: "The most witnesses to print per property.")
  var limit = 10

  @Flag(help: "Print JSON (sorted keys) instead of text.")
  var json = false

  @Option(
    name: .customLong("exit-status"),
    help: "What sets the exit status: all (0 only when every property holds) or stability (0 when feasible, individually rational and stable, housing: in the core; 1 otherwise, whatever efficiency shows).")
  var exitStatus: ExitStatusRule = .all

  enum StandardName: String, ExpressibleByArgument, CaseIterable { case weak, strict }

  func validate() throws {
    try market.validateStandardInput([market.schools, market.applications, market.endowments, market.preferences, assignment])
  }

  /// Which findings decide the exit status.
  enum ExitStatusRule: String, ExpressibleByArgument, CaseIterable { case all, stability }

  func run() throws {
    if let roommates = market.roommates {
      return try RoommatesCheck(preferences: roommates, matching: assignment, witness: witness, limit: limit).run()
    }
    guard let assignment else { throw ValidationError("--assignment is required") }
    let loaded = try reportingInputErrors { try market.load() }
    var report: CheckReport
    switch loaded {
    case .schoolChoice(let named):
      let matching = try reportingInputErrors {
        try SchoolChoiceCSV.readAssignment(assignment, for: named, delimiter: market.delimiter)
      }
      report = CheckReport(named, matching, standard: standard == .weak ? .weak : .strict, limit: limit)
      report.textLimit = limit
      if designs.types != nil {
        let context = try reportingInputErrors {
          try designs.context(for: named, schools: market.schools!, seed: market.seed, delimiter: market.delimiter)
        }
        let schoolsFile = try reportingInputErrors { try CSVReader(path: market.schools!, delimiter: market.delimiter) }
        report.designs = ControlledChoiceSection.sections(
          named, matching, context: context, hasReserves: schoolsFile.column("reserve") != nil,
          hasQuotas: schoolsFile.column("majority_quota") != nil, limit: limit)
      }
    case .housing(let named):
      let matching = try reportingInputErrors {
        try HousingCSV.readAllocation(assignment, for: named, delimiter: market.delimiter)
      }
      report = CheckReport(named, matching, limit: limit)
      report.textLimit = limit
    }
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      print(String(decoding: try encoder.encode(report), as: UTF8.self))
    } else {
      print(report.text, terminator: "")
    }
    switch exitStatus {
    case .all: if !report.allHold { throw ExitCode(1) }
    case .stability: if !report.isStable { throw ExitCode(1) }
    }
  }
}

/// What `check` found, in a form for people (``text``) and machines (JSON).
struct CheckReport: Encodable {
  struct Pair: Encodable {
    var student: String
    var school: String
    var displaced: String?
  }
  struct Move: Encodable {
    var agent: String
    var from: String?
    var to: String
  }
  struct Coalition: Encodable {
    var agent: String
    var takes: String
  }

  var market: String
  var agents: Int
  var assigned: Int
  var individuallyRational: Bool
  var violations: [String]
  var stable: Bool?
  var justifiedEnvyPairs: Int?
  var studentsWithJustifiedEnvy: Int?
  var wastefulPairs: Int?
  var blockingPairs: [Pair]?
  var paretoEfficient: Bool
  var improvement: [Move]?
  var improvementIsCycle: Bool?
  var inCore: Bool?
  var blockingCoalition: [Coalition]?
  var rankDistribution: RankDistribution
  /// Stability under the controlled-choice constraints (`--types`), when the schools file
  /// defines reserves or quotas.
  var designs: [ControlledChoiceSection]?
  /// How many violations the text lists (the JSON lists all).
  var textLimit = 10

  enum CodingKeys: String, CodingKey {
    case market, agents, assigned, violations, stable, improvement
    case individuallyRational = "individually_rational"
    case justifiedEnvyPairs = "justified_envy_pairs"
    case studentsWithJustifiedEnvy = "students_with_justified_envy"
    case wastefulPairs = "wasteful_pairs"
    case blockingPairs = "blocking_pairs"
    case paretoEfficient = "pareto_efficient"
    case improvementIsCycle = "improvement_is_cycle"
    case inCore = "in_core"
    case blockingCoalition = "blocking_coalition"
    case rankDistribution = "rank_distribution"
    case designs
  }

  var allHold: Bool {
    individuallyRational && (stable ?? true) && paretoEfficient && (inCore ?? true)
      && (designs ?? []).allSatisfy(\.stable)
  }

  /// Stability alone (what `--exit-status stability` reports): a feasible, individually
  /// rational assignment with no blocking pair; in a housing market, where the analogue of a
  /// blocking pair is a blocking coalition, in the core (Roth and Postlewaite 1977).
  var isStable: Bool {
    individuallyRational && (stable ?? true) && (inCore ?? true)
  }

  init(_ named: NamedSchoolChoiceMarket, _ m: Matching, standard: PriorityStandard, limit: Int) {
    let mk = named.market
    let s = named.studentNames
    let c = named.schoolNames
    market = "school-choice"
    agents = mk.studentCount
    assigned = m.assignedCount
    let v = mk.violations(of: m)
    individuallyRational = v.isEmpty
    violations = v.map { Self.describe($0, agents: s, options: c) }
    let st = mk.stabilityReport(of: m, standard: standard, limit: limit)
    stable = st.isStable
    justifiedEnvyPairs = st.justifiedEnvyPairCount
    studentsWithJustifiedEnvy = st.studentsWithJustifiedEnvy
    wastefulPairs = st.wastefulPairCount
    blockingPairs = st.witnesses.map { Pair(student: s[$0.student], school: c[$0.school], displaced: $0.displaced.map { s[$0] }) }
    let imp = v.isEmpty ? mk.paretoImprovement(of: m) : nil
    paretoEfficient = v.isEmpty && imp == nil
    improvement = imp?.moves.map { Move(agent: s[$0.student], from: $0.from.map { c[$0] }, to: c[$0.to]) }
    improvementIsCycle = imp?.isCycle
    rankDistribution = mk.rankDistribution(of: m)
  }

  init(_ named: NamedHousingMarket, _ m: Matching, limit: Int) {
    let mk = named.market
    let a = named.agentNames
    let h = named.houseNames
    market = "housing"
    agents = mk.agentCount
    assigned = m.assignedCount
    let v = mk.violations(of: m)
    individuallyRational = v.isEmpty
    violations = v.map { Self.describe($0, agents: a, options: h) }
    let feasible = !v.contains { if case .houseTwice = $0 { return true }; return false }
    let imp = feasible ? mk.paretoImprovement(of: m) : nil
    paretoEfficient = feasible && imp == nil
    improvement = imp?.moves.map { Move(agent: a[$0.student], from: $0.from.map { h[$0] }, to: h[$0.to]) }
    improvementIsCycle = imp?.isCycle
    let coalition = feasible ? mk.blockingCoalition(against: m) : nil
    inCore = feasible && coalition == nil
    blockingCoalition = coalition.map { c in zip(c.members, c.houses).map { Coalition(agent: a[$0], takes: h[$1]) } }
    rankDistribution = mk.rankDistribution(of: m)
  }

  static func describe(_ v: MatchingViolation, agents: [String], options: [String]) -> String {
    switch v {
    case .wrongAgentCount(let e, let f): "the assignment has \(f) agents, the market \(e)"
    case .optionOutOfRange(let a, let o): "'\(agents[a])' holds option #\(o), which does not exist"
    case .unacceptable(let a, let o): "'\(agents[a])' is assigned '\(options[o])', which is not on her list"
    case .overCapacity(let s, let n, let c): "'\(options[s])' holds \(n) students for \(c) seats"
    case .houseTwice(let h, let list): "house '\(options[h])' is given to \(list.map { "'\(agents[$0])'" }.joined(separator: " and "))"
    case .worseThanEndowment(let x, let got, let own):
      "'\(agents[x])' gets \(got.map { "'\(options[$0])'" } ?? "nothing"), worse than her own house '\(options[own])'"
    }
  }

  var text: String {
    func yes(_ b: Bool) -> String { b ? "yes" : "NO" }
    var out = "\(market) market: \(agents) agents, \(assigned) assigned\n"
    out += "individually rational and feasible: \(yes(individuallyRational))\n"
    for v in violations.prefix(textLimit) { out += "  - \(v)\n" }
    if violations.count > textLimit { out += "  ... and \(violations.count - textLimit) more\n" }
    if let stable {
      out += "stable (no justified envy, no waste): \(yes(stable))\n"
      out += "  justified envy: \(justifiedEnvyPairs ?? 0) blocking pairs, \(studentsWithJustifiedEnvy ?? 0) students with justified envy\n"
      out += "  waste: \(wastefulPairs ?? 0) pairs where a student prefers a school with an empty seat\n"
      for p in blockingPairs ?? [] {
        if let d = p.displaced {
          out += "  - '\(p.student)' prefers '\(p.school)' and has higher priority there than '\(d)', who holds a seat\n"
        } else {
          out += "  - '\(p.student)' prefers '\(p.school)', which has an empty seat\n"
        }
      }
    }
    out += "Pareto efficient: \(yes(paretoEfficient))\n"
    if let improvement {
      out += (improvementIsCycle == true ? "  improving cycle:\n" : "  improving chain into an empty seat:\n")
      for m in improvement { out += "  - '\(m.agent)' moves from \(m.from.map { "'\($0)'" } ?? "unassigned") to '\(m.to)'\n" }
    }
    if let inCore {
      out += "in the core: \(yes(inCore))\n"
      for c in blockingCoalition ?? [] { out += "  - blocking coalition: '\(c.agent)' takes '\(c.takes)'\n" }
    }
    for section in designs ?? [] { out += section.text }
    let d = rankDistribution
    let ranks = d.counts.enumerated().map { "\($0.offset + 1): \($0.element)" }.joined(separator: ", ")
    out += "rank distribution: \(ranks.isEmpty ? "-" : ranks); unassigned: \(d.unassigned)\n"
    return out
  }
}
