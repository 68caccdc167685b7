/// The character that separates the fields of a CSV file: a comma, or what spreadsheets in
/// many locales write instead, a semicolon or a tab.
///
/// ```swift
/// CSVDelimiter("tab")       // .tab
/// CSVDelimiter(";")         // .semicolon
/// CSVDelimiter.detect(in: Array("a;b;c\n".utf8))   // .semicolon
/// ```
///
/// Readers detect it from the header line unless one is given: the most frequent of `,`, `;`
/// and tab outside quotes wins, ties going to the comma, then the semicolon.
public struct CSVDelimiter: Sendable, Hashable, CustomStringConvertible {
  /// The delimiter byte.
  public let byte: UInt8

  private init(byte: UInt8) { self.byte = byte }

  /// `,`
  public static let comma = CSVDelimiter(byte: 0x2C)
  /// `;`
  public static let semicolon = CSVDelimiter(byte: 0x3B)
  /// A tab.
  public static let tab = CSVDelimiter(byte: 0x09)

  /// The delimiter a user names: `,` `comma`, `;` `semicolon`, `\t` `tab` (any case); `nil`
  /// for anything else.
  public init?(_ text: String) {
    switch text.lowercased() {
    case ",", "comma": self = .comma
    case ";", "semicolon": self = .semicolon
    case "\t", "\\t", "tab", "tsv": self = .tab
    default: return nil
    }
  }

  public var description: String {
    switch byte {
    case 0x2C: "comma"
    case 0x3B: "semicolon"
    default: "tab"
    }
  }

  /// The delimiter of the first non-blank line of `bytes` (up to the next line break outside
  /// quotes): the most frequent of comma, semicolon and tab outside quotes; the comma when
  /// none occurs.
  ///
  /// - Complexity: O(*h*) for a header of *h* bytes.
  public static func detect(in bytes: UnsafeBufferPointer<UInt8>) -> CSVDelimiter {
    var commas = 0
    var semicolons = 0
    var tabs = 0
    var quoted = false
    var started = false
    for b in bytes {
      if !started && (b == 0x0A || b == 0x0D) { continue }  // blank lines before the header
      started = true
      if b == 0x22 {
        quoted.toggle()
        continue
      }
      if quoted { continue }
      if b == 0x0A || b == 0x0D { break }
      if b == 0x2C { commas += 1 } else if b == 0x3B { semicolons += 1 } else if b == 0x09 { tabs += 1 }
    }
    if tabs > commas && tabs > semicolons { return .tab }
    if semicolons > commas { return .semicolon }
    return .comma
  }

  /// The delimiter of the header line in `bytes`.
  public static func detect(in bytes: [UInt8]) -> CSVDelimiter {
    bytes.withUnsafeBufferPointer { detect(in: $0) }
  }
}
