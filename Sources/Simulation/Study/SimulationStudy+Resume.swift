import Foundation

/// What resuming a study can reuse: the shard files already written for it, and the runs
/// still to do.
///
/// ```swift
/// let plan = try study.resumePlan(for: 0..<100, inDirectory: "study")
/// plan.kept.map { $0.path }   // ["study/shard-0-37.json"]: runs 0..<37, written by an interrupted run
/// plan.missing            // [37..<100]
/// ```
public struct ResumePlan: Sendable {
  /// Shard files of this study inside the target range, in run order, not overlapping.
  public var kept: [(path: String, result: SimulationResult)] = []
  /// Shard files passed over, and why (another study, outside the range, overlapping).
  public var ignored: [(path: String, reason: String)] = []
  /// The runs of the target that no kept shard holds, in order.
  public var missing: [Range<Int>] = []

  /// An empty plan: nothing kept, nothing missing.
  public init() {}

  /// Runs still to do.
  public var missingCount: Int { missing.reduce(0) { $0 + $1.count } }
}

extension SimulationStudy {
  /// Finds the shard files (`shard-A-B.json`) in `directory` that belong to this study and
  /// lie inside `target`, and the runs of `target` they leave to do.
  ///
  /// Shards are taken in order of their first run (the longer first on a tie); one that
  /// overlaps a shard already taken is passed over, so the kept shards never overlap and
  /// ``SimulationResult/merge(_:)`` accepts them with the runs still to do.
  ///
  /// - Parameters:
  ///   - target: the runs the resumed command must hold in the end.
  ///   - directory: where the shard files are; a missing directory holds none.
  /// - Returns: the shards kept, those passed over, and the missing runs.
  /// - Throws: ``SimulationError/badShard(file:message:)`` for a shard file that cannot be
  ///   read: resuming never silently drops work that may be damaged.
  /// - Complexity: O(*f* log *f* + *R*) for *f* shard files holding *R* records, plus
  ///   reading them.
  public func resumePlan(
    for target: Range<Int>, inDirectory directory: String
  ) throws(SimulationError) -> ResumePlan {
    var plan = ResumePlan()
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    var found: [(path: String, result: SimulationResult)] = []
    for name in names.sorted() where Self.isShardFileName(name) {
      let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
      let result = try SimulationResult.readShard(path: path)
      if result.study != self {
        plan.ignored.append((path, "from a different study (model, mechanisms, seed or run count differ)"))
      } else if result.runs.isEmpty || result.runs.lowerBound < target.lowerBound
        || result.runs.upperBound > target.upperBound
      {
        plan.ignored.append((path, "runs \(result.runs.lowerBound)..<\(result.runs.upperBound) are not inside \(target.lowerBound)..<\(target.upperBound)"))
      } else {
        found.append((path, result))
      }
    }
    found.sort {
      ($0.result.runs.lowerBound, -$0.result.runs.count) < ($1.result.runs.lowerBound, -$1.result.runs.count)
    }
    var end = target.lowerBound
    for shard in found {
      let runs = shard.result.runs
      if runs.lowerBound < end {
        plan.ignored.append((shard.path, "overlaps runs already held by another shard"))
        continue
      }
      if runs.lowerBound > end { plan.missing.append(end..<runs.lowerBound) }
      plan.kept.append(shard)
      end = runs.upperBound
    }
    if end < target.upperBound { plan.missing.append(end..<target.upperBound) }
    return plan
  }

  /// Whether `name` is a shard file name, `shard-<from>-<to>.json`.
  static func isShardFileName(_ name: String) -> Bool {
    guard name.hasPrefix("shard-") && name.hasSuffix(".json") else { return false }
    let middle = name.dropFirst(6).dropLast(5).split(separator: "-", omittingEmptySubsequences: false)
    return middle.count == 2 && middle.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
  }
}
