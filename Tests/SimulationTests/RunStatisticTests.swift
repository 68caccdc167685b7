import Simulation
import Testing

/// Means and standard deviations over runs: exact on ordinary counts, and no trap on counts
/// whose squares overflow 64 bits (a hand-edited shard can hold any integer).
struct RunStatisticTests {
  @Test func ordinaryCounts() {
    let s = RunStatistic([2, 4, 4, 4, 5, 5, 7, 9])
    #expect(s.mean == 5)
    // Sample standard deviation: sqrt(32 / 7).
    #expect(abs(s.standardDeviation - (32.0 / 7).squareRoot()) < 1e-12)
    #expect(RunStatistic([7]).standardDeviation == 0)
    #expect(RunStatistic([]).mean == 0)
  }

  @Test func hugeCountsDoNotTrapAndDoNotDependOnOrder() {
    let values = [4_000_000_000, 4_000_000_002, Int.max / 2, 3]
    let a = RunStatistic(values)
    let b = RunStatistic(values.reversed())
    #expect(a == b)
    #expect(a.mean.isFinite && a.standardDeviation.isFinite && a.standardDeviation > 0)
    let pair = RunStatistic([4_000_000_000, 4_000_000_002])  // squares overflow
    #expect(pair.mean == 4_000_000_001)
    #expect(abs(pair.standardDeviation - 2.0.squareRoot()) < 1e-6)
  }
}
