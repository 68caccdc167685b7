extension SchoolChoiceMarket {
  /// Checks the representation invariants (debug builds, or any build compiled with
  /// `-DMATCHING_INTERNAL_CHECKS`): every list has distinct schools in range, and the strict
  /// ranks at each school are distinct and below its rank bound.
  ///
  /// - Complexity: O(*n* + *m* + *E*) (and O(Σ rank bounds) memory).
  @inlinable
  public func _checkInvariants() {
    #if MATCHING_INTERNAL_CHECKS
    var base = [Int](repeating: 0, count: schoolCount + 1)
    for s in 0..<schoolCount { base[s + 1] = base[s] + Int(rankBounds[s]) }
    var taken = [Bool](repeating: false, count: base[schoolCount])
    var seen = [Int32](repeating: -1, count: schoolCount)
    precondition(listStart.count == studentCount + 1 && priorities.count == entries.count)
    for i in 0..<studentCount {
      precondition(Int(listStart[i]) + Int(listLength[i]) <= Int(listStart[i + 1]), "list \(i) overflows its slot")
      for e in listRange(of: i) {
        let s = Int(entries[e].school)
        precondition(s >= 0 && s < schoolCount, "student \(i) lists school \(s) out of range")
        precondition(seen[s] != Int32(i), "student \(i) lists school \(s) twice")
        seen[s] = Int32(i)
        let r = Int(entries[e].rank)
        precondition(r < Int(rankBounds[s]), "rank \(r) at school \(s) is out of bounds")
        precondition(!taken[base[s] + r], "two applicants share rank \(r) at school \(s)")
        taken[base[s] + r] = true
      }
    }
    #endif
  }
}

extension Matching {
  /// Checks that `self` is a feasible matching of `market` (debug builds, or with
  /// `-DMATCHING_INTERNAL_CHECKS`): every student at a listed school, no school over
  /// capacity. Mechanisms call it on their result.
  @inlinable
  public func _checkFeasible(in market: SchoolChoiceMarket) {
    #if MATCHING_INTERNAL_CHECKS
    precondition(count == market.studentCount, "a matching must cover every student")
    var load = [Int32](repeating: 0, count: market.schoolCount)
    for i in 0..<count {
      guard let s = partner(of: i) else { continue }
      precondition(market.position(of: s, in: i) != nil, "student \(i) is at school \(s), which she did not list")
      load[s] += 1
      precondition(load[s] <= market.capacities[s], "school \(s) is over capacity")
    }
    #endif
  }
}
