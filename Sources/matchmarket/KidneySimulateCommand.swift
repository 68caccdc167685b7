import ArgumentParser
import Dispatch
import Foundation
import MatchingMarkets
import Synchronization

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
      output is byte-identical for any --threads. See KidneyProgramme in the API docs.

      Writes runs.csv (run,arrivals,transplanted,departed,remaining,failed_tests,match_runs,\
      mean_wait_days), weekly.csv (run,week,arrivals,transplants,departures,pool_size), \
      waiting.csv (run,patient_blood_type,sensitisation,transplants,mean_wait_days; high \
      sensitisation = cPRA >= 80) and summary.json (means over runs). Ctrl-C stops: nothing \
      is written, exit status 130.
      """)

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
  @Option(help: "Runs.")
  var runs = 10
  @Option(help: "Seed.")
  var seed: UInt64 = 1
  @Option(help: "Worker threads (default: all active cores). The output does not depend on it.")
  var threads: Int?
  @Option(name: .customLong("output-dir"), help: "Where to write runs.csv, weekly.csv, waiting.csv and summary.json.", transform: directoryPath)
  var outputDir: String
  @Flag(help: "Print nothing on stderr.")
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
  }

  func run() throws {
    Interrupt.install()
    defer { Interrupt.uninstall() }
    let programme = KidneyProgramme(
      model: model, arrivalsPerWeek: arrivalsPerWeek, altruistsPerWeek: altruistsPerWeek, weeks: weeks,
      matchEveryDays: matchEvery, maxCycle: maxCycle, maxChain: maxChain, objective: KidneyObjective(objective)!,
      arcFailure: arcFailure, departureRatePerWeek: departureRate)
    let count = runs
    let seed = self.seed
    let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, count))
    let bar = ProgressBar(label: "kidney simulate", total: count, unit: "runs", enabled: quiet ? false : nil)
    // Run k goes to slot k, whichever thread runs it: the output cannot depend on threads.
    let next = Atomic<Int>(0)
    let done = Atomic<Int>(0)
    let results = Mutex<[RunSummary?]>(Array(repeating: nil, count: count))
    let failure = Mutex<(index: Int, error: any Error)?>(nil)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while !Interrupt.requested && failure.withLock({ $0 == nil }) {
        let k = next.add(1, ordering: .relaxed).oldValue
        guard k < count else { break }
        do {
          let summary = RunSummary(try programme.run(seed: seed, index: k))
          results.withLock { $0[k] = summary }
          bar.update(done: done.add(1, ordering: .relaxed).newValue)
        } catch {
          failure.withLock { if $0 == nil || k < $0!.index { $0 = (k, error) } }
        }
      }
    }
    bar.finish()
    if Interrupt.requested {
      if !quiet { printError("kidney simulate: interrupted; nothing written") }
      throw ExitCode(Interrupt.exitStatus)
    }
    if let f = failure.withLock({ $0 }) {
      printError("error: run \(f.index): \(f.error)")
      throw ExitCode(70)
    }
    let all = results.withLock { $0.map { $0! } }
    try write(all)
    if !quiet {
      let mean = Double(all.reduce(0) { $0 + $1.transplanted }) / Double(all.count)
      let wait = Double(all.reduce(0) { $0 + $1.waitSum }) / Double(max(1, all.reduce(0) { $0 + $1.transplanted }))
      printError("kidney simulate: \(count) runs of \(weeks) weeks; mean \(Fixed.decimal(mean, places: 2)) transplants per run, mean wait \(Fixed.decimal(wait, places: 1)) days; wrote \(outputDir)/runs.csv, weekly.csv, waiting.csv, summary.json")
    }
  }

  /// What the outputs need of one run (the full record is dropped as soon as a run ends).
  struct RunSummary: Sendable {
    var arrivals, transplanted, departed, remaining, failedTests, matchRuns, waitSum: Int
    var weeks: [KidneyProgrammeRun.Week]
    /// (patient blood type, high sensitisation) -> (transplants, total wait days).
    var waiting: [String: (count: Int, days: Int)]

    init(_ run: KidneyProgrammeRun) {
      arrivals = run.arrivals
      transplanted = run.transplants.count
      departed = run.departures.count
      remaining = run.remaining
      failedTests = run.failedTests
      matchRuns = run.matchRuns
      let waits = run.waitingDays
      waitSum = waits.reduce(0, +)
      weeks = run.weeks
      var w: [String: (count: Int, days: Int)] = [:]
      for (t, days) in zip(run.transplants, waits) {
        let pair = run.pool.pairs[t.recipient]
        let key = "\(pair.patientBloodType.map { "\($0)" } ?? ""),\((pair.patientCPRA ?? 0) >= 80 ? "high" : "low")"
        w[key, default: (0, 0)].count += 1
        w[key, default: (0, 0)].days += days
      }
      waiting = w
    }
  }

  func write(_ all: [RunSummary]) throws {
    func mean(_ total: Int, _ n: Int) -> String { n == 0 ? "" : Fixed.decimal(Double(total) / Double(n), places: 4) }
    var runsCSV = "run,arrivals,transplanted,departed,remaining,failed_tests,match_runs,mean_wait_days\n"
    var weeklyCSV = "run,week,arrivals,transplants,departures,pool_size\n"
    var waitingCSV = "run,patient_blood_type,sensitisation,transplants,mean_wait_days\n"
    for (k, r) in all.enumerated() {
      runsCSV += "\(k),\(r.arrivals),\(r.transplanted),\(r.departed),\(r.remaining),\(r.failedTests),\(r.matchRuns),\(mean(r.waitSum, r.transplanted))\n"
      for (w, week) in r.weeks.enumerated() {
        weeklyCSV += "\(k),\(w + 1),\(week.arrivals),\(week.transplants),\(week.departures),\(week.poolSize)\n"
      }
      for key in r.waiting.keys.sorted() {
        let v = r.waiting[key]!
        waitingCSV += "\(k),\(key),\(v.count),\(mean(v.days, v.count))\n"
      }
    }
    let n = all.count
    func avg(_ f: (RunSummary) -> Int) -> String { mean(all.reduce(0) { $0 + f($1) }, n) }
    let transplanted = all.reduce(0) { $0 + $1.transplanted }
    var weeklyTransplants: [String] = []
    var weeklyPool: [String] = []
    for w in 0..<weeks {
      weeklyTransplants.append(mean(all.reduce(0) { $0 + $1.weeks[w].transplants }, n))
      weeklyPool.append(mean(all.reduce(0) { $0 + $1.weeks[w].poolSize }, n))
    }
    let summary = """
      {
        "model": "\(model.rawValue)",
        "seed": \(seed),
        "runs": \(n),
        "weeks": \(weeks),
        "arrivals_per_week": \(Fixed.parameter(arrivalsPerWeek)),
        "altruists_per_week": \(Fixed.parameter(altruistsPerWeek)),
        "match_every_days": \(matchEvery),
        "max_cycle": \(maxCycle),
        "max_chain": \(maxChain),
        "objective": "\(objective)",
        "arc_failure": \(Fixed.parameter(arcFailure)),
        "departure_rate_per_week": \(Fixed.parameter(departureRate)),
        "mean_arrivals": \(avg { $0.arrivals }),
        "mean_transplanted": \(avg { $0.transplanted }),
        "mean_departed": \(avg { $0.departed }),
        "mean_remaining": \(avg { $0.remaining }),
        "mean_failed_tests": \(avg { $0.failedTests }),
        "mean_wait_days": \(transplanted == 0 ? "null" : mean(all.reduce(0) { $0 + $1.waitSum }, transplanted)),
        "mean_transplants_by_week": [\(weeklyTransplants.joined(separator: ", "))],
        "mean_pool_size_by_week": [\(weeklyPool.joined(separator: ", "))]
      }

      """
    try reportingInputErrors {
      try AtomicOutput.makeDirectory(outputDir)
      try AtomicFile.write(bytes: Array(runsCSV.utf8), to: outputDir + "/runs.csv")
      try AtomicFile.write(bytes: Array(weeklyCSV.utf8), to: outputDir + "/weekly.csv")
      try AtomicFile.write(bytes: Array(waitingCSV.utf8), to: outputDir + "/waiting.csv")
      try AtomicFile.write(bytes: Array(summary.utf8), to: outputDir + "/summary.json")
    }
  }
}
