import ArgumentParser
import MatchingMarkets

#if canImport(Glibc)
import Glibc
#endif

/// `matchmarket kidney`: plan kidney exchanges.
struct KidneyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kidney",
    abstract: "Plan kidney exchanges (cycles and chains), proven optimal through GLPK.",
    subcommands: [KidneyPlanCommand.self, KidneySimulateCommand.self])
}

/// Where the pool comes from: one of four formats.
struct KidneyPoolOptions: ParsableArguments {
  @Option(help: "pairs.csv: id,donor_blood_type,patient_blood_type,patient_cpra (or patient_pra),is_altruist.")
  var pairs: String?
  @Option(help: "edges.csv: donor_id,recipient_id,weight[,success_probability].")
  var edges: String?
  @Option(help: "A PrefLib kidney .wmd file, older (MD-00001) or newer layout (with --dat, or alone: altruists told by name).")
  var wmd: String?
  @Option(help: "The PrefLib .dat file that goes with --wmd (marks the altruists).")
  var dat: String?
  @Option(name: .customLong("kep-json"), help: "A kep_solver JSON file (schema 1).")
  var kepJSON: String?
  @Option(name: .customLong("kidney-solver-input"), help: "A kidney_solver .input file (pair arcs).")
  var kidneySolverInput: String?
  @Option(name: .customLong("kidney-solver-ndds"), help: "The kidney_solver .ndds file (altruist arcs).")
  var kidneySolverNDDs: String?
  @Option(help: "Field delimiter of --pairs/--edges/--dat: comma, semicolon or tab (default: detected from the header line). Any input may be - for standard input (one at most).")
  var delimiter: CSVDelimiter?

  func validate() throws {
    let given = [pairs != nil || edges != nil, wmd != nil || dat != nil, kepJSON != nil,
                 kidneySolverInput != nil || kidneySolverNDDs != nil].filter { $0 }.count
    guard given == 1 else {
      throw ValidationError("give one pool: --pairs and --edges, --wmd and --dat, --kep-json, or --kidney-solver-input [--kidney-solver-ndds]")
    }
    if (pairs == nil) != (edges == nil) { throw ValidationError("--pairs and --edges go together") }
    if dat != nil && wmd == nil { throw ValidationError("--dat needs --wmd") }
    if kidneySolverNDDs != nil && kidneySolverInput == nil { throw ValidationError("--kidney-solver-ndds needs --kidney-solver-input") }
    let inputs = [pairs, edges, wmd, dat, kepJSON, kidneySolverInput, kidneySolverNDDs]
    if inputs.filter({ $0.map(InputFile.isStandardInput) ?? false }).count > 1 {
      throw ValidationError("at most one input may be - (standard input)")
    }
  }

  func load() throws -> KidneyPool {
    try reportingInputErrors {
      if let pairs, let edges { return try KidneyCSV.read(pairs: pairs, edges: edges, delimiter: delimiter) }
      if let wmd { return try PrefLibKidney.read(wmd: wmd, dat: dat, delimiter: delimiter) }
      if let kepJSON { return try KepSolverJSON.read(kepJSON) }
      if let kidneySolverInput { return try KidneySolverFormat.read(input: kidneySolverInput, ndds: kidneySolverNDDs) }
      throw ValidationError("no pool given")
    }
  }
}

struct KidneyPlanCommand: ParsableCommand {
  /// Exit statuses beyond 0 (proven optimal) and the usual 64 (usage), 65 (bad data).
  enum Exit {
    /// A plan was found but not proven optimal (time limit, or another stop; see the note).
    static let notProven: Int32 = 2
    /// The time limit passed before any plan was found (the written plan is empty).
    static let noPlan: Int32 = 3
  }

  /// The largest --time-limit: about 11.6 days (leave the option out for no limit).
  static let maxTimeLimit = 1_000_000.0

  static let configuration = CommandConfiguration(
    commandName: "plan",
    abstract: "Find a plan of cycles and chains that maximises transplants (or weight), with a proven bound.",
    discussion: """
      Cycles have at most --max-cycle pairs; chains start at an altruist and make at most \
      --max-chain transplants to pair patients (kidney_solver's convention; kep_solver's \
      maxChainLength is this plus one). Objectives: transplants (default), weight, expected \
      (expected transplants from success_probability), uk (transplants, then two-way \
      exchanges, then back-arcs, then weight), or hierarchical:c1,c2,... with criteria \
      transplants, weight, two-way, back-arcs, expected.

      plan.csv: exchange,type,length,step,donor_id,recipient_id,weight,success_probability. \
      The summary JSON has transplants, status (optimal, time_limit, feasible, interrupted), \
      bound (a proven upper bound on the objective) and bound_kind (what proves it: \
      lp_relaxation when column generation finished; lagrangian when it was cut short; \
      trivial, each pair receives at most once, when no LP was solved in time), plan_found, \
      objective, gap, seconds, cycles by length, chains.

      Ctrl-C stops the search: the best plan found so far is written, with status \
      interrupted (a second Ctrl-C kills at once, writing nothing).

      Exit status: 0 proven optimal; 2 a plan was found but not proven optimal (time limit \
      or another stop, see the note); 3 the time limit passed before any plan was found \
      (an empty plan is written); 130 interrupted by Ctrl-C; 64 bad options; 65 bad input \
      data; 74 an output could not be written.
      """)

