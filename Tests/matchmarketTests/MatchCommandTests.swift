import Foundation
import Testing

/// Runs the built `matchmarket` and compares its exact output (as swift-argument-parser's
/// example tests do).
struct CLI {
  static var executable: URL? {
    let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for dir in [here, here.deletingLastPathComponent(), here.deletingLastPathComponent().deletingLastPathComponent()] {
      let candidate = dir.appendingPathComponent("matchmarket")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    let fallback = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug/matchmarket")
    return FileManager.default.isExecutableFile(atPath: fallback.path) ? fallback : nil
  }

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static func run(_ arguments: [String], in directory: URL) throws -> Result {
    guard let executable else { throw CocoaError(.fileNoSuchFile) }
    let p = Process()
    p.executableURL = executable
    p.arguments = arguments
    p.currentDirectoryURL = directory
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
  }
}

final class Workspace {
  let url: URL
  init(_ files: [String: String]) {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("mm-cli-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (name, contents) in files {
      try! contents.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
  }
  deinit { try? FileManager.default.removeItem(at: url) }
  func read(_ name: String) -> String? { try? String(contentsOf: url.appendingPathComponent(name), encoding: .utf8) }
  func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path) }
}

struct MatchCommandTests {
  /// Gale and Shapley's 3 x 3 example in the long form: the women are schools with one seat
  /// and rank the men by priority 1, 2, 3.
  static let files = [
    "schools.csv": "school,capacity\nA,1\nB,1\nC,1\n",
    "applications.csv": """
      student,school,rank,priority
      alpha,A,1,3
      alpha,B,2,2
      alpha,C,3,1
      beta,B,1,3
      beta,C,2,2
      beta,A,3,1
      gamma,C,1,3
      gamma,A,2,2
      gamma,B,3,1

      """,
  ]

  @Test func studentProposingAndSchoolProposingGiveTheTextbookOutcomes() throws {
    let w = Workspace(Self.files)
    let da = try CLI.run(["match", "--mechanism", "da", "--schools", "schools.csv", "--applications", "applications.csv", "--output", "out.csv"], in: w.url)
    #expect(da.status == 0, "\(da.stderr)")
    #expect(w.read("out.csv") == "student,school\nalpha,A\nbeta,B\ngamma,C\n")
    let s = try CLI.run(["match", "--schools", "schools.csv", "--applications", "applications.csv", "--output", "o.csv", "--summary", "s.json"], in: w.url)
    #expect(s.status == 0)
    let json = try JSONSerialization.jsonObject(with: Data((w.read("s.json") ?? "").utf8)) as? [String: Any]
    #expect(json?["first_choice"] as? Int == 3)
    #expect(json?["rank_distribution"] as? [Int] == [3])
    #expect(da.stderr.contains("3 first choice"))
    let dsa = try CLI.run(["match", "--mechanism", "da-schools", "--schools", "schools.csv", "--applications", "applications.csv"], in: w.url)
    #expect(dsa.stdout == "student,school\nalpha,C\nbeta,A\ngamma,B\n")
  }

  @Test func badInputNamesFileLineAndColumnAndLeavesNoOutput() throws {
    var files = Self.files
    files["applications.csv"] = "student,school,rank\nalpha,A,1\nbeta,Z,1\n"
    let w = Workspace(files)
    let r = try CLI.run(["match", "--schools", "schools.csv", "--applications", "applications.csv", "--output", "out.csv"], in: w.url)
    #expect(r.status == 65)
    #expect(r.stderr.contains("applications.csv:3: column 'school': unknown school 'Z'"), "\(r.stderr)")
    #expect(!w.exists("out.csv"))
    let missing = try CLI.run(["match", "--schools", "nope.csv", "--applications", "applications.csv"], in: w.url)
    #expect(missing.status == 65)
    #expect(missing.stderr.contains("nope.csv: cannot open"))
  }

  @Test func sameInputAndSeedGiveByteIdenticalFiles() throws {
    var apps = "student,school,rank\n"
    for i in 0..<200 { apps += "s\(i),A,1\ns\(i),B,2\n" }
    let w = Workspace(["schools.csv": "school,capacity\nA,50\nB,60\n", "applications.csv": apps])
    for mech in ["da", "boston", "ttc", "rsd"] {
      var outputs: [String?] = []
      for name in ["1.csv", "2.csv"] {
        let r = try CLI.run(["match", "--mechanism", mech, "--seed", "42", "--tie-breaking", "multiple", "--schools", "schools.csv", "--applications", "applications.csv", "--output", name], in: w.url)
        #expect(r.status == 0)
        outputs.append(w.read(name))
      }
      #expect(outputs[0] != nil && outputs[0] == outputs[1], "\(mech)")
    }
  }

  @Test func housingMarketRunsTopTradingCycles() throws {
    let w = Workspace([
      "endowments.csv": "agent,house\nann,h1\nbo,h2\ncy,h3\n",
      "preferences.csv": "agent,house,rank\nann,h2,1\nbo,h1,1\ncy,h1,1\n",
    ])
    let r = try CLI.run(["match", "--mechanism", "ttc", "--endowments", "endowments.csv", "--preferences", "preferences.csv"], in: w.url)
    #expect(r.stdout == "agent,house\nann,h2\nbo,h1\ncy,h3\n")
    let bad = try CLI.run(["match", "--mechanism", "boston", "--endowments", "endowments.csv", "--preferences", "preferences.csv"], in: w.url)
    #expect(bad.status != 0)
  }

  @Test func checkPrintsWitnessesAndExitsOneWhenAPropertyFails() throws {
    var files = Self.files
    // Everyone at her last choice, yet stable: each school holds the student it ranks first
    // (school-proposing DA's outcome), so no student has justified envy; but the three
    // students would all gain by trading in a cycle, so it is not Pareto efficient.
    files["school-optimal.csv"] = "student,school\nalpha,C\nbeta,A\ngamma,B\n"
    // Everyone at her first choice: stable and efficient.
    files["student-optimal.csv"] = "student,school\nalpha,A\nbeta,B\ngamma,C\n"
    // beta (at A, her last choice) prefers C, which holds gamma, and C ranks beta above gamma.
    files["unstable.csv"] = "student,school\nalpha,B\nbeta,A\ngamma,C\n"
    let w = Workspace(files)
    let schoolOptimal = try CLI.run(["check", "--schools", "schools.csv", "--applications", "applications.csv", "--assignment", "school-optimal.csv"], in: w.url)
    #expect(schoolOptimal.stdout.contains("stable (no justified envy, no waste): yes"), "\(schoolOptimal.stdout)")
    #expect(schoolOptimal.stdout.contains("Pareto efficient: NO"), "\(schoolOptimal.stdout)")
    #expect(schoolOptimal.status == 1, "a property fails: exit 1")
    let best = try CLI.run(["check", "--schools", "schools.csv", "--applications", "applications.csv", "--assignment", "student-optimal.csv"], in: w.url)
    #expect(best.stdout.contains("Pareto efficient: yes"), "\(best.stdout)")
    #expect(best.status == 0, "every property holds: exit 0\n\(best.stdout)")
    let r = try CLI.run(["check", "--schools", "schools.csv", "--applications", "applications.csv", "--assignment", "unstable.csv", "--json"], in: w.url)
    #expect(r.status == 1)
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    #expect(json?["stable"] as? Bool == false)
    let pairs = json?["blocking_pairs"] as? [[String: Any]]
    #expect(pairs?.isEmpty == false)
    // The witness is beta and C.
    #expect(pairs?.contains { $0["student"] as? String == "beta" && $0["school"] as? String == "C" } == true, "\(r.stdout)")
  }
}
