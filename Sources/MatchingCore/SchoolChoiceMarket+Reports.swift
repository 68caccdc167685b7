// Changing one report: a student's list or a school's ranking, in place (the audit's primitives).

extension SchoolChoiceMarket {
  /// Replaces student *i*'s reported list by `schools` (in order), which must be a subset of
  /// her truthful list, keeping each school's priority and lottery for her.
  ///
  /// This is the audit's primitive: it writes into her own slot and touches nothing else, so
  /// it costs O(*k*) for her truthful list length *k*, not a rebuild of the market.
  ///
  /// - Parameters:
  ///   - student: the student whose report changes.
  ///   - schools: the new list; each school must be on `truthful`'s list for this student.
  ///   - truthful: the market holding her truthful list (often `self` before any change).
  /// - Precondition: every school in `schools` is on her truthful list, with no repeats.
  public mutating func replaceList(
    of student: StudentID, with schools: [SchoolID], truthful: SchoolChoiceMarket
  ) {
    let truth = truthful.listRange(of: student)
    precondition(schools.count <= truth.count, "a reported list must come from the truthful list")
    let start = Int(listStart[student])
    var newEntries: [(Entry, Int32)] = []
    newEntries.reserveCapacity(schools.count)
    for s in schools {
      guard let e = truth.first(where: { Int(truthful.entries[$0].school) == s }) else {
        preconditionFailure("school \(s) is not on student \(student)'s truthful list")
      }
      newEntries.append((truthful.entries[e], truthful.priorities[e]))
    }
    for (j, item) in newEntries.enumerated() {
      entries[start + j] = item.0
      priorities[start + j] = item.1
    }
    listLength[student] = Int32(schools.count)
  }

  /// Replaces school *s*'s strict order over its applicants by `order` (best first): the
  /// applicants it lists get ranks in that order, and those it leaves out become
  /// unacceptable to it (their application is dropped from their lists).
  ///
  /// This is the receiving side's report in two-sided matching (truncation is the classic
  /// manipulation). Weak priority classes are set to the new strict order.
  ///
  /// - Complexity: O(*E*) (it rewrites the lists of the school's applicants).
  public mutating func replaceRanking(of school: SchoolID, with order: [StudentID]) {
    var newRank = [Int: Int]()
    for (r, i) in order.enumerated() { newRank[i] = r }
    for i in 0..<studentCount {
      let r = listRange(of: i)
      var w = r.lowerBound
      for e in r {
        var en = entries[e]
        var p = priorities[e]
        if Int(en.school) == school {
          guard let nr = newRank[i] else { continue }
          en.rank = UInt32(nr)
          p = Int32(nr)
        }
        entries[w] = en
        priorities[w] = p
        w += 1
      }
      listLength[i] = Int32(w - r.lowerBound)
    }
    rankBounds[school] = max(rankBounds[school], Int32(order.count))
  }
}
