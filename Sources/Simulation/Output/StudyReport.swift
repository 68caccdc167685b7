import MatchingCore
import MatchingIO

/// The files and the table a study produces, all rendered deterministically from a
/// ``SimulationResult``.
///
/// ```swift
/// let report = StudyReport(result: study.run(threads: 2))
/// print(report.table())
/// try report.write(toDirectory: "out")   // runs.csv, summary.csv, summary.json, two SVGs
/// ```
public struct StudyReport: Sendable {
  /// The result rendered.
  public var result: SimulationResult
  /// Its aggregates, per mechanism.
  public let summaries: [MechanismSummary]

  public init(result: SimulationResult) {
    self.result = result
    self.summaries = result.summaries()
  }

  var study: SimulationStudy { result.study }
  var rankCount: Int { study.model.effectiveListLength }
  var hasAudit: Bool { summaries.allSatisfy { $0.manipulable != nil } && !summaries.isEmpty }
  /// Whether every mechanism has its comparison with DA (shards written before it have none).
  var hasComparison: Bool { summaries.allSatisfy { $0.betterThanDA != nil } && !summaries.isEmpty }

  /// The names of the files ``write(toDirectory:)`` writes.
  public static let fileNames = [
    "runs.csv", "summary.csv", "summary.json", "rank_distribution.svg", "comparison.svg",
  ]

  /// Writes every file into `directory` (created if needed), each through ``OutputTarget``
  /// (atomically for regular files).
  public func write(toDirectory directory: String) throws(OutputError) {
    let dir = OutputDirectory(directory)
    try dir.create()
    try dir.file("runs.csv").write(runsCSV())
    try dir.file("summary.csv").write(summaryCSV())
    try dir.file("summary.json").write(summaryJSON())
    try dir.file("rank_distribution.svg").write(rankDistributionSVG())
    try dir.file("comparison.svg").write(comparisonSVG())
  }

  // MARK: - CSV

  /// One row per run per mechanism: counts of students.
  public func runsCSV() -> String {
    var header = "run,mechanism,students,assigned,unassigned,first_choice,justified_envy_students,blocking_pairs"
    if hasAudit { header += ",audited,manipulable" }
    for r in 1...rankCount { header += ",rank_\(r)" }
    if hasComparison { header += ",better_than_da,worse_than_da" }
    var out = header + "\n"
    for record in result.records {
      for (index, mechanism) in study.mechanisms.enumerated() {
        let m = record.metrics[index]
        out += "\(record.run),\(mechanism.rawValue),\(m.students),\(m.students - m.unassigned),\(m.unassigned),\(m.firstChoice),\(m.envyStudents),\(m.blockingPairs)"
        if hasAudit { out += ",\(m.audited ?? 0),\(m.manipulable ?? 0)" }
        for r in 0..<rankCount { out += ",\(r < m.rankCounts.count ? m.rankCounts[r] : 0)" }
        if hasComparison { out += ",\(m.betterThanDA ?? 0),\(m.worseThanDA ?? 0)" }
        out += "\n"
      }
    }
    return out
  }

  /// One row per mechanism: means and standard deviations over runs, and the pooled rank
  /// distribution as shares of all students.
  public func summaryCSV() -> String {
    var header = "mechanism,runs,students_per_run,first_choice_share,first_choice_share_sd,top3_share,unassigned_mean,unassigned_sd,justified_envy_students_mean,justified_envy_students_sd,blocking_pairs_mean,blocking_pairs_sd"
    if hasAudit { header += ",manipulable_share,manipulable_share_sd" }
    for r in 1...rankCount { header += ",rank_\(r)_share" }
    header += ",unassigned_share"
    if hasComparison { header += ",better_than_da_mean,better_than_da_sd,worse_than_da_mean,worse_than_da_sd" }
    var out = header + "\n"
    for s in summaries {
      let d = { (x: Double) in Fixed.decimal(x, places: 6) }
      var row = "\(s.mechanism.rawValue),\(s.runs),\(Fixed.decimal(s.studentsPerRun, places: 1))"
      row += ",\(d(s.share(s.firstChoice.mean))),\(d(s.share(s.firstChoice.standardDeviation))),\(d(s.share(s.topThree.mean)))"
      row += ",\(Fixed.decimal(s.unassigned.mean, places: 3)),\(Fixed.decimal(s.unassigned.standardDeviation, places: 3))"
      row += ",\(Fixed.decimal(s.envyStudents.mean, places: 3)),\(Fixed.decimal(s.envyStudents.standardDeviation, places: 3))"
      row += ",\(Fixed.decimal(s.blockingPairs.mean, places: 3)),\(Fixed.decimal(s.blockingPairs.standardDeviation, places: 3))"
      if hasAudit, let m = s.manipulable {
        row += ",\(d(s.auditShare(m.mean))),\(d(s.auditShare(m.standardDeviation)))"
      }
      for r in 0..<rankCount { row += ",\(d(r < s.rankShares.count ? s.rankShares[r] : 0))" }
      row += ",\(d(s.unassignedShare))"
      if hasComparison, let b = s.betterThanDA, let w = s.worseThanDA {
        row += [b.mean, b.standardDeviation, w.mean, w.standardDeviation].map { "," + Fixed.decimal($0, places: 3) }.joined()
      }
      out += row + "\n"
    }
    return out
  }

