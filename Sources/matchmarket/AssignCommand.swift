import ArgumentParser
import Foundation
import MatchingMarkets

/// `matchmarket assign`: random assignment (probabilistic serial or random serial
/// dictatorship probabilities), its checks, and a lottery that implements it.
struct AssignCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "assign",
    abstract: "Compute assignment probabilities (ps or rsd), check them, and decompose them into a lottery.",
    discussion: """
      ps: probabilistic serial (the eating algorithm), exact up to 1e-9. rsd: random serial \
      dictatorship, exact over all orders for at most 8 students, otherwise --draws seeded \
      Monte Carlo draws (a standard_error column is added). School priorities are ignored. \
      Output probabilities.csv: student,school,probability (non-zero entries; an empty school \
      is the probability of staying unassigned). --decompose writes lotteries.csv \
      (lottery,weight,student,school): deterministic feasible assignments whose weighted sum \
      is the matrix. --sample writes one of them, drawn with --seed. --summary writes JSON \
      with sd_efficient, sd_envy_free, equal_treatment and witnesses. With --probabilities \
      FILE instead of --mechanism, a given matrix (student,school,probability) is checked \
      against the students' lists and capacities, and decomposed.
      """)

  enum RandomMechanismName: String, ExpressibleByArgument, CaseIterable {
    case ps
    case rsd
  }

  @Option(help: "ps (probabilistic serial) or rsd (random serial dictatorship).")
  var mechanism: RandomMechanismName?

  @Option(help: "Instead of --mechanism: check and decompose a given matrix (student,school,probability) for the market's students and schools.")
  var probabilities: String?

  @Option(help: "schools.csv (school,capacity).")
  var schools: String

  @Option(help: "applications.csv (student,school,rank[,...]).")
  var applications: String

  @Option(help: "Monte Carlo draws for rsd with more than 8 students.")
  var draws: Int = 1_000

  @Option(help: "Seed of the rsd draws and of --sample.")
  var seed: UInt64 = 1

  @Option(help: "Where to write probabilities.csv (default: standard output).")
  var output: String?

  @Option(help: "Write the lottery decomposition (lottery,weight,student,school).")
  var decompose: String?

  @Option(help: "Draw one assignment of the lottery with --seed and write it (student,school).")
  var sample: String?

  @Option(help: "Write a JSON summary with the checks and their witnesses.")
  var summary: String?

  @Option(help: "Worker threads for rsd Monte Carlo and the envy check (the output does not depend on it).")
  var workers: Int = ProcessInfo.processInfo.activeProcessorCount

  @Flag(help: "Also audit strategy-proofness: for every student, try her misreports (every reordering or truncation up to 6 schools, a heuristic family beyond) and report one that raises her expected utility for some utility consistent with her true ranking (meant for small markets).")
  var audit = false

  @Flag(help: "Print no summary on stderr.")
  var quiet = false

  func validate() throws {
    if (mechanism == nil) == (probabilities == nil) {
      throw ValidationError("give either --mechanism ps|rsd or --probabilities FILE")
    }
    if probabilities != nil && audit { throw ValidationError("--audit needs a mechanism") }
    if draws < 2 { throw ValidationError("--draws must be at least 2") }
    if workers < 1 { throw ValidationError("--workers must be at least 1") }
  }

  func run() throws {
    let named = try reportingInputErrors {
      try SchoolChoiceCSV.read(schools: schools, applications: applications, tieBreaking: .single(seed: seed))
    }
    let market = named.market
    var standardErrors: [Double]?
    let p: RandomAssignment
    var method = "eating"
    var drawCount: Int?
    switch mechanism {
    case nil:
      p = try reportingInputErrors { try RandomAssignmentCSV.readProbabilities(probabilities!, for: named) }
      method = "given"
      if let violation = p.feasibilityViolation(capacities: market.capacities) {
        printError("error: \(probabilities!): not a feasible random assignment: \(violation.describe(named))")
        throw ExitCode(65)
      }
    case .ps:
      p = ProbabilisticSerial().match(market)
    case .rsd:
      let keys = named.studentNames.map { SeededNameHash.hash($0, seed: seed) }
      let estimate = RandomSerialDictatorshipProbabilities(
        method: .automatic(draws: draws, seed: seed), studentKeys: keys, workers: workers
      ).estimate(market)
      p = estimate.assignment
      method = estimate.isExact ? "exact" : "monte-carlo"
      drawCount = estimate.draws
      if !estimate.isExact { standardErrors = estimate.standardErrors }
    }
    if mechanism != nil || output != nil {
      try emit(RandomAssignmentCSV.probabilityBytes(p, of: named, standardErrors: standardErrors), to: output)
    }

    var lotteryCount: Int?
    var decompositionError: Double?
    var sampled: Int?
    if decompose != nil || sample != nil {
      let lottery = try Self.decomposeInNameOrder(p, named: named)
      lotteryCount = lottery.weights.count
      decompositionError = lottery.expectedAssignment(
        schoolCount: market.schoolCount, studentCount: market.studentCount
      ).maximumDifference(from: p)
      if let decompose { try emit(RandomAssignmentCSV.lotteryBytes(lottery, of: named), to: decompose) }
      if let sample {
        var rng = SeededGenerator(seed: seed, stream: 0x5A4D_504C)
        let k = lottery.sampleIndex(using: &rng)
        sampled = k + 1
        try emit(SchoolChoiceCSV.assignmentBytes(lottery.assignments[k], of: named), to: sample)
      }
    }

    var auditSummary: RandomAssignmentReport.Audit?
    if audit, let mechanism {
      let witnesses: [StochasticManipulationWitness]
      switch mechanism {
      case .ps:
        witnesses = try StochasticManipulationSearch(
          mechanism: ProbabilisticSerial(), comparison: .someExpectedUtility, workers: workers
        ).run(on: market)
      case .rsd:
        let keys = named.studentNames.map { SeededNameHash.hash($0, seed: seed) }
        witnesses = try StochasticManipulationSearch(
          mechanism: RandomSerialDictatorshipProbabilities(
            method: .automatic(draws: draws, seed: seed), studentKeys: keys, workers: 1),
          comparison: .someExpectedUtility, workers: workers
        ).run(on: market)
      }
      auditSummary = RandomAssignmentReport.Audit(witnesses, named: named)
    }
    let report = RandomAssignmentReport(
      mechanism: mechanism?.rawValue ?? "given", method: method, draws: drawCount, seed: seed, p: p,
      standardErrors: standardErrors, named: named, workers: workers, lotteries: lotteryCount,
      decompositionError: decompositionError, sampledLottery: sampled, audit: auditSummary)
    if let summary { try emit(report.json(), to: summary) }
    if !quiet { printError(report.line) }
  }

  /// The lottery for the students in order of their names (so that the decomposition does
  /// not depend on the order of rows), mapped back to the market's student indices.
  static func decomposeInNameOrder(_ p: RandomAssignment, named: NamedSchoolChoiceMarket) throws -> AssignmentLottery {
    let order = named.studentNames.indices.sorted {
      Array(named.studentNames[$0].utf8).lexicographicallyPrecedes(Array(named.studentNames[$1].utf8))
    }
    let rows = order.map { i in p.row(of: i).map { (Int(p.schools[$0]), p.probabilities[$0]) } }
    let permuted = RandomAssignment(schoolCount: p.schoolCount, rows: rows)
    let lottery: AssignmentLottery
    do {
      lottery = try LotteryDecomposition.decompose(permuted, capacities: named.market.capacities)
    } catch {
      printError("error: \(error)")
      throw ExitCode(65)
    }
    let back = lottery.assignments.map { m -> Matching in
      var a = [Int32](repeating: unassigned, count: m.count)
      for (k, i) in order.enumerated() { a[i] = m.assignment[k] }
      return Matching(assignment: a)
    }
    return AssignmentLottery(weights: lottery.weights, assignments: back)
  }

  private func emit(_ bytes: [UInt8], to path: String?) throws {
    if let path {
      try reportingInputErrors { try AtomicFile.write(bytes: bytes, to: path) }
    } else {
      print(String(decoding: bytes, as: UTF8.self), terminator: "")
    }
  }
}

extension FeasibilityViolation {
  /// The violation with the market's names.
  func describe(_ named: NamedSchoolChoiceMarket) -> String {
    switch self {
    case .entryOutOfRange(let i, let s, let p):
      "student '\(named.studentNames[i])' has probability \(p) at school '\(named.schoolNames[s])'"
    case .rowExceedsOne(let i, let sum): "student '\(named.studentNames[i])''s probabilities sum to \(sum) > 1"
    case .columnExceedsCapacity(let s, let sum, let c):
      "school '\(named.schoolNames[s])' expects \(sum) students, more than its capacity \(c)"
    }
  }
}
