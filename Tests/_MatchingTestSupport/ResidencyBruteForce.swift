import MatchingCore

/// A tiny residency market with couples in plain nested lists, and exhaustive answers about
/// it computed straight from the definition (sets of assignees, sorted), independently of the
/// market's flat representation and of the O(E) checker.
public struct TinyResidency: Sendable, CustomStringConvertible {
  public var capacities: [Int]
  /// Each program's applicants, best first; an applicant it leaves out is unacceptable to it.
  public var programRankings: [[Int]]
  /// Each applicant's own list (empty for couple members).
  public var singlePreferences: [[Int]]
  public var couples: [(Int, Int)]
  public var coupleLists: [[(Int?, Int?)]]

  public init(
    capacities: [Int], programRankings: [[Int]], singlePreferences: [[Int]], couples: [(Int, Int)],
    coupleLists: [[(Int?, Int?)]]
  ) {
    self.capacities = capacities
    self.programRankings = programRankings
    self.singlePreferences = singlePreferences
    self.couples = couples
    self.coupleLists = coupleLists
  }

  public var description: String {
    "TinyResidency(capacities: \(capacities), programRankings: \(programRankings), singlePreferences: \(singlePreferences), couples: \(couples), coupleLists: \(coupleLists))"
  }

  public func market() throws -> ResidencyMarket {
    try ResidencyMarket(
      capacities: capacities, programRankings: programRankings, singlePreferences: singlePreferences,
      couples: couples, coupleLists: coupleLists)
  }

  func position(_ s: Int, _ i: Int) -> Int? { programRankings[s].firstIndex(of: i) }

  /// A single's acceptable programs, in her order.
  func singleOptions(_ i: Int) -> [Int] { singlePreferences[i].filter { position($0, i) != nil } }

  /// A couple's acceptable pairs, in its order.
  func coupleOptions(_ c: Int) -> [(Int?, Int?)] {
    let (a, b) = couples[c]
    return coupleLists[c].filter { pair in
      (pair.0 == nil || position(pair.0!, a) != nil) && (pair.1 == nil || position(pair.1!, b) != nil)
    }
  }

  var isMember: [Bool] {
    var result = [Bool](repeating: false, count: singlePreferences.count)
    for (a, b) in couples {
      result[a] = true
      result[b] = true
    }
    return result
  }

  /// Every valid matching: singles at acceptable listed programs or unmatched, couples at
  /// acceptable listed pairs or both unmatched, capacities respected.
  public func allMatchings() -> [Matching] {
    let n = singlePreferences.count
    let member = isMember
    var result: [Matching] = []
    var assignment = [Int32](repeating: -1, count: n)
    func load(_ s: Int) -> Int { assignment.filter { $0 == Int32(s) }.count }
    func singles(_ i: Int) {
      if i == n {
        couplesStep(0)
        return
      }
      if member[i] {
        singles(i + 1)
        return
      }
      assignment[i] = -1
      singles(i + 1)
      for s in singleOptions(i) where load(s) < capacities[s] {
        assignment[i] = Int32(s)
        singles(i + 1)
      }
      assignment[i] = -1
    }
    func couplesStep(_ c: Int) {
      if c == couples.count {
        result.append(Matching(assignment: assignment))
        return
      }
      let (a, b) = couples[c]
      assignment[a] = -1
      assignment[b] = -1
      couplesStep(c + 1)
      for (sa, sb) in coupleOptions(c) {
        assignment[a] = Int32(sa ?? -1)
        assignment[b] = Int32(sb ?? -1)
        if (0..<capacities.count).allSatisfy({ load($0) <= capacities[$0] }) { couplesStep(c + 1) }
      }
      assignment[a] = -1
      assignment[b] = -1
    }
    singles(0)
    return result
  }

  /// Whether program `s` would take `member` into the set `others ∪ wanting`: `member` is
  /// among the `capacity` best of that set.
  func amongBest(_ s: Int, member: Int, others: [Int], wanting: [Int]) -> Bool {
    let pool = (others + wanting).sorted { position(s, $0)! < position(s, $1)! }
    return pool.prefix(capacities[s]).contains(member)
  }

