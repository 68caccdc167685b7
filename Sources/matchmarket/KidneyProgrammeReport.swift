import MatchingMarkets

/// The files `kidney simulate` writes, rendered deterministically from a complete
/// ``KidneyProgrammeResult``: the same records give the same bytes, whether they come from
/// one run, from any number of threads, or from merged shards.
///
/// ```swift
/// let report = KidneyProgrammeReport(result: try study.run(threads: 2))
/// try report.write(toDirectory: "out")   // 4 CSV/JSON files and 4 SVG charts
/// ```
struct KidneyProgrammeReport {
  let result: KidneyProgrammeResult
  var study: KidneyProgrammeStudy { result.study }
  var programme: KidneyProgramme { study.programme }
  var records: [KidneyProgrammeRecord] { result.records }

  /// The files ``write(toDirectory:)`` writes, in order.
  static let fileNames = [
    "runs.csv", "weekly.csv", "waiting.csv", "summary.json", "transplants_per_week.svg", "cumulative_transplants.svg",
    "pool_size.svg", "waiting_times.svg",
  ]

  func write(toDirectory directory: String) throws(OutputError) {
    let dir = OutputDirectory(directory)
    try dir.create()
    try dir.file("runs.csv").write(runsCSV())
    try dir.file("weekly.csv").write(weeklyCSV())
    try dir.file("waiting.csv").write(waitingCSV())
    try dir.file("summary.json").write(summaryJSON())
    try dir.file("transplants_per_week.svg").write(weeklyChart(.transplants))
    try dir.file("cumulative_transplants.svg").write(weeklyChart(.cumulative))
    try dir.file("pool_size.svg").write(weeklyChart(.poolSize))
    try dir.file("waiting_times.svg").write(waitingChart())
  }

  /// `total / n` with four decimals, or empty when `n` is 0.
  static func mean(_ total: Int, _ n: Int) -> String { n == 0 ? "" : Fixed.decimal(Double(total) / Double(n), places: 4) }

  func runsCSV() -> String {
    var out = "run,arrivals,transplanted,departed,remaining,failed_tests,match_runs,mean_wait_days\n"
    for r in records {
      out += "\(r.run),\(r.arrivals),\(r.transplanted),\(r.departed),\(r.remaining),\(r.failedTests),\(r.matchRuns),\(Self.mean(r.waitDays, r.transplanted))\n"
    }
    return out
  }

  func weeklyCSV() -> String {
    var out = "run,week,arrivals,transplants,departures,pool_size\n"
    for r in records {
      for (w, week) in r.weeks.enumerated() {
        out += "\(r.run),\(w + 1),\(week.arrivals),\(week.transplants),\(week.departures),\(week.poolSize)\n"
      }
    }
    return out
  }

  func waitingCSV() -> String {
    var out = "run,patient_blood_type,sensitisation,transplants,mean_wait_days\n"
    for r in records {
      for g in r.groups { out += "\(r.run),\(g.bloodType),\(g.sensitisation),\(g.transplants),\(Self.mean(g.waitDays, g.transplants))\n" }
    }
    return out
  }

  func summaryJSON() -> String {
    let n = records.count
    func avg(_ f: (KidneyProgrammeRecord) -> Int) -> String { Self.mean(records.reduce(0) { $0 + f($1) }, n) }
    let transplanted = records.reduce(0) { $0 + $1.transplanted }
    let weekly = (0..<programme.weeks).map { w in avg { $0.weeks[w].transplants } }
    let pool = (0..<programme.weeks).map { w in avg { $0.weeks[w].poolSize } }
    var groups = ""
    for g in groupStatistics() {
      groups += groups.isEmpty ? "" : ",\n"
      groups += "    {\"patient_blood_type\": \(Fixed.jsonString(g.bloodType)), \"sensitisation\": \"\(g.sensitisation)\", \"transplants\": \(g.transplants), \"mean_wait_days\": \(Self.mean(g.waitDays, g.transplants))}"
    }
    return """
      {
        "model": "\(programme.model.rawValue)",
        "seed": \(study.seed),
        "runs": \(n),
        "weeks": \(programme.weeks),
        "arrivals_per_week": \(Fixed.parameter(programme.arrivalsPerWeek)),
        "altruists_per_week": \(Fixed.parameter(programme.altruistsPerWeek)),
        "match_every_days": \(programme.matchEveryDays),
        "max_cycle": \(programme.maxCycle),
        "max_chain": \(programme.maxChain),
        "objective": \(Fixed.jsonString(programme.objective.description)),
        "arc_failure": \(Fixed.parameter(programme.arcFailure)),
        "departure_rate_per_week": \(Fixed.parameter(programme.departureRatePerWeek)),
        "mean_arrivals": \(avg { $0.arrivals }),
        "mean_transplanted": \(avg { $0.transplanted }),
        "mean_departed": \(avg { $0.departed }),
        "mean_remaining": \(avg { $0.remaining }),
        "mean_failed_tests": \(avg { $0.failedTests }),
        "mean_wait_days": \(transplanted == 0 ? "null" : Self.mean(records.reduce(0) { $0 + $1.waitDays }, transplanted)),
        "wait_by_group": [\(groups.isEmpty ? "" : "\n" + groups + "\n  ")],
        "mean_transplants_by_week": [\(weekly.joined(separator: ", "))],
        "mean_pool_size_by_week": [\(pool.joined(separator: ", "))]
      }

      """
  }

