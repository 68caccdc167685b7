extension KidneyProgrammeStudy {
  /// What resuming can reuse of shards already written: those of this study inside
  /// `target`, not overlapping, and the runs of `target` they leave to do.
  ///
  /// ```swift
  /// let plan = study.resumePlan(for: 0..<100, shards: [("kidney-shard-0-37.json", shard)])
  /// plan.missing   // [37..<100]
  /// ```
  ///
  /// Shards are taken in order of their first run (the longer first on a tie); one that
  /// overlaps a shard already taken is passed over, so the kept shards never overlap and
  /// ``KidneyProgrammeResult/merge(_:)`` accepts them with the runs still to do.
  ///
  /// - Parameters:
  ///   - target: the runs the resumed command must hold in the end.
  ///   - shards: the shards found, with the paths they were read from.
  /// - Returns: the shards kept (in run order), those passed over with the reason, and the
  ///   missing runs in order.
  /// - Complexity: O(*f* log *f*) for *f* shards.
  public func resumePlan(
    for target: Range<Int>, shards: [(path: String, result: KidneyProgrammeResult)]
  ) -> (kept: [(path: String, result: KidneyProgrammeResult)], ignored: [(path: String, reason: String)], missing: [Range<Int>]) {
    var ignored: [(path: String, reason: String)] = []
    var found: [(path: String, result: KidneyProgrammeResult)] = []
    for shard in shards {
      let runs = shard.result.runs
      if shard.result.study != self {
        ignored.append((shard.path, "from a different study (programme, seed or run count differ)"))
      } else if runs.isEmpty || runs.lowerBound < target.lowerBound || runs.upperBound > target.upperBound {
        ignored.append((shard.path, "runs \(runs.lowerBound)..<\(runs.upperBound) are not inside \(target.lowerBound)..<\(target.upperBound)"))
      } else {
        found.append(shard)
      }
    }
    found.sort {
      ($0.result.runs.lowerBound, -$0.result.runs.count, $0.path) < ($1.result.runs.lowerBound, -$1.result.runs.count, $1.path)
    }
    var kept: [(path: String, result: KidneyProgrammeResult)] = []
    var missing: [Range<Int>] = []
    var end = target.lowerBound
    for shard in found {
      let runs = shard.result.runs
      if runs.lowerBound < end {
        ignored.append((shard.path, "overlaps runs already held by another shard"))
        continue
      }
      if runs.lowerBound > end { missing.append(end..<runs.lowerBound) }
      kept.append(shard)
      end = runs.upperBound
    }
    if end < target.upperBound { missing.append(end..<target.upperBound) }
    return (kept, ignored, missing)
  }
}
