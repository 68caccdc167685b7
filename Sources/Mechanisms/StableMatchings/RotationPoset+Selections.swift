import MatchingCore

extension RotationPoset {
  /// The closed set of an **egalitarian** stable matching: minimum total cost (students'
  /// plus schools'), by a maximum-weight closure on the rotation poset (Irving, Leather and
  /// Gusfield 1987): eliminating rotation ρ changes the total by ``weights``[ρ], so the best
  /// matching eliminates a closed set of least total weight. Among optimal sets it returns the
  /// smallest (the egalitarian matching best for the students), so the answer is unique.
  ///
  /// - Returns: one flag per rotation.
  /// - Complexity: one maximum flow on *R* + 2 nodes and *R* + *P* arcs.
  public func egalitarianRotations() -> [Bool] {
    var requirements: [(Int, Int)] = []
    requirements.reserveCapacity(precedenceCount)
    for rho in 0..<rotationCount {
      for k in Int(predecessorStart[rho])..<Int(predecessorStart[rho + 1]) {
        requirements.append((rho, Int(predecessorList[k])))
      }
    }
    var flow = ClosureFlow(profits: weights.map { -$0 }, requirements: requirements)
    return flow.smallestOptimalClosure()
  }

  /// The closed set of a **minimum-regret** stable matching: the smallest largest cost on
  /// either side (Gusfield 1987). For a bound *k*, rotations that would give a student a
  /// school beyond position *k* are forbidden (with everything after them), and a school
  /// holding a student beyond position *k* forces the rotation that moves her away (with its
  /// predecessors); the least closed set meeting the school bounds is feasible exactly when it
  /// avoids the forbidden rotations. A binary search on *k* finds the least feasible bound.
  ///
  /// - Returns: one flag per rotation (the least closed set with the minimum regret).
  /// - Complexity: O((*R* + *P* + Σ|ρ| + *n*) log *K*) for *K* the longest list or applicant
  ///   count.
  public func minimumRegretRotations() -> [Bool] {
    let leave = leaveRotations()
    var hi = 1
    for i in 0..<studentCount where initialPosition[i] >= 0 {
      hi = max(hi, Int(initialListPosition[i]) + 1, Int(initialRank[i]) + 1)
    }
    // The student-optimal matching is feasible for its own regret; search below it.
    var best = closure(regret: hi, leave: leave)!
    var lo = 1
    while lo < hi {
      let mid = (lo + hi) / 2
      if let set = closure(regret: mid, leave: leave) {
        best = set
        hi = mid
      } else {
        lo = mid + 1
      }
    }
    return best
  }

  /// For the student-optimal assignment of each student and for each move of each rotation:
  /// the rotation that later takes the student out of that school (-1: none).
  private func leaveRotations() -> (initial: [Int32], afterMove: [Int32]) {
    let n = studentCount
    var initial = [Int32](repeating: -1, count: n)
    var afterMove = [Int32](repeating: -1, count: memberStudent.count)
    // Per student, walking her moves in rotation order (rotations are numbered along her
    // list): her current school, whether she is still at her student-optimal school, and the
    // moves that put her at the current school (each waits for the rotation that moves her on).
    var school = [Int32](repeating: -1, count: n)
    var atInitial = [Bool](repeating: false, count: n)
    var waiting: [[Int32]] = Array(repeating: [], count: n)
    for i in 0..<n where initialPosition[i] >= 0 {
      school[i] = top.assignment[i]
      atInitial[i] = true
    }
    for rho in 0..<rotationCount {
      for j in Int(rotationStart[rho])..<Int(rotationStart[rho + 1]) {
        let i = Int(memberStudent[j])
        let to = memberToSchool[j]
        if to != school[i] {
          if atInitial[i] { initial[i] = Int32(rho) }
          for m in waiting[i] { afterMove[Int(m)] = Int32(rho) }
          waiting[i].removeAll()
          atInitial[i] = false
          school[i] = to
        }
        waiting[i].append(Int32(j))
      }
    }
    return (initial, afterMove)
  }