  // MARK: - JSON

  /// The study's parameters and each mechanism's aggregates.
  public func summaryJSON() -> String {
    let model = study.model
    let d = { (x: Double) in Fixed.decimal(x, places: 6) }
    let stat = { (s: RunStatistic) in
      "{\"mean\": \(Fixed.decimal(s.mean, places: 6)), \"sd\": \(Fixed.decimal(s.standardDeviation, places: 6))}"
    }
    var out = "{\n  \"study\": {\n"
    out += "    \"seed\": \(study.seed),\n"
    out += "    \"runs\": \(study.runCount),\n"
    out += "    \"mechanisms\": [\(study.mechanisms.map { Fixed.jsonString($0.rawValue) }.joined(separator: ", "))],\n"
    out += "    \"audit_sample\": \(study.auditSample),\n"
    out += "    \"model\": {\n"
    out += "      \"students\": \(model.studentCount),\n"
    out += "      \"schools\": \(model.schoolCount),\n"
    out += "      \"list_length\": \(model.effectiveListLength),\n"
    out += "      \"alpha\": \(Fixed.parameter(model.alpha)),\n"
    out += "      \"beta\": \(Fixed.parameter(model.beta)),\n"
    out += "      \"seats_ratio\": \(Fixed.parameter(model.seatsRatio)),\n"
    out += "      \"priority\": \(Fixed.jsonString(model.priority.rawValue)),\n"
    out += "      \"sibling_probability\": \(Fixed.parameter(model.siblingProbability)),\n"
    out += "      \"walk_radius\": \(Fixed.parameter(model.walkRadius)),\n"
    out += "      \"tie_breaking\": \(Fixed.jsonString(model.tieBreaking.rawValue))\n"
    out += "    }\n  },\n  \"results\": [\n"
    for (i, s) in summaries.enumerated() {
      out += "    {\n"
      out += "      \"mechanism\": \(Fixed.jsonString(s.mechanism.rawValue)),\n"
      out += "      \"runs\": \(s.runs),\n"
      out += "      \"students_per_run\": \(Fixed.decimal(s.studentsPerRun, places: 1)),\n"
      out += "      \"first_choice_share\": {\"mean\": \(d(s.share(s.firstChoice.mean))), \"sd\": \(d(s.share(s.firstChoice.standardDeviation)))},\n"
      out += "      \"top3_share\": {\"mean\": \(d(s.share(s.topThree.mean))), \"sd\": \(d(s.share(s.topThree.standardDeviation)))},\n"
      out += "      \"unassigned\": \(stat(s.unassigned)),\n"
      out += "      \"justified_envy_students\": \(stat(s.envyStudents)),\n"
      out += "      \"blocking_pairs\": \(stat(s.blockingPairs)),\n"
      if let m = s.manipulable {
        out += "      \"manipulable_share\": {\"mean\": \(d(s.auditShare(m.mean))), \"sd\": \(d(s.auditShare(m.standardDeviation)))},\n"
      }
      if let b = s.betterThanDA, let w = s.worseThanDA {
        out += "      \"better_than_da\": \(stat(b)),\n"
        out += "      \"worse_than_da\": \(stat(w)),\n"
      }
      out += "      \"rank_shares\": [\(s.rankShares.prefix(rankCount).map(d).joined(separator: ", "))],\n"
      out += "      \"unassigned_share\": \(d(s.unassignedShare))\n"
      out += "    }\(i + 1 < summaries.count ? "," : "")\n"
    }
    out += "  ]\n}\n"
    return out
  }

  // MARK: - Charts

  var chartSubtitle: String {
    let m = study.model
    return "\(Fixed.grouped(study.runCount)) runs, seed \(study.seed): \(Fixed.grouped(m.studentCount)) students, \(Fixed.grouped(m.schoolCount)) schools, top-\(m.effectiveListLength) lists, alpha \(Fixed.parameter(m.alpha)), beta \(Fixed.parameter(m.beta)), seats/students \(Fixed.parameter(m.seatsRatio)), \(m.priority.rawValue) priorities, \(m.tieBreaking.rawValue) tie-breaking"
  }

  /// Grouped bars: for each position in the list (and unassigned), the share of students
  /// each mechanism put there.
  public func rankDistributionSVG() -> String {
    var categories = (1...rankCount).map { String($0) }
    categories.append("none")
    var chart = BarChart(
      title: "Where students land: rank of the assigned school",
      subtitle: chartSubtitle,
      xLabel: "Position of the assigned school in the student's list (none = unassigned)",
      yLabel: "Students (% of all, pooled over runs)", categories: categories)
    chart.series = summaries.map { s in
      var values = (0..<rankCount).map { r in (r < s.rankShares.count ? s.rankShares[r] : 0) * 100 }
      values.append(s.unassignedShare * 100)
      return BarChart.Series(name: s.mechanism.label, values: values)
    }
    return chart.svg()
  }

