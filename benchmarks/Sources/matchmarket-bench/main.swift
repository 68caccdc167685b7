// `matchmarket-bench`: the benchmark suite of `matchmarket bench`, as its own executable.
// Build in release: swift build -c release && .build/release/matchmarket-bench --quick
import BenchmarkSuite

#if canImport(Glibc)
import Glibc
#endif

exit(BenchmarkCLI.main(arguments: Array(CommandLine.arguments.dropFirst())))