  /// The least closed set whose matching has every school cost at most `k`, or `nil` when it
  /// gives some student a school beyond position `k` (or no such set exists).
  private func closure(regret k: Int, leave: (initial: [Int32], afterMove: [Int32])) -> [Bool]? {
    var included = [Bool](repeating: false, count: rotationCount)
    var work: [Int32] = []
    var feasible = true
    func require(_ rho: Int32) {
      if rho < 0 { feasible = false; return }
      if !included[Int(rho)] { included[Int(rho)] = true; work.append(rho) }
    }
    for i in 0..<studentCount where initialPosition[i] >= 0 {
      if Int(initialRank[i]) + 1 > k { require(leave.initial[i]) }
      if Int(initialListPosition[i]) + 1 > k { return nil }
    }
    while feasible, let rho32 = work.popLast() {
      let rho = Int(rho32)
      for k2 in Int(predecessorStart[rho])..<Int(predecessorStart[rho + 1]) { require(predecessorList[k2]) }
      for j in Int(rotationStart[rho])..<Int(rotationStart[rho + 1]) {
        if Int(memberToListPosition[j]) + 1 > k { return nil }
        if Int(memberToRank[j]) + 1 > k { require(leave.afterMove[j]) }
      }
    }
    return feasible ? included : nil
  }

  /// The **median** stable matching (Teo and Sethuraman 1998): over the *N* stable matchings
  /// counted with multiplicity, each student gets the ⌈*N*/2⌉-th best of the schools she
  /// holds in them. It is stable, and it lies between the student- and school-optimal
  /// matchings in the lattice; here it is computed from the full enumeration.
  ///
  /// - Parameter limit: the most stable matchings to enumerate.
  /// - Returns: the median matching and *N*, or `nil` when there are more than `limit`.
  /// - Complexity: the enumeration plus O(*n*) per stable matching.
  public func medianMatching(limit: Int = 10_000) -> (matching: Matching, count: Int)? {
    let n = studentCount
    // Her schools along her path, best first: the student-optimal school, then each new
    // school a rotation gives her.
    var pathStart = [Int32](repeating: 0, count: n + 1)
    var schoolsOnPath: [[Int32]] = (0..<n).map { i in
      top.assignment[i] < 0 ? [] : [top.assignment[i]]
    }
    for j in 0..<memberStudent.count {
      let i = Int(memberStudent[j])
      let s = memberToSchool[j]
      if schoolsOnPath[i].last != s { schoolsOnPath[i].append(s) }
    }
    for i in 0..<n { pathStart[i + 1] = pathStart[i] + Int32(schoolsOnPath[i].count) }
    var counts = [Int](repeating: 0, count: Int(pathStart[n]))
    var index = [Int32](repeating: 0, count: n)  // her school's index on her path, per seat position
    var total = 0
    let complete = enumerate(limit: limit) { _, assignment in
      total += 1
      for i in 0..<n where assignment[i] >= 0 {
        // Paths are short; find the school's index by scanning from the last one seen.
        var k = Int(index[i])
        let path = schoolsOnPath[i]
        if path[k] != assignment[i] {
          k = path.firstIndex(of: assignment[i])!
          index[i] = Int32(k)
        }
        counts[Int(pathStart[i]) + k] += 1
      }
      return true
    }
    guard complete else { return nil }
    let half = (total + 1) / 2
    var assignment = [Int32](repeating: unassigned, count: n)
    for i in 0..<n where !schoolsOnPath[i].isEmpty {
      var seen = 0
      for k in 0..<schoolsOnPath[i].count {
        seen += counts[Int(pathStart[i]) + k]
        if seen >= half {
          assignment[i] = schoolsOnPath[i][k]
          break
        }
      }
    }
    return (Matching(assignment: assignment), total)
  }
}
