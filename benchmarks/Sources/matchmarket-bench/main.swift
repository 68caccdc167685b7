// `matchmarket-bench`: the benchmark suite of `matchmarket bench`, as its own executable,
// with the same options (BenchmarkOptions, parsed by swift-argument-parser).
// Build in release: swift build -c release && .build/release/matchmarket-bench --quick
import ArgumentParser
import BenchmarkSuite

struct MatchmarketBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "matchmarket-bench",
    abstract: "Benchmark every mechanism at several sizes; each run checks its own result (the suite of `matchmarket bench`).",
    discussion: "Build in release mode first (swift build -c release): debug builds are 15-100x slower. A failed check exits with status 1.")

  @OptionGroup var options: BenchmarkOptions

  func run() throws { try options.runSuite() }
}

MatchmarketBench.main()
