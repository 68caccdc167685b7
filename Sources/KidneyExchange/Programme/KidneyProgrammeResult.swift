import MatchingCore
import MatchingIO

/// The per-run records of a ``KidneyProgrammeStudy``, or of a shard of it (a contiguous
/// range of its runs).
///
/// ```swift
/// let a = try study.run(runs: 0..<50)
/// let b = try study.run(runs: 50..<100)
/// let all = try KidneyProgrammeResult.merge([b, a])
/// all.isComplete   // true: the same records as one run of all 100
/// ```
public struct KidneyProgrammeResult: ShardedResult, Sendable, Hashable {
  public var study: KidneyProgrammeStudy
  /// The runs held: all of `0..<study.runCount`, or a shard's sub-range.
  public var runs: Range<Int>
  /// One record per run, in run order.
  public var records: [KidneyProgrammeRecord]

  public init(study: KidneyProgrammeStudy, runs: Range<Int>, records: [KidneyProgrammeRecord]) {
    self.study = study
    self.runs = runs
    self.records = records
  }

  public static func run(of record: KidneyProgrammeRecord) -> Int { record.run }
  public static let studyParameters = "programme, seed or run count"

  /// Whether this holds every run of the study.
  public var isComplete: Bool { runs == 0..<study.runCount }

  /// Combines shards of one study.
  ///
  /// - Parameter shards: results of the same study over disjoint run ranges, in any order.
  /// - Returns: the result over the union of their ranges.
  /// - Throws: ``KidneyStudyError/incompatibleShards(_:)`` when the studies differ, or the
  ///   ranges overlap or leave a gap.
  /// - Complexity: O(*r* log *r* + *R*) for *r* shards and *R* records.
  public static func merge(_ shards: [KidneyProgrammeResult]) throws(KidneyStudyError) -> KidneyProgrammeResult {
    switch mergedShards(shards) {
    case .success(let merged): return merged
    case .failure(let failure): throw .incompatibleShards(failure.message)
    }
  }

  /// The file name a shard of `runs` gets: `kidney-shard-<from>-<to>.json`.
  public static func shardFileName(_ runs: Range<Int>) -> String {
    "kidney-shard-\(runs.lowerBound)-\(runs.upperBound).json"
  }

  /// Whether `name` is a shard file name, `kidney-shard-<from>-<to>.json`.
  public static func isShardFileName(_ name: String) -> Bool {
    guard name.hasPrefix("kidney-shard-") && name.hasSuffix(".json") else { return false }
    let middle = name.dropFirst(13).dropLast(5).split(separator: "-", omittingEmptySubsequences: false)
    return middle.count == 2 && middle.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
  }
}

/// Why shards of a kidney-programme study cannot be read or combined.
public enum KidneyStudyError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The shards are of different studies, overlap, or leave a gap.
  case incompatibleShards(String)
  /// A shard file cannot be read, or holds something no study writes (at file, line, field).
  case badShard(InputError)

  public var description: String {
    switch self {
    case .incompatibleShards(let message): message
    case .badShard(let error): error.description
    }
  }
}
