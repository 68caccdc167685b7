/// Bad input: names the file, the line, and where known the column, so a user can fix it.
///
/// ```swift
/// // applications.csv:14: column 'rank': "x" is not an integer
/// ```
///
/// The description never carries raw control or binary bytes: they are written as escapes
/// (`\x00`, `\u{202E}`), so a message is safe to print on a terminal.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file's path as given.
  public var file: String
  /// The 1-based line where the record starts (0 when the problem is the whole file).
  public var line: Int
  /// The column's header name, when one column is at fault.
  public var column: String?
  /// What is wrong, in words.
  public var message: String
  /// The 1-based character within the line, for formats without named columns (JSON):
  /// printed as `file:line:character`.
  public var character: Int?

  public init(file: String, line: Int, column: String? = nil, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// An error at `line`:`character` of `file` (JSON and other text formats).
  public init(file: String, line: Int, character: Int, message: String) {
    self.init(file: file, line: line, message: message)
    self.character = character
  }

  public var description: String {
    var s = InputError.escapingControls(file)
    if line > 0 { s += ":\(line)" }
    if line > 0, let character { s += ":\(character)" }
    if let column { s += ": column '\(InputError.show(column))'" }
    return s + ": " + InputError.escapingControls(message)
  }

  /// The longest excerpt of an input field a message quotes, in bytes; longer fields are cut
  /// and marked with `...`.
  public static let excerptLimit = 60

  /// `bytes` as printable text for a message: valid UTF-8 is kept, control characters,
  /// invalid bytes and bidirectional overrides are escaped (`\x00`, `\xFF`, `\u{202E}`), and
  /// the text is cut after ``excerptLimit`` bytes.
  ///
  /// ```swift
  /// InputError.show([0x61, 0x00, 0xFF])   // "a\x00\xFF"
  /// ```
  public static func show(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    var out = ""
    let n = bytes.count
    let limit = min(n, excerptLimit)
    var i = 0
    while i < limit {
      let b = bytes[i]
      if b < 0x80 {
        appendEscaped(Unicode.Scalar(b), to: &out)
        i += 1
        continue
      }
      // A multi-byte UTF-8 sequence: decode it by hand so an invalid byte is shown as such.
      let length = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0
      var value = length == 4 ? UInt32(b & 0x07) : length == 3 ? UInt32(b & 0x0F) : UInt32(b & 0x1F)
      var valid = length > 0 && i + length <= n
      if valid {
        for k in 1..<length {
          let c = bytes[i + k]
          guard c & 0xC0 == 0x80 else {
            valid = false
            break
          }
          value = value << 6 | UInt32(c & 0x3F)
        }
      }
      if valid, let scalar = Unicode.Scalar(value),
        value >= (length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000)
      {
        appendEscaped(scalar, to: &out)
        i += length
      } else {
        out += "\\x" + hex(UInt32(b), width: 2)
        i += 1
      }
    }
    if n > limit { out += "..." }
    return out
  }

  /// `bytes` as printable text, escaped and cut like the buffer form.
  public static func show(_ bytes: [UInt8]) -> String {
    bytes.withUnsafeBufferPointer { show($0) }
  }

  /// `text` as printable text, escaped and cut like an input field.
  public static func show(_ text: String) -> String {
    var copy = text
    return copy.withUTF8 { show($0) }
  }

  /// `text` with its control characters escaped (no length limit).
  static func escapingControls(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var out = ""
    for scalar in text.unicodeScalars { appendEscaped(scalar, to: &out) }
    return out
  }

  private static func needsEscape(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    return v < 0x20 || (v >= 0x7F && v <= 0x9F) || (v >= 0x202A && v <= 0x202E)
      || (v >= 0x2066 && v <= 0x2069) || v == 0xFEFF || v == 0x200E || v == 0x200F
  }

  private static func appendEscaped(_ s: Unicode.Scalar, to out: inout String) {
    guard needsEscape(s) else {
      out.unicodeScalars.append(s)
      return
    }
    switch s.value {
    case 0x09: out += "\\t"
    case 0x0A: out += "\\n"
    case 0x0D: out += "\\r"
    case let v where v < 0x80: out += "\\x" + hex(v, width: 2)
    case let v: out += "\\u{" + hex(v, width: 4) + "}"
    }
  }

  private static func hex(_ v: UInt32, width: Int) -> String {
    let digits = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}
