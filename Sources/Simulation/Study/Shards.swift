import Foundation

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

  /// Reads a shard file written by ``shardJSON()``.
  ///
  /// - Throws: ``SimulationError/badShard(file:message:)`` when the file cannot be read or is
  ///   not a shard of this format.
  public static func readShard(path: String) throws(SimulationError) -> SimulationResult {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .badShard(file: path, message: "cannot read the file")
    }
    let file: ShardFile
    do {
      file = try JSONDecoder().decode(ShardFile.self, from: data)
    } catch {
      throw .badShard(file: path, message: "not a simulation shard (\(error))")
    }
    guard file.format == ShardFile.currentFormat else {
      throw .badShard(file: path, message: "shard format '\(file.format)' is not '\(ShardFile.currentFormat)'")
    }
    let r = file.result
    guard r.runs.lowerBound >= 0, r.runs.upperBound <= r.study.runCount,
      r.records.count == r.runs.count,
      r.records.allSatisfy({ $0.metrics.count == r.study.mechanisms.count })
    else {
      throw .badShard(file: path, message: "records do not match the shard's runs and mechanisms")
    }
    return r
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
