import ArgumentParser
import MatchingMarkets

/// `matchmarket generate`: seeded random markets written in the CSV formats `match` reads.
struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Write a seeded random market (school choice, stable marriage, housing, kidney exchange) as CSV.",
    discussion: """
      The files are the ones `matchmarket match` reads, so a generated market can be \
      inspected, edited and run again. The same arguments and seed always give byte-identical \
      files. `generate school --seed S` writes the market of run 0 of `simulate --seed S` with \
      the same model options; market.json records the tie-break seed that reproduces its \
      lottery (`match --tie-breaking single --seed <tie_break_seed>`). `generate kidney` \
      writes the pool `kidney plan --pairs --edges` reads.
      """,
    subcommands: [School.self, Marriage.self, Housing.self, Kidney.self, Residency.self])

  struct School: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "School choice: schools.csv (school,capacity) and applications.csv (student,school,rank,priority).")

    @OptionGroup var model: SchoolModelOptions

    @Option(help: "Seed. Run k of `simulate --seed S` is stream k; this writes stream --stream.")
    var seed: UInt64 = 1

    @Option(help: "Stream of the seed (the run index in a simulation).")
    var stream: UInt64 = 0

    @Option(help: "Output directory (created if needed).", transform: directoryPath)
    var out: String

    func validate() throws { try model.check() }

    func run() throws {
      try preflightOutputs(directories: [out])
      let model = self.model.model
      var rng = SeededGenerator(seed: seed, stream: stream)
      let data = model.generateData(using: &rng)
      try reportingOutputErrors { try MarketFiles.writeSchoolChoice(data, toDirectory: out) }
      let tieSeed: UInt64
      switch data.tieBreaking {
      case .single(let s), .multiple(let s): tieSeed = s
      case .given: tieSeed = 0
      }
      var meta = "{\n  \"kind\": \"school\",\n"
      meta += "  \"generator\": \"matchmarket generate school\",\n"
      meta += "  \"seed\": \(seed),\n  \"stream\": \(stream),\n"
      meta += "  \"students\": \(model.studentCount),\n  \"schools\": \(model.schoolCount),\n"
      meta += "  \"list_length\": \(model.effectiveListLength),\n"
      meta += "  \"alpha\": \(Fixed.parameter(model.alpha)),\n  \"beta\": \(Fixed.parameter(model.beta)),\n"
      meta += "  \"seats_ratio\": \(Fixed.parameter(model.seatsRatio)),\n"
      meta += "  \"total_capacity\": \(data.capacities.reduce(0) { $0 + Int($1) }),\n"
      meta += "  \"priority\": \(TextEscaping.jsonString(model.priority.rawValue)),\n"
      meta += "  \"sibling_probability\": \(Fixed.parameter(model.siblingProbability)),\n"
      meta += "  \"walk_radius\": \(Fixed.parameter(model.walkRadius)),\n"
      meta += "  \"tie_breaking\": \(TextEscaping.jsonString(model.tieBreaking.rawValue)),\n"
      meta += "  \"tie_break_seed\": \(tieSeed)\n}\n"
      try reportingOutputErrors { try OutputDirectory(out).file("market.json").write(meta) }
      print("wrote \(out)/schools.csv (\(model.schoolCount) schools, \(data.capacities.reduce(0) { $0 + Int($1) }) seats) and \(out)/applications.csv (\(model.studentCount) students, \(data.schools.count) applications)")
    }
  }

  struct Marriage: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Stable marriage (uniform random lists) in the school-choice form: every school (woman) has one seat; priority = her rank of the man (0 = best).")

    @Option(help: "Men, and women.")
    var size: Int

    @Option(help: "Women each man lists (default: all).")
    var k: Int?

    @Option(help: "Correlated lists: weight in [0, 1] of a common quality of each woman (in men's utilities) and of each man (in women's); the rest is individual taste (common-value model). Default: uniform random lists.")
    var correlation: Double?

    @Option(help: "Seed.")
    var seed: UInt64 = 1

    @Option(help: "Stream of the seed.")
    var stream: UInt64 = 0

    @Option(help: "Output directory (created if needed).", transform: directoryPath)
    var out: String

    func validate() throws {
      guard size >= 1 else { throw ValidationError("--size must be at least 1") }
      guard size <= 20_000 else { throw ValidationError("--size above 20000 would write over 400 million applications") }
      if let k, k < 1 { throw ValidationError("--k must be at least 1") }
      if let correlation, !(correlation.isFinite && (0...1).contains(correlation)) {
        throw ValidationError("--correlation must lie in [0, 1]")
      }
    }

    func run() throws {
      try preflightOutputs(directories: [out])
      var rng = SeededGenerator(seed: seed, stream: stream)
      let data = correlation.map { CorrelatedMarriageModel(size: size, listLength: k, correlation: $0).generateData(using: &rng) }
        ?? StableMarriageModel(size: size, listLength: k).generateData(using: &rng)
      try reportingOutputErrors { try MarketFiles.writeSchoolChoice(data, toDirectory: out) }
      print("wrote \(out)/schools.csv and \(out)/applications.csv (\(size) men, \(size) women, \(data.schools.count) applications)")
    }
  }

  struct Housing: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Shapley-Scarf housing market: endowments.csv (agent,house) and preferences.csv (agent,house,rank); agent i owns house i.")

    @Option(help: "Agents (and houses).")
    var agents: Int

    @Option(help: "Houses each agent ranks (her own is appended, or the list cut after it).")
    var k: Int = 10

    @Option(help: "Weight of the common quality of houses, in [0, 1].")
    var alpha: Double = 0.5

    @Option(help: "Seed.")
    var seed: UInt64 = 1

    @Option(help: "Stream of the seed.")
    var stream: UInt64 = 0

    @Option(help: "Output directory (created if needed).", transform: directoryPath)
    var out: String

    func validate() throws {
      guard (1...10_000_000).contains(agents) else {
        throw ValidationError("--agents must lie in 1...10000000 (got \(agents))")
      }
      guard k >= 1 else { throw ValidationError("--k must be at least 1") }
      guard agents * min(k, agents) <= 500_000_000 else {
        throw ValidationError("--agents times --k must stay below 500 million ranked houses")
      }
      guard (0...1).contains(alpha) else { throw ValidationError("--alpha must lie in [0, 1]") }
    }

    func run() throws {
      try preflightOutputs(directories: [out])
      var rng = SeededGenerator(seed: seed, stream: stream)
      let market = HousingModel(agentCount: agents, listLength: k, alpha: alpha).generate(using: &rng)
      try reportingOutputErrors { try MarketFiles.writeHousing(market, toDirectory: out) }
      print("wrote \(out)/endowments.csv and \(out)/preferences.csv (\(agents) agents, \(market.houses.count) ranked houses)")
    }
  }

  struct Kidney: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Kidney-exchange pool (Saidman model): PREFIX.pairs.csv (id,donor_blood_type,patient_blood_type,patient_cpra,is_altruist) and PREFIX.edges.csv (donor_id,recipient_id,weight).",
      discussion: """
        The model of Saidman et al. (2006) with the CMU generator's parameters, as \
        /work/shared/bench/gen_kep.py: incompatible pairs only, arcs where ABO-compatible and \
        a fresh crossmatch is negative. Driven by the engine's seeded generator, so the same \
        seed gives a different pool from gen_kep.py's (same distribution) and byte-identical \
        files on every run. Pairs are named 1...N, altruists N+1...N+A. \
        `bench --kidney` plans the pools of `generate kidney --pairs N --seed S`.
        """)

    @Option(help: "Pool model: saidman (Saidman et al. 2006), heterogeneous (Ashlagi, Jaillet and Manshadi, as KidneyExchange.jl) or sparse (UNOS-like Saidman variant, as KidneyExchange.jl). See docs/Guides/KidneyExchange.md.")
    var model: KidneyPoolModel = .saidman

    @Option(help: "Incompatible patient-donor pairs.")
    var pairs: Int

    @Option(help: "Altruists (non-directed donors); default round(--altruist-fraction x pairs), the fraction 0.05 for saidman and 0.15 for the other models.")
    var altruists: Int?

    @Option(name: .customLong("altruist-fraction"), help: "Altruists per pair, when --altruists is not given.")
    var altruistFraction: Double?

    @Option(help: "Arc weights: unit (all 1) or random (uniform integer 1..10).")
    var weights: SaidmanGenerator.Weights = .unit

    @Option(name: .customLong("spouse-scope"), help: "A wife patient's raised crossmatch probability applies to all donors or only her own husband.")
    var spouseScope: SaidmanGenerator.SpouseScope = .all

    @Option(help: "Seed.")
    var seed: UInt64 = 1

    @Option(help: "Stream of the seed.")
    var stream: UInt64 = 0

    @Option(help: "Output prefix: writes PREFIX.pairs.csv and PREFIX.edges.csv (the directory is created if needed).")
    var out: String

    func validate() throws {
      guard pairs >= 1 else { throw ValidationError("--pairs must be at least 1") }
      guard pairs <= 20_000 else { throw ValidationError("--pairs above 20000 would draw over 400 million crossmatches") }
      if altruists != nil && altruistFraction != nil {
        throw ValidationError("give --altruists or --altruist-fraction, not both")
      }
      if let altruists, !(0...20_000).contains(altruists) { throw ValidationError("--altruists must lie in 0...20000") }
      if let f = altruistFraction, !(f.isFinite && f >= 0 && f <= 10) {
        throw ValidationError("--altruist-fraction must lie in [0, 10]")
      }
      if let f = altruistFraction, SaidmanGenerator.altruists(pairs: pairs, fraction: f) > 20_000 {
        throw ValidationError("--altruist-fraction x --pairs must give at most 20000 altruists, as --altruists")
      }
      guard !out.isEmpty && !out.hasSuffix("/") else { throw ValidationError("--out needs a file prefix, e.g. pools/saidman_256") }
      if model != .saidman && spouseScope != .all {
        throw ValidationError("--spouse-scope applies to --model saidman only")
      }
    }

    func run() throws {
      try reportingOutputErrors {
        for file in [out + ".pairs.csv", out + ".edges.csv"] { try OutputTarget(file).preflight(creatingDirectories: true) }
      }
      let altruistCount = altruists ?? SaidmanGenerator.altruists(pairs: pairs, fraction: altruistFraction ?? model.defaultAltruistFraction)
      var rng = SeededGenerator(seed: seed, stream: stream)
      let pool: KidneyPool
      var drawn = ""
      if model == .saidman {
        let result = SaidmanGenerator(pairs: pairs, altruists: altruistCount, weights: weights, spouseScope: spouseScope)
          .generateWithDraws(using: &rng)
        pool = result.pool
        drawn = "; \(result.drawCount) pairs drawn"
      } else {
        pool = model.generate(pairs: pairs, altruists: altruistCount, weights: weights, using: &rng)
      }
      do {
        if let slash = out.lastIndex(of: "/"), slash != out.startIndex {
          try OutputDirectory(String(out[..<slash])).create()
        }
        try KidneyCSV.write(pool, pairs: out + ".pairs.csv", edges: out + ".edges.csv")
      } catch {
        printError("error: \(error)")
        throw ExitCode(OutputError.exitStatus)
      }
      let pairArcs = pool.arcStart[pool.pairCount]
      let density = pairs > 1 ? Double(pairArcs) / Double(pairs * (pairs - 1)) : 0
      print("wrote \(out).pairs.csv (\(pairs) pairs, \(altruistCount) altruists\(drawn)) and \(out).edges.csv (\(pairArcs) pair arcs, \(pool.arcCount - pairArcs) altruist arcs, density \(Fixed.decimal(density, places: 4)))")
    }
  }
}

