import ArgumentParser
import Foundation
import MatchingMarkets

/// `matchmarket couples`: residency matching with programs' rank lists and couples.
extension ExactResidency.Engine: ExpressibleByArgument {}

struct CouplesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "couples",
    abstract: "Residency matching with couples: Roth-Peranson, or an exact integer program that finds a stable matching or proves none exists.",
    discussion: """
      Programs rank applicants (--rankings: school,student,rank; 1 = best; unranked = \
      unacceptable). Singles apply in --applications; couples (--couples: \
      couple,member_a,member_b) apply jointly in --couple-applications \
      (couple,school_a,school_b,rank; an empty school leaves that member unmatched). \
      Output: student,school for every applicant (singles, then couple members), written \
      only when the method returns a matching. Summary JSON: method, status (stable, \
      unstable, no_stable_matching, time_limit), blocking, matched, seconds. Status \
      'stable' is always confirmed by the stability checker. Exit status 0 when the run \
      completes (read the status), 65 for bad input.
      """)

  enum Method: String, ExpressibleByArgument, CaseIterable {
    case rothPeranson = "roth-peranson"
    case exact
  }

  @Option(help: "Programs: schools.csv (school,capacity).")
  var schools: String

  @Option(help: "Singles' lists: applications.csv (student,school,rank).")
  var applications: String

  @Option(help: "Programs' rank lists: rankings.csv (school,student,rank).")
  var rankings: String

  @Option(help: "Couples: couples.csv (couple,member_a,member_b).")
  var couples: String

  @Option(name: .customLong("couple-applications"), help: "Couples' joint lists: couple_applications.csv (couple,school_a,school_b,rank).")
  var coupleApplications: String

  @Option(help: "roth-peranson (NRMP's algorithm) or exact (integer program, GLPK).")
  var method: Method = .rothPeranson

  @Option(name: .customLong("time-limit"), help: "Seconds the exact solver may use.")
  var timeLimit: Double = 60

  @Option(name: .customLong("iteration-limit"), help: "Roth-Peranson: the most instability resolutions (default: 10 per applicant, at least 1000).")
  var iterationLimit: Int?

  @Flag(name: .customLong("maximize-matched"), help: "exact: a stable matching with the most matched applicants (default: the first stable matching found).")
  var maximizeMatched = false

  @Flag(name: .customLong("no-warm-start"), help: "exact: solve the integer program even when Roth-Peranson already ends stable.")
  var noWarmStart = false

  @Option(help: "exact: auto (search for a tenth of the time limit, then ip), search (depth first over couples' seats, singles by deferred acceptance; exhaustive) or ip (the integer program, GLPK). --maximize-matched always uses ip.")
  var engine: ExactResidency.Engine = .searchThenIntegerProgram

  @Flag(name: .customLong("no-preprocess"), help: "exact: build the integer program on the full lists (default: first remove the entries no stable matching uses and none blocks).")
  var noPreprocess = false

  @Option(help: "Where to write the matching (student,school).")
  var output: String

  @Option(help: "Also write a JSON summary.")
  var summary: String?

  @Flag(help: "Print no summary on stderr.")
  var quiet = false

  func validate() throws {
    guard timeLimit > 0 && timeLimit.isFinite else { throw ValidationError("--time-limit must be positive") }
    if let iterationLimit, iterationLimit < 0 { throw ValidationError("--iteration-limit must be non-negative") }
  }

  func run() throws {
    try preflightOutputs(files: [output, summary])
    let named = try reportingInputErrors {
      try ResidencyCSV.read(
        schools: schools, applications: applications, rankings: rankings, couples: couples,
        coupleApplications: coupleApplications)
    }
    let market = named.market
    let start = Date()
    let outcome: ResidencyOutcome
    var model: ExactModelSize? = nil
    var reduction: ResidencyReduction? = nil
    var searchNodes: Int? = nil
    switch method {
    case .rothPeranson:
      outcome = RothPeranson(iterationLimit: iterationLimit).match(market)
    case .exact:
      let report = try ExactResidency(
        timeLimit: timeLimit, objective: maximizeMatched ? .maximizeMatched : .anyStable, warmStart: !noWarmStart,
        preprocess: !noPreprocess, engine: engine
      ).solve(market)
      outcome = report.outcome
      model = report.size
      reduction = report.reduction
      searchNodes = report.searchNodes
    }
    let seconds = Date().timeIntervalSince(start)
    // The verdict is the checker's, whatever the mechanism claims.
    var status = outcome.status
    var blocking: Int? = nil
    if let matching = outcome.matching {
      let report = market.stabilityReport(of: matching, limit: 3)
      blocking = report.blockingCount
      if !report.isStable { status = .unstable }
      if !quiet {
        for w in report.singleWitnesses {
          printError("blocking: applicant \(named.applicantNames[w.student]) and program \(named.schoolNames[w.school])")
        }
        for w in report.coupleWitnesses {
          let a = w.programA.map { named.schoolNames[$0] } ?? "unmatched"
          let b = w.programB.map { named.schoolNames[$0] } ?? "unmatched"
          printError("blocking: couple \(named.coupleNames[w.couple]) and its choice \(w.entry + 1) (\(a), \(b))")
        }
      }
      try reportingInputErrors { try AtomicFile.write(bytes: ResidencyCSV.matchingBytes(matching, of: named), to: output) }
    }
    if let summary {
      struct Summary: Encodable {
        var method: String
        var status: String
        var blocking: Int?
        var matched: Int?
        var seconds: Double
        var applicants: Int
        var couples: Int
        var dropped_applications: Int
        var dropped_couple_pairs: Int
        var iterations: Int
        var model: ExactModelSize?
        var preprocessing: ResidencyReduction?
        var search_nodes: Int?

        enum CodingKeys: String, CodingKey {
          case method, status, blocking, matched, seconds, applicants, couples, dropped_applications, dropped_couple_pairs
          case iterations, model, preprocessing, search_nodes
        }

        /// Every key present; `blocking` and `matched` are null when there is no matching.
        func encode(to encoder: any Encoder) throws {
          var c = encoder.container(keyedBy: CodingKeys.self)
          try c.encode(method, forKey: .method)
          try c.encode(status, forKey: .status)
          try c.encode(blocking, forKey: .blocking)
          try c.encode(matched, forKey: .matched)
          try c.encode(seconds, forKey: .seconds)
          try c.encode(applicants, forKey: .applicants)
          try c.encode(couples, forKey: .couples)
          try c.encode(dropped_applications, forKey: .dropped_applications)
          try c.encode(dropped_couple_pairs, forKey: .dropped_couple_pairs)
          try c.encode(iterations, forKey: .iterations)
          try c.encodeIfPresent(model, forKey: .model)
          try c.encodeIfPresent(preprocessing, forKey: .preprocessing)
          try c.encodeIfPresent(search_nodes, forKey: .search_nodes)
        }
      }
      let s = Summary(
        method: method.rawValue, status: status.rawValue, blocking: blocking, matched: outcome.matching?.assignedCount,
        seconds: (seconds * 1000).rounded() / 1000, applicants: market.applicantCount, couples: market.coupleCount,
        dropped_applications: named.droppedApplications, dropped_couple_pairs: named.droppedCouplePairs,
        iterations: outcome.iterations, model: model, preprocessing: reduction,
        search_nodes: searchNodes)
      let bytes = try summaryJSON(s)
      try reportingInputErrors { try AtomicFile.write(bytes: bytes, to: summary) }
    }
    if !quiet {
      var line = "\(method.rawValue): \(market.applicantCount) applicants (\(market.coupleCount) couples), \(market.programCount) programs; status \(status.rawValue)"
      if let m = outcome.matching { line += "; \(m.assignedCount) matched; \(blocking ?? 0) blocking" } else { line += "; no matching written" }
      line += "; \(String(format: "%.3f", seconds)) s"
      printError(line)
    }
  }
}
