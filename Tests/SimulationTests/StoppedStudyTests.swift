import Foundation
import MatchingCore
import MatchingIO
import Simulation
import Synchronization
import Testing

/// A study stopped part way (as SIGINT stops `simulate`) returns the prefix of runs done,
/// a shard that merges with the rest into the uninterrupted result; resuming finds it.
struct StoppedStudyTests {
  /// A stop request that turns true after `calls` polls.
  static func stopAfter(_ calls: Int) -> @Sendable () -> Bool {
    let count = Atomic<Int>(0)
    return { count.add(1, ordering: .relaxed).newValue > calls }
  }

  @Test(arguments: [1, 2])
  func stoppedRunIsAPrefixThatMergesIntoTheFullResult(threads: Int) throws {
    let study = SimulationStudyTests.study(runs: 10)
    let full = study.run(threads: threads)
    let partial = study.run(runs: 2..<10, threads: threads, shouldStop: Self.stopAfter(3))
    #expect(partial.runs.lowerBound == 2)
    #expect(partial.runs.count >= 1 && partial.runs.count < 8, "\(partial.runs)")
    #expect(partial == study.run(runs: partial.runs))
    let rest = study.run(runs: partial.runs.upperBound..<10, threads: threads)
    let head = study.run(runs: 0..<2)
    #expect(try SimulationResult.merge([rest, partial, head]) == full)
  }

  @Test func stoppedBeforeTheFirstRunHoldsNoRun() {
    let study = SimulationStudyTests.study(runs: 4)
    let none = study.run(runs: 1..<4, threads: 2, shouldStop: { true })
    #expect(none.runs == 1..<1 && none.records.isEmpty)
  }

  @Test func resumePlanKeepsThisStudysShardsAndListsTheGaps() throws {
    let study = SimulationStudyTests.study(runs: 10)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mm-resume-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    func write(_ result: SimulationResult) throws {
      try AtomicOutput.write(result.shardJSON(), to: directory + "/" + SimulationResult.shardFileName(result.runs))
    }
    try write(study.run(runs: 0..<3))
    try write(study.run(runs: 2..<4))  // overlaps 0..<3: passed over
    try write(study.run(runs: 5..<7))
    var other = study
    other.seed = 7
    try write(other.run(runs: 7..<8))  // another study
    try "not a shard".write(toFile: directory + "/notes.json", atomically: true, encoding: .utf8)
    let plan = try study.resumePlan(for: 0..<10, inDirectory: directory)
    #expect(plan.kept.map { $0.result.runs } == [0..<3, 5..<7])
    #expect(plan.missing == [3..<5, 7..<10])
    #expect(plan.ignored.count == 2)
    let rest = plan.missing.map { study.run(runs: $0) }
    #expect(try SimulationResult.merge(plan.kept.map { $0.result } + rest) == study.run())
    // Within a shard's target, only the shards inside it count.
    let inner = try study.resumePlan(for: 5..<10, inDirectory: directory)
    #expect(inner.kept.map { $0.result.runs } == [5..<7] && inner.missing == [7..<10])
    // A damaged shard stops the resume instead of being dropped.
    try "{".write(toFile: directory + "/shard-8-9.json", atomically: true, encoding: .utf8)
    #expect(throws: SimulationError.self) { try study.resumePlan(for: 0..<10, inDirectory: directory) }
  }
}
