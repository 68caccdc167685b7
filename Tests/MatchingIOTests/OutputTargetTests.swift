import Foundation
import MatchingIO
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Outputs never destroy what is at the path (issue 12): regular files are replaced
/// atomically, symlinks are followed, FIFOs and devices are written through.
struct OutputTargetTests {
  final class Directory {
    let path: String
    init() {
      path = NSTemporaryDirectory() + "mm-out-\(UUID().uuidString)"
      try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func at(_ name: String) -> String { path + "/" + name }
    func read(_ name: String) -> String? { try? String(contentsOfFile: at(name), encoding: .utf8) }
    var entries: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
    func kind(_ name: String) -> mode_t {
      var st = stat()
      return lstat(at(name), &st) == 0 ? st.st_mode & S_IFMT : 0
    }
  }

  @Test func aRegularFileIsReplacedWholeAndKeepsItsPermissions() throws {
    let d = Directory()
    try "old contents that are longer\n".write(toFile: d.at("a.csv"), atomically: false, encoding: .utf8)
    chmod(d.at("a.csv"), 0o640)
    #expect(try OutputTarget(d.at("a.csv")).mode() == .atomic(file: d.at("a.csv")))
    try OutputTarget(d.at("a.csv")).write("new\n")
    #expect(d.read("a.csv") == "new\n")
    var st = stat()
    stat(d.at("a.csv"), &st)
    #expect(st.st_mode & 0o777 == 0o640)
    #expect(d.entries == ["a.csv"], "no temporary file left behind")
  }

  @Test func aSymlinkStaysALinkAndItsTargetGetsTheContents() throws {
    let d = Directory()
    try "old\n".write(toFile: d.at("target.csv"), atomically: false, encoding: .utf8)
    try FileManager.default.createSymbolicLink(atPath: d.at("link.csv"), withDestinationPath: "target.csv")
    try FileManager.default.createSymbolicLink(atPath: d.at("link2.csv"), withDestinationPath: d.at("link.csv"))
    try OutputTarget(d.at("link2.csv")).write("through two links\n")
    #expect(d.kind("link.csv") == S_IFLNK && d.kind("link2.csv") == S_IFLNK)
    #expect(d.kind("target.csv") == S_IFREG)
    #expect(d.read("target.csv") == "through two links\n")
    // A dangling link: its target is created, the link stays.
    try FileManager.default.createSymbolicLink(atPath: d.at("dangling.csv"), withDestinationPath: "new.csv")
    try OutputTarget(d.at("dangling.csv")).write("created\n")
    #expect(d.kind("dangling.csv") == S_IFLNK)
    #expect(d.read("new.csv") == "created\n")
    #expect(d.entries == ["dangling.csv", "link.csv", "link2.csv", "new.csv", "target.csv"])
  }

  /// Collects what a reader thread reads from a FIFO.
  final class Received: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()
    func set(_ data: Data) { lock.withLock { bytes = data } }
    var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
  }

  @Test func aFIFOIsWrittenThroughAndStaysAFIFO() throws {
    let d = Directory()
    let fifo = d.at("pipe")
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(try OutputTarget(fifo).mode() == .direct(file: fifo))
    try OutputTarget(fifo).preflight()
    let received = Received()
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      // Opening for reading blocks until the writer opens; reading ends when it closes.
      if let handle = FileHandle(forReadingAtPath: fifo) {
        received.set(handle.readDataToEndOfFile())
        try? handle.close()
      }
      done.signal()
    }
    let text = String(repeating: "student,school\n", count: 20_000)   // more than a pipe buffer
    try OutputTarget(fifo).write(text)
    #expect(done.wait(timeout: .now() + 10) == .success)
    #expect(received.text == text)
    #expect(d.kind("pipe") == S_IFIFO)
    #expect(d.entries == ["pipe"])
  }

  @Test func devNullWorksAndStaysADevice() throws {
    #expect(try OutputTarget("/dev/null").mode() == .direct(file: "/dev/null"))
    try OutputTarget("/dev/null").preflight()
    try OutputTarget("/dev/null").write("discarded\n")
    var st = stat()
    lstat("/dev/null", &st)
    #expect(st.st_mode & S_IFMT == S_IFCHR)
  }

  @Test func standardOutputSpellingsAreDescriptors() throws {
    #expect(try OutputTarget("-").mode() == .descriptor(1))
    #expect(try OutputTarget("/dev/stdout").mode() == .descriptor(1))
    #expect(try OutputTarget("/dev/stderr").mode() == .descriptor(2))
    #expect(try OutputTarget("/dev/fd/5").mode() == .descriptor(5))
  }

  @Test func severalOutputsAreWrittenAllOrNone() throws {
    let d = Directory()
    try "old\n".write(toFile: d.at("a.csv"), atomically: false, encoding: .utf8)
    try "x".write(toFile: d.at("file"), atomically: false, encoding: .utf8)
    // The second output cannot be created (its "directory" is a file): the first keeps its
    // old contents and no temporary file is left.
    #expect(throws: OutputError.self) {
      try OutputTarget.write([(OutputTarget(d.at("a.csv")), Array("new\n".utf8)), (OutputTarget(d.at("file/s.json")), [0x7B, 0x7D])])
    }
    #expect(d.read("a.csv") == "old\n")
    #expect(d.entries == ["a.csv", "file"])
    try OutputTarget.write([(OutputTarget(d.at("a.csv")), Array("new\n".utf8)), (OutputTarget(d.at("s.json")), [0x7B, 0x7D])])
    #expect(d.read("a.csv") == "new\n")
    #expect(d.read("s.json") == "{}")
  }

  @Test func unwritableLocationsFailThePreflightAndWriteNothing() throws {
    let d = Directory()
    let missing = OutputTarget(d.at("missing/out.csv"))
    #expect(throws: OutputError.self) { try missing.preflight() }
    #expect(throws: OutputError.self) { try missing.write("x") }
    do {
      try missing.preflight()
    } catch {
      #expect(error.path == d.at("missing/out.csv"))
      #expect(error.message.contains("does not exist"))
    }
    // An empty path, and a directory, are not output files.
    #expect(throws: OutputError.self) { try OutputTarget("").preflight() }
    #expect(throws: OutputError.self) { try OutputTarget(d.path).preflight() }
    // A path under a regular file.
    try "x".write(toFile: d.at("file"), atomically: false, encoding: .utf8)
    #expect(throws: OutputError.self) { try OutputTarget(d.at("file/out.csv")).preflight() }
    #expect(throws: OutputError.self) { try OutputDirectory(d.at("file/sub")).preflight() }
    #expect(throws: OutputError.self) { try OutputDirectory(d.at("file")).preflight() }
    #expect(d.entries == ["file"])
    // A directory that does not exist yet but can be created passes.
    try OutputDirectory(d.at("new/deeper")).preflight()
    try OutputTarget(d.at("new/deeper/x.csv")).preflight(creatingDirectories: true)
    #expect(d.entries == ["file"], "preflight creates nothing")
    try OutputDirectory(d.at("new/deeper")).create()
    try OutputDirectory(d.at("new/deeper")).file("x.csv").write("ok\n")
    #expect(d.read("new/deeper/x.csv") == "ok\n")
  }
}
