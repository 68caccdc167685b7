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

  @OptionGroup var options: BenchmarkOptions

  func run() throws {
    try preflightOutputs(files: [options.outputJSON, options.outputMarkdown])
    try options.runSuite()
  }
}
