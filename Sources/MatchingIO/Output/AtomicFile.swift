/// The earlier spellings of ``OutputTarget``, kept so that existing callers compile: each
/// forwards to it, so they share its rules (atomic for regular files, through for FIFOs,
/// devices and standard output, symlinks followed). New code uses ``OutputTarget`` and
/// ``OutputDirectory``.
///
/// ```swift
/// try AtomicFile.write(bytes: Array("a\n".utf8), to: "out.csv")   // = OutputTarget("out.csv").write(...)
/// ```
public enum AtomicFile {
  /// Builds the contents with `body` and writes them to `path` (`OutputTarget.write(_:)`).
  ///
  /// - Throws: ``InputError`` (line 0) naming the path when it cannot be written; the
  ///   destination is then untouched.
  public static func write(
    to path: String, _ body: (inout OutputBuffer) throws -> Void
  ) throws {
    var buffer = OutputBuffer()
    try body(&buffer)
    try write(bytes: buffer.bytes, to: path)
  }

  /// Writes `bytes` to `path` (`OutputTarget.write(_:)`).
  ///
  /// - Throws: ``InputError`` (line 0) naming the path when it cannot be written.
  public static func write(bytes: [UInt8], to path: String) throws(InputError) {
    do {
      try OutputTarget(path).write(bytes)
    } catch {
      throw InputError(file: path, line: 0, message: "cannot write: \(error.message)")
    }
  }
}

/// The simulation's earlier spelling of ``OutputTarget`` and ``OutputDirectory``.
///
/// ```swift
/// try AtomicOutput.write("a,b\n1,2\n", to: "out/summary.csv")
/// ```
public enum AtomicOutput {
  /// An output file that could not be written.
  public typealias WriteError = OutputError

  /// Writes `text` (UTF-8) to `path`.
  public static func write(_ text: String, to path: String) throws(OutputError) {
    try OutputTarget(path).write(text)
  }

  /// Writes `bytes` to `path`.
  public static func write(_ bytes: [UInt8], to path: String) throws(OutputError) {
    try OutputTarget(path).write(bytes)
  }

  /// Creates `path` (and its parents) if it does not exist.
  public static func makeDirectory(_ path: String) throws(OutputError) {
    try OutputDirectory(path).create()
  }
}
