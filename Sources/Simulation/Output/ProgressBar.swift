import MatchingCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The progress display of every long command (simulate, audit, kidney plan): one line on
/// standard error with a bar, the count, the percentage and the estimated time left.
///
/// ```swift
/// let bar = ProgressBar(label: "simulate", total: 100, unit: "runs")
/// bar.update(done: 40)   // simulate [############------------------] 40/100 runs 40%, 3.10 s, ETA 5 s
/// bar.finish()           // erases the line
/// ```
///
/// By default it draws only when standard error is a terminal, so logs and pipes get no
/// progress output; `enabled: true` forces it (on a terminal it redraws one line in place;
/// elsewhere it writes a plain line at most every 2 seconds). On a terminal the line is
/// redrawn at most ten times a second and erased by ``finish()``, which the caller also
/// calls when a run is interrupted, so the terminal is left clean either way. Safe to call
/// from worker threads.
///
/// - Complexity: O(*w*) per drawn line for the bar width *w*; updates between draws are O(1).
public final class ProgressBar: Sendable {
  private let label: String
  private let unit: String
  private let total: Int
  /// Whether anything is drawn.
  public let enabled: Bool
  /// Whether lines are redrawn in place (a terminal) or appended.
  private let inPlace: Bool
  private let start = ContinuousClock.now
  /// When the last line was drawn (-infinity: never, so the first update draws at once).
  private let state = Mutex<(drawnAt: Double, drawn: Bool)>((-.infinity, false))

  /// - Parameters:
  ///   - label: printed before the bar.
  ///   - total: the count that means done.
  ///   - unit: what is counted (`"runs"`, `"agents"`), printed after the count.
  ///   - enabled: `nil` draws only when standard error is a terminal; `true` always; `false`
  ///     never.
  public init(label: String, total: Int, unit: String = "", enabled: Bool? = nil) {
    self.label = label
    self.unit = unit
    self.total = max(total, 1)
    let terminal = Self.standardErrorIsTerminal
    self.enabled = enabled ?? terminal
    self.inPlace = terminal
  }

  /// Whether standard error is a terminal.
  public static var standardErrorIsTerminal: Bool { isatty(2) == 1 }

  /// Redraws the bar for `done` items (throttled; the last item always draws).
  public func update(done: Int) { update(done: done, of: total) }

  /// Redraws the bar for `done` of `total` items, for work whose total is known only once
  /// it starts (such as a search's progress callback).
  public func update(done: Int, of total: Int) {
    guard enabled else { return }
    let elapsed = DurationText.seconds(since: start)
    state.withLock { s in
      guard done >= total || elapsed - s.drawnAt >= (inPlace ? 0.1 : 2) else { return }
      s.drawnAt = elapsed
      s.drawn = true
      Self.emit(frame(done: done, of: total, elapsed: elapsed))
    }
  }

  /// Shows a free-form status `line` in the bar's place (for work without a count, such
  /// as a solver's bound and incumbent), throttled like ``update(done:)``.
  public func show(_ line: String) {
    guard enabled else { return }
    let elapsed = DurationText.seconds(since: start)
    state.withLock { s in
      guard elapsed - s.drawnAt >= (inPlace ? 0.1 : 2) else { return }
      s.drawnAt = elapsed
      s.drawn = true
      Self.emit(inPlace ? "\r\u{1B}[K" + line : line + "\n")
    }
  }

  /// Erases the line (on a terminal); call it when the work ends, completed or interrupted.
  public func finish() {
    guard enabled else { return }
    state.withLock { s in
      if s.drawn && inPlace { Self.emit("\r\u{1B}[K") }
      s.drawn = false
    }
  }

  /// The line for `done` of `total` items after `elapsed` seconds.
  func frame(done: Int, of total: Int, elapsed: Double) -> String {
    let total = max(total, 1)
    let clamped = min(max(done, 0), total)
    let width = 30
    let filled = clamped * width / total
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    let percent = clamped * 100 / total
    var line = "\(label) [\(bar)] \(clamped)/\(total)\(unit.isEmpty ? "" : " " + unit) \(percent)%, \(DurationText.text(elapsed))"
    if clamped > 0 && clamped < total {
      line += ", ETA " + DurationText.estimate(elapsed / Double(clamped) * Double(total - clamped))
    }
    return inPlace ? "\r\u{1B}[K" + line : line + "\n"
  }

  static func emit(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
      if n <= 0 { return }
      offset += n
    }
  }
}
