#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file all at once or not at all: the bytes go to a temporary file in the same
/// directory, which is renamed over the destination only when complete, so a failed run
/// never leaves a partial output file.
///
/// ```swift
/// try AtomicFile.write(to: "assignment.csv") { out in out.append("student,school\n") }
/// ```
public enum AtomicFile {
  /// Builds the contents with `body` and writes them atomically to `path`.
  ///
  /// - Throws: ``InputError`` (with line 0) if the directory is not writable or the disk is
  ///   full; the destination is then untouched.
  public static func write(
    to path: String, _ body: (inout OutputBuffer) throws -> Void
  ) throws {
    var buffer = OutputBuffer()
    try body(&buffer)
    try write(bytes: buffer.bytes, to: path)
  }

  /// Writes `bytes` atomically to `path`.
  public static func write(bytes: [UInt8], to path: String) throws(InputError) {
    let temporary = path + ".tmp-\(getpid())"
    guard let f = fopen(temporary, "wb") else {
      throw InputError(file: path, line: 0, message: "cannot write (\(String(cString: strerror(errno))))")
    }
    let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
    let flushed = fflush(f) == 0
    let closed = fclose(f) == 0
    guard written == bytes.count && flushed && closed else {
      unlink(temporary)
      throw InputError(file: path, line: 0, message: "could not write every byte (disk full?)")
    }
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw InputError(file: path, line: 0, message: "cannot rename into place (\(reason))")
    }
  }
}

/// A growable byte buffer with CSV helpers; output is plain UTF-8.
public struct OutputBuffer: Sendable {
  public private(set) var bytes: [UInt8] = []

  public init() {}

  /// Appends text as is.
  public mutating func append(_ text: String) {
    var t = text
    t.withUTF8 { bytes.append(contentsOf: $0) }
  }

  /// Appends an integer in decimal.
  public mutating func append(_ value: Int) {
    if value < 0 {
      bytes.append(0x2D)
      append(UInt(value.magnitude))
    } else {
      append(UInt(value))
    }
  }

  private mutating func append(_ value: UInt) {
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var v = value
    var n = 0
    withUnsafeMutableBytes(of: &digits) { d in
      repeat {
        d[n] = UInt8(48 + v % 10)
        v /= 10
        n += 1
      } while v > 0
      for k in stride(from: n - 1, through: 0, by: -1) { bytes.append(d[k]) }
    }
  }

  /// Appends a CSV field, quoting it if it holds a comma, a quote or a line break.
  public mutating func appendField(_ text: String) {
    var needsQuotes = false
    for b in text.utf8 where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D {
      needsQuotes = true
      break
    }
    if !needsQuotes {
      append(text)
      return
    }
    bytes.append(0x22)
    for b in text.utf8 {
      if b == 0x22 { bytes.append(0x22) }
      bytes.append(b)
    }
    bytes.append(0x22)
  }

  /// Appends one CSV row of fields and a line end.
  public mutating func appendRow(_ fields: [String]) {
    for (k, f) in fields.enumerated() {
      if k > 0 { bytes.append(0x2C) }
      appendField(f)
    }
    bytes.append(0x0A)
  }
}
