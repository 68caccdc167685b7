import MatchingIO

/// Locale-independent number formatting, so every output file is byte-identical on every
/// machine.
///
/// ```swift
/// Fixed.decimal(0.45678, places: 3)   // "0.457"
/// Fixed.decimal(-2.5, places: 0)      // "-3" (half away from zero)
/// Fixed.grouped(10000)                // "10,000"
/// ```
public enum Fixed {
  /// `value` with exactly `places` digits after the point, rounded half away from zero; no
  /// exponent, no locale, `-0` printed as `0`. Non-finite values print as `nan`, `inf`, `-inf`.
  public static func decimal(_ value: Double, places: Int) -> String {
    precondition(places >= 0 && places <= 12, "places must lie in 0...12")
    guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
    var scale: UInt64 = 1
    for _ in 0..<places { scale *= 10 }
    let magnitude = (value.magnitude * Double(scale)).rounded(.toNearestOrAwayFromZero)
    guard magnitude < 9.0e18 else { return String(describing: value) }
    let scaled = UInt64(magnitude)
    let whole = scaled / scale
    var text = (value < 0 && scaled != 0 ? "-" : "") + String(whole)
    if places > 0 {
      let fraction = String(scaled % scale)
      text += "." + String(repeating: "0", count: places - fraction.count) + fraction
    }
    return text
  }

  /// `value` as a percentage with `places` decimals: `percent(0.4567, places: 1)` is `45.7`.
  public static func percent(_ value: Double, places: Int) -> String {
    decimal(value * 100, places: places)
  }

  /// An integer with a comma every three digits.
  public static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return (value < 0 ? "-" : "") + out
  }

  /// A parameter such as `alpha`: the shortest decimal that reads back as the same `Double`
  /// (Swift's `description`, which is locale-independent), without a trailing `.0`.
  public static func parameter(_ value: Double) -> String {
    var s = String(describing: value)
    if s.hasSuffix(".0") { s.removeLast(2) }
    return s
  }

  /// `text` quoted for CSV when it holds a comma, quote or line break
  /// (``TextEscaping/csvField(_:)``).
  public static func csvField(_ text: String) -> String { TextEscaping.csvField(text) }

  /// `text` as a JSON string literal (``TextEscaping/jsonString(_:)``).
  public static func jsonString(_ text: String) -> String { TextEscaping.jsonString(text) }

  /// `text` escaped for XML character data and attribute values.
  public static func xml(_ text: String) -> String {
    var out = ""
    for c in text {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(c)
      }
    }
    return out
  }
}
