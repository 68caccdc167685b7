import Foundation
import KidneyExchange
import MatchingIO
import Testing

/// kep_solver JSON: syntax errors at line and character, every numeric field range-checked.
struct KepSolverJSONTests {
  func read(_ text: String) throws(InputError) -> KidneyPool {
    let path = NSTemporaryDirectory() + "kep-\(UUID().uuidString).json"
    try! text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try KepSolverJSON.read(path)
  }

  func failure(_ text: String) -> InputError? {
    do {
      _ = try read(text)
      return nil
    } catch {
      return error
    }
  }

  static let pool = """
    {"data": {
      "1": {"sources": [1], "bloodgroup": "O", "matches": [{"recipient": 2, "score": 1}]},
      "2": {"sources": [2], "bloodgroup": "A", "matches": [{"recipient": 1, "score": 1}]}
    },
     "recipients": {"1": {"bloodgroup": "A", "cPRA": 0.5}, "2": {"bloodgroup": "O"}}}
    """

  @Test func aValidPoolIsRead() throws {
    let pool = try read(Self.pool)
    #expect(pool.pairCount == 2 && pool.arcCount == 2)
  }

  /// Doubles of 1e20 and more used to trap converting to Int; now each is an error at the
  /// number's own line and character.
  @Test(arguments: ["1e20", "1e300", "-1e19", "9007199254740993.0", "1.5", "99999999999999999999"])
  func numericIdsOutOfRangeAreRejected(id: String) {
    let text = Self.pool.replacingOccurrences(of: "\"recipient\": 2", with: "\"recipient\": \(id)")
    let e = failure(text)
    #expect(e?.line == 2, "\(String(describing: e))")
    #expect(e?.character == 70, "\(String(describing: e))")
    #expect(e?.message.contains("not a whole number") == true, "\(String(describing: e))")
    let source = Self.pool.replacingOccurrences(of: "\"sources\": [1]", with: "\"sources\": [\(id)]")
    #expect(failure(source)?.message.contains("a source") == true)
  }

  @Test(arguments: [
    ("{\"data\": {\"1\": {\"sources\": [1],\n \"bloodgroup\": \"O\", \"matches\": [}}}", 2, 33, "a value is expected"),
    ("{\"data\": {} \"x\"}", 1, 13, "expected ',' or '}'"),
    ("{\"data\": {\"1\": 1, \"1\": 2}}", 1, 19, "appears twice"),
    ("{\"data\": tru}", 1, 10, "did you mean true"),
    ("{\"data\": \"a\u{01}\"}", 1, 12, "control byte '\\x01'"),
    ("", 1, 1, "empty"),
    ("{\"data\": {}} x", 1, 14, "after the JSON value"),
    ("{\"data\": 01}", 1, 10, "cannot start with 0"),
    ("{\"data\": 1e999}", 1, 10, "out of range"),
    ("[\n\n   {\"data\": {}}]", 1, 1, "expected a JSON object"),
  ])
  func syntaxAndShapeErrorsCarryLineAndCharacter(text: String, line: Int, character: Int, message: String) {
    let e = failure(text)
    #expect(e?.line == line, "\(String(describing: e))")
    if line > 0 { #expect(e?.character == character, "\(String(describing: e))") }
    #expect(e?.description.contains(message) == true, "\(String(describing: e))")
    #expect(e?.description.contains(".json\(line > 0 ? ":\(line):\(character)" : ""): ") == true, "\(String(describing: e))")
  }

  @Test func deepNestingIsAnErrorNotAStackOverflow() {
    let text = String(repeating: "[", count: 100_000)
    let e = failure(text)
    #expect(e?.message.contains("nesting deeper") == true, "\(String(describing: e))")
  }

  @Test(arguments: [
    ("\"score\": 1}]},\n  \"2\"", "\"score\": -1}]},\n  \"2\"", "must be finite and non-negative"),
    ("\"cPRA\": 0.5", "\"cPRA\": 1.5", "must be a number in 0..1"),
    ("\"cPRA\": 0.5", "\"cPRA\": \"high\"", "must be a number in 0..1"),
    ("\"bloodgroup\": \"O\", \"matches\"", "\"bloodgroup\": \"Q\", \"matches\"", "is not O, A, B or AB"),
    ("\"sources\": [1]", "\"sources\": 1", "must be an array"),
    ("\"score\": 1}]},\n  \"2\"", "\"score\": \"1\"}]},\n  \"2\"", "must be a number"),
  ])
  func badFieldsAreRejectedAtTheirValue(original: String, replacement: String, message: String) {
    let text = Self.pool.replacingOccurrences(of: original, with: replacement)
    #expect(text != Self.pool)
    let e = failure(text)
    #expect(e?.message.contains(message) == true, "\(String(describing: e))")
    #expect((e?.line ?? 0) >= 2 && e?.character != nil, "\(String(describing: e))")
  }

  @Test func controlBytesInIdsAreEscapedInMessages() {
    let text = Self.pool.replacingOccurrences(of: "\"recipient\": 2", with: "\"recipient\": \"\\u001b[31mX\"")
    let e = failure(text)
    #expect(e?.description.contains("\\x1B[31mX") == true, "\(String(describing: e))")
    #expect(e?.description.contains("\u{1B}") == false)
  }
}
