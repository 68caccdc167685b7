/// The one place that quotes text for the formats the engine writes by hand: JSON string
/// literals and CSV fields. Every writer (reports, summaries, benchmark files) goes through
/// these, so a name with a quote, a comma or a control character is written the same way
/// everywhere.
///
/// ```swift
/// TextEscaping.jsonString("say \"hi\"\n")   // "\"say \\\"hi\\\"\\n\""
/// TextEscaping.csvField("North, East")      // "\"North, East\""
/// ```
public enum TextEscaping {
  /// `text` as a JSON string literal, quotes included (RFC 8259, section 7): `"` and `\`
  /// escaped, `\n`, `\r`, `\t` by name, other control characters below U+0020 as `\u00XX`;
  /// everything else (including non-ASCII) as is, in UTF-8.
  ///
  /// - Complexity: O(*L*) for the length *L* of `text`.
  public static func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// Whether a CSV field must be quoted: it holds a comma, a double quote or a line break.
  @inlinable
  public static func csvNeedsQuotes(_ utf8: some Sequence<UInt8>) -> Bool {
    utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
  }

  /// `text` as one CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma,
  /// a quote or a line break; as is otherwise.
  public static func csvField(_ text: String) -> String {
    guard csvNeedsQuotes(text.utf8) else { return text }
    var out = "\""
    for c in text {
      if c == "\"" { out += "\"\"" } else { out.append(c) }
    }
    return out + "\""
  }
}

extension StringProtocol {
  /// The text without the leading and trailing characters that appear in `characters`
  /// (default: spaces and tabs, what surrounds a hand-edited CSV field or a list item such
  /// as `da, boston`).
  ///
  /// ```swift
  /// "  da \t".trimmed()        // "da"
  /// "--x--".trimmed("-")       // "x"
  /// ```
  ///
  /// - Complexity: O(*L*) for the length *L* of the text.
  public func trimmed(_ characters: String = " \t") -> String {
    var s = Substring(self)
    while let f = s.first, characters.contains(f) { s = s.dropFirst() }
    while let l = s.last, characters.contains(l) { s = s.dropLast() }
    return String(s)
  }
}
