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

      Ctrl-C (SIGINT) stops a run cleanly: the runs in progress finish, the runs done are \
      written as a shard (shard-A-B.json in --output-dir, or in the current directory), and \
      the command exits with status 130. Run the same command again with --resume to do only \
      the missing runs: it reads the shards of the same study in the directory, runs the \
      rest, and writes exactly the files one uninterrupted run writes (then removes the \
      shards it merged, when it wrote --output-dir). Or run the missing range as a shard and \
      combine everything with `matchmarket simulate merge`.
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

    @Flag(help: "Draw progress even when stderr is not a terminal (a plain line every 2 s).")
    var progress = false

    @Flag(help: "Reuse the shards of this study in --output-dir (or the current directory), such as those an interrupted run wrote, and run only the missing runs.")
    var resume = false

    func validate() throws {
      try model.check()
      guard (1...1_000_000).contains(runs) else {
        throw ValidationError("--runs must lie in 1...1000000 (got \(runs))")
      }
      if let threads, !(1...1024).contains(threads) {
        throw ValidationError("--threads must lie in 1...1024 (got \(threads))")
      }
      guard (1...50_000_000).contains(auditSample) else {
        throw ValidationError("--audit-sample must lie in 1...50000000 (got \(auditSample))")
      }
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
      if noProgress && progress { throw ValidationError("give --progress or --no-progress, not both") }
    }

    func run() throws {
      try preflightOutputs(directories: [outputDir])
      let study = SimulationStudy(
        model: model.model, mechanisms: try SimulatedMechanism.parseList(mechanisms), seed: seed,
        runCount: runs, auditSample: audit ? auditSample : 0)
      let target = (runsFrom ?? 0)..<(runsTo ?? runs)
      // Shards (of a partial target, or of an interrupted run) go here.
      let shardDirectory = outputDir ?? "."
      if let outputDir { try SimulateCommand.reportingOutputErrors { try AtomicOutput.makeDirectory(outputDir) } }

      var plan = ResumePlan()
      plan.missing = [target]
      if resume {
        do {
          plan = try study.resumePlan(for: target, inDirectory: shardDirectory)
        } catch {
          printError("error: \(error)")
          throw ExitCode(65)
        }
        for (path, reason) in plan.ignored { printError("resume: ignoring \(path): \(reason)") }
        let held = target.count - plan.missingCount
        printError("resume: \(held) of \(target.count) runs found in \(plan.kept.count) shard file\(plan.kept.count == 1 ? "" : "s"); \(plan.missingCount) to run")
      }

      let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
      let bar = ProgressBar(
        label: "simulate", total: plan.missingCount, unit: "runs",
        enabled: noProgress ? false : (progress ? true : nil))
      Interrupt.install()
      defer { Interrupt.uninstall() }
      let started = ContinuousClock.now
      let ran = ShardedRuns<SimulationResult>(missing: plan.missing, bar: bar) { range, progress, shouldStop in
        study.run(runs: range, threads: threadCount, progress: progress, shouldStop: shouldStop)
      }
      let seconds = DurationText.seconds(since: started)

      if ran.interrupted {
        let kept = try ran.keepShards(in: shardDirectory)
        printError("simulate: interrupted after \(ran.done) of \(plan.missingCount) runs in \(DurationText.text(seconds)); \(kept).")
        printError("simulate: to finish, run the same command again with --resume (it runs only the missing runs and writes the same files as one uninterrupted run), or run the missing runs with --runs-from/--runs-to and combine the shards with `matchmarket simulate merge`.")
        throw ExitCode(Interrupt.exitStatus)
      }

      let result: SimulationResult
      do {
        result = try SimulationResult.merge(plan.kept.map { $0.result } + ran.fresh)
      } catch {
        printError("error: \(error)")
        throw ExitCode(65)
      }
      var wroteOutput = false
      if result.isComplete {
        let report = StudyReport(result: result)
        print(report.table(), terminator: "")
        if let outputDir {
          try SimulateCommand.reportingOutputErrors { try report.write(toDirectory: outputDir) }
          print("wrote " + StudyReport.fileNames.map { outputDir + "/" + $0 }.joined(separator: ", "))
          wroteOutput = true
        }
      } else {
        let path = shardDirectory + "/" + SimulationResult.shardFileName(result.runs)
        try SimulateCommand.reportingOutputErrors { try AtomicOutput.write(result.shardJSON(), to: path) }
        print("wrote shard \(path) (runs \(result.runs.lowerBound)..<\(result.runs.upperBound) of \(runs)); combine the shards with `matchmarket simulate merge`")
        wroteOutput = true
      }
      if resume && wroteOutput {
        // The shards merged into what was just written would overlap it in a later merge.
        let output = shardDirectory + "/" + SimulationResult.shardFileName(result.runs)
        let merged = plan.kept.map { $0.path }.filter { $0 != output }
        for path in merged { try? FileManager.default.removeItem(atPath: path) }
        if !merged.isEmpty {
          printError("resume: removed \(merged.count) shard file\(merged.count == 1 ? "" : "s") now merged into the output")
        }
      }
      printError("\(ran.done) runs in \(DurationText.text(seconds)) on \(threadCount) thread\(threadCount == 1 ? "" : "s")")
    }
  }

  /// Runs `body`, reporting an output file that cannot be written as an error (exit 73).
  static func reportingOutputErrors<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch {
      printError("error: \(error)")
      throw ExitCode(73)
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
      guard shards.filter(InputFile.isStandardInput).count <= 1 else {
        throw ValidationError("at most one shard may be - (standard input)")
      }
    }

    func run() throws {
      try preflightOutputs(directories: [outputDir])
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
