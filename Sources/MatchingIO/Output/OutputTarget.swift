#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an output goes: a file path, or `-` for standard output. Writing never destroys
/// what is at the path: a regular file (or a new one) is replaced atomically, a symlink is
/// followed and its target written (the link stays a link), and a FIFO, a device or standard
/// output is written straight through.
///
/// ```swift
/// let out = OutputTarget("assignment.csv")
/// try out.preflight()              // before long work: fails now if it could not be written
/// try out.write("student,school\n")
/// ```
///
/// How a path is written (``Mode``), decided from what is there when writing starts:
/// - `-`, `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: the process's own file
///   descriptor, written in place (its offset and append mode are respected).
/// - a regular file or nothing: the bytes go to a temporary file in the same directory, which
///   is renamed over the destination when complete, so a failed run leaves the old file (or
///   none), never a partial one; an existing file's permission bits are kept.
/// - a symlink: resolved (possibly through several links) and its target written as above.
/// - a FIFO, a character or block device, a socket: opened for writing (`O_WRONLY`, no
///   truncation, no rename) and written straight through.
/// - a directory: an error.
///
/// Errors are ``OutputError`` values naming the path; the CLI exits with status 73
/// (`EX_CANTCREAT` of `sysexits.h`) for them.
public struct OutputTarget: Sendable, Hashable, CustomStringConvertible {
  /// The path as given (`-` for standard output).
  public let path: String

  /// Creates a target for `path` (`-` means standard output).
  public init(_ path: String) { self.path = path }

  /// Standard output.
  public static let standardOutput = OutputTarget("-")

  public var description: String { path == "-" ? "standard output" : path }

  /// How a write reaches the path.
  public enum Mode: Sendable, Equatable {
    /// Write to an open file descriptor of this process (standard output is 1).
    case descriptor(Int32)
    /// Write a temporary file next to `file` and rename it over `file` (the resolved path:
    /// a symlink's final target).
    case atomic(file: String)
    /// Open `file` (a FIFO, device or socket) for writing and write through.
    case direct(file: String)
  }

  /// How `write(_:)` would write now, after following symlinks.
  ///
  /// - Throws: ``OutputError`` for an empty path, a directory, a chain of more than 32
  ///   links, or an unreadable link.
  public func mode() throws(OutputError) -> Mode {
    guard !path.isEmpty else { throw OutputError(path: path, message: "the path is empty") }
    if let fd = Self.descriptorPath(path) { return .descriptor(fd) }
    let resolved = try resolve()
    var st = stat()
    guard lstat(resolved, &st) == 0 else { return .atomic(file: resolved) }   // nothing there yet
    switch st.st_mode & S_IFMT {
    case S_IFREG: return .atomic(file: resolved)
    case S_IFDIR: throw OutputError(path: path, message: "is a directory")
    default: return .direct(file: resolved)
    }
  }

  /// Checks, without writing anything, that the output could be written now: its directory
  /// exists and is writable (for a new or regular file), or the special file is writable.
  /// Commands call it for every output before long work starts.
  ///
  /// - Throws: ``OutputError`` naming the path and the reason.
  public func preflight() throws(OutputError) {
    switch try mode() {
    case .descriptor(let fd):
      guard fcntl(fd, F_GETFL) != -1 else { throw OutputError(path: path, message: "file descriptor \(fd) is not open") }
    case .direct(let file):
      guard access(file, W_OK) == 0 else { throw OutputError(path: path, message: Self.reason(errno)) }
    case .atomic(let file):
      let dir = Self.directory(of: file)
      var st = stat()
      guard stat(dir, &st) == 0 else {
        throw OutputError(path: path, message: "directory \(dir) does not exist")
      }
      guard st.st_mode & S_IFMT == S_IFDIR else {
        throw OutputError(path: path, message: "\(dir) is not a directory")
      }
      guard access(dir, W_OK | X_OK) == 0 else {
        throw OutputError(path: path, message: "directory \(dir) is not writable (\(Self.reason(errno)))")
      }
      if access(file, F_OK) == 0 && access(file, W_OK) != 0 {
        throw OutputError(path: path, message: "the file is not writable (\(Self.reason(errno)))")
      }
    }
  }

