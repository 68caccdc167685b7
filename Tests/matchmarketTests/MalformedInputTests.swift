import Foundation
import Testing

/// The malformed-input corpus (Tests/Fixtures/malformed, written by its generate.py): every
/// reader the CLI has, fed hundreds of broken files, must answer each with exit status 65 and
/// a message that names the file and the line (never a crash, never success).
struct MalformedInputTests {
  struct Case: Sendable {
    var file: String
    /// The line the message must name, or nil when the whole file is at fault.
    var line: Int?
    var arguments: [String]
  }

  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/malformed")

  static func cases() throws -> [Case] {
    let text = try String(contentsOf: root.appendingPathComponent("cases.tsv"), encoding: .utf8)
    return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { row in
      let f = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      return Case(file: f[0], line: Int(f[1]), arguments: Array(f[2...]))
    }
  }

  struct Outcome: Sendable {
    var status: Int32
    var stderr: String
  }

  /// Runs the CLI on every case, a batch of processes at a time.
  static func runAll(_ cases: [Case], executable: URL, batch: Int = 12) throws -> [Outcome] {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mm-malformed-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    var outcomes: [Outcome] = []
    for start in stride(from: 0, to: cases.count, by: batch) {
      var running: [(Process, Pipe, Pipe)] = []
      for (k, c) in cases[start..<min(start + batch, cases.count)].enumerated() {
        let out = scratch.appendingPathComponent("\(start + k)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = executable
        p.arguments = c.arguments.map { $0.replacingOccurrences(of: "$OUT", with: out.path) }
        p.currentDirectoryURL = root
        let o = Pipe()
        let e = Pipe()
        p.standardOutput = o
        p.standardError = e
        try p.run()
        running.append((p, o, e))
      }
      // Messages are a few lines, far below a pipe's buffer: waiting first cannot block.
      for (p, o, e) in running {
        p.waitUntilExit()
        _ = o.fileHandleForReading.readDataToEndOfFile()
        let err = e.fileHandleForReading.readDataToEndOfFile()
        outcomes.append(Outcome(status: p.terminationStatus, stderr: String(decoding: err, as: UTF8.self)))
      }
    }
    return outcomes
  }

  @Test func everyMalformedFileExitsWith65AndNamesFileAndLine() throws {
    let executable = try #require(CLI.executable, "build matchmarket first")
    let cases = try Self.cases()
    // At least 300 cases, over every reader of the CLI.
    #expect(cases.count >= 300)
    let readers = Set(cases.map { $0.file.split(separator: "/")[0] })
    #expect(readers == ["school", "housing", "assignment", "kidney-csv", "preflib", "kep-json", "kidney-solver", "shard",
      "roommates", "tenants", "rankings", "residency", "consent", "types", "probabilities"])
    let outcomes = try Self.runAll(cases, executable: executable)
    for (c, r) in zip(cases, outcomes) {
      let expected = c.line.map { "\(c.file):\($0):" } ?? "\(c.file):"
      #expect(r.status == 65, "\(c.file): exit \(r.status): \(r.stderr.prefix(300))")
      #expect(r.stderr.contains(expected), "\(c.file): expected '\(expected)' in: \(r.stderr.prefix(300))")
    }
  }

  /// The corpus is not vacuous: each reader's valid partner files, in the same command lines,
  /// are accepted (so a case fails because of its own file).
  @Test func theValidPartnersAreAccepted() throws {
    let executable = try #require(CLI.executable, "build matchmarket first")
    let all = try Self.cases()
    var valid: [Case] = []
    var seen = Set<String>()
    for c in all {
      let parts = c.file.split(separator: "/")
      let role = "\(parts[0])/\(parts[1])"
      guard seen.insert(role).inserted else { continue }
      // The role's own valid file replaces the malformed one.
      let dir = Self.root.appendingPathComponent("\(parts[0])/valid")
      let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
      let partners = Set(c.arguments.filter { $0.hasPrefix("\(parts[0])/valid/") })
      guard let own = files.map({ "\(parts[0])/valid/\($0)" }).first(where: { !partners.contains($0) }) else {
        Issue.record("no valid file for \(role)")
        continue
      }
      valid.append(Case(file: own, line: nil, arguments: c.arguments.map { $0 == c.file ? own : $0 }))
    }
    #expect(valid.count == 24)
    for (c, r) in zip(valid, try Self.runAll(valid, executable: executable)) {
      // (check exits 1 when the assignment lacks a property: the input was read.)
      #expect(r.status == 0 || (c.arguments.first == "check" && r.status == 1), "\(c.arguments.joined(separator: " ")): exit \(r.status): \(r.stderr.prefix(300))")
    }
  }
}
