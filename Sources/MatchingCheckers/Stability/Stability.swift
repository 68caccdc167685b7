import MatchingCore

/// Which priorities a stability check uses.
public enum PriorityStandard: Sendable, Hashable {
  /// The schools' coarse classes: a student has justified envy only if her priority class
  /// is **strictly** higher. The standard of school-choice law and of Abdulkadiroglu and
  /// Sonmez (2003).
  case weak
  /// The strict priorities after tie-breaking (the ranks a mechanism actually used).
  case strict
}

/// A pair that blocks a matching: a student and a school she prefers to her assignment, at
/// which either a seat is empty or a student with lower priority holds one.
///
/// ```swift
/// // BlockingPair(student: 2, school: 0, displaced: 5): student 2 prefers school 0 and has
/// // higher priority there than student 5, who holds a seat.
/// ```
public struct BlockingPair: Hashable, Sendable, CustomStringConvertible {
  /// The student who would rather be at ``school``.
  public var student: StudentID
  /// The school.
  public var school: SchoolID
  /// The lowest-priority student the school holds, whom it would drop for ``student``; `nil`
  /// when the school has an empty seat (the pair then shows waste).
  public var displaced: StudentID?

  public init(student: StudentID, school: SchoolID, displaced: StudentID?) {
    self.student = student
    self.school = school
    self.displaced = displaced
  }

  /// Whether the pair shows justified envy (a lower-priority student holds the seat) rather
  /// than waste (an empty seat).
  public var isJustifiedEnvy: Bool { displaced != nil }

  public var description: String {
    if let d = displaced {
      return "student \(student) prefers school \(school) and has higher priority there than student \(d), who holds a seat"
    }
    return "student \(student) prefers school \(school), which has an empty seat"
  }
}

/// The stability of a matching: counts, and witnesses up to a limit.
public struct StabilityReport: Sendable, Hashable {
  /// Pairs (student, school) that block: justified envy plus waste.
  public var blockingPairCount: Int
  /// Blocking pairs where a lower-priority student holds the seat.
  public var justifiedEnvyPairCount: Int
  /// Students with justified envy toward at least one school.
  public var studentsWithJustifiedEnvy: Int
  /// Blocking pairs where the school has an empty seat.
  public var wastefulPairCount: Int
  /// Students assigned to a school they did not list, or schools over capacity.
  public var violations: [MatchingViolation]
  /// The first blocking pairs found, in student order, at most the requested limit.
  public var witnesses: [BlockingPair]

  /// Stable: individually rational, no justified envy and no waste.
  public var isStable: Bool { violations.isEmpty && blockingPairCount == 0 }
  /// Free of justified envy (waste allowed).
  public var isEnvyFree: Bool { justifiedEnvyPairCount == 0 }
  /// Non-wasteful: no student prefers a school with an empty seat.
  public var isNonWasteful: Bool { wastefulPairCount == 0 }
}

extension SchoolChoiceMarket {
  /// The stability report of `matching`: every blocking pair counted, the first `limit`
  /// returned as witnesses.
  ///
  /// ```swift
  /// let report = market.stabilityReport(of: DeferredAcceptance().match(market))
  /// report.isStable   // true
  /// ```
  ///
  /// - Parameters:
  ///   - matching: the matching to check.
  ///   - standard: weak classes (justified envy needs strictly higher class) or the strict
  ///     tie-broken ranks.
  ///   - limit: the most witnesses to return.
  /// - Complexity: O(*n* + *m* + *E*): one pass finds each school's lowest-priority holder;
  ///   one pass over each student's entries above her assignment tests them against it.
  public func stabilityReport(
    of matching: Matching, standard: PriorityStandard = .weak, limit: Int = 100
  ) -> StabilityReport {
    let violations = self.violations(of: matching)
    // Each school's lowest-priority holder: the largest (class, strict rank) key.
    var worstKey = [Int64](repeating: Int64.min, count: schoolCount)
    var worstHolder = [Int32](repeating: -1, count: schoolCount)
    var load = [Int32](repeating: 0, count: schoolCount)
    var positionOfMatch = [Int32](repeating: Int32.max, count: studentCount)
    @inline(__always) func key(_ e: Int) -> Int64 {
      Int64(standard == .weak ? priorities[e] : 0) << 32 | Int64(entries[e].rank)
    }
    if matching.count == studentCount {
      for i in 0..<studentCount {
        guard let s = matching.partner(of: i), s < schoolCount else { continue }
        load[s] += 1
        let r = listRange(of: i)
        for e in r where Int(entries[e].school) == s {
          positionOfMatch[i] = Int32(e - r.lowerBound)
          if key(e) > worstKey[s] {
            worstKey[s] = key(e)
            worstHolder[s] = Int32(i)
          }
        }
      }
    }
    var pairs = 0
    var envyPairs = 0
    var envious = 0
    var waste = 0
    var witnesses: [BlockingPair] = []
    for i in 0..<studentCount where matching.count == studentCount {
      let r = listRange(of: i)
      let stop = min(r.count, Int(positionOfMatch[i]))
      var envies = false
      for e in r.lowerBound..<(r.lowerBound + stop) {
        let s = Int(entries[e].school)
        if load[s] < capacities[s] {
          pairs += 1
          waste += 1
          if witnesses.count < limit { witnesses.append(BlockingPair(student: i, school: s, displaced: nil)) }
        } else if worstHolder[s] >= 0
          && (standard == .weak ? key(e) >> 32 < worstKey[s] >> 32 : key(e) < worstKey[s])
        {
          pairs += 1
          envyPairs += 1
          envies = true
          if witnesses.count < limit {
            witnesses.append(BlockingPair(student: i, school: s, displaced: Int(worstHolder[s])))
          }
        }
      }
      if envies { envious += 1 }
    }
    return StabilityReport(
      blockingPairCount: pairs, justifiedEnvyPairCount: envyPairs,
      studentsWithJustifiedEnvy: envious, wastefulPairCount: waste, violations: violations,
      witnesses: witnesses)
  }

  /// All blocking pairs of `matching` (justified envy and waste), in student order.
  ///
  /// - Complexity: O(*n* + *m* + *E*).
  public func blockingPairs(
    in matching: Matching, standard: PriorityStandard = .weak
  ) -> [BlockingPair] {
    stabilityReport(of: matching, standard: standard, limit: .max).witnesses
  }

  /// Whether `matching` is stable: individually rational, without justified envy, and
  /// without waste.
  ///
  /// ```swift
  /// market.isStable(DeferredAcceptance().match(market))   // true
  /// ```
  public func isStable(_ matching: Matching, standard: PriorityStandard = .weak) -> Bool {
    stabilityReport(of: matching, standard: standard, limit: 0).isStable
  }

  /// The pairs (student, school) where the student prefers a school with an empty seat.
  public func wastefulPairs(in matching: Matching) -> [BlockingPair] {
    blockingPairs(in: matching).filter { !$0.isJustifiedEnvy }
  }
}
