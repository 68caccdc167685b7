/// A study's per-run records, or a shard of them (a contiguous range of its runs): the shape
/// shared by school-choice simulations and kidney-programme simulations, so that both merge
/// their shards by one rule.
///
/// ```swift
/// let all = try SimulationResult.mergedShards([b, a]).get()   // a: runs 0..<50, b: 50..<100
/// ```
public protocol ShardedResult {
  associatedtype Study: Equatable
  associatedtype Record
  /// The study that produced the records.
  var study: Study { get }
  /// The runs held: all of the study's runs, or a shard's sub-range.
  var runs: Range<Int> { get }
  /// One record per run, in run order.
  var records: [Record] { get }
  init(study: Study, runs: Range<Int>, records: [Record])
  /// The run a record belongs to.
  static func run(of record: Record) -> Int
  /// The shard's file: the study and the records, as written by `merge` commands' inputs.
  func shardJSON() -> String
  /// The file name a shard of `runs` gets.
  static func shardFileName(_ runs: Range<Int>) -> String
  /// What may differ between two studies, for the message when shards' studies differ
  /// (e.g. "model, mechanisms, seed or run count").
  static var studyParameters: String { get }
}

/// Why shards cannot be combined: a message naming the runs concerned.
public struct ShardMergeFailure: Error, Sendable, Equatable {
  public var message: String
}

extension ShardedResult {
  /// Combines shards of one study into one result over the union of their ranges.
  ///
  /// - Parameter shards: results of the same study over disjoint run ranges, in any order.
  /// - Returns: the merged result, or why not: no shard, studies that differ, ranges that
  ///   overlap or leave a gap, or a shard not holding one record per run in order.
  /// - Complexity: O(*r* log *r* + *R*) for *r* shards and *R* records.
  public static func mergedShards(_ shards: [Self]) -> Result<Self, ShardMergeFailure> {
    func failure(_ message: String) -> Result<Self, ShardMergeFailure> { .failure(ShardMergeFailure(message: message)) }
    guard let first = shards.first else { return failure("no shard given") }
    for shard in shards.dropFirst() where shard.study != first.study {
      return failure(
        "the shard of runs \(shard.runs.lowerBound)..<\(shard.runs.upperBound) comes from a different study (\(studyParameters) differ)")
    }
    let sorted = shards.sorted { $0.runs.lowerBound < $1.runs.lowerBound }
    var records: [Record] = []
    var end = sorted[0].runs.lowerBound
    for shard in sorted {
      if shard.runs.lowerBound < end { return failure("runs \(shard.runs.lowerBound)..<\(end) appear in more than one shard") }
      if shard.runs.lowerBound > end { return failure("runs \(end)..<\(shard.runs.lowerBound) are in no shard") }
      guard shard.records.count == shard.runs.count, zip(shard.records, shard.runs).allSatisfy({ run(of: $0) == $1 }) else {
        return failure("the shard of runs \(shard.runs.lowerBound)..<\(shard.runs.upperBound) does not hold one record per run")
      }
      records += shard.records
      end = shard.runs.upperBound
    }
    return .success(Self(study: first.study, runs: sorted[0].runs.lowerBound..<end, records: records))
  }
}
