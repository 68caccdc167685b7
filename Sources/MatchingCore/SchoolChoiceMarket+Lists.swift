// Reading a market's lists: list ranges, positions, and each school's applicants in rank order.

extension SchoolChoiceMarket {
  /// The range of student *i*'s current list in ``entries``.
  @inlinable
  public func listRange(of student: StudentID) -> Range<Int> {
    let s = Int(listStart[student])
    return s..<(s + Int(listLength[student]))
  }

  /// Student *i*'s current list of schools, most preferred first.
  public func preferenceList(of student: StudentID) -> [SchoolID] {
    listRange(of: student).map { Int(entries[$0].school) }
  }

  /// The position of `school` in student *i*'s current list (0 = first choice), or `nil`
  /// if she does not list it.
  ///
  /// - Complexity: O(*k*) for her list length *k*.
  public func position(of school: SchoolID, in student: StudentID) -> Int? {
    let r = listRange(of: student)
    for e in r where Int(entries[e].school) == school { return e - r.lowerBound }
    return nil
  }

  /// Rank bound of school *s*: its strict ranks are `0..<rankBound(of: s)`.
  @inlinable
  public func rankBound(of school: SchoolID) -> Int { Int(rankBounds[school]) }

  /// Each school's current applicants, best strict rank first, as flat arrays:
  /// school *s*'s applicants are `students[offsets[s]..<offsets[s+1]]`, and `entryIndex`
  /// gives, aligned, the index of that application in ``entries``.
  ///
  /// - Complexity: O(*E* + Σ rank bounds) by a counting sort on the strict ranks.
  public func applicantLists() -> (offsets: [Int32], students: [Int32], entryIndex: [Int32]) {
    let m = schoolCount
    var base = [Int32](repeating: 0, count: m + 1)
    for s in 0..<m { base[s + 1] = base[s] + rankBounds[s] }
    let slots = Int(base[m])
    var slotEntry = [Int32](repeating: -1, count: slots)
    var count = [Int32](repeating: 0, count: m + 1)
    for i in 0..<studentCount {
      for e in listRange(of: i) {
        let en = entries[e]
        slotEntry[Int(base[Int(en.school)]) + Int(en.rank)] = Int32(e)
        count[Int(en.school) + 1] += 1
      }
    }
    for s in 0..<m { count[s + 1] += count[s] }
    var students = [Int32](repeating: 0, count: Int(count[m]))
    var entryIndex = [Int32](repeating: 0, count: Int(count[m]))
    var entryStudent = [Int32](repeating: 0, count: entries.count)
    for i in 0..<studentCount { for e in listRange(of: i) { entryStudent[e] = Int32(i) } }
    var w = 0
    for slot in 0..<slots where slotEntry[slot] >= 0 {
      let e = Int(slotEntry[slot])
      students[w] = entryStudent[e]
      entryIndex[w] = Int32(e)
      w += 1
    }
    return (count, students, entryIndex)
  }
}
