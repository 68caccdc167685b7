import MatchingIO

extension KidneyProgrammeResult {
  /// The format tag of a shard file.
  public static let shardFormat = "matchmarket-kidney-shard-1"

  /// The shard file's contents: the study and every record as JSON, one record a line, so
  /// the same shard is the same bytes.
  ///
  /// - Complexity: O(*R* · *W*) for *R* records of *W* weeks.
  public func shardJSON() -> String {
    let p = study.programme
    var out = "{\"format\": \"\(Self.shardFormat)\",\n"
    out += "\"study\": {\"model\": \"\(p.model.rawValue)\", \"arrivals_per_week\": \(p.arrivalsPerWeek), \"altruists_per_week\": \(p.altruistsPerWeek), "
    out += "\"weeks\": \(p.weeks), \"match_every_days\": \(p.matchEveryDays), \"max_cycle\": \(p.maxCycle), \"max_chain\": \(p.maxChain), "
    out += "\"objective\": \(TextEscaping.jsonString(p.objective.description)), \"arc_failure\": \(p.arcFailure), "
    out += "\"departure_rate_per_week\": \(p.departureRatePerWeek), \"seed\": \(study.seed), \"runs\": \(study.runCount)},\n"
    out += "\"runs\": [\(runs.lowerBound), \(runs.upperBound)],\n\"records\": [\n"
    for (i, r) in records.enumerated() {
      out += "{\"run\": \(r.run), \"arrivals\": \(r.arrivals), \"transplanted\": \(r.transplanted), \"departed\": \(r.departed), "
      out += "\"remaining\": \(r.remaining), \"failed_tests\": \(r.failedTests), \"match_runs\": \(r.matchRuns), \"wait_days\": \(r.waitDays), "
      out += "\"weeks\": [" + r.weeks.map { "[\($0.arrivals), \($0.transplants), \($0.departures), \($0.poolSize)]" }.joined(separator: ", ") + "], "
      out += "\"groups\": [" + r.groups.map {
        "[\(TextEscaping.jsonString($0.bloodType)), \(TextEscaping.jsonString($0.sensitisation)), \($0.transplants), \($0.waitDays)]"
      }.joined(separator: ", ") + "]}"
      out += i + 1 < records.count ? ",\n" : "\n"
    }
    return out + "]}\n"
  }

  /// Reads a shard file written by ``shardJSON()`` (`-` reads standard input), checking every
  /// field, since a shard may have been edited by hand.
  ///
  /// - Throws: ``KidneyStudyError/badShard(_:)`` with an ``InputError`` at
  ///   `file:line:character` naming the field: a file that cannot be read, invalid JSON,
  ///   another format, a missing or mistyped field, a programme parameter out of its range,
  ///   runs outside the study, records not one per run in order, counts that do not add up
  ///   (arrivals = transplanted + departed + remaining; weekly counts summing to the totals;
  ///   group transplants to the transplanted).
  /// - Complexity: O(*b*) for *b* bytes.
  public static func readShard(path: String) throws(KidneyStudyError) -> KidneyProgrammeResult {
    do {
      let bytes = try InputFile.readAll(path)
      return try ShardReader(doc: JSONDocument(bytes: bytes, file: InputFile.displayName(path))).result()
    } catch {
      throw .badShard(error)
    }
  }
}

/// Reads and checks a kidney-programme shard, field by field, at the field's position.
private struct ShardReader {
  typealias Node = JSONDocument.Node
  let doc: JSONDocument
  /// Bounds that keep every sum over runs within `Int` (and match what a study can hold).
  static let maxRuns = 100_000
  static let maxCount = 10_000_000

  func fail(_ node: Node, _ field: String, _ message: String) -> InputError {
    var e = doc.error(at: node, message)
    e.column = field
    return e
  }

  func member(_ object: Node, _ key: String, _ path: String) throws(InputError) -> Node {
    guard object.members != nil else { throw fail(object, path, "expected an object, found \(object.kind)") }
    guard let n = object[key] else { throw fail(object, path, "missing field \"\(key)\"") }
    return n
  }

