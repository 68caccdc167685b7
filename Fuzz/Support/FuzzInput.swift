// Shared by every fuzz target (compiled into each target's executable, see scripts/fuzz.sh).
#if canImport(Glibc)
import Glibc
#endif

/// The fuzzer's bytes turned into the files a reader takes.
///
/// Readers take paths, so each input is written to files in a per-process scratch directory
/// (`/dev/shm` when it exists: no disk traffic). A reader of two files gets them from one input
/// split at the first line `%%`: the bytes before the line `%%` are the first file, the bytes
/// after it the second (empty when there is no such line). The seed corpora use the same
/// layout, so mutations explore both files and the split itself.
enum FuzzInput {
  /// The separator line between the two files of a two-file reader.
  static let separator: [UInt8] = Array("\n%%\n".utf8)

  /// A scratch directory of this process, made once.
  static let directory: String = {
    let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
    let dir = "\(base)/matchmarket-fuzz-\(getpid())"
    mkdir(dir, 0o700)
    return dir
  }()

  /// The input as one or two byte strings (split at the first separator line).
  static func split(_ data: UnsafePointer<UInt8>, _ size: Int) -> ([UInt8], [UInt8]) {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let s = separator
    if bytes.count >= s.count {
      var i = 0
      while i + s.count <= bytes.count {
        if bytes[i] == s[0] && Array(bytes[i..<(i + s.count)]) == s {
          return (Array(bytes[..<(i + 1)]), Array(bytes[(i + s.count)...]))
        }
        i += 1
      }
    }
    return (bytes, [])
  }

  /// The input as `count` byte strings, split at the first `count - 1` separator lines (the
  /// readers of three to five files; missing parts are empty). `split(_:_:)` is the case
  /// `count == 2`.
  static func split(_ data: UnsafePointer<UInt8>, _ size: Int, into count: Int) -> [[UInt8]] {
    var parts: [[UInt8]] = []
    var rest = Array(UnsafeBufferPointer(start: data, count: size))
    while parts.count < count - 1 {
      let (head, tail) = rest.withUnsafeBufferPointer { buf in
        buf.count == 0 ? ([], []) : split(buf.baseAddress!, buf.count)
      }
      parts.append(head)
      rest = tail
    }
    parts.append(rest)
    return parts
  }

  /// Writes `bytes` to the scratch file `name` and returns its path.
  static func write(_ bytes: [UInt8], as name: String) -> String {
    let path = directory + "/" + name
    guard let f = fopen(path, "wb") else { fatalError("cannot write \(path)") }
    _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
    fclose(f)
    return path
  }

  /// Checks what every reader promises for a rejected input: the message starts with the
  /// name of one of the files it was given. A failed check is a crash, which libFuzzer
  /// reports with the input.
  static func expectNamesFile(_ message: String, _ paths: [String]) {
    guard paths.contains(where: { message.hasPrefix($0 + ":") }) else {
      fatalError("an error that names none of the input files: \(message)")
    }
  }
}
