#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Input paths as the readers take them: a file path, or `-` for standard input.
///
/// ```swift
/// InputFile.isStandardInput("-")          // true
/// InputFile.displayName("-")              // "<stdin>"
/// let bytes = try InputFile.readAll("-")  // all of standard input
/// ```
///
/// Standard input is read once, in full, the first time a reader asks for it, and kept: a
/// reader that scans its input twice (the school-choice reader's fallback path) sees the same
/// bytes both times. A command may therefore take `-` for at most one of its inputs.
public enum InputFile {
  /// The path that stands for standard input.
  public static let standardInputPath = "-"

  /// Whether `path` names standard input.
  @inlinable
  public static func isStandardInput(_ path: String) -> Bool { path == standardInputPath }

  /// The name messages use for `path`: `<stdin>` for `-`, the path otherwise.
  public static func displayName(_ path: String) -> String {
    isStandardInput(path) ? "<stdin>" : path
  }

  /// Opens `path` for reading (standard input through an in-memory copy).
  ///
  /// - Throws: ``InputError`` when the file cannot be opened.
  static func open(_ path: String) throws(InputError) -> UnsafeMutablePointer<FILE> {
    if isStandardInput(path) {
      let bytes = standardInput
      if bytes.count == 0, let empty = fopen("/dev/null", "rb") { return empty }
      if let f = fmemopen(bytes.baseAddress, bytes.count, "rb") { return f }
      throw InputError(file: displayName(path), line: 0, message: "cannot read standard input")
    }
    guard let f = fopen(path, "rb") else {
      throw InputError(file: path, line: 0, message: "cannot open the file (\(String(cString: strerror(errno))))")
    }
    return f
  }

  /// The whole of `path` (or of standard input for `-`).
  ///
  /// - Throws: ``InputError`` when the file cannot be opened or read.
  public static func readAll(_ path: String) throws(InputError) -> [UInt8] {
    if isStandardInput(path) { return Array(standardInput) }
    let f = try open(path)
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let got = chunk.withUnsafeMutableBufferPointer { fread($0.baseAddress, 1, $0.count, f) }
      if got == 0 { break }
      bytes.append(contentsOf: chunk[0..<got])
    }
    if ferror(f) != 0 { throw InputError(file: path, line: 0, message: "read error") }
    return bytes
  }
}

/// Standard input, read in full on first use and never freed (it lives as long as the
/// process, like the stream it copies).
nonisolated(unsafe) private let standardInput: UnsafeMutableBufferPointer<UInt8> = {
  var capacity = 1 << 16
  var count = 0
  var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
  while true {
    if count == capacity {
      let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
      bigger.update(from: buffer, count: count)
      buffer.deallocate()
      buffer = bigger
      capacity *= 2
    }
    let got = read(0, buffer + count, capacity - count)
    if got < 0 && errno == EINTR { continue }
    if got <= 0 { break }
    count += got
  }
  return UnsafeMutableBufferPointer(start: buffer, count: count)
}()
