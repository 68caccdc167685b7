// matchmarket-reference: times the engine's deferred acceptance and top trading cycles
// against the C references of ../shared/bench on the same market, in one run, and checks
// that the matchings are identical. Build in release mode; `benchmarks/reference/run.sh`
// generates the markets, compiles the C references and calls this.
//
//   matchmarket-reference da  --schools S --applications A [--reps R] [--expect ref.csv]
//   matchmarket-reference ttc --endowments E --preferences P [--reps R] [--expect ref.csv]
//
// (options parsed by swift-argument-parser; --help lists them).
//
// Prints one JSON line: read time, algorithm min and median over R runs (the timed region is
// the mechanism call only, as in the C references), proposals or cycles, and whether the
// matching equals the reference's output (agent ids 0..n-1, -1 = unassigned).

#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import MatchingCore
import MatchingIO
import Mechanisms

func now() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_MONOTONIC, &t)
  return Double(t.tv_sec) + 1e-9 * Double(t.tv_nsec)
}

func fail(_ message: String) -> Never {
  let line = "matchmarket-reference: \(message)\n"
  _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
  exit(2)
}

/// The reference's `agent,option` file as an assignment over names "0".."n-1".
func readReference(_ path: String, names: [String]) -> [Int32] {
  var index: [String: Int] = [:]
  for (i, n) in names.enumerated() { index[n] = i }
  var result = [Int32](repeating: -2, count: names.count)
  do {
    let csv = try CSVReader(path: path)
    while try csv.nextRecord() {
      guard let i = index[csv.trimmed(0)] else { fail("\(path):\(csv.line): unknown agent \(csv.trimmed(0))") }
      result[i] = Int32(try csv.int(1))
    }
  } catch { fail("\(error)") }
  return result
}

func optionIDs(_ m: Matching, names: [String]) -> [Int32] {
  m.assignment.map { $0 < 0 ? -1 : Int32(names[Int($0)])! }
}

func report(_ fields: [(String, String)]) {
  print("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
}

func fmt(_ x: Double) -> String {
  let scaled = Int((x * 1_000_000).rounded())
  let frac = String(scaled % 1_000_000)
  return "\(scaled / 1_000_000)." + String(repeating: "0", count: 6 - frac.count) + frac
}

struct Reference: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "matchmarket-reference",
    abstract: "Time the engine's DA and TTC on a market and check the matching against a C reference's output.",
    discussion: "Build in release mode; benchmarks/reference/run.sh generates the markets, compiles the C references and calls this. Prints one JSON line; exits 1 when the matching differs from --expect.",
    subcommands: [DA.self, TTC.self])
}

/// `--reps R` and `--expect FILE`, shared by both modes.
struct TimingOptions: ParsableArguments {
  @Option(help: "Timed runs (min and median are reported).")
  var reps = 5

  @Option(help: "The C reference's output (agent,option per line, ids 0..n-1, -1 unassigned) to compare with.")
  var expect: String?

  func validate() throws {
    guard (1...1000).contains(reps) else { throw ValidationError("--reps must lie in 1...1000 (got \(reps))") }
  }
}

extension TimingOptions {
  /// Runs `body` once to warm up, then `reps` timed times: the last result and the sorted
  /// times.
  func timed<R>(_ body: () -> R) -> (result: R, times: [Double]) {
    var result = body()
    var times: [Double] = []
    for _ in 0..<reps {
      let t = now()
      result = body()
      times.append(now() - t)
    }
    return (result, times.sorted())
  }

  /// `"true"` or `"false"`: whether `matching` equals the reference output given by
  /// `--expect`; `"null"` without one.
  func identical(_ matching: Matching, agents: [String], options: [String]) -> String {
    guard let expect else { return "null" }
    return optionIDs(matching, names: options) == readReference(expect, names: agents) ? "true" : "false"
  }
}

struct DA: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "da", abstract: "Student-proposing deferred acceptance on a school-choice market (long CSV form).")

  @Option(help: "schools.csv (school,capacity).")
  var schools: String

  @Option(help: "applications.csv (student,school,rank,priority).")
  var applications: String

  @OptionGroup var timing: TimingOptions

  func run() throws {
    let t0 = now()
    let named: NamedSchoolChoiceMarket
    do { named = try SchoolChoiceCSV.read(schools: schools, applications: applications) } catch { fail("\(error)") }
    let readTime = now() - t0
    let da = DeferredAcceptance()
    let (result, times) = timing.timed { da.run(named.market) }
    let identical = timing.identical(result.matching, agents: named.studentNames, options: named.schoolNames)
    report([
      ("mechanism", "\"da\""), ("students", "\(named.market.studentCount)"),
      ("schools", "\(named.market.schoolCount)"), ("read_s", fmt(readTime)), ("reps", "\(timing.reps)"),
      ("da_min_s", fmt(times[0])), ("da_median_s", fmt(times[times.count / 2])),
      ("proposals", "\(result.proposals)"),
      ("ns_per_proposal", fmt(1e9 * times[0] / Double(max(1, result.proposals)))),
      ("assigned", "\(result.matching.assignedCount)"), ("identical_to_reference", identical),
    ])
    if identical == "false" { throw ExitCode(1) }
  }
}

struct TTC: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ttc", abstract: "Shapley-Scarf top trading cycles on a housing market (long CSV form).")

  @Option(help: "endowments.csv (agent,house).")
  var endowments: String

  @Option(help: "preferences.csv (agent,house,rank).")
  var preferences: String

  @OptionGroup var timing: TimingOptions

  func run() throws {
    let t0 = now()
    let named: NamedHousingMarket
    do { named = try HousingCSV.read(endowments: endowments, preferences: preferences) } catch { fail("\(error)") }
    let readTime = now() - t0
    let ttc = TopTradingCycles()
    let (result, times) = timing.timed { ttc.run(named.market) }
    let identical = timing.identical(result.matching, agents: named.agentNames, options: named.houseNames)
    report([
      ("mechanism", "\"ttc\""), ("agents", "\(named.market.agentCount)"), ("read_s", fmt(readTime)),
      ("reps", "\(timing.reps)"), ("ttc_min_s", fmt(times[0])), ("ttc_median_s", fmt(times[times.count / 2])),
      ("cycles", "\(result.cycles)"), ("identical_to_reference", identical),
    ])
    if identical == "false" { throw ExitCode(1) }
  }
}

Reference.main()
