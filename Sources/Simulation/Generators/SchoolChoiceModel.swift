import MatchingCore

/// A seeded random school-choice market: students rank schools by a utility mixing a common
/// quality, an idiosyncratic taste and distance; schools have capacities and coarse
/// priority classes; a lottery breaks ties.
///
/// ```swift
/// let model = SchoolChoiceModel(studentCount: 1_000, schoolCount: 20, listLength: 5)
/// var rng = SeededGenerator(seed: 1, stream: 0)
/// let market = model.generate(using: &rng)   // the same market for the same seed and stream
/// ```
///
/// Student *i* and school *s* sit at uniform random points of the unit square; student *i*'s
/// utility for school *s* is
///
///     u(i, s) = alpha * q(s) + (1 - alpha) * e(i, s) - beta * d(i, s)
///
/// with common quality `q(s)` and idiosyncratic taste `e(i, s)` independent standard normals
/// and `d(i, s)` the Euclidean distance. She lists her top `listLength` schools by utility (a
/// common random-utility model in school-choice simulations: correlated tastes through the
/// common quality, local tastes through distance). Total seats are
/// `seatsRatio * studentCount` (rounded), split across schools in proportion to weights
/// uniform on [0.5, 1.5], at least one seat each.
///
/// Priorities (``PriorityRule``): with `.classes`, class 0 (sibling) at one uniformly chosen
/// school of her list with probability `siblingProbability`, class 1 (walk zone) at listed
/// schools within `walkRadius`, class 2 otherwise; with `.lottery`, everyone is in class 0.
/// Ties are broken by single or multiple tie-breaking whose seed is drawn from the same
/// stream, after the market.
///
/// The stream is consumed in a fixed order (qualities, school locations, capacity weights,
/// then student by student: location, tastes, sibling draw; finally the tie-break seed), so a
/// market depends on nothing but the model and the generator's state.
public struct SchoolChoiceModel: Sendable, Hashable, Codable {
  /// How schools rank their applicants before the lottery.
  public enum PriorityRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// Sibling (class 0), walk zone (class 1), everyone else (class 2).
    case classes
    /// No priorities: every applicant is in one class, so the lottery alone decides.
    case lottery
  }

  /// How ties within a priority class are broken.
  public enum TieBreakingRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// One lottery number per student, used by every school.
    case single
    /// An independent lottery at each school.
    case multiple
  }

  /// Number of students *n*.
  public var studentCount: Int
  /// Number of schools *m*.
  public var schoolCount: Int
  /// How many schools each student lists, *k* (at most *m*).
  public var listLength: Int
  /// Weight of the common quality in the utility, in [0, 1].
  public var alpha: Double
  /// Weight of distance (disutility per unit of distance), at least 0.
  public var beta: Double
  /// Total seats divided by students.
  public var seatsRatio: Double
  /// How priorities are drawn.
  public var priority: PriorityRule
  /// Probability that a student has a sibling at one of her listed schools.
  public var siblingProbability: Double
  /// Distance within which a student is in a school's walk zone.
  public var walkRadius: Double
  /// How ties are broken.
  public var tieBreaking: TieBreakingRule
  /// How many schools each student considers: `nil` scores every school (the model above);
  /// a number *c* < *m* scores *c* schools drawn uniformly with replacement (repeats skipped)
  /// and lists the best *k* of them, which makes very large markets O(*n* *c*) to draw.
  public var consideredSchools: Int?

  /// Creates a model; the defaults are those of `matchmarket simulate`.
  public init(
    studentCount: Int, schoolCount: Int, listLength: Int = 10, alpha: Double = 0.5,
    beta: Double = 0, seatsRatio: Double = 1, priority: PriorityRule = .classes,
    siblingProbability: Double = 0.1, walkRadius: Double = 0.1,
    tieBreaking: TieBreakingRule = .single, consideredSchools: Int? = nil
  ) {
    precondition(consideredSchools == nil || consideredSchools! >= 1, "consideredSchools must be positive")
    precondition(studentCount >= 0, "studentCount must not be negative")
    precondition(schoolCount >= 1, "a market needs at least one school")
    precondition(listLength >= 1, "students must list at least one school")
    precondition((0...1).contains(alpha), "alpha must lie in [0, 1]")
    precondition(beta >= 0, "beta must not be negative")
    precondition(seatsRatio > 0, "seatsRatio must be positive")
    precondition((0...1).contains(siblingProbability), "siblingProbability must lie in [0, 1]")
    precondition(walkRadius >= 0, "walkRadius must not be negative")
    self.studentCount = studentCount
    self.schoolCount = schoolCount
    self.listLength = listLength
    self.alpha = alpha
    self.beta = beta
    self.seatsRatio = seatsRatio
    self.priority = priority
    self.siblingProbability = siblingProbability
    self.walkRadius = walkRadius
    self.tieBreaking = tieBreaking
    self.consideredSchools = consideredSchools
  }

  /// The length of every list: `min(listLength, schoolCount)`.
  public var effectiveListLength: Int { min(listLength, schoolCount) }

  /// Draws the market's raw data (lists, weak priority classes, capacities, tie-breaking).
  ///
  /// - Parameter rng: the generator; it is advanced.
  /// - Returns: the data, ready to write as CSV or to turn into a market.
  /// - Complexity: O(*n* *m*) for *n* students and *m* schools (every student's utility for
  ///   every school, and a top-*k* selection that is O(*m*) when *k* is small).
  public func generateData(using rng: inout SeededGenerator) -> GeneratedSchoolChoice {
    let n = studentCount
    let m = schoolCount
    let k = effectiveListLength
    let normal = NormalSampler()
    var quality = [Double](repeating: 0, count: m)
    for s in 0..<m { quality[s] = alpha * normal.next(using: &rng) }
    var sx = [Double](repeating: 0, count: m)
    var sy = [Double](repeating: 0, count: m)
    for s in 0..<m {
      sx[s] = rng.unitDouble()
      sy[s] = rng.unitDouble()
    }
    let total = Int((seatsRatio * Double(n)).rounded())
    let capacities = drawCapacities(count: m, total: total, using: &rng)

    var offsets = [Int32](repeating: 0, count: n + 1)
    var schools = [Int32](repeating: 0, count: n * k)
    var classes = [Int32](repeating: priority == .classes ? 2 : 0, count: n * k)
    let sampled = consideredSchools.map { $0 < m } ?? false
    let draws = consideredSchools ?? m
    var seen = [Int32](repeating: -1, count: sampled ? m : 0)
    var length = 0
    var topU = [Double](repeating: 0, count: k)
    var topS = [Int32](repeating: 0, count: k)
    let idio = 1 - alpha
    let beta = self.beta
    let radius2 = walkRadius * walkRadius
    let useClasses = priority == .classes
    let zx = normal.table.x
    for i in 0..<n {
      let x = rng.unitDouble()
      let y = rng.unitDouble()
      var filled = 0
      // The hot loop (n * m iterations): local generator state, raw pointers, and the
      // ziggurat's fast path inline (the slow path calls the sampler, same stream).
      var local = rng
      quality.withUnsafeBufferPointer { quality in
      sx.withUnsafeBufferPointer { sx in
      sy.withUnsafeBufferPointer { sy in
      zx.withUnsafeBufferPointer { zx in
      topU.withUnsafeMutableBufferPointer { topU in
      topS.withUnsafeMutableBufferPointer { topS in
      seen.withUnsafeMutableBufferPointer { seen in
        for d in 0..<(sampled ? draws : m) {
          var s = d
          if sampled {
            s = local.uniform(below: m)
            if seen[s] == Int32(truncatingIfNeeded: i) { continue }
            seen[s] = Int32(truncatingIfNeeded: i)
          }
          let bits = local.next()
          let layer = Int(bits & 0xFF)
          var z = (Double(bits >> 11) * 0x1.0p-52 - 1) * zx[layer]
          if !(z.magnitude < zx[layer + 1]) {
            z = normal.slowPath(bits: bits, using: &local)
          }
          var u = quality[s] + idio * z
          if beta != 0 {
            let dx = x - sx[s]
            let dy = y - sy[s]
            u -= beta * (dx * dx + dy * dy).squareRoot()
          }
          // Keep the k best, sorted descending (a tie keeps the lower school first).
          if filled < k {
            var j = filled
            while j > 0 && topU[j - 1] < u {
              topU[j] = topU[j - 1]
              topS[j] = topS[j - 1]
              j -= 1
            }
            topU[j] = u
            topS[j] = Int32(s)
            filled += 1
          } else if u > topU[k - 1] {
            var j = k - 1
            while j > 0 && topU[j - 1] < u {
              topU[j] = topU[j - 1]
              topS[j] = topS[j - 1]
              j -= 1
            }
            topU[j] = u
            topS[j] = Int32(s)
          }
        }
      }}}}}}}
      rng = local
      let base = length
      for j in 0..<filled {
        let s = Int(topS[j])
        schools[base + j] = topS[j]
        if useClasses {
          let dx = x - sx[s]
          let dy = y - sy[s]
          if dx * dx + dy * dy <= radius2 { classes[base + j] = 1 }
        }
      }
      if useClasses {
        // Always draw both numbers, so the stream does not depend on the outcome.
        let hasSibling = rng.unitDouble() < siblingProbability
        let at = rng.uniform(below: filled)
        if hasSibling { classes[base + at] = 0 }
      }
      length += filled
      offsets[i + 1] = Int32(length)
    }
    if length < schools.count {
      schools.removeLast(schools.count - length)
      classes.removeLast(classes.count - length)
    }
    let tieSeed = rng.next()
    let rule: TieBreaking = tieBreaking == .single ? .single(seed: tieSeed) : .multiple(seed: tieSeed)
    return GeneratedSchoolChoice(
      capacities: capacities, listOffsets: offsets, schools: schools,
      priorityClasses: classes, tieBreaking: rule)
  }

  /// Draws a market.
  ///
  /// - Parameter rng: the generator; it is advanced.
  /// - Returns: the market, with the drawn tie-breaking applied.
  /// - Complexity: O(*n* *m* + *E* log *a*): the draw, then the market's tie-breaking sort of
  ///   *E* = *n* *k* applications with at most *a* applicants per school.
  public func generate(using rng: inout SeededGenerator) -> SchoolChoiceMarket {
    generateData(using: &rng).market()
  }
}

