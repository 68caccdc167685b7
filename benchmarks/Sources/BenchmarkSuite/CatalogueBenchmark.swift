import Foundation
import MatchingCheckers
import MatchingCore
import Mechanisms
import Simulation

/// Times mechanisms of the ``MechanismCatalogue`` by name (`eadam`, `sic`,
/// `chinese-parallel:2`, a user's registered mechanism, ...) on the suite's market, beside
/// DA, each result checked against what the mechanism promises.
///
/// The checks: EADAM Pareto efficient and weakly better than DA for every student; SIC
/// stable for the weak priorities and weakly better than DA; DA with reserves or quotas (no
/// types given: everyone majority) stable; the parallel mechanism and Boston non-wasteful;
/// any other entry a feasible matching. Where a check exists, it must also reject a
/// corrupted copy (one placed student removed).
///
/// - Complexity: *R* runs of each mechanism plus one O(*E*) check each.
public func catalogueBenchmarkRecords(
  _ names: [SimulatedMechanism], market: SchoolChoiceMarket, schools m: Int, repetitions reps: Int,
  log: (String) -> Void
) -> [BenchmarkRecord] {
  let da = DeferredAcceptance().match(market)
  var records: [BenchmarkRecord] = []
  for name in names {
    PeakMemory.reset()
    let mechanism = name.mechanism(orderSeed: 1)
    var times: [Double] = []
    var first: Matching?
    var failure: String?
    for _ in 0..<reps {
      // Catalogue mechanisms do not throw on a valid market.
      let (matching, t) = BenchmarkClock.seconds { try! mechanism.match(market) }
      times.append(t)
      if let first, first != matching { failure = "repetitions gave different matchings" }
      if first == nil { first = matching }
    }
    let matching = first!
    let (check, promise) = designPromise(name.name, baseline: da)
    failure = failure ?? promise(matching, market)
    if failure == nil, check != "feasible",
      let victim = matching.assignment.firstIndex(where: { $0 >= 0 })
    {
      var corrupted = matching
      corrupted.assignment[victim] = unassigned
      if promise(corrupted, market) == nil { failure = "the check accepted a corrupted result" }
    }
    let (lo, median) = BenchmarkClock.minAndMedian(times)
    let record = BenchmarkRecord(
      mechanism: name.rawValue, students: market.studentCount, schools: m,
      applications: market.totalListLength, repetitions: reps, minSeconds: lo, medianSeconds: median,
      workUnit: "applications", work: market.totalListLength, peakBytes: PeakMemory.bytes(),
      check: check, failure: failure)
    records.append(record)
    log(describe(record))
  }
  return records
}

/// What a catalogue mechanism promises, as a description and a check (`nil`: holds).
func designPromise(
  _ name: String, baseline da: Matching
) -> (String, (Matching, SchoolChoiceMarket) -> String?) {
  func feasible(_ m: Matching, _ market: SchoolChoiceMarket) -> String? {
    market.violations(of: m).first.map { "infeasible: \($0)" }
  }
  func aboveDA(_ m: Matching, _ market: SchoolChoiceMarket) -> String? {
    for i in 0..<market.studentCount {
      let a = m.partner(of: i).flatMap { market.position(of: $0, in: i) } ?? .max
      let b = da.partner(of: i).flatMap { market.position(of: $0, in: i) } ?? .max
      if a > b { return "student \(i) is worse off than under DA" }
    }
    return nil
  }
  switch name {
  case "eadam":
    return ("Pareto efficient; weakly better than DA for every student", { m, market in
      feasible(m, market) ?? (market.paretoImprovement(of: m).map { "Pareto improvement: \($0)" }) ?? aboveDA(m, market)
    })
  case "sic":
    return ("stable (weak priorities); weakly better than DA for every student", { m, market in
      feasible(m, market) ?? (market.isStable(m, standard: .weak) ? nil : "not stable for the weak priorities") ?? aboveDA(m, market)
    })
  case "da", "da-schools", "da-reserves", "da-quotas":
    return ("stable (strict priorities; no types: everyone majority)", { m, market in
      feasible(m, market) ?? (market.isStable(m, standard: .strict) ? nil : "not stable")
    })
  case "boston", "chinese-parallel":
    return ("feasible and non-wasteful", { m, market in
      feasible(m, market) ?? market.wastefulPairs(in: m).first.map { "wasteful: \($0)" }
    })
  default:
    return ("feasible", feasible)
  }
}
