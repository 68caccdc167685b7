import Foundation
import MatchingIO
import Simulation
import Testing

/// Shard files edited by hand: every field is checked on reading, and each error names the
/// file, the line and character, and the field.
struct ShardValidationTests {
  static let shard: String = {
    let study = SimulationStudy(
      model: SchoolChoiceModel(studentCount: 30, schoolCount: 4, listLength: 3),
      mechanisms: [.da, .boston], seed: 7, runCount: 4, auditSample: 0)
    return study.run(runs: 1..<3).shardJSON()
  }()

  func read(_ text: String) throws(SimulationError) -> SimulationResult {
    let path = NSTemporaryDirectory() + "shard-\(UUID().uuidString).json"
    try! text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try SimulationResult.readShard(path: path)
  }

  /// The error for `text`, which must be an invalid shard.
  func failure(_ text: String) -> InputError? {
    do {
      _ = try read(text)
      Issue.record("accepted: \(text)")
      return nil
    } catch {
      guard case .invalidShard(let e) = error else {
        Issue.record("unexpected \(error)")
        return nil
      }
      return e
    }
  }

  func edited(_ old: String, _ new: String) -> String {
    #expect(Self.shard.contains(old), "the shard has no \(old)")
    return Self.shard.replacingOccurrences(of: old, with: new)
  }

  @Test func aShardWrittenByTheStudyIsReadBack() throws {
    let r = try read(Self.shard)
    #expect(r.runs == 1..<3 && r.records.count == 2)
  }

  /// A list length of 0 used to pass the reader and trap later.
  @Test func aListLengthOfZeroIsRejectedAtItsField() {
    let text = edited("\"listLength\":3", "\"listLength\":0")
    let e = failure(text)
    #expect(e?.column == "result.study.model.listLength", "\(String(describing: e))")
    #expect(e?.line == 1)
    let offset = text.utf8.count - text[text.range(of: "\"listLength\":0")!.upperBound...].utf8.count - 1
    #expect(e?.character == offset + 1, "\(String(describing: e))")
    #expect(e?.description.contains("listLength 0 must be at least 1") == true)
  }

  @Test(arguments: [
    ("\"schoolCount\":4", "\"schoolCount\":0", "result.study.model.schoolCount", "at least 1"),
    ("\"alpha\":0.5", "\"alpha\":1.5", "result.study.model.alpha", "[0, 1]"),
    ("\"runCount\":4", "\"runCount\":2", "result.runs", "part of the study"),
    ("\"runCount\":4", "\"runCount\":100000000", "result.study.runCount", "aggregate exactly"),
    ("\"mechanisms\":[\"da\",\"boston\"]", "\"mechanisms\":[]", "result.study.mechanisms", "at least one mechanism"),
    ("\"mechanisms\":[\"da\",\"boston\"]", "\"mechanisms\":[\"da\",\"x\"]", "result.study.mechanisms[1]", "invalid value"),
    ("\"runs\":[1,3]", "\"runs\":[1,2]", "result.records", "records for the 1 runs"),
    ("\"studentCount\":30", "\"studentCount\":1e20", "result.study.model.studentCount", "whole number"),
    ("\"seed\":7", "\"seed\":-7", "result.study.seed", "whole number"),
    ("\"unassigned\":", "\"unassigned\":2.5,\"x\":", "result.records[0].metrics[0].unassigned", "whole number"),
    ("\"auditSample\":0", "\"auditSample\":-1", "result.study.auditSample", "must not be negative"),
  ])
  func outOfRangeFieldsAreRejected(old: String, new: String, field: String, message: String) {
    let e = failure(edited(old, new))
    #expect(e?.column == field, "\(String(describing: e))")
    #expect(e?.description.contains(message) == true, "\(String(describing: e))")
    #expect(e?.description.contains(".json:1:") == true, "\(String(describing: e))")
  }

  @Test func metricsThatDoNotAddUpAreRejected() {
    // Shift one student from the first rank to nowhere: the counts no longer add up.
    let r = try! read(Self.shard)
    let first = r.records[0].metrics[0]
    let old = "\"rankCounts\":[\(first.rankCounts.map(String.init).joined(separator: ","))]"
    var counts = first.rankCounts
    counts[0] -= 1
    let bad = "\"rankCounts\":[\(counts.map(String.init).joined(separator: ","))]"
    let e = failure(edited(old, bad))
    #expect(e?.column == "result.records[0].metrics[0].rankCounts", "\(String(describing: e))")
    #expect(e?.description.contains("must equal the students") == true)
    let empty = failure(edited(old, "\"rankCounts\":[]"))
    #expect(empty?.description.contains("0 rank counts, expected the list length 3") == true, "\(String(describing: empty))")
    let negative = failure(edited(old, "\"rankCounts\":[-1,\(first.rankCounts.dropFirst().map(String.init).joined(separator: ","))]"))
    #expect(negative?.column == "result.records[0].metrics[0].rankCounts[0]", "\(String(describing: negative))")
  }

  @Test func aPrettyPrintedShardGivesTheLineOfTheBadField() {
    var text = Self.shard.replacingOccurrences(of: ",\"", with: ",\n  \"")
    text = text.replacingOccurrences(of: "\"listLength\":3", with: "\"listLength\":-2")
    let e = failure(text)
    let line = text.prefix { _ in true }.split(separator: "\n", omittingEmptySubsequences: false)
      .firstIndex { $0.contains("\"listLength\":-2") }.map { $0 + 1 }
    #expect(e?.line == line && line != nil && line! > 1, "\(String(describing: e))")
  }

  @Test(arguments: [
    ("{\"format\": \"matchmarket-simulation-shard-1\", \"result\": {", 1, "found end of file"),
    ("{\"format\": \"other\"}", 1, "is not 'matchmarket-simulation-shard-1'"),
    ("[1, 2]", 1, "no \"format\""),
    ("{\"format\": \"matchmarket-simulation-shard-1\"}", 1, "missing field \"result\""),
    ("\u{0}\u{1}\u{2}", 1, "byte '\\x00'"),
  ])
  func malformedFilesAreRejected(text: String, line: Int, message: String) {
    let e = failure(text)
    #expect(e?.line == line, "\(String(describing: e))")
    #expect(e?.description.contains(message) == true, "\(String(describing: e))")
  }
}
