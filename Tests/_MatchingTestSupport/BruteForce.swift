import MatchingCore

/// Exhaustive answers for small markets, computed independently of the mechanisms and of
/// the O(E) checkers: the oracle the property tests compare against.
public enum BruteForce {
  /// Every feasible, individually rational matching of a small school-choice market (each
  /// student at a school on her list or unassigned, capacities respected).
  ///
  /// - Complexity: O(Π (k_i + 1)) — for tests on a handful of students only.
  public static func allMatchings(_ market: SchoolChoiceMarket) -> [Matching] {
    var result: [Matching] = []
    var assignment = [Int32](repeating: -1, count: market.studentCount)
    var load = [Int](repeating: 0, count: market.schoolCount)
    func go(_ i: Int) {
      if i == market.studentCount {
        result.append(Matching(assignment: assignment))
        return
      }
      assignment[i] = -1
      go(i + 1)
      for s in market.preferenceList(of: i) where load[s] < Int(market.capacities[s]) {
        load[s] += 1
        assignment[i] = Int32(s)
        go(i + 1)
        load[s] -= 1
      }
      assignment[i] = -1
    }
    go(0)
    return result
  }

  /// Whether `m` is stable, by the definition checked pair by pair: no student prefers a
  /// school that has an empty seat or holds someone of lower priority (strict ranks, or weak
  /// classes where envy needs a strictly better class).
  public static func isStable(_ m: Matching, in market: SchoolChoiceMarket, strict: Bool = true) -> Bool {
    for i in 0..<market.studentCount {
      let list = market.listRange(of: i)
      for e in list {
        let s = Int(market.entries[e].school)
        if m.partner(of: i) == s { break }  // schools below her own are not preferred
        let holders = (0..<market.studentCount).filter { m.partner(of: $0) == s }
        if holders.count < Int(market.capacities[s]) { return false }
        for j in holders {
          guard let ej = market.listRange(of: j).first(where: { Int(market.entries[$0].school) == s }) else { continue }
          if strict ? market.entries[e].rank < market.entries[ej].rank
            : market.priorities[e] < market.priorities[ej]
          {
            return false
          }
        }
      }
    }
    return true
  }

  /// All stable matchings (strict priorities) of a small market.
  public static func stableMatchings(_ market: SchoolChoiceMarket) -> [Matching] {
    allMatchings(market).filter { isStable($0, in: market) }
  }

  /// Position of `m`'s school in student i's list; `Int.max` when unassigned.
  public static func position(_ m: Matching, _ i: Int, in market: SchoolChoiceMarket) -> Int {
    guard let s = m.partner(of: i) else { return Int.max }
    return market.position(of: s, in: i) ?? Int.max
  }

  /// Whether some matching makes every student weakly better and one strictly.
  public static func isParetoDominated(_ m: Matching, in market: SchoolChoiceMarket) -> Bool {
    allMatchings(market).contains { other in
      var strictly = false
      for i in 0..<market.studentCount {
        let a = position(other, i, in: market)
        let b = position(m, i, in: market)
        if a > b { return false }
        if a < b { strictly = true }
      }
      return strictly
    }
  }

  /// Every allocation of a housing market in which each agent gets a house she lists (her
  /// own house is always listed): permutations respecting lists.
  public static func allAllocations(_ market: HousingMarket) -> [Matching] {
    var result: [Matching] = []
    var assignment = [Int32](repeating: -1, count: market.agentCount)
    var taken = [Bool](repeating: false, count: market.agentCount)
    func go(_ a: Int) {
      if a == market.agentCount {
        result.append(Matching(assignment: assignment))
        return
      }
      for h in market.preferenceList(of: a) where !taken[h] {
        taken[h] = true
        assignment[a] = Int32(h)
        go(a + 1)
        taken[h] = false
      }
    }
    go(0)
    return result
  }

  /// Whether a coalition blocks `m`: some set of agents, trading only their own houses, makes
  /// every member weakly better and one strictly (checked over every subset and every
  /// reallocation of its endowments).
  public static func isBlocked(_ m: Matching, in market: HousingMarket) -> Bool {
    let n = market.agentCount
    func rank(_ a: Int, _ h: Int?) -> Int {
      guard let h, let p = market.position(of: h, in: a) else { return Int.max }
      return p
    }
    for mask in 1..<(1 << n) {
      let members = (0..<n).filter { mask & (1 << $0) != 0 }
      let houses = members.map { market.endowment(of: $0) }
      var found = false
      permutations(houses) { perm in
        var strictly = false
        for (k, a) in members.enumerated() {
          let new = rank(a, perm[k])
          let old = rank(a, m.partner(of: a))
          if new > old { return }
          if new < old { strictly = true }
        }
        if strictly { found = true }
      }
      if found { return true }
    }
    return false
  }

  static func permutations(_ items: [Int], _ body: ([Int]) -> Void) {
    var a = items
    func go(_ k: Int) {
      if k == a.count {
        body(a)
        return
      }
      for j in k..<a.count {
        a.swapAt(k, j)
        go(k + 1)
        a.swapAt(k, j)
      }
    }
    go(0)
  }
}

// MARK: - Roommates

extension BruteForce {
  /// Every matching of a small roommates market given by nested lists (a pair only when both
  /// list each other), as partner arrays (-1 unmatched).
  public static func roommatesMatchings(_ lists: [[Int]]) -> [[Int]] {
    let n = lists.count
    func accepts(_ a: Int, _ b: Int) -> Bool { lists[a].contains(b) && lists[b].contains(a) }
    var result: [[Int]] = []
    var partner = [Int](repeating: -2, count: n)  // -2: undecided
    func go() {
      guard let a = partner.firstIndex(of: -2) else {
        result.append(partner)
        return
      }
      partner[a] = -1
      go()
      for b in 0..<n where b != a && partner[b] == -2 && accepts(a, b) {
        partner[a] = b
        partner[b] = a
        go()
        partner[b] = -2
      }
      partner[a] = -2
    }
    go()
    return result
  }

  /// Whether a roommates matching is stable, pair by pair from the definition.
  public static func isStableRoommates(_ partner: [Int], _ lists: [[Int]]) -> Bool {
    let n = lists.count
    func rank(_ a: Int, _ b: Int) -> Int { lists[a].firstIndex(of: b) ?? Int.max }
    func accepts(_ a: Int, _ b: Int) -> Bool { lists[a].contains(b) && lists[b].contains(a) }
    func prefers(_ a: Int, _ b: Int) -> Bool { partner[a] < 0 || rank(a, b) < rank(a, partner[a]) }
    for a in 0..<n {
      for b in (a + 1)..<max(a + 1, n) where partner[a] != b && accepts(a, b) {
        if prefers(a, b) && prefers(b, a) { return false }
      }
    }
    return true
  }

  /// All stable roommates matchings of a small market.
  public static func stableRoommatesMatchings(_ lists: [[Int]]) -> [[Int]] {
    roommatesMatchings(lists).filter { isStableRoommates($0, lists) }
  }

  /// Random roommates lists: each agent lists a random subset of the others (of size in
  /// `listLength`), in random order.
  public static func randomRoommates(seed: UInt64, agents: Int, listLength: ClosedRange<Int>) -> [[Int]] {
    var rng = SeededGenerator(seed: seed)
    return (0..<agents).map { a in
      var others = (0..<agents).filter { $0 != a }
      rng.shuffle(&others)
      let k = min(others.count, listLength.lowerBound + rng.uniform(below: listLength.count))
      return Array(others.prefix(k))
    }
  }
}
