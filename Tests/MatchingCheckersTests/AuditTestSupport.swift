import MatchingCheckers
import MatchingCore
import Mechanisms
import Testing

/// A small school-choice market as nested lists, so a test can rebuild it from scratch with
/// one report changed (the independent re-check of a witness).
struct AuditSpec: CustomStringConvertible {
  var capacities: [Int]
  var preferences: [[Int]]
  /// Aligned with `preferences`: the school's weak class for the student.
  var priorities: [[Int]]
  var tieBreaking: TieBreaking

  func build() -> SchoolChoiceMarket {
    try! SchoolChoiceMarket(
      capacities: capacities, preferences: preferences, priorities: priorities,
      tieBreaking: tieBreaking)
  }

  /// The same market, built from scratch, with student `i` reporting `list` (a subset of
  /// her truthful list; each school keeps its priority class for her).
  func replacing(student i: Int, with list: [Int]) -> AuditSpec {
    var copy = self
    copy.preferences[i] = list
    copy.priorities[i] = list.map { s in priorities[i][preferences[i].firstIndex(of: s)!] }
    return copy
  }

  var description: String {
    "capacities \(capacities), preferences \(preferences), priorities \(priorities), \(tieBreaking)"
  }

  /// A random market: `n` students, `m` schools, lists of 1...`maxList` schools, priority
  /// classes in 0..<`classes`.
  static func random(
    seed: UInt64, students n: Int, schools m: Int, maxList: Int, maxCapacity: Int = 2,
    classes: Int = 3
  ) -> AuditSpec {
    var rng = SeededGenerator(seed: seed)
    let capacities = (0..<m).map { _ in 1 + rng.uniform(below: maxCapacity) }
    var preferences: [[Int]] = []
    var priorities: [[Int]] = []
    for _ in 0..<n {
      var schools = Array(0..<m)
      rng.shuffle(&schools)
      let k = 1 + rng.uniform(below: min(maxList, m))
      preferences.append(Array(schools.prefix(k)))
      priorities.append((0..<k).map { _ in rng.uniform(below: classes) })
    }
    let tie: TieBreaking =
      rng.uniform(below: 2) == 0 ? .single(seed: seed) : .multiple(seed: seed)
    return AuditSpec(
      capacities: capacities, preferences: preferences, priorities: priorities, tieBreaking: tie)
  }
}

/// A one-to-one market with both sides' strict lists (men = students, women = schools).
struct MarriageSpec: CustomStringConvertible {
  var men: [[Int]]
  var women: [[Int]]

  func build() -> SchoolChoiceMarket {
    try! SchoolChoiceMarket(
      capacities: [Int](repeating: 1, count: women.count), studentPreferences: men,
      schoolPreferences: women)
  }

  var description: String { "men \(men), women \(women)" }

  /// Whether man `m` and woman `w` find each other acceptable.
  func acceptable(_ m: Int, _ w: Int) -> Bool { men[m].contains(w) && women[w].contains(m) }

  /// Every stable matching, by brute force over all matchings (`result[k][m]` is man m's
  /// wife or -1).
  func stableMatchings() -> [[Int]] {
    var result: [[Int]] = []
    var wife = [Int](repeating: -1, count: men.count)
    var taken = [Bool](repeating: false, count: women.count)
    func rank(_ list: [Int], _ x: Int) -> Int { list.firstIndex(of: x) ?? Int.max }
    func isStable() -> Bool {
      var husband = [Int](repeating: -1, count: women.count)
      for (m, w) in wife.enumerated() where w >= 0 { husband[w] = m }
      for m in men.indices {
        for w in men[m] where women[w].contains(m) && w != wife[m] {
          let manPrefers = wife[m] < 0 || rank(men[m], w) < rank(men[m], wife[m])
          let womanPrefers = husband[w] < 0 || rank(women[w], m) < rank(women[w], husband[w])
          if manPrefers && womanPrefers { return false }
        }
      }
      return true
    }
    func assign(_ m: Int) {
      if m == men.count {
        if isStable() { result.append(wife) }
        return
      }
      wife[m] = -1
      assign(m + 1)
      for w in women.indices where !taken[w] && acceptable(m, w) {
        taken[w] = true
        wife[m] = w
        assign(m + 1)
        wife[m] = -1
        taken[w] = false
      }
    }
    assign(0)
    return result
  }

  /// The same market with woman `w` reporting `list`.
  func replacing(woman w: Int, with list: [Int]) -> MarriageSpec {
    var copy = self
    copy.women[w] = list
    return copy
  }

  /// The same market with man `m` reporting `list`.
  func replacing(man m: Int, with list: [Int]) -> MarriageSpec {
    var copy = self
    copy.men[m] = list
    return copy
  }

  /// A random market with `n` men and `n` women; each lists a random subset (at least one).
  static func random(seed: UInt64, size n: Int, complete: Bool) -> MarriageSpec {
    var rng = SeededGenerator(seed: seed)
    func list() -> [Int] {
      var xs = Array(0..<n)
      rng.shuffle(&xs)
      return complete ? xs : Array(xs.prefix(1 + rng.uniform(below: n)))
    }
    let men = (0..<n).map { _ in list() }
    let women = (0..<n).map { _ in list() }
    return MarriageSpec(men: men, women: women)
  }
}

/// Position of `option` in `list`, `Int.max` when absent (unassigned or unacceptable).
func position(_ option: Int?, in list: [Int]) -> Int {
  guard let option else { return Int.max }
  return list.firstIndex(of: option) ?? Int.max
}

/// Re-checks a student-side witness from scratch: rebuilds the truthful market and the
/// market with the misreport from `spec`, reruns the mechanism on both, and checks that the
/// outcomes are the ones reported and that the misreport pays under her true list.
func recheckStudentWitness<M: MatchingMechanism>(
  _ w: ManipulationWitness, spec: AuditSpec, mechanism: M, sourceLocation: SourceLocation = #_sourceLocation
) throws where M.Market == SchoolChoiceMarket, M.Outcome == Matching {
  let i = w.agent
  let truthList = spec.preferences[i]
  #expect(w.trueList == truthList, "\(spec)", sourceLocation: sourceLocation)
  #expect(Set(w.misreport).isSubset(of: Set(truthList)), "\(spec)", sourceLocation: sourceLocation)
  #expect(w.misreport != truthList, "\(spec)", sourceLocation: sourceLocation)
  let truthful = try mechanism.match(spec.build()).partner(of: i)
  let manipulated = try mechanism.match(spec.replacing(student: i, with: w.misreport).build())
    .partner(of: i)
  #expect(w.truthfulOutcome == (truthful.map { [$0] } ?? []), "\(spec)", sourceLocation: sourceLocation)
  #expect(w.manipulatedOutcome == (manipulated.map { [$0] } ?? []), "\(spec)", sourceLocation: sourceLocation)
  #expect(
    position(manipulated, in: truthList) < position(truthful, in: truthList),
    "not better under the true list: \(w) in \(spec)", sourceLocation: sourceLocation)
}
