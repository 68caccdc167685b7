import MatchingCore

extension RotationPoset {
  /// Visits stable matchings one by one, each exactly once: the closed sets of the rotation
  /// poset, by a binary decision on each rotation in topological order (excluded first, so the
  /// student-optimal matching comes first and the school-optimal last).
  ///
  /// ```swift
  /// let complete = poset.enumerate(limit: 10_000) { index, assignment in
  ///   print(index, assignment)   // 0 [0, 1]; 1 [1, 0]
  ///   return true                // false stops early
  /// }
  /// ```
  ///
  /// A rotation with an excluded predecessor is excluded without branching; every other
  /// rotation branches both ways, and both branches lead to at least one closed set, so the
  /// search never dead-ends (Gusfield 1987).
  ///
  /// - Parameters:
  ///   - limit: the most matchings to visit.
  ///   - visit: called with the matching's index (from 0) and each student's school (-1 when
  ///     unassigned), valid only during the call; return `false` to stop.
  /// - Returns: `true` when every stable matching was visited.
  /// - Complexity: O(*R* + *P* + Σ|ρ|) between two visits, for *R* rotations and *P*
  ///   precedence pairs, plus O(*n*) per visit for the caller's use of the assignment: polynomial
  ///   time per matching.
  @discardableResult
  public func enumerate(
    limit: Int = .max, _ visit: (_ index: Int, _ assignment: UnsafeBufferPointer<Int32>) -> Bool
  ) -> Bool {
    var assignment = studentOptimal.assignment
    return assignment.withUnsafeMutableBufferPointer { school in
      walkClosedSets(
        limit: limit,
        include: { rho in
          for j in Int(rotationStart[rho])..<Int(rotationStart[rho + 1]) {
            school[Int(memberStudent[j])] = memberToSchool[j]
          }
        },
        exclude: { rho in
          for j in Int(rotationStart[rho])..<Int(rotationStart[rho + 1]) {
            school[Int(memberStudent[j])] = memberFromSchool[j]
          }
        },
        visit: { index in visit(index, UnsafeBufferPointer(school)) })
    }
  }

  /// How many stable matchings there are, counting up to `limit`.
  ///
  /// - Returns: the count and whether it is exact (`false` when the limit was reached first).
  /// - Complexity: O(*R* + *P*) per matching counted.
  public func countStableMatchings(limit: Int = 10_000) -> (count: Int, complete: Bool) {
    var count = 0
    let complete = walkClosedSets(limit: limit, include: { _ in }, exclude: { _ in }) { _ in
      count += 1
      return true
    }
    return (count, complete)
  }

  /// The decision walk over closed sets; `include(ρ)` applies ρ, `exclude(ρ)` undoes it.
  func walkClosedSets(
    limit: Int, include: (Int) -> Void, exclude: (Int) -> Void, visit: (Int) -> Bool
  ) -> Bool {
    let r = rotationCount
    if limit <= 0 { return false }
    var blocked = [Int32](repeating: 0, count: r)  // excluded predecessors
    var choice = [UInt8](repeating: 0, count: r)  // 1 out (chosen), 2 in, 3 out (forced)
    func markOut(_ rho: Int, _ delta: Int32) {
      for k in Int(successorStart[rho])..<Int(successorStart[rho + 1]) {
        blocked[Int(successorList[k])] += delta
      }
    }
    var visited = 0
    var k = 0
    while true {
      // Descend: exclude whatever can be excluded.
      while k < r {
        choice[k] = blocked[k] > 0 ? 3 : 1
        markOut(k, 1)
        k += 1
      }
      if !visit(visited) { return false }
      visited += 1
      // Backtrack to the deepest rotation still excluded by choice, and include it.
      var found = false
      while k > 0 {
        k -= 1
        switch choice[k] {
        case 1:
          markOut(k, -1)
          choice[k] = 2
          include(k)
          k += 1
          found = true
        case 2:
          exclude(k)
          choice[k] = 0
        default:
          markOut(k, -1)
          choice[k] = 0
        }
        if found { break }
      }
      if !found { return true }
      if visited >= limit { return false }
    }
  }
}
