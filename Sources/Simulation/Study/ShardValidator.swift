import Foundation
import MatchingIO

/// Reads a shard file and checks every field against what a study can produce, so that a
/// hand-edited shard is answered by a message at its line and character rather than a trap
/// later (an empty rank histogram, a negative count, an overflowing sum).
struct ShardValidator {
  let doc: JSONDocument
  let bytes: [UInt8]

  /// The largest runs x students a shard may hold: the exact integer statistics over runs
  /// (``RunStatistic``) stay within 64 bits below it.
  static let workLimit = 1 << 31

  init(bytes: [UInt8], file: String) throws(InputError) {
    self.bytes = bytes
    doc = try JSONDocument(bytes: bytes, file: file)
  }

  /// The node at `path` (keys and indices), or the deepest node on the way.
  func node(_ path: [any CodingKey]) -> JSONDocument.Node {
    var n = doc.root
    for key in path {
      if let i = key.intValue, let next = n[i] {
        n = next
      } else if let next = n[key.stringValue] {
        n = next
      } else {
        break
      }
    }
    return n
  }

  func fail(_ path: [any CodingKey], _ message: String) -> InputError {
    var e = doc.error(at: node(path), message)
    e.column = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
      .trimmingCharacters(in: CharacterSet(charactersIn: "."))
    if e.column?.isEmpty == true { e.column = nil }
    return e
  }

