import Foundation
import MatchingCheckers
import MatchingCore
import Mechanisms
import Simulation

/// What `matchmarket bench` (and `matchmarket-bench`) runs.
public struct BenchmarkConfiguration: Sendable {
  /// Students per market for the mechanism benchmarks.
  public var sizes: [Int]
  /// Timed repetitions per benchmark (min and median are reported).
  public var repetitions: Int
  /// Mechanisms to time: da, da-schools, boston, ttc, ttc-housing, sd.
  public var mechanisms: [String]
  /// Runs of the simulation-speed benchmark (0 skips it).
  public var simulationRuns: Int
  /// Also run the audit benchmark (`AuditBenchmark.swift`).
  public var audit: Bool
  /// Also run the kidney-exchange benchmarks (`KidneyBenchmark.swift`).
  public var kidney: Bool
  /// The quick suite (fewer sizes and repetitions; the kidney benchmarks skip 1024 pairs).
  public var quick: Bool
  /// Seed of every generated market.
  public var seed: UInt64
  /// Catalogue mechanisms timed on the same school-choice markets, beside DA
  /// (`CatalogueBenchmark.swift`); empty by default.
  public var designs: [SimulatedMechanism] = []
  /// Instance families (`BenchmarkFamily.all`); `nil` runs the school and housing rows only.
  public var families: [String]? = nil
  /// Schools per school-choice market; `nil` uses ``benchmarkSchoolCount(students:)``.
  public var schoolCount: Int? = nil

  public static let allMechanisms = ["da", "da-schools", "boston", "ttc", "ttc-housing", "sd"]

  /// The default suite: 10k, 100k and 1M students, five repetitions; `quick` drops 1M and
  /// uses three.
  public init(
    quick: Bool = false, sizes: [Int]? = nil, repetitions: Int? = nil, mechanisms: [String]? = nil,
    simulationRuns: Int = 100, audit: Bool = false, kidney: Bool = false, seed: UInt64 = 1
  ) {
    self.sizes = sizes ?? (quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000])
    self.repetitions = repetitions ?? (quick ? 3 : 5)
    self.mechanisms = mechanisms ?? Self.allMechanisms
    self.simulationRuns = simulationRuns
    self.audit = audit
    self.kidney = kidney
    self.quick = quick
    self.seed = seed
  }
}

/// One timed benchmark: a mechanism on a market of one size.
public struct BenchmarkRecord: Sendable, Hashable {
  public var mechanism: String
  public var students: Int
  public var schools: Int
  public var applications: Int
  public var repetitions: Int
  public var minSeconds: Double
  public var medianSeconds: Double
  /// What is counted per second: "proposals", "cycles" or "applications".
  public var workUnit: String
  public var work: Int
  /// The process's peak resident memory during this benchmark (market included), bytes.
  public var peakBytes: Int?
  /// What the check verified, and whether it passed.
  public var check: String
  public var failure: String?
  /// The instance family (`BenchmarkFamily`); `nil` for the suite's own school and housing
  /// rows (see `familyName`).
  public var family: String? = nil

  public var passed: Bool { failure == nil }
  public var rate: Double { minSeconds > 0 ? Double(work) / minSeconds : 0 }
}

/// The simulation-speed benchmark: one study on 1 thread and on 2.
public struct SimulationSpeedRecord: Sendable, Hashable {
  public var runs: Int
  public var students: Int
  public var schools: Int
  public var mechanisms: [String]
  public var oneThreadSeconds: Double
  public var twoThreadSeconds: Double
  public var failure: String?
  public var speedup: Double { twoThreadSeconds > 0 ? oneThreadSeconds / twoThreadSeconds : 0 }
  public var passed: Bool { failure == nil }
}

