import ArgumentParser
import Simulation

/// The options of the benchmark suite, parsed by swift-argument-parser for both
/// `matchmarket bench` and the standalone `matchmarket-bench`, so the two accept the same
/// flags with the same checks.
///
/// ```swift
/// struct Bench: ParsableCommand {
///   @OptionGroup var options: BenchmarkOptions
///   func run() throws { try options.runSuite() }   // prints the table; exit 1 if a check fails
/// }
/// ```
public struct BenchmarkOptions: ParsableArguments {
  @Flag(help: "Skip the 1M-student markets and use 3 repetitions.")
  public var quick = false

  @Option(help: "Students per market, comma-separated (10k,100k,1M).")
  public var sizes: String?

  @Option(help: "Timed repetitions per benchmark (default 5, or 3 with --quick).")
  public var reps: Int?

  @Option(help: "Mechanisms: da, da-schools, boston, ttc, ttc-housing, sd (default: all).")
  public var mechanisms: String?

  @Option(name: .customLong("simulation-runs"), help: "Runs of the simulation-speed benchmark (0 skips it).")
  public var simulationRuns: Int = 100

  @Flag(help: "Also run the strategy-proofness audit benchmark.")
  public var audit = false

  @Flag(help: "Also run the kidney-exchange benchmarks (Saidman pools of 256 and 512 pairs, and 1024 without --quick; K = 3, L = 3 and 0).")
  public var kidney = false

  @Flag(help: "Run only the stable-matchings benchmarks (rotations, egalitarian, minimum regret, enumeration; roommates).")
  public var lattice = false

  @Flag(name: .customLong("random-assignment"), help: "Run only the random-assignment benchmarks (PS, RSD probabilities, lottery decomposition).")
  public var randomAssignment = false

  @Option(help: "Also time these catalogue mechanisms on the same markets, beside DA, each result checked (e.g. eadam,sic,chinese-parallel:2,da-reserves,da-quotas).")
  public var designs: String?

  @Option(help: "Instance families: sm (stable marriage, uniform complete lists), sm-correlated (common-value lists), sm-incomplete (lists of 10), hr (hospitals/residents), school, housing. Sizes are men or residents; complete lists stop at 5000. Default: school and housing.")
  public var families: String?

  @Option(help: "Schools per school-choice market (default: students/100, between 10 and 1000).")
  public var schools: Int?

  @Option(help: "Seed of the generated markets.")
  public var seed: UInt64 = 1

  @Option(name: .customLong("output-json"), help: "Write the results as JSON here.")
  public var outputJSON: String?

  @Option(name: .customLong("output-md"), help: "Write the Markdown table here.")
  public var outputMarkdown: String?

  public init() {}

  public func validate() throws {
    if let sizes, BenchmarkCLI.parseSizes(sizes) == nil {
      throw ValidationError("--sizes needs a list such as 10k,100k,1M (at most 20M)")
    }
    if let reps, !(1...1000).contains(reps) { throw ValidationError("--reps must lie in 1...1000 (got \(reps))") }
    if let mechanisms {
      for m in mechanisms.split(separator: ",") where !BenchmarkConfiguration.allMechanisms.contains(String(m)) {
        throw ValidationError("unknown mechanism '\(m)'; choose from \(BenchmarkConfiguration.allMechanisms.joined(separator: ", "))")
      }
    }
    guard (0...100_000).contains(simulationRuns) else {
      throw ValidationError("--simulation-runs must lie in 0...100000 (got \(simulationRuns))")
    }
    if let designs {
      do { _ = try SimulatedMechanism.parseList(designs) } catch { throw ValidationError("--designs: \(error)") }
    }
    if let schools, !(1...1_000_000).contains(schools) {
      throw ValidationError("--schools must lie in 1...1000000 (got \(schools))")
    }
    if let families, BenchmarkFamily.parse(families) == nil {
      throw ValidationError("--families needs a list from \(BenchmarkFamily.all.joined(separator: ", "))")
    }
  }

  /// The suite these options describe.
  public var configuration: BenchmarkConfiguration {
    var configuration = BenchmarkConfiguration(
      quick: quick, sizes: sizes.flatMap(BenchmarkCLI.parseSizes), repetitions: reps,
      mechanisms: mechanisms.map { $0.split(separator: ",").map(String.init) },
      simulationRuns: simulationRuns, audit: audit, kidney: kidney, seed: seed)
    // validate() checked the names.
    configuration.designs = designs.flatMap { try? SimulatedMechanism.parseList($0) } ?? []
    configuration.families = families.flatMap(BenchmarkFamily.parse)
    configuration.schoolCount = schools
    return configuration
  }

  /// Runs the suite, prints the table and writes the files asked for.
  ///
  /// - Throws: `ExitCode(1)` when a benchmark's result failed its check, `ExitCode(74)` when
  ///   an output file cannot be written.
  public func runSuite() throws {
    if randomAssignment {
      let status = RandomAssignmentBenchmark.main(seed: seed, repetitions: reps ?? 3)
      if status != 0 { throw ExitCode(status) }
      return
    }
    if lattice {
      let status = LatticeBenchmark.run(repetitions: reps ?? 3, seed: seed)
      if status != 0 { throw ExitCode(status) }
      return
    }
    let status = BenchmarkCLI.run(configuration, outputJSON: outputJSON, outputMarkdown: outputMarkdown)
    if status != 0 { throw ExitCode(status) }
  }
}