  /// Checks the output as ``preflight()`` does, except that when its directory does not exist
  /// and the writer will create it (`creatingDirectories`), it checks that the directory could
  /// be created (``OutputDirectory/preflight()``).
  public func preflight(creatingDirectories: Bool) throws(OutputError) {
    if creatingDirectories, Self.descriptorPath(path) == nil {
      let dir = Self.directory(of: path)
      var st = stat()
      if stat(dir, &st) != 0 {
        try OutputDirectory(dir).preflight()
        return
      }
    }
    try preflight()
  }

  /// Checks every target (``preflight()``), so that a command writes all of its outputs or
  /// none: the first failure is thrown before anything is written.
  public static func preflight(_ targets: [OutputTarget]) throws(OutputError) {
    for t in targets { try t.preflight() }
  }

  /// Writes `text` as UTF-8.
  public func write(_ text: String) throws(OutputError) {
    try write(Array(text.utf8))
  }

  /// Builds the contents with `body`, then writes them.
  public func write(_ body: (inout OutputBuffer) throws -> Void) throws {
    var buffer = OutputBuffer()
    try body(&buffer)
    try write(buffer.bytes)
  }

  /// Writes `bytes` (see the type's discussion for how each kind of path is written).
  ///
  /// - Throws: ``OutputError``; an atomic write that fails leaves the destination as it was.
  public func write(_ bytes: [UInt8]) throws(OutputError) {
    switch try mode() {
    case .descriptor(let fd):
      try Self.writeAll(bytes, to: fd, path: path)
    case .direct(let file):
      let fd = open(file, O_WRONLY | O_CLOEXEC)
      guard fd >= 0 else { throw OutputError(path: path, message: Self.reason(errno)) }
      defer { close(fd) }
      try Self.writeAll(bytes, to: fd, path: path)
    case .atomic(let file):
      try writeAtomically(bytes, to: file)
    }
  }

  // MARK: - Implementation

  /// A path that names one of this process's file descriptors.
  static func descriptorPath(_ path: String) -> Int32? {
    switch path {
    case "-", "/dev/stdout": return 1
    case "/dev/stderr": return 2
    default:
      for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
        if let n = Int32(path.dropFirst(prefix.count)), n >= 0 { return n }
      }
      return nil
    }
  }

  /// The path with every symlink in its last component followed (a dangling link resolves
  /// to the file it would create).
  func resolve() throws(OutputError) -> String {
    var current = path
    for _ in 0..<32 {
      var st = stat()
      guard lstat(current, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return current }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let n = readlink(current, &buffer, buffer.count - 1)
      guard n >= 0 else { throw OutputError(path: path, message: "cannot read the link (\(Self.reason(errno)))") }
      let target = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current = target.hasPrefix("/") ? target : Self.directory(of: current) + "/" + target
    }
    throw OutputError(path: path, message: "too many levels of symbolic links")
  }

  static func directory(of file: String) -> String {
    guard let slash = file.lastIndex(of: "/") else { return "." }
    return slash == file.startIndex ? "/" : String(file[..<slash])
  }

  static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

  static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(OutputError) {
    var done = 0
    while done < bytes.count {
      let n = bytes.withUnsafeBytes { raw in systemWrite(fd, raw.baseAddress! + done, raw.count - done) }
      if n < 0 {
        if errno == EINTR { continue }
        throw OutputError(path: path, message: "could not write every byte (\(reason(errno)))")
      }
      done += n
    }
  }

  func writeAtomically(_ bytes: [UInt8], to file: String) throws(OutputError) {
    let temporary = try writeTemporary(bytes, next: file)
    try commit(temporary, to: file)
  }

  /// Moves a complete temporary file over `file`.
  func commit(_ temporary: String, to file: String) throws(OutputError) {
    guard rename(temporary, file) == 0 else {
      let reason = Self.reason(errno)
      unlink(temporary)
      throw OutputError(path: path, message: "cannot rename into place (\(reason))")
    }
  }

  /// Writes `bytes` to a new temporary file in `file`'s directory and returns its path.
  func writeTemporary(_ bytes: [UInt8], next file: String) throws(OutputError) -> String {
    let dir = Self.directory(of: file)
    let base = file.split(separator: "/").last.map(String.init) ?? file
    var template = Array("\(dir)/.\(base).tmp-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else {
      throw OutputError(path: path, message: "cannot create a file in \(dir) (\(Self.reason(errno)))")
    }
    let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    // Keep an existing file's permissions; a new file gets 0666 less the umask, as open would.
    var st = stat()
    if stat(file, &st) == 0 {
      fchmod(fd, st.st_mode & 0o7777)
    } else {
      let mask = umask(0)
      umask(mask)
      fchmod(fd, 0o666 & ~mask)
    }
    do {
      try Self.writeAll(bytes, to: fd, path: path)
    } catch {
      close(fd)
      unlink(temporary)
      throw error
    }
    guard close(fd) == 0 else {
      let reason = Self.reason(errno)
      unlink(temporary)
      throw OutputError(path: path, message: "could not write every byte (\(reason))")
    }
    return temporary
  }
}

