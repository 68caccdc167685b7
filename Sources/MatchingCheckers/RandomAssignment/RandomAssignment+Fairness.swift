import MatchingCore

/// A student who prefers another student's lottery in the first-order stochastic sense: the
/// witness that a random assignment is not sd-envy-free.
///
/// ```swift
/// // SDEnvy(student: 2, envied: 0, school: 1, rank: 0, ownCumulative: 0.25,
/// //        enviedCumulative: 0.5):
/// // student 2's chance of her first choice (school 1) is 0.25, student 0's is 0.5.
/// ```
public struct SDEnvy: Sendable, Hashable, CustomStringConvertible {
  /// Who envies.
  public var student: Int
  /// Whose lottery she prefers at this cut.
  public var envied: Int
  /// The school at the cut: the comparison of top-`rank + 1` probabilities fails here.
  public var school: Int
  /// The 0-based position of `school` in the student's list.
  public var rank: Int
  /// Her probability of one of her top `rank + 1` choices.
  public var ownCumulative: Double
  /// The envied student's probability of one of those same schools.
  public var enviedCumulative: Double

  public var description: String {
    "student \(student) envies student \(envied): P(top \(rank + 1), through school \(school)) is \(ownCumulative) for her, \(enviedCumulative) for student \(envied)"
  }
}

/// Two students with the same preference list and different lotteries: the witness that
/// equal treatment of equals fails.
public struct UnequalTreatment: Sendable, Hashable, CustomStringConvertible {
  public var student: Int
  public var other: Int
  /// The school (`nil`: staying unassigned) where their probabilities differ.
  public var school: Int?
  public var probability: Double
  public var otherProbability: Double

  public var description: String {
    "students \(student) and \(other) report the same list but have probabilities \(probability) and \(otherProbability) at \(school.map { "school \($0)" } ?? "unassigned")"
  }
}

