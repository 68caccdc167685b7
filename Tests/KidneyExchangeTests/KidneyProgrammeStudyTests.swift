import Foundation
import KidneyExchange
import Testing

/// A study of a kidney-exchange programme: the records do not depend on the threads or on
/// the sharding, shards survive their file, and resuming keeps only what fits.
struct KidneyProgrammeStudyTests {
  static let study = KidneyProgrammeStudy(
    programme: KidneyProgramme(model: .saidman, arrivalsPerWeek: 5, altruistsPerWeek: 0.4, weeks: 15, matchEveryDays: 10,
                               arcFailure: 0.15, departureRatePerWeek: 0.05),
    seed: 11, runCount: 6)

  @Test func recordsDoNotDependOnThreadsOrShards() throws {
    let one = try Self.study.run(threads: 1)
    let two = try Self.study.run(threads: 2)
    #expect(one == two)
    #expect(one.isComplete && one.records.map(\.run) == Array(0..<6))
    let parts = try [4..<6, 0..<1, 1..<4].map { try Self.study.run(runs: $0, threads: 2) }
    #expect(try KidneyProgrammeResult.merge(parts) == one)
    // Each record is the run's own, recomputed alone.
    let run3 = try Self.study.programme.run(seed: 11, index: 3)
    #expect(one.records[3] == KidneyProgrammeRecord(run: 3, run3))
  }

  @Test func aRecordAddsUp() throws {
    for r in try Self.study.run(threads: 2).records {
      #expect(r.arrivals == r.transplanted + r.departed + r.remaining)
      #expect(r.weeks.count == 15)
      #expect(r.weeks.reduce(0) { $0 + $1.transplants } == r.transplanted)
      #expect(r.groups.reduce(0) { $0 + $1.transplants } == r.transplanted)
      #expect(r.groups.reduce(0) { $0 + $1.waitDays } == r.waitDays)
      #expect(r.groups.map(\.key) == r.groups.map(\.key).sorted())
    }
  }

  @Test func mergeRefusesOverlapsGapsAndOtherStudies() throws {
    let a = try Self.study.run(runs: 0..<3)
    let b = try Self.study.run(runs: 2..<4)
    let c = try Self.study.run(runs: 4..<6)
    #expect(throws: KidneyStudyError.self) { try KidneyProgrammeResult.merge([a, b]) }
    #expect(throws: KidneyStudyError.self) { try KidneyProgrammeResult.merge([a, c]) }
    var other = Self.study
    other.seed = 12
    let d = try other.run(runs: 3..<4)
    #expect(throws: KidneyStudyError.self) { try KidneyProgrammeResult.merge([a, d]) }
  }

  @Test func aShardFileReadsBackAsTheSameResult() throws {
    let shard = try Self.study.run(runs: 2..<5)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kidney-shard-\(UUID().uuidString).json").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try shard.shardJSON().write(toFile: path, atomically: true, encoding: .utf8)
    let back = try KidneyProgrammeResult.readShard(path: path)
    #expect(back == shard)
    #expect(back.shardJSON() == shard.shardJSON())
  }

  @Test func resumeKeepsShardsOfThisStudyAndListsTheRest() throws {
    let a = try Self.study.run(runs: 0..<2)
    let overlapping = try Self.study.run(runs: 1..<3)
    let c = try Self.study.run(runs: 4..<5)
    var other = Self.study
    other.runCount = 7
    let foreign = try other.run(runs: 2..<4)
    let plan = Self.study.resumePlan(for: 0..<6, shards: [("c", c), ("o", overlapping), ("f", foreign), ("a", a)])
    #expect(plan.kept.map(\.path) == ["a", "c"])
    #expect(Set(plan.ignored.map(\.path)) == ["o", "f"])
    #expect(plan.missing == [2..<4, 5..<6])
  }

  @Test func aStoppedStudyKeepsAPrefixOfItsRuns() throws {
    let stop = StopAfter(2)
    let partial = try Self.study.run(threads: 1, shouldStop: { stop.poll() })
    #expect(partial.runs == 0..<2)
    #expect(partial.records == Array(try Self.study.run(threads: 1).records.prefix(2)))
  }
}

