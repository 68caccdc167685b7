import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Every command checks its outputs before working and never destroys what is at an output
/// path (issue 12): exit 73 naming the path, nothing written; symlinks followed; `-` and
/// devices written through.
struct OutputSafetyCLITests {
  static let market = MatchCommandTests.files
  static let marketFlags = ["--schools", "schools.csv", "--applications", "applications.csv"]
  static let assignment = "student,school\nalpha,A\nbeta,B\ngamma,C\n"

  @Test func aMissingSummaryDirectoryLeavesTheOutputUnwritten() throws {
    let w = Workspace(Self.market)
    let r = try CLI.run(["match"] + Self.marketFlags + ["--output", "out.csv", "--summary", "missing/summary.json"], in: w.url)
    #expect(r.status == 73)
    #expect(r.stderr.contains("missing/summary.json: cannot write: directory missing does not exist"), "\(r.stderr)")
    #expect(!w.exists("out.csv"))
    // The other way round: the output's directory is missing, the summary is not written.
    let s = try CLI.run(["match"] + Self.marketFlags + ["--output", "nope/out.csv", "--summary", "summary.json"], in: w.url)
    #expect(s.status == 73)
    #expect(s.stderr.contains("nope/out.csv"))
    #expect(!w.exists("summary.json"))
    // An output that is a directory.
    let d = try CLI.run(["match"] + Self.marketFlags + ["--output", "."], in: w.url)
    #expect(d.status == 73)
    #expect(d.stderr.contains(".: cannot write: is a directory"))
  }

  @Test func aSymlinkedOutputStaysALink() throws {
    let w = Workspace(Self.market)
    try FileManager.default.createSymbolicLink(atPath: w.url.appendingPathComponent("link.csv").path, withDestinationPath: "real.csv")
    let r = try CLI.run(["match"] + Self.marketFlags + ["--output", "link.csv", "--quiet"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    let attributes = try FileManager.default.attributesOfItem(atPath: w.url.appendingPathComponent("link.csv").path)
    #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
    #expect(w.read("real.csv") == Self.assignment)
  }

  @Test func dashAndDevStdoutGoToStandardOutputAndDevNullWorks() throws {
    let w = Workspace(Self.market)
    for path in ["-", "/dev/stdout"] {
      let r = try CLI.run(["match"] + Self.marketFlags + ["--output", path, "--quiet"], in: w.url)
      #expect(r.status == 0)
      #expect(r.stdout == Self.assignment, "\(path)")
    }
    let n = try CLI.run(["match"] + Self.marketFlags + ["--output", "/dev/null", "--summary", "/dev/null"], in: w.url)
    #expect(n.status == 0, "\(n.stderr)")
    #expect(n.stdout.isEmpty)
    var st = stat()
    lstat("/dev/null", &st)
    #expect(st.st_mode & S_IFMT == S_IFCHR)
  }

  @Test func aFIFOOutputIsWrittenThrough() throws {
    let w = Workspace(Self.market)
    let fifo = w.url.appendingPathComponent("pipe").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let received = OutputTargetReceived()
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      if let handle = FileHandle(forReadingAtPath: fifo) {
        received.set(handle.readDataToEndOfFile())
      }
      done.signal()
    }
    let r = try CLI.run(["match"] + Self.marketFlags + ["--output", "pipe", "--quiet"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(done.wait(timeout: .now() + 10) == .success)
    #expect(received.text == Self.assignment)
    var st = stat()
    lstat(fifo, &st)
    #expect(st.st_mode & S_IFMT == S_IFIFO)
  }

  /// Every writing command fails fast, with 73 and the path, before its work.
  @Test func everyCommandChecksItsOutputsFirst() throws {
    var files = Self.market
    files["a-file"] = "not a directory\n"
    files["pairs.csv"] = "id,donor_blood_type,patient_blood_type,patient_cpra,is_altruist\n1,O,O,0,0\n2,O,O,0,0\n"
    files["edges.csv"] = "donor_id,recipient_id,weight\n1,2,1\n2,1,1\n"
    let w = Workspace(files)
    let runs: [[String]] = [
      ["audit"] + Self.marketFlags + ["--output", "missing/audit.txt"],
      ["generate", "school", "--students", "10", "--schools", "2", "--out", "a-file/market"],
      ["generate", "housing", "--agents", "5", "--out", "a-file"],
      ["generate", "kidney", "--pairs", "5", "--out", "a-file/pool"],
      ["simulate", "--runs", "1", "--students", "10", "--schools", "2", "--output-dir", "a-file/study"],
      ["kidney", "plan", "--pairs", "pairs.csv", "--edges", "edges.csv", "--output", "plan.csv", "--summary", "missing/summary.json"],
      ["kidney", "plan", "--pairs", "pairs.csv", "--edges", "edges.csv", "--output", "plan.csv", "--dot", "a-file/plan.dot"],
      ["bench", "--quick", "--output-json", "missing/bench.json"],
    ]
    for arguments in runs {
      let r = try CLI.run(arguments, in: w.url)
      #expect(r.status == 73, "\(arguments.joined(separator: " ")): \(r.stderr)")
      #expect(r.stderr.contains("cannot write"), "\(arguments.joined(separator: " ")): \(r.stderr)")
    }
    #expect(!w.exists("plan.csv"), "kidney plan wrote its plan although the summary could not be written")
    #expect(w.read("a-file") == "not a directory\n")
  }
}

/// Collects what a reader thread reads from a FIFO.
final class OutputTargetReceived: @unchecked Sendable {
  private let lock = NSLock()
  private var bytes = Data()
  func set(_ data: Data) { lock.withLock { bytes = data } }
  var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
}