/// The raw data of a generated school-choice market, in the flat form the market and the CSV
/// writers take.
public struct GeneratedSchoolChoice: Sendable, Hashable {
  /// Seats per school.
  public var capacities: [Int32]
  /// `studentCount + 1` offsets into ``schools``.
  public var listOffsets: [Int32]
  /// Every student's list, most preferred first, concatenated.
  public var schools: [Int32]
  /// The weak priority class at each application (0 sibling, 1 walk zone, 2 other).
  public var priorityClasses: [Int32]
  /// The tie-breaking rule drawn with the market.
  public var tieBreaking: TieBreaking

  public init(
    capacities: [Int32], listOffsets: [Int32], schools: [Int32], priorityClasses: [Int32],
    tieBreaking: TieBreaking
  ) {
    self.capacities = capacities
    self.listOffsets = listOffsets
    self.schools = schools
    self.priorityClasses = priorityClasses
    self.tieBreaking = tieBreaking
  }

  /// The number of students.
  public var studentCount: Int { listOffsets.count - 1 }

  /// The market (valid by construction: distinct schools per list, capacities at least 1).
  public func market() -> SchoolChoiceMarket {
    try! SchoolChoiceMarket(
      capacities: capacities, listOffsets: listOffsets, schools: schools,
      priorities: priorityClasses, tieBreaking: tieBreaking)
  }
}