  @OptionGroup var pool: KidneyPoolOptions

  @Option(name: .customLong("max-cycle"), help: "Maximum pairs in a cycle (K), 0...8.")
  var maxCycle = 3
  @Option(name: .customLong("max-chain"), help: "Maximum transplants in a chain (L), 0...32; 0 for no chains.")
  var maxChain = 3
  @Option(help: "transplants, weight, expected, uk, or hierarchical:c1,c2,...")
  var objective = "transplants"
  @Option(
    name: .customLong("time-limit"),
    help: "Seconds, in (0, 1000000]; on expiry the best plan found is written with status time_limit, its gap and exit status 2 (3 if none was found).")
  var timeLimit: Double?
  @Option(help: "Where to write plan.csv.")
  var output: String
  @Option(help: "Where to write the summary JSON.")
  var summary: String?
  @Option(help: "Where to write a Graphviz drawing of the pool with the plan highlighted.")
  var dot: String?
  @Flag(help: "Print nothing on stderr.")
  var quiet = false
  @Option(help: "optimizer (default: the proven-optimal plan) or ttcc (top trading cycles and chains, Roth, Sönmez and Ünver 2004: rankings by arc weight, cycles of any length, w-chains to the waiting list, altruists unused; --max-cycle, --max-chain, --objective, --time-limit and --dot do not apply).")
  var mechanism: KidneyMechanismChoice = .optimizer
  @Option(name: .customLong("chain-rule"), help: "TTCC chain rule: priority-keep (e, default), priority-remove (d), longest-keep (c), longest-remove (b); priority = pair order in the input.")
  var chainRule: TopTradingCyclesAndChains.ChainRule = .priorityKeep
  @Option(help: "TTCC waiting-list option: all (every patient accepts w below her compatible kidneys) or none (top trading cycles).")
  var waitlist: TTCCMarket.WaitlistOption = .all
  @Option(
    name: .customLong("chain-formulation"),
    help: "How the optimizer models chains: paths (default: one variable per chain) or arcs (PICEF's position-indexed arcs, for comparison; far slower on large pools). With --objective expected chains are always paths.")
  var chainFormulation: ChainFormulationChoice = .paths

  func validate() throws {
    guard KidneyObjective(objective) != nil else {
      throw ValidationError("unknown objective '\(objective)': use transplants, weight, expected, uk or hierarchical:c1,c2,...")
    }
    guard maxCycle >= 0 && maxCycle <= 8 else { throw ValidationError("--max-cycle must be in 0...8") }
    guard maxChain >= 0 && maxChain <= 32 else { throw ValidationError("--max-chain must be in 0...32") }
    if let t = timeLimit, !(t > 0 && t <= Self.maxTimeLimit) {
      throw ValidationError(
        "--time-limit must be a number of seconds in (0, 1000000], not \(t); leave it out for no limit")
    }
  }

  func run() throws {
    try preflightOutputs(files: [output, summary, dot])
    // From here a Ctrl-C only asks the search to stop (a second one kills at once).
    Interrupt.install()
    defer { Interrupt.uninstall() }
    let pool = try self.pool.load()
    if Interrupt.requested {
      if !quiet { printError("kidney: interrupted before planning; nothing written") }
      throw ExitCode(Interrupt.exitStatus)
    }
    if mechanism == .ttcc { return try runTTCC(pool) }
    let objective = KidneyObjective(objective)!
    let bar = ProgressBar(label: "kidney", total: 1, enabled: quiet ? false : nil)
    let report: @Sendable (KidneyProgress) -> Void = { bar.show($0.line) }
    let optimizer = KidneyExchangeOptimizer(
      maxCycle: maxCycle, maxChain: maxChain, objective: objective, timeLimit: timeLimit,
      chainFormulation: chainFormulation == .paths ? .paths : .positionIndexedArcs,
      progress: bar.enabled ? report : nil, shouldStop: { Interrupt.requested })
    let plan = try optimizer.match(pool)
    bar.finish()
    if let violation = pool.feasibilityViolation(of: plan.exchanges, maxCycle: maxCycle, maxChain: maxChain) {
      printError("internal error: the plan is infeasible: \(violation)")
      throw ExitCode(70)
    }
    try reportingInputErrors {
      try KidneyPlanWriter.writeCSV(plan, pool: pool, to: output)
      if let summary {
        let text = KidneyPlanWriter.summary(plan, pool: pool, maxCycle: maxCycle, maxChain: maxChain, objective: objective)
        try AtomicFile.write(bytes: Array(text.utf8), to: summary)
      }
      if let dot { try AtomicFile.write(bytes: Array(KidneyPlanWriter.dot(plan, pool: pool).utf8), to: dot) }
    }
    if !quiet {
      for line in Self.report(plan, pool: pool, objective: objective) { printError(line) }
    }
    if let status = Self.exitStatus(of: plan) { throw ExitCode(status) }
  }

