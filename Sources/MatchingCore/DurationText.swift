/// Wall-clock durations as numbers and as text, written the same way by every command and
/// library (audit and simulation timings, progress estimates, kidney solver lines).
///
/// ```swift
/// DurationText.seconds(.milliseconds(1500))   // 1.5
/// DurationText.text(2.394)                    // "2.39 s"
/// DurationText.text(257.1)                    // "4 min 17 s"
/// DurationText.estimate(3725)                 // "1 h 02 min"
/// ```
///
/// The text does not depend on the locale: digits, a point, and the units `s`, `min`, `h`.
///
/// - Complexity: O(1) for every member.
public enum DurationText {
  /// `duration` in seconds.
  public static func seconds(_ duration: Duration) -> Double {
    let c = duration.components
    return Double(c.seconds) + Double(c.attoseconds) * 1e-18
  }

  /// The seconds elapsed on `clock` since `start`.
  public static func seconds(since start: ContinuousClock.Instant) -> Double {
    seconds(ContinuousClock.now - start)
  }

  /// A measured time: below a minute with two decimals (`"0.42 s"`, `"12.35 s"`), then in
  /// whole minutes and seconds (`"4 min 17 s"`), then hours and minutes (`"2 h 03 min"`).
  /// Negative or non-finite values print as `"0.00 s"` and `"?"`.
  public static func text(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    let s = max(0, seconds)
    if s < 59.995 {
      let hundredths = Int((s * 100).rounded())
      let fraction = hundredths % 100
      return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) s"
    }
    return whole(s)
  }

  /// An estimate (time left): whole seconds below a minute (`"12 s"`), then as ``text(_:)``.
  public static func estimate(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    let s = max(0, seconds)
    return s < 59.5 ? "\(Int(s.rounded())) s" : whole(s)
  }

  static func whole(_ s: Double) -> String {
    guard s < 1e15 else { return "?" }
    let total = Int(s.rounded())
    if total < 3600 {
      let secs = total % 60
      return "\(total / 60) min \(secs < 10 ? "0" : "")\(secs) s"
    }
    let minutes = (total / 60) % 60
    return "\(total / 3600) h \(minutes < 10 ? "0" : "")\(minutes) min"
  }
}