  func int(_ node: Node, _ field: String, in range: ClosedRange<Int>) throws(InputError) -> Int {
    guard let v = node.exactInteger else { throw fail(node, field, "\(field) must be a whole number, found \(node.kind)") }
    guard range.contains(v) else { throw fail(node, field, "\(field) \(v) is outside \(range.lowerBound)...\(range.upperBound)") }
    return v
  }

  func double(_ node: Node, _ field: String, in range: ClosedRange<Double>) throws(InputError) -> Double {
    guard let v = node.number, v.isFinite else { throw fail(node, field, "\(field) must be a number, found \(node.kind)") }
    guard range.contains(v) else { throw fail(node, field, "\(field) \(v) is outside [\(range.lowerBound), \(range.upperBound)]") }
    return v
  }

  func string(_ node: Node, _ field: String) throws(InputError) -> String {
    guard let s = node.string else { throw fail(node, field, "\(field) must be a string, found \(node.kind)") }
    return s
  }

  func array(_ node: Node, _ field: String, count: Int? = nil) throws(InputError) -> [Node] {
    guard let items = node.items else { throw fail(node, field, "\(field) must be an array, found \(node.kind)") }
    if let count, items.count != count { throw fail(node, field, "\(field) must hold \(count) values, found \(items.count)") }
    return items
  }

