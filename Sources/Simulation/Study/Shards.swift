import Foundation
import MatchingIO

#if canImport(Glibc)
import Glibc
#endif

extension SimulationResult {
  /// The shard file's contents: this result as JSON (keys sorted, so the same shard is the
  /// same bytes).
  public func shardJSON() -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    // Encoding plain integers, strings and finite doubles cannot fail.
    let data = try! encoder.encode(ShardFile(format: ShardFile.currentFormat, result: self))
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// Reads a shard file written by ``shardJSON()`` (`-` reads standard input), checking
  /// every field, since a shard may have been edited by hand.
  ///
  /// - Throws: ``SimulationError/badShard(file:message:)`` when the file cannot be read;
  ///   ``SimulationError/invalidShard(_:)`` at `file:line:character` and naming the field
  ///   for invalid JSON, a missing or mistyped field, another format, or a value out of
  ///   range: a model the generator would refuse (no schools, a list length below 1, alpha
  ///   outside [0, 1], ...), runs outside the study, a record count that differs from the
  ///   runs, metrics that do not add up (rank counts plus unassigned must equal the
  ///   students), audit counts without an audit or above the sample.
  public static func readShard(path: String) throws(SimulationError) -> SimulationResult {
    let bytes: [UInt8]
    do {
      bytes = try InputFile.readAll(path)
    } catch {
      throw .badShard(file: error.file, message: error.message)
    }
    do {
      return try ShardValidator(bytes: bytes, file: InputFile.displayName(path)).result()
    } catch {
      throw .invalidShard(error)
    }
  }

  /// The file name a shard of `runs` gets: `shard-<from>-<to>.json`.
  public static func shardFileName(_ runs: Range<Int>) -> String {
    "shard-\(runs.lowerBound)-\(runs.upperBound).json"
  }
}


struct ShardFile: Codable {
  static let currentFormat = "matchmarket-simulation-shard-1"
  var format: String
  var result: SimulationResult
}
