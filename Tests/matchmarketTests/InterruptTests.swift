import Foundation
import MatchingMarkets
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// SIGINT to a running `simulate` keeps the runs done as a valid shard and exits 130; both
/// ways of finishing (`--resume`, or the missing runs as a shard plus `simulate merge`) give
/// the same bytes as one uninterrupted run.
struct InterruptTests {
  static let runs = 120
  static let modelArguments = ["--students", "300", "--schools", "10", "--seed", "5"]
  static let outputs = StudyReport.fileNames

  /// The study the command line runs with `modelArguments` (defaults otherwise).
  static var study: SimulationStudy {
    SimulationStudy(
      model: SchoolChoiceModel(studentCount: 300, schoolCount: 10), mechanisms: [.da, .boston, .ttc],
      seed: 5, runCount: runs)
  }

  /// Starts `simulate` in `directory`, waits for its first progress line (so at least one
  /// run is done), sends SIGINT, and returns (status, stderr).
  static func interruptedSimulate(_ arguments: [String], in directory: URL) throws -> (Int32, String) {
    guard let executable = CLI.executable else { throw CocoaError(.fileNoSuchFile) }
    let p = Process()
    p.executableURL = executable
    p.arguments = arguments
    p.currentDirectoryURL = directory
    let err = Pipe()
    p.standardError = err
    p.standardOutput = Pipe()
    try p.run()
    var text = String(decoding: err.fileHandleForReading.availableData, as: UTF8.self)
    kill(p.processIdentifier, SIGINT)
    text += String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    return (p.terminationStatus, text)
  }

  @Test func interruptedSimulateKeepsAShardAndFinishesToTheSameBytes() throws {
    let w = Workspace([:])
    let base = ["simulate", "--runs", "\(Self.runs)", "--threads", "1"] + Self.modelArguments
    let (status, stderr) = try Self.interruptedSimulate(
      base + ["--output-dir", "a", "--progress"], in: w.url)
    #expect(status == 130, "\(stderr)")
    #expect(stderr.contains("interrupted"), "\(stderr)")
    #expect(!stderr.contains("Fatal error"), "\(stderr)")
    // One shard, shard-0-K.json, holding exactly the first K runs.
    let names = try FileManager.default.contentsOfDirectory(atPath: w.url.appendingPathComponent("a").path)
    #expect(names.count == 1, "\(names)")
    let name = try #require(names.first)
    let shard = try SimulationResult.readShard(path: w.url.appendingPathComponent("a/" + name).path)
    let done = shard.runs.count
    #expect(shard.runs.lowerBound == 0 && done >= 1 && done < Self.runs, "\(shard.runs)")
    #expect(name == "shard-0-\(done).json")
    #expect(shard == Self.study.run(runs: 0..<done))

    // The reference: one uninterrupted run, written by the same report code.
    let reference = StudyReport(result: Self.study.run(threads: 2))
    let expected = [
      reference.runsCSV(), reference.summaryCSV(), reference.summaryJSON(),
      reference.rankDistributionSVG(), reference.comparisonSVG(),
    ]
    #expect(Self.outputs.count == expected.count)

    // Finishing by the missing runs as a shard plus merge (before --resume removes the shard).
    let rest = try CLI.run(
      base + ["--runs-from", "\(done)", "--runs-to", "\(Self.runs)", "--output-dir", "a"], in: w.url)
    #expect(rest.status == 0, "\(rest.stderr)")
    let merge = try CLI.run(
      ["simulate", "merge", "a/shard-0-\(done).json", "a/shard-\(done)-\(Self.runs).json", "--output-dir", "m"],
      in: w.url)
    #expect(merge.status == 0, "\(merge.stderr)")
    for (file, bytes) in zip(Self.outputs, expected) {
      #expect(w.read("m/" + file) == bytes, "merge: \(file)")
    }

    // Finishing by --resume: runs only the missing runs, writes the same bytes, and removes
    // the shards it merged.
    try FileManager.default.removeItem(at: w.url.appendingPathComponent("a/shard-\(done)-\(Self.runs).json"))
    let resumed = try CLI.run(base + ["--output-dir", "a", "--resume"], in: w.url)
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stderr.contains("\(done) of \(Self.runs) runs found in 1 shard file; \(Self.runs - done) to run"), "\(resumed.stderr)")
    for (file, bytes) in zip(Self.outputs, expected) {
      #expect(w.read("a/" + file) == bytes, "resume: \(file)")
    }
    #expect(!w.exists("a/" + name))
  }

  /// Without a terminal and without --progress, nothing but the result lines reaches stderr
  /// (no carriage returns, no escape sequences).
  @Test func noProgressOutputWhenStandardErrorIsNotATerminal() throws {
    let w = Workspace([:])
    let r = try CLI.run(["simulate", "--runs", "3"] + Self.modelArguments, in: w.url)
    #expect(r.status == 0)
    #expect(!r.stderr.contains("\r") && !r.stderr.contains("\u{1B}"), "\(r.stderr)")
    #expect(r.stderr.hasSuffix("thread\n") || r.stderr.hasSuffix("threads\n"), "\(r.stderr)")
  }

  /// SIGINT to a running `audit` writes the report of the agents audited so far, marked
  /// interrupted, and exits 130.
  @Test func interruptedAuditWritesThePartialReport() throws {
    let w = Workspace([:])
    let generated = try CLI.run(
      ["generate", "school", "--students", "400", "--schools", "10", "--seed", "3", "--out", "m"], in: w.url)
    #expect(generated.status == 0)
    let (status, stderr) = try Self.interruptedSimulate(
      ["audit", "--mechanisms", "ttc,da", "--no-accelerate", "--workers", "1", "--progress", "--json",
       "--schools", "m/schools.csv", "--applications", "m/applications.csv", "--output", "r.json"],
      in: w.url)
    #expect(status == 130, "\(stderr)")
    #expect(stderr.contains("interrupted"), "\(stderr)")
    let data = try #require(w.read("r.json")).data(using: .utf8)!
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let note = try #require(json["interrupted"] as? String)
    #expect(note.contains("ttc stopped after") && note.contains("not audited: da"), "\(note)")
    let mechanisms = try #require(json["mechanisms"] as? [[String: Any]])
    #expect(mechanisms.count == 1)
    let audited = try #require(mechanisms.first?["agents_audited"] as? Int)
    #expect(audited >= 1 && audited < 400, "\(audited)")
  }
}