  /// Transplants and waiting days of each group, pooled over runs, in key order.
  func groupStatistics() -> [KidneyProgrammeRecord.Group] {
    var byKey: [String: KidneyProgrammeRecord.Group] = [:]
    for r in records {
      for g in r.groups {
        byKey[g.key, default: .init(bloodType: g.bloodType, sensitisation: g.sensitisation, transplants: 0, waitDays: 0)].transplants += g.transplants
        byKey[g.key]!.waitDays += g.waitDays
      }
    }
    return byKey.keys.sorted().map { byKey[$0]! }
  }

  // MARK: - Charts

  var chartSubtitle: String {
    let p = programme
    var s = "\(Fixed.grouped(records.count)) runs, seed \(study.seed) · \(p.model.rawValue), \(Fixed.parameter(p.arrivalsPerWeek.roundedTo(2))) pairs"
    s += " + \(Fixed.parameter(p.altruistsPerWeek.roundedTo(2))) altruists/week · match every \(p.matchEveryDays) days · K \(p.maxCycle), L \(p.maxChain)"
    if p.arcFailure > 0 { s += " · arc failure \(Fixed.parameter(p.arcFailure))" }
    if p.departureRatePerWeek > 0 { s += " · departures \(Fixed.parameter(p.departureRatePerWeek))/week" }
    return s
  }

  /// The `q`-quantile of `values` by nearest rank (an observed value, so exact and
  /// order-independent).
  static func quantile(_ values: [Int], _ q: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((q * Double(sorted.count)).rounded(.up))
    return Double(sorted[min(max(rank - 1, 0), sorted.count - 1)])
  }

  enum WeeklyMeasure { case transplants, cumulative, poolSize }

  /// A line over the weeks: the mean over runs, with the 10th to 90th percentile band.
  func weeklyChart(_ measure: WeeklyMeasure) -> String {
    let weeks = programme.weeks
    var perRun: [[Int]] = records.map { r in
      switch measure {
      case .transplants: r.weeks.map(\.transplants)
      case .poolSize: r.weeks.map(\.poolSize)
      case .cumulative:
        r.weeks.reduce(into: [Int]()) { acc, w in acc.append((acc.last ?? 0) + w.transplants) }
      }
    }
    if perRun.isEmpty { perRun = [Array(repeating: 0, count: weeks)] }
    var mean: [Double] = []
    var lower: [Double] = []
    var upper: [Double] = []
    for w in 0..<weeks {
      let column = perRun.map { $0[w] }
      mean.append(Double(column.reduce(0, +)) / Double(column.count))
      lower.append(Self.quantile(column, 0.1))
      upper.append(Self.quantile(column, 0.9))
    }
    let (title, yLabel, name): (String, String, String) =
      switch measure {
      case .transplants: ("Transplants per week (mean over runs; band: 10th-90th percentile)", "Transplants in the week", "Transplants")
      case .cumulative: ("Transplants so far (mean over runs; band: 10th-90th percentile)", "Transplants since week 1", "Cumulative transplants")
      case .poolSize: ("Pairs waiting at the end of each week (mean; band: 10th-90th percentile)", "Pairs in the pool", "Pool size")
      }
    var chart = LineChart(title: title, subtitle: chartSubtitle, xLabel: "Week", yLabel: yLabel, x: (1...weeks).map(Double.init))
    chart.series = [.init(name: name, values: mean, lower: lower, upper: upper)]
    return chart.svg()
  }

  /// Bars per patient blood type, one per sensitisation level: the mean over runs of each
  /// run's mean waiting days, with ±1 standard deviation over runs.
  func waitingChart() -> String {
    let order = ["O", "A", "B", "AB", ""]
    let present = Set(records.flatMap { $0.groups.map(\.bloodType) })
    let types = order.filter(present.contains)
    var chart = BarChart(
      title: "Days from arrival to transplant (mean over runs; whiskers: ±1 sd)", subtitle: chartSubtitle,
      xLabel: "Patient blood type", yLabel: "Days waited by transplanted patients",
      categories: types.map { $0.isEmpty ? "unknown" : $0 })
    chart.valueLabels = true
    chart.series = [("low", "cPRA below 80"), ("high", "cPRA 80 or more")].map { level, name in
      var values: [Double] = []
      var errors: [Double] = []
      for type in types {
        let means = records.compactMap { r -> Double? in
          guard let g = r.groups.first(where: { $0.bloodType == type && $0.sensitisation == level }) else { return nil }
          return Double(g.waitDays) / Double(g.transplants)
        }
        let m = means.isEmpty ? 0 : means.reduce(0, +) / Double(means.count)
        let variance = means.count > 1 ? means.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(means.count - 1) : 0
        values.append(m)
        errors.append(variance.squareRoot())
      }
      return BarChart.Series(name: name, values: values, errors: errors)
    }
    return chart.svg()
  }
}

extension Double {
  /// This value rounded to `places` decimals (for labels).
  fileprivate func roundedTo(_ places: Int) -> Double {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    return (self * scale).rounded() / scale
  }
}
