import MatchingCore

/// Small random markets for property tests: each test runs on many seeds, and a failure
/// prints the seed and the market so it can be replayed.
public enum RandomMarkets {
  /// A random school-choice market: `students` students, `schools` schools with capacities in
  /// `capacities`, lists of length in `listLength` (distinct schools, random order), and
  /// priority classes drawn from `0..<classes` (1 class = all tied, large = nearly strict).
  public static func schoolChoice(
    seed: UInt64, students: Int, schools: Int, capacities: ClosedRange<Int> = 1...2,
    listLength: ClosedRange<Int> = 1...3, classes: Int = 3,
    tieBreaking: TieBreaking? = nil
  ) -> SchoolChoiceMarket {
    var rng = SeededGenerator(seed: seed)
    let caps = (0..<schools).map { _ in capacities.lowerBound + rng.uniform(below: capacities.count) }
    var prefs: [[Int]] = []
    var prios: [[Int]] = []
    for _ in 0..<students {
      var all = Array(0..<schools)
      rng.shuffle(&all)
      let k = min(schools, listLength.lowerBound + rng.uniform(below: listLength.count))
      prefs.append(Array(all.prefix(k)))
      prios.append((0..<k).map { _ in rng.uniform(below: max(1, classes)) })
    }
    return try! SchoolChoiceMarket(
      capacities: caps, preferences: prefs, priorities: prios,
      tieBreaking: tieBreaking ?? .single(seed: seed &+ 1))
  }

  /// A random market where every school ranks students by one common strict order (a random
  /// permutation), returned with that order (best first).
  public static func commonPriority(
    seed: UInt64, students: Int, schools: Int, capacities: ClosedRange<Int> = 1...2,
    listLength: ClosedRange<Int> = 1...3
  ) -> (market: SchoolChoiceMarket, order: [Int]) {
    var rng = SeededGenerator(seed: seed)
    let order = rng.permutation(students).map(Int.init)
    var position = [Int](repeating: 0, count: students)
    for (k, i) in order.enumerated() { position[i] = k }
    let caps = (0..<schools).map { _ in capacities.lowerBound + rng.uniform(below: capacities.count) }
    var prefs: [[Int]] = []
    var prios: [[Int]] = []
    for i in 0..<students {
      var all = Array(0..<schools)
      rng.shuffle(&all)
      let k = min(schools, listLength.lowerBound + rng.uniform(below: listLength.count))
      prefs.append(Array(all.prefix(k)))
      prios.append([Int](repeating: position[i], count: k))
    }
    let market = try! SchoolChoiceMarket(capacities: caps, preferences: prefs, priorities: prios)
    return (market, order)
  }

  /// A random housing market with `agents` agents; each lists a random subset of houses in
  /// random order (her own house may or may not be listed, anywhere).
  public static func housing(seed: UInt64, agents: Int, listLength: ClosedRange<Int> = 1...4) -> HousingMarket {
    var rng = SeededGenerator(seed: seed)
    var prefs: [[Int]] = []
    for _ in 0..<agents {
      var all = Array(0..<agents)
      rng.shuffle(&all)
      let k = min(agents, listLength.lowerBound + rng.uniform(below: listLength.count))
      prefs.append(Array(all.prefix(k)))
    }
    return try! HousingMarket(endowments: Array(0..<agents), preferences: prefs)
  }
}

extension SchoolChoiceMarket {
  /// A readable dump for failure messages.
  public var dump: String {
    var lines = ["capacities \(capacities.map(Int.init))"]
    for i in 0..<studentCount {
      let r = listRange(of: i)
      let items = r.map { "s\(entries[$0].school)(class \(priorities[$0]), rank \(entries[$0].rank))" }
      lines.append("student \(i): " + items.joined(separator: " > "))
    }
    return lines.joined(separator: "\n")
  }
}

extension HousingMarket {
  /// A readable dump for failure messages.
  public var dump: String {
    (0..<agentCount).map { "agent \($0) owns \(endowment(of: $0)): \(preferenceList(of: $0))" }
      .joined(separator: "\n")
  }
}