  /// The exit status of a run that wrote `plan`; `nil` for 0 (proven optimal).
  static func exitStatus(of plan: KidneyPlan) -> Int32? {
    switch plan.status {
    case .optimal: nil
    case .interrupted: Interrupt.exitStatus
    case .timeLimit: plan.planFound ? Exit.notProven : Exit.noPlan
    case .feasible: Exit.notProven
    }
  }

  /// The lines printed on stderr after a run: the plan, its bound and what proves it, and
  /// why it is not proven optimal when it is not.
  static func report(_ plan: KidneyPlan, pool: KidneyPool, objective: KidneyObjective) -> [String] {
    let counts = plan.cycleCounts
    let cycles = (2..<max(2, counts.count)).filter { counts[$0] > 0 }.map { "\(counts[$0]) \($0)-cycles" }
    let f = KidneyPlanWriter.number
    var line = "kidney: \(pool.pairCount) pairs, \(pool.altruistCount) altruists, \(pool.arcCount) arcs; "
    if plan.planFound {
      line += "\(plan.transplants) transplants"
      line += " (\(cycles.isEmpty ? "no cycles" : cycles.joined(separator: ", ")), \(plan.chainCount) chains); "
      line += "\(objective) \(f(plan.objective)), "
    } else {
      line += "no plan found (the plan written is empty); "
    }
    line += "bound \(f(plan.bound)) (\(plan.boundKind.explanation)), \(plan.status)"
    if plan.status != KidneyPlan.Status.optimal { line += " (gap \(f((plan.status.gap * 10000).rounded() / 100))%)" }
    line += " in \(DurationText.text(plan.seconds))"
    var lines = [line]
    switch plan.status {
    case .optimal: break
    case .interrupted:
      lines.append("interrupted: the plan written is the best found before Ctrl-C, not proven optimal")
    case .timeLimit:
      lines.append(plan.planFound
        ? "time limit reached: the plan is not proven optimal (exit status 2)"
        : "time limit reached before any plan was found (exit status 3)")
    case .feasible: break
    }
    if let note = plan.note { lines.append("note: \(note)") }
    return lines
  }
}

/// Which mechanism `kidney plan` runs.
enum KidneyMechanismChoice: String, ExpressibleByArgument, CaseIterable {
  case optimizer, ttcc
}

/// How `kidney plan`'s optimizer models chains (``KidneyExchangeOptimizer/ChainFormulation``).
enum ChainFormulationChoice: String, ExpressibleByArgument, CaseIterable {
  case paths, arcs
}

extension TopTradingCyclesAndChains.ChainRule: ExpressibleByArgument {}
extension TTCCMarket.WaitlistOption: ExpressibleByArgument {}

extension KidneyPlanCommand {
  /// `--mechanism ttcc`: TTCC's cycles and w-chains as plan CSV rows, its summary JSON, a
  /// line on stderr.
  func runTTCC(_ pool: KidneyPool) throws {
    let outcome = TopTradingCyclesAndChains(chainRule: chainRule).match(pool, waitlist: waitlist)
    if let violation = pool.feasibilityViolation(of: outcome.cycleExchanges, maxCycle: max(2, pool.pairCount), maxChain: 0) {
      printError("internal error: a TTCC cycle is infeasible: \(violation)")
      throw ExitCode(70)
    }
    try reportingInputErrors {
      try AtomicFile.write(bytes: outcome.csv(pool: pool).bytes, to: output)
      if let summary {
        try AtomicFile.write(bytes: Array(outcome.summary(pool: pool, chainRule: chainRule, waitlist: waitlist).utf8), to: summary)
      }
    }
    if !quiet {
      printError(
        "kidney ttcc (\(chainRule.rawValue), waitlist \(waitlist.rawValue)): \(pool.pairCount) pairs; \(outcome.transplants) transplants in \(outcome.cycles.count) cycles (longest \(outcome.cycles.map(\.count).max() ?? 0)) and \(outcome.chains.count) w-chains; \(outcome.waitlistCount) patients given waiting-list priority")
    }
  }
}
