import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension SimulationResult {
  /// The shard file's contents: this result as JSON (keys sorted, so the same shard is the
  /// same bytes).
  public func shardJSON() -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    // Encoding plain integers, strings and finite doubles cannot fail.
    let data = try! encoder.encode(ShardFile(format: ShardFile.currentFormat, result: self))
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// Reads a shard file written by ``shardJSON()``.
  ///
  /// - Throws: ``SimulationError/badShard(file:message:)`` when the file cannot be read or is
  ///   not a shard of this format.
  public static func readShard(path: String) throws(SimulationError) -> SimulationResult {
    // Read with stdio: FileManager.contents(atPath:) leaks its buffer on an empty file
    // (LeakSanitizer, found by Fuzz/Targets/SimulationShard.swift).
    guard let f = fopen(path, "rb") else { throw .badShard(file: path, message: "cannot read the file") }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let got = chunk.withUnsafeMutableBufferPointer { fread($0.baseAddress, 1, $0.count, f) }
      if got == 0 { break }
      bytes.append(contentsOf: chunk[0..<got])
    }
    let failed = ferror(f) != 0
    fclose(f)
    guard !failed else { throw .badShard(file: path, message: "cannot read the file") }
    guard !bytes.isEmpty else { throw .badShard(file: path, message: "the file is empty") }
    let data = Data(bytes)
    let file: ShardFile
    do {
      file = try JSONDecoder().decode(ShardFile.self, from: data)
    } catch {
      throw .badShard(file: path, message: "not a simulation shard (\(error))")
    }
    guard file.format == ShardFile.currentFormat else {
      throw .badShard(file: path, message: "shard format '\(file.format)' is not '\(ShardFile.currentFormat)'")
    }
    let r = file.result
    guard r.runs.lowerBound >= 0, r.runs.upperBound <= r.study.runCount,
      r.records.count == r.runs.count,
      zip(r.records, r.runs).allSatisfy({ $0.run == $1 }),
      r.records.allSatisfy({ $0.metrics.count == r.study.mechanisms.count })
    else {
      throw .badShard(file: path, message: "records do not match the shard's runs and mechanisms")
    }
    if let problem = r.shardProblem { throw .badShard(file: path, message: problem) }
    return r
  }

  /// The file name a shard of `runs` gets: `shard-<from>-<to>.json`.
  public static func shardFileName(_ runs: Range<Int>) -> String {
    "shard-\(runs.lowerBound)-\(runs.upperBound).json"
  }
}

extension SimulationResult {
  /// What is wrong with a decoded shard's numbers, or `nil`: decoding bypasses the checks of
  /// ``SchoolChoiceModel``'s initializer, so a hand-edited file is checked here instead.
  var shardProblem: String? {
    let m = study.model
    if study.runCount < 1 { return "runCount \(study.runCount) must be at least 1" }
    if study.auditSample < 0 { return "auditSample \(study.auditSample) must not be negative" }
    if study.mechanisms.isEmpty { return "no mechanisms" }
    if m.studentCount < 0 { return "studentCount \(m.studentCount) must not be negative" }
    if m.schoolCount < 1 { return "schoolCount \(m.schoolCount) must be at least 1" }
    if m.listLength < 1 { return "listLength \(m.listLength) must be at least 1" }
    if let c = m.consideredSchools, c < 1 { return "consideredSchools \(c) must be at least 1" }
    if !(0...1).contains(m.alpha) { return "alpha \(m.alpha) is outside 0...1" }
    if !(m.beta >= 0 && m.beta.isFinite) { return "beta \(m.beta) must be finite and not negative" }
    if !(m.seatsRatio > 0 && m.seatsRatio.isFinite) { return "seatsRatio \(m.seatsRatio) must be finite and positive" }
    if !(0...1).contains(m.siblingProbability) { return "siblingProbability \(m.siblingProbability) is outside 0...1" }
    if !(m.walkRadius >= 0 && m.walkRadius.isFinite) { return "walkRadius \(m.walkRadius) must be finite and not negative" }
    for record in records {
      for x in record.metrics {
        let counts = [x.students, x.unassigned, x.envyStudents, x.blockingPairs, x.audited ?? 0, x.manipulable ?? 0]
        guard counts.allSatisfy({ $0 >= 0 }), x.rankCounts.allSatisfy({ $0 >= 0 }),
          x.rankCounts.count <= m.effectiveListLength,
          x.rankCounts.reduce(0, &+) &+ x.unassigned == x.students
        else {
          return "run \(record.run): counts must be non-negative, at most listLength ranks, and add up to the students"
        }
      }
    }
    return nil
  }
}

struct ShardFile: Codable {
  static let currentFormat = "matchmarket-simulation-shard-1"
  var format: String
  var result: SimulationResult
}
