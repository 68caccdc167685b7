/// Wall-clock times of a command's phases, for `match --timings`.
///
/// ```swift
/// var clock = PhaseClock()
/// let market = try load()
/// clock.lap("read_s")
/// clock.line   // timings: {"read_s":0.012345,"total_s":0.012345}
/// ```
///
/// Each ``lap(_:)`` records the time since the previous lap under a name (or drops it when
/// the name is `nil`); the total runs from creation to the last lap.
struct PhaseClock {
  private let start = ContinuousClock.now
  private var last = ContinuousClock.now
  private var laps: [(name: String, seconds: Double)] = []
  /// Extra fields for the line (already JSON values).
  var extras: [(name: String, json: String)] = []

  /// Records the time since the previous lap as `name` (`nil`: not recorded).
  mutating func lap(_ name: String?) {
    let now = ContinuousClock.now
    if let name { laps.append((name, Self.seconds(now - last))) }
    last = now
  }

  /// Splits the last lap `name` in two: `first` (given) and `second` (the rest).
  mutating func split(_ name: String, first: (String, Duration), second: String) {
    guard let i = laps.lastIndex(where: { $0.name == name }) else { return }
    let a = min(Self.seconds(first.1), laps[i].seconds)
    let total = laps[i].seconds
    laps[i] = (first.0, a)
    laps.insert((second, total - a), at: i + 1)
  }

  /// One line `timings: {"read_s":...,"algorithm_s":...,"write_s":...,"total_s":...}`.
  var line: String {
    let fields = laps.map { "\"\($0.name)\":\(Self.format($0.seconds))" }
      + ["\"total_s\":\(Self.format(Self.seconds(last - start)))"]
      + extras.map { "\"\($0.name)\":\($0.json)" }
    return "timings: {" + fields.joined(separator: ",") + "}"
  }

  private static func seconds(_ d: Duration) -> Double {
    let c = d.components
    return Double(c.seconds) + Double(c.attoseconds) * 1e-18
  }

  /// Seconds with nanosecond resolution, no exponent (`0.000012345`).
  static func format(_ s: Double) -> String {
    let ns = Int64((s * 1e9).rounded())
    let whole = ns / 1_000_000_000
    let frac = String(ns % 1_000_000_000)
    return "\(whole)." + String(repeating: "0", count: 9 - frac.count) + frac
  }
}
