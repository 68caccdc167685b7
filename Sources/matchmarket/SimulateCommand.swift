import ArgumentParser
import Foundation
import MatchingMarkets

/// `matchmarket simulate`: compare mechanisms on many seeded markets.
struct SimulateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simulate",
    abstract: "Compare mechanisms on many seeded random school-choice markets.",
    discussion: """
      Run k draws its market from stream k of --seed, so results do not depend on the number \
      of threads or on which machine runs which runs: the same seed gives byte-identical \
      files. Shard a study with --runs-from/--runs-to (each shard writes shard-A-B.json) and \
      combine the shards with `matchmarket simulate merge`, which writes exactly the files one \
      full run writes.
      """,
    subcommands: [Run.self, Merge.self],
    defaultSubcommand: Run.self)

  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "run",
      abstract: "Run a study (the default: `matchmarket simulate --runs 100 ...`).")

    @Option(help: "Markets (runs) in the study.")
    var runs: Int = 100

    @Option(help: "Seed of the study; run k uses stream k of it.")
    var seed: UInt64 = 1

    @Option(help: "Mechanisms to compare, comma-separated: \(MechanismCatalogue.spelledNames.joined(separator: ", ")).")
    var mechanisms: String = "da,boston,ttc"

    @OptionGroup var model: SchoolModelOptions

    @Flag(help: "Also count students who gain by misreporting (the strategy-proofness audit, on a sample of students per run).")
    var audit = false

    @Option(name: .customLong("audit-sample"), help: "Students audited per run with --audit.")
    var auditSample: Int = 20

    @Option(help: "Worker threads (default: all active cores). The output does not depend on it.")
    var threads: Int?

    @Option(name: .customLong("runs-from"), help: "First run of this shard (inclusive).")
    var runsFrom: Int?

    @Option(name: .customLong("runs-to"), help: "End of this shard (exclusive): the shard runs runs-from ..< runs-to.")
    var runsTo: Int?

    @Option(name: .customLong("output-dir"), help: "Where to write runs.csv, summary.csv, summary.json, rank_distribution.svg, comparison.svg (or a shard's shard-A-B.json).", transform: directoryPath)
    var outputDir: String?

    @Flag(name: .customLong("no-progress"), help: "Do not draw the progress bar (drawn only when stderr is a terminal).")
    var noProgress = false

    func validate() throws {
      try model.check()
      guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
      if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
      guard auditSample >= 1 else { throw ValidationError("--audit-sample must be at least 1") }
      do { _ = try SimulatedMechanism.parseList(mechanisms) } catch { throw ValidationError("\(error)") }
      if (runsFrom == nil) != (runsTo == nil) {
        throw ValidationError("give both --runs-from and --runs-to, or neither")
      }
      if let runsFrom, let runsTo {
        guard 0 <= runsFrom && runsFrom < runsTo && runsTo <= runs else {
          throw ValidationError("need 0 <= --runs-from < --runs-to <= --runs (\(runs)); got \(runsFrom) and \(runsTo)")
        }
        guard outputDir != nil else { throw ValidationError("a shard (--runs-from/--runs-to) needs --output-dir for its shard file") }
      }
    }

    func run() throws {
      let study = SimulationStudy(
        model: model.model, mechanisms: try SimulatedMechanism.parseList(mechanisms), seed: seed,
        runCount: runs, auditSample: audit ? auditSample : 0)
      let range = (runsFrom ?? 0)..<(runsTo ?? runs)
      let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
      let bar = ProgressBar(label: "simulate", total: range.count, enabled: noProgress ? false : nil)
      let clock = ContinuousClock()
      let started = clock.now
      let result = study.run(runs: range, threads: threadCount) { done, _ in bar.update(done: done) }
      bar.finish()
      let elapsed = clock.now - started
      let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18

      if result.isComplete {
        let report = StudyReport(result: result)
        print(report.table(), terminator: "")
        if let outputDir {
          try report.write(toDirectory: outputDir)
          print("wrote " + StudyReport.fileNames.map { outputDir + "/" + $0 }.joined(separator: ", "))
        }
      } else {
        let path = outputDir! + "/" + SimulationResult.shardFileName(range)
        try AtomicOutput.makeDirectory(outputDir!)
        try AtomicOutput.write(result.shardJSON(), to: path)
        print("wrote shard \(path) (runs \(range.lowerBound)..<\(range.upperBound) of \(runs)); combine the shards with `matchmarket simulate merge`")
      }
      printError("\(range.count) runs in \(Fixed.decimal(seconds, places: 2)) s on \(threadCount) thread\(threadCount == 1 ? "" : "s")")
    }
  }

  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Combine shard files of one study into the files a single full run writes.")

    @Argument(help: "Shard files (shard-A-B.json), in any order.")
    var shards: [String]

    @Option(name: .customLong("output-dir"), help: "Where to write runs.csv, summary.csv, summary.json and the charts.", transform: directoryPath)
    var outputDir: String

    func validate() throws {
      guard !shards.isEmpty else { throw ValidationError("give at least one shard file") }
    }

    func run() throws {
      let results: [SimulationResult]
      let merged: SimulationResult
      do {
        results = try shards.map { path throws(SimulationError) in try SimulationResult.readShard(path: path) }
        merged = try SimulationResult.merge(results)
      } catch {
        printError("error: \(error)")
        throw ExitCode(65)
      }
      guard merged.isComplete else {
        printError("error: the shards hold runs \(merged.runs.lowerBound)..<\(merged.runs.upperBound), not all \(merged.study.runCount) runs of the study")
        throw ExitCode(65)
      }
      let report = StudyReport(result: merged)
      print(report.table(), terminator: "")
      try report.write(toDirectory: outputDir)
      print("wrote " + StudyReport.fileNames.map { outputDir + "/" + $0 }.joined(separator: ", "))
    }
  }
}
