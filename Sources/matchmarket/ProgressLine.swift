import Foundation
import Synchronization

/// A single updating progress line on stderr (only used when stderr is a terminal).
final class ProgressLine: Sendable {
  let label: String
  let unit: String
  let lastPercent = Atomic<Int>(-1)
  init(label: String, unit: String = "agents") {
    self.label = label
    self.unit = unit
  }

  func update(_ done: Int, _ total: Int) {
    let percent = total == 0 ? 100 : done * 100 / total
    let previous = lastPercent.load(ordering: .relaxed)
    guard percent > previous,
      lastPercent.compareExchange(expected: previous, desired: percent, ordering: .relaxed).exchanged
    else { return }
    Self.writeStandardError("\r\u{1B}[Kaudit \(label): \(done)/\(total) \(unit) (\(percent)%)")
  }

  func finish() { Self.writeStandardError("\r\u{1B}[K") }

  static func writeStandardError(_ text: String) {
    _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
  }
}
