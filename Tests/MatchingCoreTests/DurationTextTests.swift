import MatchingCore
import Testing

/// The one duration formatter: times and estimates as every command prints them.
struct DurationTextTests {
  @Test func secondsOfADuration() {
    #expect(DurationText.seconds(.milliseconds(1500)) == 1.5)
    #expect(DurationText.seconds(.seconds(3) + .nanoseconds(250_000_000)) == 3.25)
    #expect(DurationText.seconds(.zero) == 0)
  }

  @Test(arguments: [
    (0.0, "0.00 s"), (0.004, "0.00 s"), (0.005, "0.01 s"), (2.394, "2.39 s"), (12.345, "12.35 s"),
    (59.994, "59.99 s"), (59.996, "1 min 00 s"), (257.1, "4 min 17 s"), (3599.4, "59 min 59 s"),
    (3725, "1 h 02 min"), (-3, "0.00 s"), (Double.nan, "?"), (Double.infinity, "?"),
  ])
  func measuredTimes(seconds: Double, text: String) {
    #expect(DurationText.text(seconds) == text)
  }

  @Test(arguments: [
    (0.4, "0 s"), (12.4, "12 s"), (59.4, "59 s"), (59.6, "1 min 00 s"), (605, "10 min 05 s"),
    (7260, "2 h 01 min"), (Double.infinity, "?"),
  ])
  func estimates(seconds: Double, text: String) {
    #expect(DurationText.estimate(seconds) == text)
  }
}
