import Foundation
import MatchingIO

/// Writes files whole or not at all, through ``AtomicFile`` (a temporary file in the same
/// directory renamed over the destination), so a failed run never leaves a partial file.
///
/// ```swift
/// try AtomicOutput.write("a,b\n1,2\n", to: "out/summary.csv")
/// ```
public enum AtomicOutput {
  /// An output file that could not be written.
  public struct WriteError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public var description: String { "\(path): cannot write: \(message)" }
  }

  /// Writes `text` (UTF-8) to `path` atomically.
  public static func write(_ text: String, to path: String) throws(WriteError) {
    try write(Array(text.utf8), to: path)
  }

  /// Writes `bytes` to `path` atomically.
  public static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
    do {
      try AtomicFile.write(bytes: bytes, to: path)
    } catch {
      throw WriteError(path: path, message: error.message)
    }
  }

  /// Creates `path` (and its parents) if it does not exist.
  public static func makeDirectory(_ path: String) throws(WriteError) {
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw WriteError(path: path, message: "could not create directory: \(error.localizedDescription)")
    }
  }
}