/// Everything the suite measured.
public struct BenchmarkReport: Sendable {
  public var machine: MachineInfo
  public var configuration: BenchmarkConfiguration
  public var records: [BenchmarkRecord] = []
  public var simulation: SimulationSpeedRecord?
  /// The kidney-exchange benchmarks (`--kidney`).
  public var kidney: [KidneyBenchmarkRecord] = []
  /// Lines from the audit benchmark (its own description), and whether it passed.
  public var extras: [(name: String, line: String, passed: Bool)] = []
  /// Notes, e.g. a benchmark that is not available in this build.
  public var notes: [String] = []

  public var passed: Bool {
    records.allSatisfy(\.passed) && (simulation?.passed ?? true) && extras.allSatisfy(\.passed)
      && kidney.allSatisfy(\.passed)
  }
}

/// The number of schools the suite gives a market of `n` students: n/100, between 10 and
/// 1000 (10k students: 100 schools; 100k and 1M: 1000).
public func benchmarkSchoolCount(students n: Int) -> Int { min(1000, max(10, n / 100)) }

/// Runs the suite, printing progress lines through `log`.
public func runBenchmarkSuite(
  _ configuration: BenchmarkConfiguration, log: (String) -> Void = { print($0) }
) -> BenchmarkReport {
  var report = BenchmarkReport(machine: .current(), configuration: configuration)
  log("machine: \(report.machine.summary)")
  let reps = max(1, configuration.repetitions)
  var wanted = Set(configuration.mechanisms)
  if let families = configuration.families {
    if !families.contains("school") { wanted.subtract(["da", "da-schools", "boston", "ttc", "sd"]) }
    if !families.contains("housing") { wanted.remove("ttc-housing") }
  }
  let schoolSide = ["da", "da-schools", "boston", "ttc", "sd"].filter(wanted.contains)

  for n in configuration.sizes {
    let m = configuration.schoolCount ?? benchmarkSchoolCount(students: n)
    if !schoolSide.isEmpty || !configuration.designs.isEmpty {
      PeakMemory.reset()
      let model = SchoolChoiceModel(
        studentCount: n, schoolCount: m, listLength: 10,
        consideredSchools: m > 60 ? 56 : nil)
      var rng = SeededGenerator(seed: configuration.seed, stream: UInt64(n))
      let (market, genSeconds) = BenchmarkClock.seconds { model.generate(using: &rng) }
      log("market \(n) students x \(m) schools, \(market.totalListLength) applications (generated in \(Fixed.decimal(genSeconds, places: 2)) s)")
      // School-proposing DA once, as the independent comparison for student-proposing DA.
      var schoolOptimal: Matching?
      for mechanism in schoolSide {
        PeakMemory.reset()
        var times: [Double] = []
        var first: Matching?
        var work = 0
        var failure: String?
        for _ in 0..<reps {
          let ((matching, count), t) = BenchmarkClock.seconds { () -> (Matching, Int) in
            switch mechanism {
            case "da": return DeferredAcceptance().run(market)
            case "da-schools": return DeferredAcceptance(proposing: .schools).run(market)
            case "boston": return (ImmediateAcceptance().match(market), market.totalListLength)
            case "ttc": return (SchoolChoiceTopTradingCycles().match(market), market.totalListLength)
            default: return (SerialDictatorship(order: .inputOrder).match(market), market.totalListLength)
            }
          }
          times.append(t)
          work = count
          if let first, first != matching { failure = "repetitions gave different matchings" }
          if first == nil { first = matching }
        }
        let matching = first!
        let check: String
        switch mechanism {
        case "da":
          if schoolOptimal == nil { schoolOptimal = DeferredAcceptance(proposing: .schools).match(market) }
          check = "stable (strict priorities); each student weakly prefers it to school-proposing DA"
          failure = failure ?? BenchmarkVerification.deferredAcceptance(
            matching, in: market, proposing: .students, other: schoolOptimal)
        case "da-schools":
          schoolOptimal = schoolOptimal ?? matching
          check = "stable (strict priorities)"
          failure = failure ?? BenchmarkVerification.deferredAcceptance(
            matching, in: market, proposing: .schools, other: nil)
        case "boston":
          check = "valid, non-wasteful, round-one first choices maximal"
          failure = failure ?? BenchmarkVerification.boston(matching, in: market)
        case "ttc":
          check = n <= 20_000
            ? "Pareto efficient; equals round-by-round TTC" : "valid and Pareto efficient"
          failure = failure ?? BenchmarkVerification.schoolTTC(matching, in: market)
        default:
          let compare = n <= 100_000
          check = compare ? "non-wasteful; equals DA with a common order" : "valid and non-wasteful"
          failure = failure ?? BenchmarkVerification.serialDictatorship(
            matching, in: market,
            comparison: compare ? BenchmarkVerification.commonOrderMarket(market) : nil)
        }
        // The check must reject a wrong answer: the same matching with one placed student
        // removed (her seat is then wasted on a student who wants it).
        if failure == nil, let victim = matching.assignment.firstIndex(where: { $0 >= 0 }) {
          var corrupted = matching
          corrupted.assignment[victim] = unassigned
          let caught: String?
          switch mechanism {
          case "da", "da-schools":
            caught = BenchmarkVerification.deferredAcceptance(
              corrupted, in: market, proposing: .schools, other: nil)
          case "boston": caught = BenchmarkVerification.boston(corrupted, in: market)
          case "ttc": caught = BenchmarkVerification.schoolTTC(corrupted, in: market, independentLimit: 0)
          default: caught = BenchmarkVerification.serialDictatorship(corrupted, in: market, comparison: nil)
          }
          if caught == nil { failure = "the check accepted a corrupted result" }
        }
        let (lo, median) = BenchmarkClock.minAndMedian(times)
        let unit = mechanism.hasPrefix("da") ? "proposals" : "applications"
        let record = BenchmarkRecord(
          mechanism: mechanism, students: n, schools: m, applications: market.totalListLength,
          repetitions: reps, minSeconds: lo, medianSeconds: median, workUnit: unit, work: work,
          peakBytes: PeakMemory.bytes(), check: check, failure: failure)
        report.records.append(record)
        log(describe(record))
      }
      report.records += catalogueBenchmarkRecords(
        configuration.designs, market: market, schools: m, repetitions: reps, log: log)
    }
    if wanted.contains("ttc-housing") {
      PeakMemory.reset()
      var rng = SeededGenerator(seed: configuration.seed, stream: UInt64(n) &+ 1)
      let market = HousingModel(agentCount: n, listLength: 10).generate(using: &rng)
      var times: [Double] = []
      var first: Matching?
      var cycles = 0
      var failure: String?
      for _ in 0..<reps {
        let ((matching, count), t) = BenchmarkClock.seconds { TopTradingCycles().run(market) }
        times.append(t)
        cycles = count
        if let first, first != matching { failure = "repetitions gave different allocations" }
        if first == nil { first = matching }
      }
      failure = failure ?? BenchmarkVerification.housingTTC(first!, in: market)
      // The check must reject a wrong answer: two agents who traded get their own houses back.
      if failure == nil,
        let a = (0..<market.agentCount).first(where: { Int(first!.assignment[$0]) != market.endowment(of: $0) })
      {
        var corrupted = first!
        var b = a
        // Undo a's whole trading cycle: everyone on it keeps her own house (IR, but the cycle
        // blocks it).
        repeat {
          let next = market.owners[Int(corrupted.assignment[b])]
          corrupted.assignment[b] = Int32(market.endowment(of: b))
          b = Int(next)
        } while b != a
        if BenchmarkVerification.housingTTC(corrupted, in: market) == nil {
          failure = "the check accepted a corrupted allocation"
        }
      }
      let (lo, median) = BenchmarkClock.minAndMedian(times)
      let record = BenchmarkRecord(
        mechanism: "ttc-housing", students: n, schools: n, applications: market.houses.count,
        repetitions: reps, minSeconds: lo, medianSeconds: median, workUnit: "cycles", work: cycles,
        peakBytes: PeakMemory.bytes(), check: "in the core (the unique core allocation)",
        failure: failure)
      report.records.append(record)
      log(describe(record))
    }
  }

  if configuration.families != nil {
    let (records, notes) = familyBenchmarks(configuration, log: log)
    report.records += records
    report.notes += notes
  }
  if configuration.simulationRuns > 0 {
    report.simulation = runSimulationSpeed(
      runs: configuration.simulationRuns, seed: configuration.seed,
      trials: min(3, configuration.repetitions), log: log)
  }
  if configuration.audit {
    for mechanism in AuditBenchmarkMechanism.allCases {
      let result = runAuditBenchmark(
        mechanism: mechanism, students: 2_000, schools: 40, listLength: 10,
        seed: configuration.seed, workers: ProcessInfo.processInfo.activeProcessorCount,
        repetitions: reps)
      report.extras.append(("audit \(mechanism.rawValue)", result.description, result.passed))
      log(result.description)
    }
  }
  if configuration.kidney {
    report.kidney = kidneyBenchmarks(seed: configuration.seed, quick: configuration.quick, log: log)
  }
  return report
}

