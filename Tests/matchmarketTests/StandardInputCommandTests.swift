import Foundation
import Testing

/// `-` reads standard input; a semicolon or tab file needs no flag; bad input through a pipe
/// still names the line and column, with exit status 65.
struct StandardInputCommandTests {
  static func run(_ arguments: [String], stdin: String, in directory: URL) throws -> CLI.Result {
    guard let executable = CLI.executable else { throw CocoaError(.fileNoSuchFile) }
    let p = Process()
    p.executableURL = executable
    p.arguments = arguments
    p.currentDirectoryURL = directory
    let input = Pipe()
    let out = Pipe()
    let err = Pipe()
    p.standardInput = input
    p.standardOutput = out
    p.standardError = err
    try p.run()
    input.fileHandleForWriting.write(Data(stdin.utf8))
    try input.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return CLI.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
  }

  @Test func applicationsFromStandardInputInTabForm() throws {
    let w = Workspace(["schools.csv": "School;Capacity\nNorth;1\nSouth;1\n"])
    let r = try Self.run(
      ["match", "--mechanism", "da", "--schools", "schools.csv", "--applications", "-", "--output", "out.csv", "--quiet"],
      stdin: "student\tschool\trank\nann\tNorth\t1\nbo\tNorth\t1\nbo\tSouth\t2\n", in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(w.read("out.csv") == "student,school\nann,North\nbo,South\n")
  }

  @Test func aShortRowOnStandardInputIsNamed() throws {
    let w = Workspace(["schools.csv": "school,capacity\nNorth,1\n"])
    let r = try Self.run(
      ["match", "--mechanism", "da", "--schools", "schools.csv", "--applications", "-", "--output", "out.csv"],
      stdin: "student,school,rank\nann,North\n", in: w.url)
    #expect(r.status == 65)
    #expect(r.stderr == "error: <stdin>:2: column 'rank': row has 2 fields, the header has 3\n")
    #expect(!w.exists("out.csv"))
  }

  @Test func twoInputsCannotBothBeStandardInput() throws {
    let w = Workspace([:])
    let r = try Self.run(
      ["match", "--mechanism", "da", "--schools", "-", "--applications", "-", "--output", "out.csv"],
      stdin: "", in: w.url)
    #expect(r.status == 64)
    #expect(r.stderr.contains("at most one input may be -"))
  }

  @Test func aKidneyPoolFromStandardInputInTheOlderPrefLibLayout() throws {
    let w = Workspace([:])
    let r = try Self.run(
      ["kidney", "plan", "--wmd", "-", "--max-cycle", "3", "--max-chain", "2", "--output", "plan.csv"],
      stdin: "4,6\n1,Pair 1\n2,Pair 2\n3,Pair 3\n4,Alturist 4\n0,1,1\n1,0,1\n1,2,1\n2,1,1\n3,0,1\n0,3,0\n", in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("3 pairs, 1 altruists, 5 arcs; 3 transplants"), "\(r.stderr)")
  }

  @Test func aBadKepSolverFileGivesLineAndCharacter() throws {
    let w = Workspace(["pool.json": "{\"data\": {\n  \"1\": {\"sources\": [1e20], \"bloodgroup\": \"O\"}}}\n"])
    let r = try CLI.run(["kidney", "plan", "--kep-json", "pool.json", "--output", "plan.csv"], in: w.url)
    #expect(r.status == 65)
    #expect(r.stderr.hasPrefix("error: pool.json:2:21: donor '1': a source: 1e20 is not a whole number"), "\(r.stderr)")
  }
}
