import MatchingCheckers
import MatchingCore
import Mechanisms

/// The checks each benchmark applies to its own result, so a fast wrong answer fails.
///
/// Each returns `nil` when the result is right and a sentence saying what is wrong otherwise.
public enum BenchmarkVerification {
  /// Deferred acceptance: valid and stable under the strict (tie-broken) priorities, which is
  /// the complete certificate of a stable matching; for student-proposing DA, also every
  /// student at least as well off as under school-proposing DA (student-optimality's
  /// necessary half, checked against an independent run of the other side's algorithm).
  public static func deferredAcceptance(
    _ matching: Matching, in market: SchoolChoiceMarket, proposing: DeferredAcceptance.Proposing,
    other: Matching?
  ) -> String? {
    let report = market.stabilityReport(of: matching, standard: .strict, limit: 1)
    if let v = report.violations.first { return "invalid matching: \(v)" }
    if let w = report.witnesses.first { return "not stable: \(w)" }
    if proposing == .students, let other {
      for i in 0..<market.studentCount {
        let mine = matching.partner(of: i).flatMap { market.position(of: $0, in: i) } ?? Int.max
        let theirs = other.partner(of: i).flatMap { market.position(of: $0, in: i) } ?? Int.max
        if mine > theirs {
          return "student \(i) is worse off than under school-proposing DA: not student-optimal"
        }
      }
    }
    return nil
  }

  /// Boston (immediate acceptance): valid, non-wasteful, and every school took as many
  /// first-choice applicants as it could (min(capacity, first-choice applicants)), the
  /// property that defines round one.
  public static func boston(_ matching: Matching, in market: SchoolChoiceMarket) -> String? {
    let report = market.stabilityReport(of: matching, standard: .weak, limit: 1)
    if let v = report.violations.first { return "invalid matching: \(v)" }
    if report.wastefulPairCount > 0 { return "wasteful: \(report.witnesses.first.map(String.init(describing:)) ?? "")" }
    var firstApplicants = [Int](repeating: 0, count: market.schoolCount)
    var firstAdmitted = [Int](repeating: 0, count: market.schoolCount)
    for i in 0..<market.studentCount {
      let r = market.listRange(of: i)
      guard !r.isEmpty else { continue }
      let top = Int(market.entries[r.lowerBound].school)
      firstApplicants[top] += 1
      if matching.partner(of: i) == top { firstAdmitted[top] += 1 }
    }
    for s in 0..<market.schoolCount
    where firstAdmitted[s] != min(Int(market.capacities[s]), firstApplicants[s]) {
      return "school \(s) admitted \(firstAdmitted[s]) first-choice applicants, not min(capacity, \(firstApplicants[s]))"
    }
    return nil
  }

  /// School-choice TTC: valid and Pareto efficient for students (the lead's O(*E*) checker);
  /// on markets up to `independentLimit` students, also equal to a plain round-by-round TTC
  /// written independently below.
  public static func schoolTTC(
    _ matching: Matching, in market: SchoolChoiceMarket, independentLimit: Int = 20_000
  ) -> String? {
    let violations = market.violations(of: matching)
    if let v = violations.first { return "invalid matching: \(v)" }
    if let cycle = market.paretoImprovement(of: matching) { return "not Pareto efficient: \(cycle)" }
    if market.studentCount <= independentLimit {
      let other = roundByRoundTTC(market)
      if other != matching { return "differs from the round-by-round TTC" }
    }
    return nil
  }

  /// Housing TTC: the allocation is in the core (no blocking coalition, the lead's Tarjan
  /// checker). The core of a housing market with strict preferences is a single allocation,
  /// the TTC one (Roth and Postlewaite 1977), so this certifies the whole answer.
  public static func housingTTC(_ matching: Matching, in market: HousingMarket) -> String? {
    let violations = market.violations(of: matching)
    if let v = violations.first { return "invalid allocation: \(v)" }
    if let c = market.blockingCoalition(against: matching) { return "not in the core: \(c)" }
    return nil
  }

