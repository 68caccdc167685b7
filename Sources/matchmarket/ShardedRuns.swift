import MatchingMarkets

/// The runs a `simulate`-style command did: the results of the missing ranges run in order,
/// how many runs they hold, and whether a Ctrl-C stopped them early.
struct ShardedRuns<Result: ShardedResult> {
  var fresh: [Result] = []
  var done = 0
  var interrupted = false

  /// Runs each range of `missing` in turn with `run(range, progress, shouldStop)`, moving
  /// `bar` on across ranges and stopping at the first range a Ctrl-C cut short.
  init(
    missing: [Range<Int>], bar: ProgressBar,
    run: (Range<Int>, @escaping @Sendable (Int, Int) -> Void, @escaping @Sendable () -> Bool) throws -> Result
  ) rethrows {
    for range in missing {
      let offset = done
      let result = try run(range, { d, _ in bar.update(done: offset + d) }, { Interrupt.requested })
      done += result.runs.count
      if !result.runs.isEmpty { fresh.append(result) }
      if result.runs.count < range.count {
        interrupted = true
        break
      }
    }
    bar.finish()
  }

  /// After an interrupt: writes each finished piece as a shard in `directory`, and returns
  /// what to tell the user ("kept in PATH (runs a..<b), ..." or that nothing was written).
  func keepShards(in directory: String) throws -> String {
    var written: [String] = []
    for piece in fresh {
      let path = directory + "/" + Result.shardFileName(piece.runs)
      try reportingOutputErrors { try AtomicOutput.write(piece.shardJSON(), to: path) }
      written.append("\(path) (runs \(piece.runs.lowerBound)..<\(piece.runs.upperBound))")
    }
    return written.isEmpty ? "no run was completed, nothing written" : "kept in " + written.joined(separator: ", ")
  }
}
