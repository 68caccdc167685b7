#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MatchingIO

/// A whole text file as lines with their 1-based numbers (LF or CRLF, UTF-8 BOM skipped).
struct TextLines {
  let path: String
  var lines: [(number: Int, text: Substring)] = []

  init(path: String) throws(InputError) {
    self.path = InputFile.displayName(path)
    let bytes = try TextLines.readBytes(path)
    var text = String(decoding: bytes, as: UTF8.self)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    var number = 0
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      number += 1
      var line = raw
      if line.last == "\r" { line = line.dropLast() }
      lines.append((number, line))
    }
  }

  /// The whole file (`-`: standard input).
  static func readBytes(_ path: String) throws(InputError) -> [UInt8] {
    try InputFile.readAll(path)
  }

  /// An error at `line`, naming the field (`source`, `target`, `weight`) when one is at fault.
  func error(_ line: Int, _ message: String, field: String? = nil) -> InputError {
    InputError(file: path, line: line, column: field, message: message)
  }
}

extension Substring {
  /// Fields separated by any of `separators`, trimmed, empty fields dropped.
  func fields(separatedBy separators: Set<Character>) -> [Substring] {
    split(whereSeparator: { separators.contains($0) }).map { f in
      var s = f
      while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
      while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
      return s
    }.filter { !$0.isEmpty }
  }
}