  func result() throws(InputError) -> KidneyProgrammeResult {
    let root = doc.root
    let format = try member(root, "format", "format")
    guard format.string == KidneyProgrammeResult.shardFormat else {
      throw fail(format, "format", "not a kidney-programme shard: format \(format.string.map { "'\(InputError.show($0))'" } ?? format.kind) is not '\(KidneyProgrammeResult.shardFormat)'")
    }
    let s = try member(root, "study", "study")
    func field(_ key: String) throws(InputError) -> Node { try member(s, key, "study." + key) }
    let modelNode = try field("model")
    guard let model = KidneyPoolModel(rawValue: try string(modelNode, "study.model")) else {
      throw fail(modelNode, "study.model", "unknown model; expected saidman, heterogeneous or sparse")
    }
    let arrivals = try double(field("arrivals_per_week"), "study.arrivals_per_week", in: 0...1000)
    let altruists = try double(field("altruists_per_week"), "study.altruists_per_week", in: 0...100)
    let weeks = try int(field("weeks"), "study.weeks", in: 1...520)
    let every = try int(field("match_every_days"), "study.match_every_days", in: 1...365)
    let maxCycle = try int(field("max_cycle"), "study.max_cycle", in: 0...8)
    let maxChain = try int(field("max_chain"), "study.max_chain", in: 0...32)
    let objectiveNode = try field("objective")
    guard let objective = KidneyObjective(try string(objectiveNode, "study.objective")) else {
      throw fail(objectiveNode, "study.objective", "unknown objective")
    }
    let arcFailure = try double(field("arc_failure"), "study.arc_failure", in: 0...1)
    let departure = try double(field("departure_rate_per_week"), "study.departure_rate_per_week", in: 0...7)
    let seedNode = try field("seed")
    guard case .number(_, let seedText) = seedNode.value, let seed = UInt64(seedText) else {
      throw fail(seedNode, "study.seed", "seed must be a whole number in 0...\(UInt64.max)")
    }
    let runCount = try int(field("runs"), "study.runs", in: 1...Self.maxRuns)
    let study = KidneyProgrammeStudy(
      programme: KidneyProgramme(
        model: model, arrivalsPerWeek: arrivals, altruistsPerWeek: altruists, weeks: weeks, matchEveryDays: every,
        maxCycle: maxCycle, maxChain: maxChain, objective: objective, arcFailure: arcFailure,
        departureRatePerWeek: departure),
      seed: seed, runCount: runCount)

    let runsNode = try member(root, "runs", "runs")
    let bounds = try array(runsNode, "runs", count: 2)
    let from = try int(bounds[0], "runs[0]", in: 0...runCount - 1)
    let to = try int(bounds[1], "runs[1]", in: from + 1...runCount)
    let recordsNode = try member(root, "records", "records")
    let items = try array(recordsNode, "records", count: to - from)
    var records: [KidneyProgrammeRecord] = []
    for (j, item) in items.enumerated() {
      let at = "records[\(j)]"
      func count(_ key: String) throws(InputError) -> Int {
        try int(member(item, key, at + "." + key), at + "." + key, in: 0...Self.maxCount)
      }
      let runNode = try member(item, "run", at + ".run")
      let run = try int(runNode, at + ".run", in: 0...runCount)
      guard run == from + j else { throw fail(runNode, at + ".run", "record \(j) is of run \(run), expected \(from + j) (one record per run, in order)") }
      let r = try KidneyProgrammeRecord(
        run: run, arrivals: count("arrivals"), transplanted: count("transplanted"), departed: count("departed"),
        remaining: count("remaining"), failedTests: count("failed_tests"), matchRuns: count("match_runs"),
        waitDays: count("wait_days"), weeks: [], groups: [])
      var record = r
      guard r.arrivals == r.transplanted + r.departed + r.remaining else {
        throw fail(item, at, "arrivals \(r.arrivals) must equal transplanted + departed + remaining (\(r.transplanted) + \(r.departed) + \(r.remaining))")
      }
      let weekNodes = try array(member(item, "weeks", at + ".weeks"), at + ".weeks", count: weeks)
      var sums = KidneyProgrammeRun.Week()
      for (w, node) in weekNodes.enumerated() {
        let f = "\(at).weeks[\(w)]"
        let v = try array(node, f, count: 4)
        let week = KidneyProgrammeRun.Week(
          arrivals: try int(v[0], f + "[0]", in: 0...Self.maxCount), transplants: try int(v[1], f + "[1]", in: 0...Self.maxCount),
          departures: try int(v[2], f + "[2]", in: 0...Self.maxCount), poolSize: try int(v[3], f + "[3]", in: 0...Self.maxCount))
        sums.arrivals += week.arrivals
        sums.transplants += week.transplants
        sums.departures += week.departures
        record.weeks.append(week)
      }
      guard sums.arrivals == r.arrivals, sums.transplants == r.transplanted, sums.departures == r.departed,
        record.weeks.last?.poolSize == r.remaining
      else {
        throw fail(item, at + ".weeks", "the weekly arrivals, transplants and departures must sum to the run's totals, and the last week's pool size must be the pairs remaining")
      }
      let groupNodes = try array(member(item, "groups", at + ".groups"), at + ".groups")
      var groupTransplants = 0
      var groupDays = 0
      for (g, node) in groupNodes.enumerated() {
        let f = "\(at).groups[\(g)]"
        let v = try array(node, f, count: 4)
        let group = KidneyProgrammeRecord.Group(
          bloodType: try string(v[0], f + "[0]"), sensitisation: try string(v[1], f + "[1]"),
          transplants: try int(v[2], f + "[2]", in: 1...Self.maxCount), waitDays: try int(v[3], f + "[3]", in: 0...Self.maxCount))
        guard ["O", "A", "B", "AB", ""].contains(group.bloodType) else { throw fail(v[0], f + "[0]", "blood type must be O, A, B, AB or empty") }
        guard ["low", "high"].contains(group.sensitisation) else { throw fail(v[1], f + "[1]", "sensitisation must be low or high") }
        if let last = record.groups.last, last.key >= group.key {
          throw fail(node, f, "groups must be in order of blood type and sensitisation, each once")
        }
        groupTransplants += group.transplants
        groupDays += group.waitDays
        record.groups.append(group)
      }
      guard groupTransplants == r.transplanted, groupDays == r.waitDays else {
        throw fail(item, at + ".groups", "the groups' transplants and waiting days must sum to the run's transplanted and wait_days")
      }
      guard r.waitDays <= r.transplanted * weeks * 7 else {
        throw fail(item, at + ".wait_days", "wait_days \(r.waitDays) exceeds \(weeks * 7) days per transplant")
      }
      records.append(record)
    }
    return KidneyProgrammeResult(study: study, runs: from..<to, records: records)
  }
}
