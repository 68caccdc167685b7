import Foundation

/// The bytes of a `--summary` file: the value as pretty-printed JSON with sorted keys (so the
/// same run always writes the same bytes), and a final line end.
///
/// ```swift
/// try AtomicFile.write(bytes: try summaryJSON(report), to: "summary.json")
/// ```
func summaryJSON(_ value: some Encodable) throws -> [UInt8] {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  var bytes = Array(try encoder.encode(value))
  bytes.append(0x0A)
  return bytes
}
