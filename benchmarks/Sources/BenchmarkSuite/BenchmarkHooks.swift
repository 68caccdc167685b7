/// The kidney-exchange benchmarks of `--kidney` (`KidneyBenchmark.swift`): Saidman pools of
/// 256 and 512 pairs (and 1024 without `--quick`), K = 3, L = 3 and 0, each plan checked.
func kidneyBenchmarks(
  seed: UInt64, quick: Bool, log: (String) -> Void
) -> [KidneyBenchmarkRecord] {
  runKidneyBenchmarks(sizes: quick ? [256, 512] : [256, 512, 1024], seed: seed, log: log)
}