  /// Serial dictatorship in input order: equal to student-proposing DA on the same lists when
  /// every school ranks students in input order (an independent computation), when
  /// `comparison` is given; always valid and non-wasteful.
  public static func serialDictatorship(
    _ matching: Matching, in market: SchoolChoiceMarket, comparison: SchoolChoiceMarket?
  ) -> String? {
    let report = market.stabilityReport(of: matching, standard: .weak, limit: 1)
    if let v = report.violations.first { return "invalid matching: \(v)" }
    if report.wastefulPairCount > 0 { return "wasteful" }
    if let comparison {
      if DeferredAcceptance().match(comparison) != matching {
        return "differs from DA with a common priority order (input order)"
      }
    }
    return nil
  }

  /// The same lists, with every school ranking students in input order.
  public static func commonOrderMarket(_ market: SchoolChoiceMarket) -> SchoolChoiceMarket {
    var offsets: [Int32] = [0]
    var schools: [Int32] = []
    var priorities: [Int32] = []
    schools.reserveCapacity(market.totalListLength)
    priorities.reserveCapacity(market.totalListLength)
    for i in 0..<market.studentCount {
      for e in market.listRange(of: i) {
        schools.append(market.entries[e].school)
        priorities.append(Int32(i))
      }
      offsets.append(Int32(schools.count))
    }
    return try! SchoolChoiceMarket(
      capacities: market.capacities, listOffsets: offsets, schools: schools, priorities: priorities)
  }

  /// Top trading cycles for school choice, the textbook way (Abdulkadiroglu and Sonmez 2003):
  /// in each round every remaining student points to her best school with a seat left, every
  /// such school to its best remaining applicant; every cycle trades; repeat. O(rounds · *E*),
  /// kept deliberately naive as an independent check.
  public static func roundByRoundTTC(_ market: SchoolChoiceMarket) -> Matching {
    let n = market.studentCount
    let m = market.schoolCount
    var seats = market.capacities.map(Int.init)
    var assignment = [Int32](repeating: unassigned, count: n)
    var remaining = [Bool](repeating: true, count: n)
    var left = n
    while left > 0 {
      // Students point to schools.
      var studentPoints = [Int](repeating: -1, count: n)
      for i in 0..<n where remaining[i] {
        for e in market.listRange(of: i) where seats[Int(market.entries[e].school)] > 0 {
          studentPoints[i] = Int(market.entries[e].school)
          break
        }
        if studentPoints[i] < 0 {
          remaining[i] = false  // nothing left she wants
          left -= 1
        }
      }
      if left == 0 { break }
      // Schools point to their best remaining applicant (smallest strict rank).
      var schoolPoints = [Int](repeating: -1, count: m)
      var best = [UInt32](repeating: .max, count: m)
      for i in 0..<n where remaining[i] {
        for e in market.listRange(of: i) {
          let s = Int(market.entries[e].school)
          if seats[s] > 0 && market.entries[e].rank < best[s] {
            best[s] = market.entries[e].rank
            schoolPoints[s] = i
          }
        }
      }
      // Find cycles by walking from each remaining student.
      var mark = [Int](repeating: 0, count: n)  // 0 new, >0 walk id, -1 done
      var traded = false
      var walk = 0
      for startStudent in 0..<n where remaining[startStudent] && mark[startStudent] == 0 {
        walk += 1
        var path: [Int] = []
        var i = startStudent
        while mark[i] == 0 {
          mark[i] = walk
          path.append(i)
          let next = schoolPoints[studentPoints[i]]
          i = next
        }
        if mark[i] == walk, let at = path.firstIndex(of: i) {
          for j in path[at...] {
            let s = studentPoints[j]
            assignment[j] = Int32(s)
            seats[s] -= 1
            remaining[j] = false
            left -= 1
          }
          traded = true
        }
        for j in path where mark[j] == walk { mark[j] = -1 }
      }
      precondition(traded, "a round of TTC always has a cycle")
    }
    return Matching(assignment: assignment)
  }
}
