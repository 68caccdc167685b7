import MatchingCore
import Mechanisms
import Simulation

/// The instance families of `matchmarket bench --families`.
///
/// - `sm`: stable marriage, *n* men and *n* women, uniform random complete lists
///   (``StableMarriageModel``).
/// - `sm-correlated`: stable marriage with complete lists from a common-value model, weight
///   0.5 on the common quality (``CorrelatedMarriageModel``).
/// - `sm-incomplete`: stable marriage, each man lists 10 uniform random women, each woman a
///   uniform strict order over all men (``IncompleteMarriageModel``).
/// - `hr`: hospitals/residents: *n* residents, *n*/10 hospitals (about 10 positions each),
///   top-10 lists from a common-quality utility, each hospital its own uniform strict order
///   of residents (``SchoolChoiceModel`` with one priority class and multiple tie-breaking).
/// - `school`: the suite's school-choice market (priority classes, single tie-breaking).
/// - `housing`: the suite's Shapley-Scarf housing market (TTC).
///
/// For the marriage and residents families the suite times student-proposing (men,
/// residents) deferred acceptance as `da` and the other side proposing as `da-schools`, when
/// those mechanisms are selected; each result is checked like the school-choice rows (stable
/// under the strict priorities; proposer-optimal against the other side's run; a corrupted
/// copy must be rejected).
public enum BenchmarkFamily {
  /// Every family name, in the suite's order.
  public static let all = ["sm", "sm-correlated", "sm-incomplete", "hr", "school", "housing"]
  /// The families timed by ``familyBenchmarks(_:log:)`` (school and housing are the suite's
  /// own rows).
  static let twoSided = ["sm", "sm-correlated", "sm-incomplete", "hr"]
  /// The largest *n* of the complete-list families (*n*² applications; 5,000 is 25 million).
  public static let completeListLimit = 5_000

  /// Parses `sm,hr,...`; `nil` when a name is unknown or the list is empty.
  public static func parse(_ text: String) -> [String]? {
    let list = text.split(separator: ",").map(String.init)
    guard !list.isEmpty, list.allSatisfy(all.contains) else { return nil }
    return list
  }
}

extension BenchmarkRecord {
  /// The instance family of the row: the one it was run for, or `school` / `housing` for the
  /// suite's own rows.
  public var familyName: String { family ?? (mechanism == "ttc-housing" ? "housing" : "school") }
}

/// Times deferred acceptance on the two-sided families of `configuration.families`, each at
/// every size of `configuration.sizes` (a size is *n*, men or residents); returns the rows
/// and notes for sizes a family cannot take.
func familyBenchmarks(
  _ configuration: BenchmarkConfiguration, log: (String) -> Void
) -> (records: [BenchmarkRecord], notes: [String]) {
  var records: [BenchmarkRecord] = []
  var notes: [String] = []
  let reps = max(1, configuration.repetitions)
  let sides = ["da", "da-schools"].filter(configuration.mechanisms.contains)
  guard !sides.isEmpty else { return ([], []) }
  for family in (configuration.families ?? []) where BenchmarkFamily.twoSided.contains(family) {
    for n in configuration.sizes {
      let complete = family == "sm" || family == "sm-correlated"
      if complete && n > BenchmarkFamily.completeListLimit {
        notes.append("\(family) skipped at n = \(n): complete lists need n² applications (at most n = \(BenchmarkFamily.completeListLimit))")
        continue
      }
      PeakMemory.reset()
      // Streams apart from the suite's school (n) and housing (n + 1) markets.
      var rng = SeededGenerator(seed: configuration.seed, stream: UInt64(n) &* 16 &+ UInt64(BenchmarkFamily.all.firstIndex(of: family)! + 2))
      let (market, genSeconds) = BenchmarkClock.seconds { () -> SchoolChoiceMarket in
        switch family {
        case "sm": return StableMarriageModel(size: n).generate(using: &rng)
        case "sm-correlated": return CorrelatedMarriageModel(size: n, correlation: 0.5).generateData(using: &rng).market()
        case "sm-incomplete": return IncompleteMarriageModel(size: n, listLength: 10).generate(using: &rng)
        default:
          let m = max(1, n / 10)
          return SchoolChoiceModel(
            studentCount: n, schoolCount: m, listLength: 10, priority: .lottery, tieBreaking: .multiple,
            consideredSchools: m > 60 ? 56 : nil
          ).generate(using: &rng)
        }
      }
      log("\(family) market \(n) x \(market.schoolCount), \(market.totalListLength) applications (generated in \(Fixed.decimal(genSeconds, places: 2)) s)")
      var other: Matching?
      for mechanism in sides {
        PeakMemory.reset()
        let proposing: DeferredAcceptance.Proposing = mechanism == "da" ? .students : .schools
        var times: [Double] = []
        var first: Matching?
        var work = 0
        var failure: String?
        for _ in 0..<reps {
          let ((matching, count), t) = BenchmarkClock.seconds { DeferredAcceptance(proposing: proposing).run(market) }
          times.append(t)
          work = count
          if let first, first != matching { failure = "repetitions gave different matchings" }
          if first == nil { first = matching }
        }
        let matching = first!
        if proposing == .students && other == nil {
          other = DeferredAcceptance(proposing: .schools).match(market)
        }
        failure = failure ?? BenchmarkVerification.deferredAcceptance(
          matching, in: market, proposing: proposing, other: proposing == .students ? other : nil)
        if proposing == .schools { other = other ?? matching }
        if failure == nil, let victim = matching.assignment.firstIndex(where: { $0 >= 0 }) {
          var corrupted = matching
          corrupted.assignment[victim] = unassigned
          if BenchmarkVerification.deferredAcceptance(corrupted, in: market, proposing: .schools, other: nil) == nil {
            failure = "the check accepted a corrupted result"
          }
        }
        let (lo, median) = BenchmarkClock.minAndMedian(times)
        let record = BenchmarkRecord(
          mechanism: mechanism, students: n, schools: market.schoolCount,
          applications: market.totalListLength, repetitions: reps, minSeconds: lo,
          medianSeconds: median, workUnit: "proposals", work: work, peakBytes: PeakMemory.bytes(),
          check: proposing == .students
            ? "stable (strict priorities); each proposer weakly prefers it to the other side's DA"
            : "stable (strict priorities)",
          failure: failure, family: family)
        records.append(record)
        log("[\(family)] " + describe(record))
      }
    }
  }
  return (records, notes)
}