extension SchoolChoiceMarket {
  /// A student who sd-envies another, or `nil` if `p` is sd-envy-free.
  ///
  /// ```swift
  /// market.sdEnvy(in: ProbabilisticSerial().match(market))   // nil (Bogomolnaia-Moulin 2001)
  /// ```
  ///
  /// Student *i* does not envy *j* when, for every *k*, her probability of one of her top *k*
  /// choices is at least *j*'s probability of those same schools. Only students holding some
  /// of *i*'s schools can be envied, so for each *i* the check walks her list and, school by
  /// school, adds the shares of the students who hold it (a school's holders are listed
  /// once), stopping when her own cumulative probability reaches 1 (no one holds more). The
  /// witness returned is for the smallest envious student, at her first failing cut.
  /// Probabilities are compared within `tolerance`.
  ///
  /// - Parameters:
  ///   - p: the random assignment.
  ///   - tolerance: comparison tolerance (default 1e-9).
  ///   - workers: threads; the answer does not depend on it.
  /// - Complexity: O(Σᵢ Σ_{s ∈ list(i)} holders(s)) (for each student, the holders of her
  ///   schools), divided by the number of workers.
  public func sdEnvy(
    in p: RandomAssignment, tolerance: Double = RandomAssignment.tolerance, workers: Int = 2
  ) -> SDEnvy? {
    let aligned = AlignedProbabilities(p, in: self)
    let n = studentCount
    let m = schoolCount
    // Holders of each school, with their shares (CSR by school, students ascending).
    var start = [Int32](repeating: 0, count: m + 1)
    for e in 0..<entries.count where aligned.shares[e] > tolerance { start[Int(entries[e].school) + 1] += 1 }
    for s in 0..<m { start[s + 1] += start[s] }
    var fill = start
    var holder = [Int32](repeating: 0, count: Int(start[m]))
    var share = [Double](repeating: 0, count: Int(start[m]))
    for i in 0..<n {
      for e in listRange(of: i) where aligned.shares[e] > tolerance {
        let s = Int(entries[e].school)
        holder[Int(fill[s])] = Int32(i)
        share[Int(fill[s])] = aligned.shares[e]
        fill[s] += 1
      }
    }
    // Each school's holders by their total probability, largest first: a holder whose total
    // is at most the student's own cumulative probability can never exceed it (her own only
    // grows along her list), so the scan of a school stops at the first such holder.
    var total = [Double](repeating: 0, count: n)
    for i in 0..<n {
      for e in listRange(of: i) { total[i] += aligned.shares[e] }
      total[i] += aligned.offList[i]
    }
    for sch in 0..<m {
      let lo = Int(start[sch])
      let hi = Int(start[sch + 1])
      if hi - lo < 2 { continue }
      let order = (lo..<hi).sorted { (total[Int(holder[$0])], -holder[$0]) > (total[Int(holder[$1])], -holder[$1]) }
      let h = order.map { holder[$0] }
      let sh = order.map { share[$0] }
      for k in lo..<hi {
        holder[k] = h[k - lo]
        share[k] = sh[k - lo]
      }
    }
    let market = self
    let (holderStart, holders, shares, totals) = (start, holder, share, total)
    let results = try! indexedWork(
      count: n, workers: max(1, workers), batch: 256,
      makeState: { (acc: [Double](repeating: 0, count: n), touched: [Int32]()) }
    ) { state, i -> SDEnvy? in
      var own = 0.0
      var found: SDEnvy?
      let r = market.listRange(of: i)
      state.acc.withUnsafeMutableBufferPointer { acc in
        holders.withUnsafeBufferPointer { holders in
          shares.withUnsafeBufferPointer { shares in
            totals.withUnsafeBufferPointer { totals in
              scan: for e in r {
                // Nobody holds more than 1 in all: once she has (almost) 1, no cut can fail.
                if own >= 1 - tolerance { break }
                own += aligned.shares[e]
                let s = Int(market.entries[e].school)
                for k in Int(holderStart[s])..<Int(holderStart[s + 1]) {
                  let j = Int(holders[k])
                  if totals[j] <= own + tolerance { break }
                  if j == i { continue }
                  if acc[j] == 0 { state.touched.append(Int32(j)) }
                  acc[j] += shares[k]
                  if acc[j] > own + tolerance {
                    found = SDEnvy(
                      student: i, envied: j, school: s, rank: e - r.lowerBound, ownCumulative: own,
                      enviedCumulative: acc[j])
                    break scan
                  }
                }
              }
              for j in state.touched { acc[Int(j)] = 0 }
            }
          }
        }
      }
      state.touched.removeAll(keepingCapacity: true)
      return found
    }
    return results.lazy.compactMap { $0 }.first
  }

  /// Whether `p` is sd-envy-free.
  public func isSDEnvyFree(_ p: RandomAssignment, tolerance: Double = RandomAssignment.tolerance) -> Bool {
    sdEnvy(in: p, tolerance: tolerance) == nil
  }

  /// Two students with the same list and different lotteries, or `nil` (equal treatment
  /// of equals holds). Students are equals when they report the same list; school
  /// priorities are not compared (the random mechanisms here ignore them).
  ///
  /// - Complexity: O(*n* + *E*) expected, hashing each list once.
  public func unequalTreatment(
    in p: RandomAssignment, tolerance: Double = RandomAssignment.tolerance
  ) -> UnequalTreatment? {
    let aligned = AlignedProbabilities(p, in: self)
    var first: [[Int32]: Int] = [:]
    for i in 0..<studentCount {
      let r = listRange(of: i)
      let list = r.map { entries[$0].school }
      guard let j = first[list] else {
        first[list] = i
        continue
      }
      let rj = listRange(of: j)
      for k in 0..<r.count where abs(aligned.shares[rj.lowerBound + k] - aligned.shares[r.lowerBound + k]) > tolerance {
        return UnequalTreatment(
          student: j, other: i, school: Int(list[k]), probability: aligned.shares[rj.lowerBound + k],
          otherProbability: aligned.shares[r.lowerBound + k])
      }
      if abs(aligned.unassigned[j] - aligned.unassigned[i]) > tolerance {
        return UnequalTreatment(
          student: j, other: i, school: nil, probability: aligned.unassigned[j],
          otherProbability: aligned.unassigned[i])
      }
    }
    return nil
  }
}
