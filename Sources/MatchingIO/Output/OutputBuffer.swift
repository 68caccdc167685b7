import MatchingCore

/// A growable byte buffer with CSV helpers; output is plain UTF-8.
public struct OutputBuffer: Sendable {
  public private(set) var bytes: [UInt8] = []

  public init() {}

  /// Appends text as is.
  public mutating func append(_ text: String) {
    var t = text
    t.withUTF8 { bytes.append(contentsOf: $0) }
  }

  /// Appends an integer in decimal.
  public mutating func append(_ value: Int) {
    if value < 0 {
      bytes.append(0x2D)
      append(UInt(value.magnitude))
    } else {
      append(UInt(value))
    }
  }

  private mutating func append(_ value: UInt) {
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var v = value
    var n = 0
    withUnsafeMutableBytes(of: &digits) { d in
      repeat {
        d[n] = UInt8(48 + v % 10)
        v /= 10
        n += 1
      } while v > 0
      for k in stride(from: n - 1, through: 0, by: -1) { bytes.append(d[k]) }
    }
  }

  /// Appends a CSV field, quoting it if it holds a comma, a quote or a line break.
  public mutating func appendField(_ text: String) {
    if !TextEscaping.csvNeedsQuotes(text.utf8) {
      append(text)
      return
    }
    bytes.append(0x22)
    for b in text.utf8 {
      if b == 0x22 { bytes.append(0x22) }
      bytes.append(b)
    }
    bytes.append(0x22)
  }

  /// Appends one CSV row of fields and a line end.
  public mutating func appendRow(_ fields: [String]) {
    for (k, f) in fields.enumerated() {
      if k > 0 { bytes.append(0x2C) }
      appendField(f)
    }
    bytes.append(0x0A)
  }
}

extension OutputBuffer {
  /// The bytes of a matching file: the `header` line, then one `agent,partner` row per agent
  /// in index order, the partner empty when the agent is unassigned. Every writer of an
  /// assignment, allocation or matching (`student,school`, `agent,house`, `agent,partner`)
  /// uses it.
  ///
  /// Large matchings (a quarter of a million agents or more) are formatted in contiguous
  /// blocks on ``readThreadCount()`` threads and joined in order: the same bytes.
  ///
  /// - Complexity: O(*n*) for *n* agents, plus the names' lengths.
  public static func matchingCSV(
    _ matching: Matching, header: String, agents: [String], partners: [String]
  ) -> [UInt8] {
    let n = matching.count
    let blocks = n < 1 << 18 ? 1 : max(1, min(readThreadCount(), n >> 17))
    var parts = [OutputBuffer](repeating: OutputBuffer(), count: blocks)
    parts.withUnsafeMutableBufferPointer { parts in
      concurrentlyPerform(iterations: blocks) { b in
        var out = OutputBuffer()
        if b == 0 { out.append(header + "\n") }
        for a in (n * b / blocks)..<(n * (b + 1) / blocks) {
          out.appendField(agents[a])
          out.append(",")
          if let p = matching.partner(of: a) { out.appendField(partners[p]) }
          out.append("\n")
        }
        parts[b] = out
      }
    }
    if blocks == 1 { return parts[0].bytes }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(parts.reduce(0) { $0 + $1.bytes.count })
    for part in parts { bytes.append(contentsOf: part.bytes) }
    return bytes
  }
}
