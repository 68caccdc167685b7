/// The kidney-exchange benchmarks, when the kidney engineer's `Kidney*.swift` files in this
/// folder provide them: each entry is (name, the benchmark's one-line description, passed).
///
/// Hook: this build has none, so `--kidney` reports that in the notes. To wire them in, call
/// the kidney benchmark function here and map its results, e.g.
/// `runKidneyBenchmarks(seed: seed, repetitions: repetitions).map { ("kidney", $0.description, $0.passed) }`.
func kidneyBenchmarks(
  seed: UInt64, repetitions: Int, log: (String) -> Void
) -> [(name: String, line: String, passed: Bool)] {
  []
}
