import ArgumentParser
import BenchmarkSuite

/// `matchmarket bench`: the benchmark suite, timed in this (release) build.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Benchmark every mechanism at several sizes; each run checks its own result.",
    discussion: """
      Build in release mode first (swift build -c release): debug builds are 15-100x slower. \
      Per mechanism and size: a seeded market, R timed runs (min and median), proposals, \
      cycles or applications per second, peak resident memory; every result is checked \
      (stability, core, Pareto efficiency, an independent recomputation on small sizes), and a \
      failed check exits with status 1. Also times a simulation study on 1 and 2 threads.
      """)

  @Flag(help: "Skip the 1M-student markets and use 3 repetitions.")
  var quick = false

  @Option(help: "Students per market, comma-separated (10k,100k,1M).")
  var sizes: String?

  @Option(help: "Timed repetitions per benchmark (default 5, or 3 with --quick).")
  var reps: Int?

  @Option(help: "Mechanisms: da, da-schools, boston, ttc, ttc-housing, sd (default: all).")
  var mechanisms: String?

  @Option(name: .customLong("simulation-runs"), help: "Runs of the simulation-speed benchmark (0 skips it).")
  var simulationRuns: Int = 100

  @Flag(help: "Also run the strategy-proofness audit benchmark.")
  var audit = false

  @Flag(help: "Also run the kidney-exchange benchmarks (Saidman pools of 256 and 512 pairs, and 1024 without --quick; K = 3, L = 3 and 0).")
  var kidney = false

  @Option(help: "Instance families: sm (stable marriage, uniform complete lists), sm-correlated (common-value lists), sm-incomplete (lists of 10), hr (hospitals/residents), school, housing. Sizes are men or residents; complete lists stop at 5000. Default: school and housing.")
  var families: String?

  @Option(help: "Seed of the generated markets.")
  var seed: UInt64 = 1

  @Option(name: .customLong("output-json"), help: "Write the results as JSON here.")
  var outputJSON: String?

  @Option(name: .customLong("output-md"), help: "Write the Markdown table here.")
  var outputMarkdown: String?

  func validate() throws {
    if let sizes, BenchmarkCLI.parseSizes(sizes) == nil {
      throw ValidationError("--sizes needs a list such as 10k,100k,1M (at most 20M)")
    }
    if let reps, reps < 1 { throw ValidationError("--reps must be at least 1") }
    if let mechanisms {
      for m in mechanisms.split(separator: ",") where !BenchmarkConfiguration.allMechanisms.contains(String(m)) {
        throw ValidationError("unknown mechanism '\(m)'; choose from \(BenchmarkConfiguration.allMechanisms.joined(separator: ", "))")
      }
    }
    if let families, BenchmarkFamily.parse(families) == nil {
      throw ValidationError("--families needs a list from \(BenchmarkFamily.all.joined(separator: ", "))")
    }
    guard simulationRuns >= 0 else { throw ValidationError("--simulation-runs must be at least 0") }
  }

  func run() throws {
    var configuration = BenchmarkConfiguration(
      quick: quick, sizes: sizes.flatMap(BenchmarkCLI.parseSizes), repetitions: reps,
      mechanisms: mechanisms.map { $0.split(separator: ",").map(String.init) },
      simulationRuns: simulationRuns, audit: audit, kidney: kidney, seed: seed)
    configuration.families = families.flatMap(BenchmarkFamily.parse)
    let status = BenchmarkCLI.run(configuration, outputJSON: outputJSON, outputMarkdown: outputMarkdown)
    if status != 0 { throw ExitCode(status) }
  }
}