extension OutputTarget {
  /// Writes several outputs all or (as far as the file system allows) none: every output
  /// bound for a regular file is first written completely to its temporary file; only when
  /// all of them succeeded are they renamed into place, and then the FIFOs, devices and
  /// standard output are written. A failure before that point removes the temporary files
  /// and leaves every destination untouched.
  ///
  /// ```swift
  /// try OutputTarget.write([(OutputTarget("a.csv"), aBytes), (OutputTarget("s.json"), sBytes)])
  /// ```
  ///
  /// - Throws: ``OutputError`` naming the output that failed.
  public static func write(_ outputs: [(OutputTarget, [UInt8])]) throws(OutputError) {
    var staged: [(target: OutputTarget, temporary: String, file: String)] = []
    var later: [(OutputTarget, [UInt8])] = []
    do {
      for (target, bytes) in outputs {
        if case .atomic(let file) = try target.mode() {
          staged.append((target, try target.writeTemporary(bytes, next: file), file))
        } else {
          later.append((target, bytes))
        }
      }
    } catch {
      for s in staged { unlink(s.temporary) }
      throw error
    }
    for (k, s) in staged.enumerated() {
      do {
        try s.target.commit(s.temporary, to: s.file)
      } catch {
        for rest in staged[(k + 1)...] { unlink(rest.temporary) }
        throw error
      }
    }
    for (target, bytes) in later { try target.write(bytes) }
  }
}

/// `write(2)`, out of the way of the methods named `write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  write(fd, buffer, count)
}

/// A directory that a command fills with files (`simulate --output-dir`, `generate --out`):
/// created, with its parents, if it does not exist.
///
/// ```swift
/// let dir = OutputDirectory("study")
/// try dir.preflight()               // the nearest existing ancestor is a writable directory
/// try dir.create()
/// try dir.file("summary.csv").write("...")
/// ```
public struct OutputDirectory: Sendable, Hashable, CustomStringConvertible {
  /// The path as given.
  public let path: String

  public init(_ path: String) { self.path = path }

  public var description: String { path }

  /// The target for a file in this directory.
  public func file(_ name: String) -> OutputTarget { OutputTarget(path + "/" + name) }

  /// Checks, without creating anything, that the directory exists and is writable, or could
  /// be created: its nearest existing ancestor is a writable directory.
  ///
  /// - Throws: ``OutputError`` naming the path.
  public func preflight() throws(OutputError) {
    var current = path.isEmpty ? "." : path
    while true {
      var st = stat()
      if stat(current, &st) == 0 {
        guard st.st_mode & S_IFMT == S_IFDIR else {
          throw OutputError(path: path, message: current == path ? "is not a directory" : "\(current) is not a directory")
        }
        guard access(current, W_OK | X_OK) == 0 else {
          throw OutputError(path: path, message: "directory \(current) is not writable (\(OutputTarget.reason(errno)))")
        }
        return
      }
      let parent = OutputTarget.directory(of: current)
      if parent == current { return }
      current = parent
    }
  }

  /// Creates the directory and its parents if needed.
  ///
  /// - Throws: ``OutputError`` when a component cannot be created or is not a directory.
  public func create() throws(OutputError) {
    var prefix = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      prefix += "/" + part
      if mkdir(prefix, 0o777) != 0 && errno != EEXIST {
        throw OutputError(path: path, message: "cannot create directory \(prefix) (\(OutputTarget.reason(errno)))")
      }
      var st = stat()
      guard stat(prefix, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else {
        throw OutputError(path: path, message: "\(prefix) is not a directory")
      }
    }
  }
}

/// An output that cannot be written: names the path and says why.
///
/// ```swift
/// // out/summary.json: cannot write: directory out does not exist
/// ```
public struct OutputError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The path as given.
  public var path: String
  /// What went wrong, in words.
  public var message: String

  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }

  /// The exit status for an output that cannot be created: 73, `EX_CANTCREAT` of
  /// `sysexits.h`.
  public static let exitStatus: Int32 = 73

  public var description: String { "\(path): cannot write: \(message)" }
}