/// The school-choice model flags shared by `generate school` and `simulate`.
struct SchoolModelOptions: ParsableArguments {
  @Option(help: "Students per market.")
  var students: Int = 10_000

  @Option(help: "Schools per market.")
  var schools: Int = 100

  @Option(help: "Schools each student lists (her top k by utility).")
  var k: Int = 10

  @Option(help: "Weight of the schools' common quality in utility, in [0, 1] (1 - alpha weighs the student's own taste).")
  var alpha: Double = 0.5

  @Option(help: "Disutility per unit of distance (students and schools live in the unit square).")
  var beta: Double = 0

  @Option(name: .customLong("seats-ratio"), help: "Total seats / students.")
  var seatsRatio: Double = 1

  @Option(help: "Priorities: classes (sibling 0, walk zone 1, others 2) or lottery (one class).")
  var priority: SchoolChoiceModel.PriorityRule = .classes

  @Option(name: .customLong("sibling-probability"), help: "Probability of a sibling at one listed school.")
  var siblingProbability: Double = 0.1

  @Option(name: .customLong("walk-radius"), help: "Walk-zone radius (distance in the unit square).")
  var walkRadius: Double = 0.1

  @Option(name: .customLong("tie-breaking"), help: "single (one lottery for all schools) or multiple (one per school).")
  var tieBreaking: SchoolChoiceModel.TieBreakingRule = .single

