import ArgumentParser
import Foundation
import MatchingMarkets

/// `matchmarket kidney simulate`: a kidney-exchange programme over time, run after run.
struct KidneySimulateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simulate",
    abstract: "Simulate a kidney-exchange programme over time: arrivals, departures, failed crossmatches, a match run every few days.",
    discussion: """
      Each run draws its arrivals (Poisson per day), the compatibility graph of everyone who \
      arrives (--model), each arc's crossmatch outcome (--arc-failure) and each pair's \
      departure (--departure-rate per week), then plans with the optimiser every --match-every \
      days; a cycle with a failed arc is cancelled, a chain stops at its first failed arc, and \
      a chain's last donor becomes a bridge donor. Run k uses stream k of --seed, so the \
      output is byte-identical for any --threads and any sharding. See KidneyProgramme in the \
      API docs.

      Writes runs.csv (run,arrivals,transplanted,departed,remaining,failed_tests,match_runs,\
      mean_wait_days), weekly.csv (run,week,arrivals,transplants,departures,pool_size), \
      waiting.csv (run,patient_blood_type,sensitisation,transplants,mean_wait_days; high \
      sensitisation = cPRA >= 80), summary.json (means over runs) and four SVG charts: \
      transplants_per_week.svg, cumulative_transplants.svg, pool_size.svg (means over runs \
      with the 10th-90th percentile band) and waiting_times.svg (by blood type and \
      sensitisation, ±1 sd over runs).

      Shard a study with --shard i/n or --runs-from/--runs-to (each shard writes \
      kidney-shard-A-B.json in --output-dir) and combine the shards with `matchmarket kidney \
      simulate merge`, which writes exactly the files one full run writes. Ctrl-C stops \
      cleanly: the runs done are kept as a shard and the command exits with status 130; run \
      the same command again with --resume to do only the missing runs.
      """,
    subcommands: [Run.self, Merge.self],
    defaultSubcommand: Run.self)

  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "run",
      abstract: "Run a study (the default: `matchmarket kidney simulate --runs 100 ...`).")

    @Option(help: "Pool model: saidman, heterogeneous or sparse.")
    var model: KidneyPoolModel = .saidman
    @Option(name: .customLong("arrivals-per-week"), help: "Mean pair arrivals per week.")
    var arrivalsPerWeek: Double = 250.0 / 52
    @Option(name: .customLong("altruists-per-week"), help: "Mean altruist arrivals per week.")
    var altruistsPerWeek: Double = 0.25
    @Option(help: "Weeks simulated.")
    var weeks = 52
    @Option(name: .customLong("match-every"), help: "Days between match runs.")
    var matchEvery = 7
    @Option(name: .customLong("max-cycle"), help: "Maximum pairs in a cycle (K), 0...8.")
    var maxCycle = 3
    @Option(name: .customLong("max-chain"), help: "Maximum transplants in a chain (L), 0...32.")
    var maxChain = 3
    @Option(help: "transplants, weight, expected, uk, or hierarchical:c1,c2,...")
    var objective = "transplants"
    @Option(name: .customLong("arc-failure"), help: "Probability that a planned transplant's crossmatch fails, in [0, 1].")
    var arcFailure = 0.0
    @Option(name: .customLong("departure-rate"), help: "Expected departures per waiting pair per week, in [0, 7].")
    var departureRate = 0.0
    @Option(help: "Runs in the study.")
    var runs = 10
    @Option(help: "Seed of the study; run k uses stream k of it.")
    var seed: UInt64 = 1
    @Option(help: "Worker threads (default: all active cores). The output does not depend on it.")
    var threads: Int?
    @Option(name: .customLong("output-dir"), help: "Where to write the files and charts (or a shard's kidney-shard-A-B.json).", transform: directoryPath)
    var outputDir: String
    @Option(help: "Run shard i of n (i in 1...n): runs (i-1)*R/n ..< i*R/n of the R runs, written as a shard file.")
    var shard: String?
    @Option(name: .customLong("runs-from"), help: "First run of this shard (inclusive).")
    var runsFrom: Int?
    @Option(name: .customLong("runs-to"), help: "End of this shard (exclusive).")
    var runsTo: Int?
    @Flag(help: "Reuse the shards of this study in --output-dir (such as those an interrupted run wrote) and run only the missing runs.")
    var resume = false
    @Flag(help: "Draw progress even when stderr is not a terminal (a plain line every 2 s).")
    var progress = false
    @Flag(help: "Print nothing on stderr (no progress, no summary line).")
    var quiet = false

    func validate() throws {
      guard arrivalsPerWeek.isFinite && (0...1000).contains(arrivalsPerWeek) else { throw ValidationError("--arrivals-per-week must lie in [0, 1000]") }
      guard altruistsPerWeek.isFinite && (0...100).contains(altruistsPerWeek) else { throw ValidationError("--altruists-per-week must lie in [0, 100]") }
      guard (1...520).contains(weeks) else { throw ValidationError("--weeks must lie in 1...520") }
      // Every arriving pair is in one compatibility graph per run (O(pairs^2) arcs per thread).
      guard arrivalsPerWeek * Double(weeks) <= 5_000 else { throw ValidationError("--arrivals-per-week x --weeks must stay at or below 5000 pairs per run") }
      guard (1...365).contains(matchEvery) else { throw ValidationError("--match-every must lie in 1...365 days") }
      guard (0...8).contains(maxCycle) else { throw ValidationError("--max-cycle must be in 0...8") }
      guard (0...32).contains(maxChain) else { throw ValidationError("--max-chain must be in 0...32") }
      guard KidneyObjective(objective) != nil else { throw ValidationError("unknown objective '\(objective)'") }
      guard arcFailure.isFinite && (0...1).contains(arcFailure) else { throw ValidationError("--arc-failure must lie in [0, 1]") }
      guard departureRate.isFinite && (0...7).contains(departureRate) else { throw ValidationError("--departure-rate must lie in [0, 7]") }
      guard (1...100_000).contains(runs) else { throw ValidationError("--runs must lie in 1...100000") }
      if let threads, !(1...1024).contains(threads) { throw ValidationError("--threads must lie in 1...1024") }
      if shard != nil && (runsFrom != nil || runsTo != nil) { throw ValidationError("give --shard or --runs-from/--runs-to, not both") }
      if (runsFrom == nil) != (runsTo == nil) { throw ValidationError("give both --runs-from and --runs-to, or neither") }
      _ = try target()
    }

    /// The runs this command must hold in the end.
    func target() throws -> Range<Int> {
      if let shard {
        let parts = shard.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= runs, (1...n).contains(i) else {
          throw ValidationError("--shard must be i/n with 1 <= i <= n <= --runs (\(runs)); got '\(shard)'")
        }
        return (i - 1) * runs / n..<i * runs / n
      }
      if let runsFrom, let runsTo {
        guard 0 <= runsFrom && runsFrom < runsTo && runsTo <= runs else {
          throw ValidationError("need 0 <= --runs-from < --runs-to <= --runs (\(runs)); got \(runsFrom) and \(runsTo)")
        }
        return runsFrom..<runsTo
      }
      return 0..<runs
    }

    func run() throws {
      try preflightOutputs(directories: [outputDir])
      let programme = KidneyProgramme(
        model: model, arrivalsPerWeek: arrivalsPerWeek, altruistsPerWeek: altruistsPerWeek, weeks: weeks,
        matchEveryDays: matchEvery, maxCycle: maxCycle, maxChain: maxChain, objective: KidneyObjective(objective)!,
        arcFailure: arcFailure, departureRatePerWeek: departureRate)
      let study = KidneyProgrammeStudy(programme: programme, seed: seed, runCount: runs)
      let target = try target()
      try KidneySimulateCommand.reportingOutputErrors { try OutputDirectory(outputDir).create() }

      var kept: [(path: String, result: KidneyProgrammeResult)] = []
      var missing = [target]
      if resume {
        let found = try KidneySimulateCommand.readShards(inDirectory: outputDir)
        let plan = study.resumePlan(for: target, shards: found)
        kept = plan.kept
        missing = plan.missing
        for (path, reason) in plan.ignored { printError("resume: ignoring \(path): \(reason)") }
        let todo = missing.reduce(0) { $0 + $1.count }
        if !quiet {
          printError("resume: \(target.count - todo) of \(target.count) runs found in \(kept.count) shard file\(kept.count == 1 ? "" : "s"); \(todo) to run")
        }
      }

      let total = missing.reduce(0) { $0 + $1.count }
      let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
      let bar = ProgressBar(label: "kidney simulate", total: total, unit: "runs", enabled: quiet ? false : (progress ? true : nil))
      Interrupt.install()
      defer { Interrupt.uninstall() }
      let started = ContinuousClock.now
      let ran: ShardedRuns<KidneyProgrammeResult>
      do {
        ran = try ShardedRuns(missing: missing, bar: bar) { range, progress, shouldStop in
          try study.run(runs: range, threads: threadCount, progress: progress, shouldStop: shouldStop)
        }
      } catch {
        bar.finish()
        printError("error: \(error)")
        throw ExitCode(70)
      }
      let seconds = DurationText.seconds(since: started)

      if ran.interrupted {
        let what = try ran.keepShards(in: outputDir)
        if !quiet {
          printError("kidney simulate: interrupted after \(ran.done) of \(total) runs in \(DurationText.text(seconds)); \(what).")
          printError("kidney simulate: to finish, run the same command again with --resume.")
        }
        throw ExitCode(Interrupt.exitStatus)
      }

      let result: KidneyProgrammeResult
      do {
        result = try KidneyProgrammeResult.merge(kept.map(\.result) + ran.fresh)
      } catch {
        printError("error: \(error)")
        throw ExitCode(65)
      }
      var message: String
      if result.isComplete {
        let report = KidneyProgrammeReport(result: result)
        try KidneySimulateCommand.reportingOutputErrors { try report.write(toDirectory: outputDir) }
        let all = result.records
        let mean = Double(all.reduce(0) { $0 + $1.transplanted }) / Double(all.count)
        let wait = Double(all.reduce(0) { $0 + $1.waitDays }) / Double(max(1, all.reduce(0) { $0 + $1.transplanted }))
        message = "kidney simulate: \(runs) runs of \(weeks) weeks; mean \(Fixed.decimal(mean, places: 2)) transplants per run, mean wait \(Fixed.decimal(wait, places: 1)) days; wrote \(outputDir)/"
        message += KidneyProgrammeReport.fileNames.joined(separator: ", ")
      } else {
        let path = outputDir + "/" + KidneyProgrammeResult.shardFileName(result.runs)
        try KidneySimulateCommand.reportingOutputErrors { try AtomicOutput.write(result.shardJSON(), to: path) }
        message = "kidney simulate: wrote shard \(path) (runs \(result.runs.lowerBound)..<\(result.runs.upperBound) of \(runs)); combine the shards with `matchmarket kidney simulate merge`"
      }
      if resume {
        // The shards merged into what was just written would overlap it in a later merge.
        let output = outputDir + "/" + KidneyProgrammeResult.shardFileName(result.runs)
        for path in kept.map(\.path) where path != output { try? FileManager.default.removeItem(atPath: path) }
      }
      if !quiet {
        printError(message)
        printError("\(ran.done) runs in \(DurationText.text(seconds)) on \(threadCount) thread\(threadCount == 1 ? "" : "s")")
      }
    }
  }

  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Combine kidney-shard files of one study into the files a single full run writes.")

    @Argument(help: "Shard files (kidney-shard-A-B.json), in any order.")
    var shards: [String]

    @Option(name: .customLong("output-dir"), help: "Where to write the files and charts.", transform: directoryPath)
    var outputDir: String

    @Flag(help: "Print nothing on stderr.")
    var quiet = false

    func validate() throws {
      guard !shards.isEmpty else { throw ValidationError("give at least one shard file") }
      guard shards.filter(InputFile.isStandardInput).count <= 1 else {
        throw ValidationError("at most one shard may be - (standard input)")
      }
    }

    func run() throws {
      try preflightOutputs(directories: [outputDir])
      let merged: KidneyProgrammeResult
      do {
        merged = try KidneyProgrammeResult.merge(shards.map { path throws(KidneyStudyError) in try KidneyProgrammeResult.readShard(path: path) })
      } catch {
        printError("error: \(error)")
        throw ExitCode(65)
      }
      guard merged.isComplete else {
        printError("error: the shards hold runs \(merged.runs.lowerBound)..<\(merged.runs.upperBound), not all \(merged.study.runCount) runs of the study")
        throw ExitCode(65)
      }
      try KidneySimulateCommand.reportingOutputErrors { try KidneyProgrammeReport(result: merged).write(toDirectory: outputDir) }
      if !quiet { printError("wrote " + KidneyProgrammeReport.fileNames.map { outputDir + "/" + $0 }.joined(separator: ", ")) }
    }
  }

  /// The shards (`kidney-shard-A-B.json`) in `directory`, read and checked; a damaged one
  /// stops the command (exit 65) rather than being silently dropped.
  static func readShards(inDirectory directory: String) throws -> [(path: String, result: KidneyProgrammeResult)] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    var found: [(path: String, result: KidneyProgrammeResult)] = []
    for name in names.sorted() where KidneyProgrammeResult.isShardFileName(name) {
      let path = directory + "/" + name
      do {
        found.append((path, try KidneyProgrammeResult.readShard(path: path)))
      } catch {
        printError("error: \(error)")
        throw ExitCode(65)
      }
    }
    return found
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
}
