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
    subcommands: [KidneyPlanCommand.self])
}

/// Where the pool comes from: one of four formats.
struct KidneyPoolOptions: ParsableArguments {
  @Option(help: "pairs.csv: id,donor_blood_type,patient_blood_type,patient_cpra (or patient_pra),is_altruist.")
  var pairs: String?
  @Option(help: "edges.csv: donor_id,recipient_id,weight[,success_probability].")
  var edges: String?
  @Option(help: "A PrefLib kidney .wmd file (with --dat).")
  var wmd: String?
  @Option(help: "The PrefLib .dat file that goes with --wmd (marks the altruists).")
  var dat: String?
  @Option(name: .customLong("kep-json"), help: "A kep_solver JSON file (schema 1).")
  var kepJSON: String?
  @Option(name: .customLong("kidney-solver-input"), help: "A kidney_solver .input file (pair arcs).")
  var kidneySolverInput: String?
  @Option(name: .customLong("kidney-solver-ndds"), help: "The kidney_solver .ndds file (altruist arcs).")
  var kidneySolverNDDs: String?

  func validate() throws {
    let given = [pairs != nil || edges != nil, wmd != nil || dat != nil, kepJSON != nil,
                 kidneySolverInput != nil || kidneySolverNDDs != nil].filter { $0 }.count
    guard given == 1 else {
      throw ValidationError("give one pool: --pairs and --edges, --wmd and --dat, --kep-json, or --kidney-solver-input [--kidney-solver-ndds]")
    }
    if (pairs == nil) != (edges == nil) { throw ValidationError("--pairs and --edges go together") }
    if (wmd == nil) != (dat == nil) { throw ValidationError("--wmd and --dat go together") }
    if kidneySolverNDDs != nil && kidneySolverInput == nil { throw ValidationError("--kidney-solver-ndds needs --kidney-solver-input") }
  }

  func load() throws -> KidneyPool {
    try reportingInputErrors {
      if let pairs, let edges { return try KidneyCSV.read(pairs: pairs, edges: edges) }
      if let wmd, let dat { return try PrefLibKidney.read(wmd: wmd, dat: dat) }
      if let kepJSON { return try KepSolverJSON.read(kepJSON) }
      if let kidneySolverInput { return try KidneySolverFormat.read(input: kidneySolverInput, ndds: kidneySolverNDDs) }
      throw ValidationError("no pool given")
    }
  }
}

struct KidneyPlanCommand: ParsableCommand {
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
      The summary JSON has transplants, status (optimal, time_limit, feasible), bound (a \
      proven upper bound on the objective), objective, gap, seconds, cycles by length, chains.
      """)

  @OptionGroup var pool: KidneyPoolOptions

  @Option(name: .customLong("max-cycle"), help: "Maximum pairs in a cycle (K).")
  var maxCycle = 3
  @Option(name: .customLong("max-chain"), help: "Maximum transplants in a chain (L); 0 for no chains.")
  var maxChain = 3
  @Option(help: "transplants, weight, expected, uk, or hierarchical:c1,c2,...")
  var objective = "transplants"
  @Option(name: .customLong("time-limit"), help: "Seconds; on expiry the best plan found is written with status time_limit and its gap.")
  var timeLimit: Double?
  @Option(help: "Where to write plan.csv.")
  var output: String
  @Option(help: "Where to write the summary JSON.")
  var summary: String?
  @Option(help: "Where to write a Graphviz drawing of the pool with the plan highlighted.")
  var dot: String?
  @Flag(help: "Print nothing on stderr.")
  var quiet = false

  func validate() throws {
    guard KidneyObjective(objective) != nil else {
      throw ValidationError("unknown objective '\(objective)': use transplants, weight, expected, uk or hierarchical:c1,c2,...")
    }
    guard maxCycle >= 0 && maxCycle <= 8 else { throw ValidationError("--max-cycle must be in 0...8") }
    guard maxChain >= 0 && maxChain <= 32 else { throw ValidationError("--max-chain must be in 0...32") }
    if let t = timeLimit, !(t > 0) { throw ValidationError("--time-limit must be positive") }
  }

  func run() throws {
    try preflightOutputs(files: [output, summary, dot])
    let pool = try self.pool.load()
    let objective = KidneyObjective(objective)!
    let showProgress = !quiet && standardErrorIsTerminal
    let report: @Sendable (KidneyProgress) -> Void = { p in
      let line = "\r\u{1B}[K" + p.line
      _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    }
    let optimizer = KidneyExchangeOptimizer(
      maxCycle: maxCycle, maxChain: maxChain, objective: objective, timeLimit: timeLimit,
      progress: showProgress ? report : nil)
    let plan = try optimizer.match(pool)
    if showProgress { _ = "\r\u{1B}[K".utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) } }
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
      let counts = plan.cycleCounts
      let cycles = (2..<max(2, counts.count)).filter { counts[$0] > 0 }.map { "\(counts[$0]) \($0)-cycles" }
      let f = KidneyPlanWriter.number
      var line = "kidney: \(pool.pairCount) pairs, \(pool.altruistCount) altruists, \(pool.arcCount) arcs; "
      line += "\(plan.transplants) transplants"
      line += " (\(cycles.isEmpty ? "no cycles" : cycles.joined(separator: ", ")), \(plan.chainCount) chains); "
      line += "\(objective) \(f(plan.objective)), bound \(f(plan.bound)), \(plan.status)"
      if plan.status != KidneyPlan.Status.optimal { line += " (gap \(f((plan.status.gap * 10000).rounded() / 100))%)" }
      line += " in \(f((plan.seconds * 100).rounded() / 100)) s"
      printError(line)
      if let note = plan.note { printError("note: \(note)") }
    }
  }
}
