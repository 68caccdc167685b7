@testable import Simulation
import Testing

/// The one progress display: its line shows the bar, the count, the percentage, the elapsed
/// time and the time left; it draws nothing when disabled.
struct ProgressBarTests {
  @Test func lineShowsCountPercentElapsedAndTimeLeft() {
    let bar = ProgressBar(label: "simulate", total: 100, unit: "runs", enabled: false)
    let line = bar.frame(done: 40, of: 100, elapsed: 3.1)
    #expect(line.contains("simulate [############------------------] 40/100 runs 40%, 3.10 s, ETA 5 s"), "\(line)")
    let done = bar.frame(done: 100, of: 100, elapsed: 7.0)
    #expect(done.contains("100/100 runs 100%, 7.00 s") && !done.contains("ETA"), "\(done)")
    // Out-of-range counts are clamped, a zero total counts as one.
    #expect(bar.frame(done: 250, of: 100, elapsed: 1).contains("100/100 runs 100%"))
    #expect(bar.frame(done: 0, of: 0, elapsed: 1).contains("0/1 runs 0%"))
  }

  @Test func disabledBarIsNotEnabled() {
    #expect(!ProgressBar(label: "x", total: 3, enabled: false).enabled)
    #expect(ProgressBar(label: "x", total: 3, enabled: true).enabled)
  }
}