  func check() throws {
    guard (1...50_000_000).contains(students) else {
      throw ValidationError("--students must lie in 1...50000000 (got \(students))")
    }
    guard (1...1_000_000).contains(schools) else {
      throw ValidationError("--schools must lie in 1...1000000 (got \(schools))")
    }
    guard k >= 1 else { throw ValidationError("--k must be at least 1 (got \(k))") }
    // Both factors are bounded above, so the product cannot overflow.
    guard students * min(k, schools) <= 500_000_000 else {
      throw ValidationError("--students times --k must stay below 500 million applications")
    }
    guard alpha.isFinite && (0...1).contains(alpha) else { throw ValidationError("--alpha must lie in [0, 1]") }
    guard beta.isFinite && beta >= 0 else { throw ValidationError("--beta must be a finite number, at least 0") }
    guard seatsRatio.isFinite && seatsRatio > 0 else { throw ValidationError("--seats-ratio must be a positive finite number") }
    // Seats are counted in 32 bits per school; bounding the total bounds every school.
    guard seatsRatio * Double(students) <= Double(Int32.max) else {
      throw ValidationError("--seats-ratio x --students must stay below \(Int32.max) seats in all (got \(Fixed.parameter(seatsRatio)) x \(students))")
    }
    guard siblingProbability.isFinite && (0...1).contains(siblingProbability) else {
      throw ValidationError("--sibling-probability must lie in [0, 1]")
    }
    guard walkRadius.isFinite && walkRadius >= 0 else { throw ValidationError("--walk-radius must be at least 0") }
  }

  var model: SchoolChoiceModel {
    SchoolChoiceModel(
      studentCount: students, schoolCount: schools, listLength: k, alpha: alpha, beta: beta,
      seatsRatio: seatsRatio, priority: priority, siblingProbability: siblingProbability,
      walkRadius: walkRadius, tieBreaking: tieBreaking)
  }
}

extension SchoolChoiceModel.PriorityRule: ExpressibleByArgument {}
extension SchoolChoiceModel.TieBreakingRule: ExpressibleByArgument {}
extension SaidmanGenerator.Weights: ExpressibleByArgument {}
extension SaidmanGenerator.SpouseScope: ExpressibleByArgument {}
extension KidneyPoolModel: ExpressibleByArgument {}