  /// Grouped bars: headline shares of students (first choice, top three, unassigned,
  /// justified envy, and manipulable when audited) per mechanism, with ±1 standard deviation
  /// over runs.
  public func comparisonSVG() -> String {
    var categories = ["First choice", "Top 3 choices", "Unassigned", "Justified envy"]
    if hasAudit { categories.append("Manipulable") }
    if hasComparison { categories += ["Better off than DA", "Worse off than DA"] }
    var chart = BarChart(
      title: "Mechanisms compared (mean over runs; whiskers: ±1 sd)",
      subtitle: chartSubtitle,
      xLabel: "Outcome (share of students)", yLabel: "Students (%)", categories: categories)
    chart.valueLabels = true
    chart.series = summaries.map { s in
      var values = [s.firstChoice, s.topThree, s.unassigned, s.envyStudents].map { s.share($0.mean) * 100 }
      var errors = [s.firstChoice, s.topThree, s.unassigned, s.envyStudents].map {
        s.share($0.standardDeviation) * 100
      }
      if hasAudit, let m = s.manipulable {
        values.append(s.auditShare(m.mean) * 100)
        errors.append(s.auditShare(m.standardDeviation) * 100)
      }
      if hasComparison, let b = s.betterThanDA, let w = s.worseThanDA {
        values += [b, w].map { s.share($0.mean) * 100 }
        errors += [b, w].map { s.share($0.standardDeviation) * 100 }
      }
      return BarChart.Series(name: s.mechanism.label, values: values, errors: errors)
    }
    return chart.svg()
  }

  // MARK: - Table

  /// A plain-text summary table for the terminal.
  public func table() -> String {
    let m = study.model
    var out = "\(Fixed.grouped(study.runCount)) runs, seed \(study.seed): \(Fixed.grouped(m.studentCount)) students, \(Fixed.grouped(m.schoolCount)) schools, top-\(m.effectiveListLength) lists\n"
    out += "alpha \(Fixed.parameter(m.alpha)), beta \(Fixed.parameter(m.beta)), seats/students \(Fixed.parameter(m.seatsRatio)), \(m.priority.rawValue) priorities, \(m.tieBreaking.rawValue) tie-breaking\n\n"
    var header = ["mechanism", "1st choice", "top 3", "unassigned", "justified envy", "blocking pairs"]
    if hasAudit { header.append("manipulable") }
    if hasComparison { header += ["better than DA", "worse than DA"] }
    var rows: [[String]] = []
    for s in summaries {
      let pct = { (x: RunStatistic) in
        Fixed.percent(s.share(x.mean), places: 2) + "% ±" + Fixed.percent(s.share(x.standardDeviation), places: 2)
      }
      var row = [
        s.mechanism.rawValue, pct(s.firstChoice), Fixed.percent(s.share(s.topThree.mean), places: 2) + "%",
        Fixed.decimal(s.unassigned.mean, places: 1) + " (" + Fixed.percent(s.share(s.unassigned.mean), places: 2) + "%)",
        Fixed.decimal(s.envyStudents.mean, places: 1) + " (" + Fixed.percent(s.share(s.envyStudents.mean), places: 2) + "%)",
        Fixed.decimal(s.blockingPairs.mean, places: 1),
      ]
      if hasAudit, let x = s.manipulable {
        row.append(
          Fixed.percent(s.auditShare(x.mean), places: 1) + "% ±"
            + Fixed.percent(s.auditShare(x.standardDeviation), places: 1))
      }
      if hasComparison, let b = s.betterThanDA, let w = s.worseThanDA {
        row += [b, w].map { Fixed.decimal($0.mean, places: 1) + " (" + Fixed.percent(s.share($0.mean), places: 2) + "%)" }
      }
      rows.append(row)
    }
    out += Self.renderTable(header: header, rows: rows)
    out += "\nMeans per run (± standard deviation over runs); justified envy counts students, against the weak priority classes.\n"
    if hasComparison {
      out += "better/worse than DA: students placed higher/lower in their lists than by student-proposing DA on the same market.\n"
    }
    if hasAudit {
      out += "manipulable: share of \(study.auditSample) sampled students per run who gain by some misreport the audit tries.\n"
    }
    return out
  }

  /// Columns padded to their widest cell; the first left-aligned, the rest right-aligned.
  public static func renderTable(header: [String], rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows { for (j, cell) in row.enumerated() { widths[j] = max(widths[j], cell.count) } }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { j, cell in
        let pad = String(repeating: " ", count: widths[j] - cell.count)
        return j == 0 ? cell + pad : pad + cell
      }.joined(separator: "  ")
    }
    var out = line(header) + "\n"
    out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
    for row in rows { out += line(row) + "\n" }
    return out
  }
}