/// The simulation-speed benchmark: `runs` markets of 10,000 students and 100 schools under
/// DA, Boston and TTC, on one thread and on two, alternately `trials` times (the minimum of
/// each is reported); all results must be identical, DA must be stable in every run, and
/// Boston must give at least as many first choices as the others.
public func runSimulationSpeed(
  runs: Int, seed: UInt64, trials: Int = 3, log: (String) -> Void
) -> SimulationSpeedRecord {
  let study = SimulationStudy(
    model: SchoolChoiceModel(studentCount: 10_000, schoolCount: 100, listLength: 10),
    mechanisms: [.da, .boston, .ttc], seed: seed, runCount: runs)
  // Alternate 1-thread and 2-thread trials and keep each one's minimum, so a burst of other
  // work on the machine does not decide the ratio.
  var failure: String?
  var t1 = Double.infinity
  var t2 = Double.infinity
  var one: SimulationResult?
  for _ in 0..<max(1, trials) {
    let (a, ta) = BenchmarkClock.seconds { study.run(threads: 1) }
    let (b, tb) = BenchmarkClock.seconds { study.run(threads: 2) }
    t1 = min(t1, ta)
    t2 = min(t2, tb)
    if a != b || (one != nil && one! != a) { failure = "1 and 2 threads gave different results" }
    one = a
  }
  let first = one!
  for record in first.records {
    if record.metrics[0].blockingPairs != 0 {
      failure = failure ?? "DA has a blocking pair in run \(record.run)"
    }
    if record.metrics[1].firstChoice < max(record.metrics[0].firstChoice, record.metrics[2].firstChoice) {
      failure = failure ?? "Boston gives fewer first choices than DA or TTC in run \(record.run)"
    }
  }
  let r = SimulationSpeedRecord(
    runs: runs, students: 10_000, schools: 100, mechanisms: ["da", "boston", "ttc"],
    oneThreadSeconds: t1, twoThreadSeconds: t2, failure: failure)
  log("simulate \(runs) runs of 10000 x 100 (da, boston, ttc): 1 thread \(Fixed.decimal(t1, places: 2)) s, 2 threads \(Fixed.decimal(t2, places: 2)) s, speedup \(Fixed.decimal(r.speedup, places: 2))x \(r.passed ? "ok" : "FAILED: \(failure!)")")
  return r
}

func describe(_ r: BenchmarkRecord) -> String {
  let mb = r.peakBytes.map { Fixed.decimal(Double($0) / 1_048_576, places: 0) + " MB" } ?? "n/a"
  return "\(r.mechanism) \(r.students): min \(Fixed.decimal(r.minSeconds, places: 4)) s, median \(Fixed.decimal(r.medianSeconds, places: 4)) s, \(Fixed.decimal(r.rate / 1e6, places: 1))M \(r.workUnit)/s, peak \(mb) "
    + (r.passed ? "ok" : "FAILED: \(r.failure!)")
}
