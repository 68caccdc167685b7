import Foundation
import Synchronization

/// A one-line progress bar on standard error, drawn only when standard error is a terminal
/// (so logs and pipes stay clean).
///
/// ```swift
/// let bar = ProgressBar(label: "simulate", total: 100)
/// bar.update(done: 40)   // [############------------------]  40/100  3.1 s
/// bar.finish()
/// ```
public final class ProgressBar: Sendable {
  private let label: String
  private let total: Int
  private let enabled: Bool
  private let start = Date()
  private let state = Mutex<(drawn: Int, time: Double)>((-1, -1))

  /// - Parameters:
  ///   - label: printed before the bar.
  ///   - total: the count that means done.
  ///   - enabled: `nil` draws only when standard error is a terminal.
  public init(label: String, total: Int, enabled: Bool? = nil) {
    self.label = label
    self.total = max(total, 1)
    self.enabled = enabled ?? (isatty(2) == 1)
  }

  /// Redraws the bar for `done` items, at most about ten times a second.
  public func update(done: Int) {
    guard enabled else { return }
    let elapsed = Date().timeIntervalSince(start)
    state.withLock { s in
      guard done == total || elapsed - s.time >= 0.1 else { return }
      s.time = elapsed
      s.drawn = done
      let width = 30
      let filled = done * width / total
      let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
      let line = "\r\(label) [\(bar)] \(done)/\(total)  \(Fixed.decimal(elapsed, places: 1)) s"
      FileHandle.standardError.write(Data(line.utf8))
    }
  }

  /// Ends the line.
  public func finish() {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\n".utf8))
  }
}