  /// Blocking singles' pairs and blocking couples' entries of a valid matching, by the
  /// definition.
  public func blockingCounts(_ m: Matching) -> (singles: Int, couples: Int) {
    let member = isMember
    let n = singlePreferences.count
    func holders(_ s: Int) -> [Int] { (0..<n).filter { m.assignment[$0] == Int32(s) } }
    var singles = 0
    for i in 0..<n where !member[i] {
      let options = singleOptions(i)
      let held = m.assignment[i] < 0 ? options.count : options.firstIndex(of: Int(m.assignment[i]))!
      for s in options.prefix(held) where amongBest(s, member: i, others: holders(s), wanting: [i]) {
        singles += 1
      }
    }
    var couplesBlocking = 0
    for (c, (a, b)) in couples.enumerated() {
      let options = coupleOptions(c)
      let sa = m.assignment[a] < 0 ? nil : Int(m.assignment[a])
      let sb = m.assignment[b] < 0 ? nil : Int(m.assignment[b])
      let held = (sa == nil && sb == nil) ? options.count : options.firstIndex { $0.0 == sa && $0.1 == sb }!
      for (pa, pb) in options.prefix(held) {
        var ok = true
        if let pa, let pb, pa == pb {
          let others = holders(pa).filter { $0 != a && $0 != b }
          ok = amongBest(pa, member: a, others: others, wanting: [a, b])
            && amongBest(pa, member: b, others: others, wanting: [a, b])
        } else {
          for (p, x) in [(pa, a), (pb, b)] {
            guard let p else { continue }
            if m.assignment[x] == Int32(p) { continue }
            let others = holders(p).filter { $0 != a && $0 != b }
            if !amongBest(p, member: x, others: others, wanting: [x]) { ok = false }
          }
        }
        if ok { couplesBlocking += 1 }
      }
    }
    return (singles, couplesBlocking)
  }

  /// Every stable matching.
  public func stableMatchings() -> [Matching] {
    allMatchings().filter { let b = blockingCounts($0); return b.singles == 0 && b.couples == 0 }
  }

  /// A random tiny market: `programs` programs with capacities 1-2, each ranking most
  /// applicants; `singles` singles with lists of 1-3 programs; `couples` couples with joint
  /// lists of 1-5 pairs (sometimes one member unmatched, sometimes both at one program).
  public static func random(seed: UInt64, programs: Int = 4, singles: Int, couples: Int) -> TinyResidency {
    var rng = SeededGenerator(seed: seed)
    let n = singles + 2 * couples
    let capacities = (0..<programs).map { _ in 1 + rng.uniform(below: 2) }
    var rankings: [[Int]] = []
    for _ in 0..<programs {
      var order = Array(0..<n)
      rng.shuffle(&order)
      rankings.append(order.filter { _ in rng.uniform(below: 8) != 0 })
    }
    var prefs = [[Int]](repeating: [], count: n)
    for i in 0..<singles {
      var order = Array(0..<programs)
      rng.shuffle(&order)
      prefs[i] = Array(order.prefix(1 + rng.uniform(below: 3)))
    }
    var pairs: [(Int, Int)] = []
    var lists: [[(Int?, Int?)]] = []
    for c in 0..<couples {
      pairs.append((singles + 2 * c, singles + 2 * c + 1))
      var all: [(Int?, Int?)] = []
      for x in 0..<programs { for y in 0..<programs { all.append((x, y)) } }
      for x in 0..<programs { all.append((x, nil)); all.append((nil, x)) }
      rng.shuffle(&all)
      lists.append(Array(all.prefix(1 + rng.uniform(below: 5))))
    }
    return TinyResidency(
      capacities: capacities, programRankings: rankings, singlePreferences: prefs, couples: pairs, coupleLists: lists)
  }

  /// The textbook market without a stable matching, as it is usually stated after Roth
  /// (1984) and Klaus and Klijn (2005, *Stable matchings and preferences of couples*, JET
  /// 121:75-106): single *s* ranks c1 above c2; couple (*m*, *w*) accepts only (c1 for *m*,
  /// c2 for *w*) and is otherwise unmatched; c1 ranks *m* above *s*; c2 ranks *s* above *w*;
  /// one seat each. Here *m* = 0, *w* = 1, *s* = 2, c1 = program 0, c2 = program 1.
  ///
  /// Source: the search tool could not reach the papers' own text; this exact instance
  /// (preferences and capacities) was taken from lecture notes that cite Klaus and Klijn
  /// (2005) for it, which also trace deferred acceptance cycling through its five steps.
  ///
  /// No matching is stable: with the couple placed, *s* blocks with c2; with *s* at c1 the
  /// couple blocks; with *s* at c2 or unmatched, *s* blocks with c1 (which drops *m*).
  public static let noStableMatching = TinyResidency(
    capacities: [1, 1], programRankings: [[0, 2], [2, 1]], singlePreferences: [[], [], [0, 1]],
    couples: [(0, 1)], coupleLists: [[(0, 1)]])
}