  struct Key: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ s: String) { stringValue = s }
    init(_ i: Int) {
      stringValue = "\(i)"
      intValue = i
    }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.init(intValue) }
  }

  func result() throws(InputError) -> SimulationResult {
    let format = Key("format")
    guard let f = doc.root["format"] else {
      throw fail([], "not a simulation shard: no \"format\" field")
    }
    guard f.string == ShardFile.currentFormat else {
      throw fail([format], "shard format \(f.string.map { "'\(InputError.show($0))'" } ?? f.kind) is not '\(ShardFile.currentFormat)'")
    }
    try checkNumbers(doc.root, path: [])
    let file: ShardFile
    do {
      file = try JSONDecoder().decode(ShardFile.self, from: Data(bytes))
    } catch let error as DecodingError {
      switch error {
      case .typeMismatch(let type, let context):
        throw fail(context.codingPath, "expected \(describe(type)): \(context.debugDescription)")
      case .valueNotFound(let type, let context):
        throw fail(context.codingPath, "expected \(describe(type)), found null")
      case .keyNotFound(let key, let context):
        throw fail(context.codingPath, "missing field \"\(key.stringValue)\"")
      case .dataCorrupted(let context):
        throw fail(context.codingPath, "invalid value: \(context.debugDescription)")
      @unknown default:
        throw doc.error(at: doc.root, "not a simulation shard (\(error))")
      }
    } catch {
      throw doc.error(at: doc.root, "not a simulation shard (\(error))")
    }
    let r = file.result
    try validate(r)
    return r
  }

  /// The fields that hold real numbers; every other number in a shard is an integer.
  static let realFields: Set<String> = ["alpha", "beta", "seatsRatio", "siblingProbability", "walkRadius"]

  /// Checks that every number is one the decoder can hold exactly: integers where integers
  /// go (the seed unsigned 64-bit), so that 1e20 is an error here rather than an opaque
  /// decoding failure.
  func checkNumbers(_ node: JSONDocument.Node, path: [any CodingKey]) throws(InputError) {
    switch node.value {
    case .object(let members):
      for m in members { try checkNumbers(m.value, path: path + [Key(m.key)]) }
    case .array(let items):
      for (i, item) in items.enumerated() { try checkNumbers(item, path: path + [Key(i)]) }
    case .number(_, let text):
      let field = path.last(where: { $0.intValue == nil })?.stringValue ?? ""
      if Self.realFields.contains(field) { return }
      if field == "seed" {
        guard UInt64(text) != nil else { throw fail(path, "seed \(InputError.show(text)) must be a whole number in 0...\(UInt64.max)") }
        return
      }
      guard node.exactInteger != nil else {
        throw fail(path, "\(field) \(InputError.show(text)) must be a whole number within the range of Int")
      }
    default:
      return
    }
  }

  func describe(_ type: Any.Type) -> String {
    switch type {
    case is Int.Type, is UInt64.Type: "an integer"
    case is Double.Type: "a number"
    case is String.Type: "a string"
    default: "\(type)"
    }
  }

  func validate(_ r: SimulationResult) throws(InputError) {
    let study: [any CodingKey] = [Key("result"), Key("study")]
    let model = study + [Key("model")]
    let m = r.study.model
    func require(_ ok: Bool, _ path: [any CodingKey], _ message: @autoclosure () -> String) throws(InputError) {
      if !ok { throw fail(path, message()) }
    }
    try require(r.study.runCount >= 1, study + [Key("runCount")], "runCount \(r.study.runCount) must be at least 1")
    try require(!r.study.mechanisms.isEmpty, study + [Key("mechanisms")], "a study needs at least one mechanism")
    try require(r.study.auditSample >= 0, study + [Key("auditSample")], "auditSample \(r.study.auditSample) must not be negative")
    try require(m.studentCount >= 0, model + [Key("studentCount")], "studentCount \(m.studentCount) must not be negative")
    try require(m.schoolCount >= 1, model + [Key("schoolCount")], "schoolCount \(m.schoolCount) must be at least 1")
    try require(m.listLength >= 1, model + [Key("listLength")], "listLength \(m.listLength) must be at least 1")
    try require((0...1).contains(m.alpha), model + [Key("alpha")], "alpha \(m.alpha) must lie in [0, 1]")
    try require(m.beta >= 0, model + [Key("beta")], "beta \(m.beta) must not be negative")
    try require(m.seatsRatio > 0, model + [Key("seatsRatio")], "seatsRatio \(m.seatsRatio) must be positive")
    try require(
      (0...1).contains(m.siblingProbability), model + [Key("siblingProbability")],
      "siblingProbability \(m.siblingProbability) must lie in [0, 1]")
    try require(m.walkRadius >= 0, model + [Key("walkRadius")], "walkRadius \(m.walkRadius) must not be negative")
    try require(
      m.consideredSchools.map { $0 >= 1 } ?? true, model + [Key("consideredSchools")],
      "consideredSchools \(m.consideredSchools ?? 0) must be at least 1")
    let work = r.study.runCount.multipliedReportingOverflow(by: max(m.studentCount, 1))
    try require(
      !work.overflow && work.partialValue <= Self.workLimit, study + [Key("runCount")],
      "runCount x studentCount (\(r.study.runCount) x \(m.studentCount)) is more than a study can aggregate exactly (\(Self.workLimit))")

    let runsPath: [any CodingKey] = [Key("result"), Key("runs")]
    try require(
      r.runs.lowerBound >= 0 && r.runs.upperBound <= r.study.runCount && !r.runs.isEmpty, runsPath,
      "runs \(r.runs.lowerBound)..<\(r.runs.upperBound) must be a non-empty part of the study's 0..<\(r.study.runCount)")
    let records: [any CodingKey] = [Key("result"), Key("records")]
    try require(
      r.records.count == r.runs.count, records,
      "\(r.records.count) records for the \(r.runs.count) runs \(r.runs.lowerBound)..<\(r.runs.upperBound)")
    let k = m.effectiveListLength
    for (j, record) in r.records.enumerated() {
      let here = records + [Key(j)]
      try require(
        record.run == r.runs.lowerBound + j, here + [Key("run")],
        "record \(j) is of run \(record.run), expected \(r.runs.lowerBound + j) (one record per run, in order)")
      try require(
        record.metrics.count == r.study.mechanisms.count, here + [Key("metrics")],
        "\(record.metrics.count) metrics for the study's \(r.study.mechanisms.count) mechanisms")
      for (i, x) in record.metrics.enumerated() {
        let at = here + [Key("metrics"), Key(i)]
        try require(
          x.students == m.studentCount, at + [Key("students")],
          "students \(x.students) differs from the model's studentCount \(m.studentCount)")
        try require(
          x.rankCounts.count == k, at + [Key("rankCounts")],
          "\(x.rankCounts.count) rank counts, expected the list length \(k)")
        for (p, c) in x.rankCounts.enumerated() {
          try require(c >= 0 && c <= x.students, at + [Key("rankCounts"), Key(p)], "count \(c) is outside 0...\(x.students)")
        }
        try require(
          x.unassigned >= 0 && x.unassigned <= x.students, at + [Key("unassigned")],
          "unassigned \(x.unassigned) is outside 0...\(x.students)")
        try require(
          x.rankCounts.reduce(0, +) + x.unassigned == x.students, at + [Key("rankCounts")],
          "rank counts (\(x.rankCounts.reduce(0, +))) plus unassigned (\(x.unassigned)) must equal the students (\(x.students))")
        try require(
          x.envyStudents >= 0 && x.envyStudents <= x.students, at + [Key("envyStudents")],
          "envyStudents \(x.envyStudents) is outside 0...\(x.students)")
        let pairBound = x.students.multipliedReportingOverflow(by: k)
        let maxPairs = pairBound.overflow ? Int.max : pairBound.partialValue
        try require(
          x.blockingPairs >= 0 && x.blockingPairs <= maxPairs, at + [Key("blockingPairs")],
          "blockingPairs \(x.blockingPairs) is outside 0...\(maxPairs)")
        if r.study.audits {
          let expected = min(r.study.auditSample, x.students)
          try require(x.audited == expected, at + [Key("audited")], "audited must be \(expected) (the audit sample)")
          try require(
            x.manipulable.map { $0 >= 0 && $0 <= expected } ?? false, at + [Key("manipulable")],
            "manipulable must be a count in 0...\(expected)")
        } else {
          try require(x.audited == nil, at + [Key("audited")], "audited is given but the study has no audit (auditSample 0)")
          try require(x.manipulable == nil, at + [Key("manipulable")], "manipulable is given but the study has no audit (auditSample 0)")
        }
      }
    }
  }
}
