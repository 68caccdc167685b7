import Foundation
import MatchingIO
import Testing

/// The one JSON escaper, CSV quoter and trimmer (issue 12), checked against Foundation's
/// JSON parser and the CSV reader.
struct TextEscapingTests {
  @Test(arguments: ["plain", "say \"hi\"", "back\\slash", "line\nbreak\r\ttab", "bell\u{07}nul\u{0}", "é ü 東京 🚀", ""])
  func jsonStringsParseBackToTheSameText(text: String) throws {
    let literal = TextEscaping.jsonString(text)
    let parsed = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
    #expect(parsed == [text])
    #expect(!literal.unicodeScalars.dropFirst().dropLast().contains { $0.value < 0x20 })
  }

  @Test func csvFieldsAreQuotedOnlyWhenNeeded() {
    #expect(TextEscaping.csvField("North") == "North")
    #expect(TextEscaping.csvField("North, East") == "\"North, East\"")
    #expect(TextEscaping.csvField("The \"Best\"") == "\"The \"\"Best\"\"\"")
    #expect(TextEscaping.csvField("two\nlines") == "\"two\nlines\"")
    var buffer = OutputBuffer()
    for text in ["North", "North, East", "The \"Best\"", "two\nlines"] {
      buffer = OutputBuffer()
      buffer.appendField(text)
      #expect(String(decoding: buffer.bytes, as: UTF8.self) == TextEscaping.csvField(text))
    }
  }

  @Test func trimmingRemovesOnlyTheGivenCharactersAtTheEnds() {
    #expect("  da \t".trimmed() == "da")
    #expect(" a b ".trimmed() == "a b")
    #expect("\t\t".trimmed() == "")
    #expect("--x-y--".trimmed("-") == "x-y")
    #expect(" x ".trimmed("-") == " x ")
    #expect("da, boston".split(separator: ",").map { $0.trimmed(" ") } == ["da", "boston"])
  }
}
