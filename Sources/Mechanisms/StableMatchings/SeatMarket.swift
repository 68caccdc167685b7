import MatchingCore

/// The one-to-one form of a many-to-one market, kept virtual: school *s* becomes
/// `min(capacity, applicants)` seats `(s, 0), (s, 1), ...`; a student lists the seats of each
/// school she lists, in seat order, where her school stood; every seat of *s* ranks the
/// students as *s* does (its strict order after tie-breaking).
///
/// In a stable matching of the seat market a school's filled seats are a prefix and hold its
/// students best rank first (otherwise a student would block with an earlier seat), so the
/// stable matchings of the seat market and of the school market correspond one to one
/// (Gusfield and Irving 1989, ch. 1; Roth and Sotomayor 1990, ch. 5): enumerating the former
/// lists each of the latter exactly once.
///
/// Nothing is expanded: a student's seat list is addressed by a *position* `p` in
/// `0..<length(of: i)`, and ``slot(_:_:)`` finds the entry and the seat it stands for by a
/// binary search over her list's seat offsets. Memory is O(*n* + *E* + seats).
struct SeatMarket: Sendable {
  /// What position `p` of a student's seat list stands for.
  struct Slot {
    var seat: Int32
    var school: Int32
    /// The student's strict rank at the school (0 = first).
    var rank: UInt32
    /// The position of the school in her list (0 = first choice).
    var listPosition: Int32
  }

  var studentCount: Int
  var seatCount: Int
  /// First seat of each school; `schoolCount + 1` values.
  var seatStart: [Int32]
  /// The school of each seat.
  var seatSchool: [Int32]
  /// Students' lists (copied from the market): `listStart[i] ..< listStart[i + 1]`.
  var listStart: [Int32]
  var school: [Int32]
  var rank: [UInt32]
  /// The seat-list position where each entry's seats begin; `before[listStart[i + 1]]` is
  /// not used: `length[i]` is the total.
  var before: [Int32]
  var length: [Int32]

  init(_ market: SchoolChoiceMarket) {
    let n = market.studentCount
    let m = market.schoolCount
    var applicants = [Int32](repeating: 0, count: m)
    for i in 0..<n { for e in market.listRange(of: i) { applicants[Int(market.entries[e].school)] += 1 } }
    var seatStart = [Int32](repeating: 0, count: m + 1)
    for s in 0..<m { seatStart[s + 1] = seatStart[s] + min(market.capacities[s], applicants[s]) }
    let w = Int(seatStart[m])
    var seatSchool = [Int32](repeating: 0, count: w)
    for s in 0..<m { for k in Int(seatStart[s])..<Int(seatStart[s + 1]) { seatSchool[k] = Int32(s) } }
    var listStart = [Int32](repeating: 0, count: n + 1)
    var school: [Int32] = []
    var rank: [UInt32] = []
    var before: [Int32] = []
    var length = [Int32](repeating: 0, count: n)
    let total = market.totalListLength
    school.reserveCapacity(total)
    rank.reserveCapacity(total)
    before.reserveCapacity(total)
    for i in 0..<n {
      var offset: Int32 = 0
      for e in market.listRange(of: i) {
        let entry = market.entries[e]
        school.append(entry.school)
        rank.append(entry.rank)
        before.append(offset)
        offset += seatStart[Int(entry.school) + 1] - seatStart[Int(entry.school)]
      }
      length[i] = offset
      listStart[i + 1] = Int32(school.count)
    }
    self.studentCount = n
    self.seatCount = w
    self.seatStart = seatStart
    self.seatSchool = seatSchool
    self.listStart = listStart
    self.school = school
    self.rank = rank
    self.before = before
    self.length = length
  }

  /// What position `p` of student *i*'s seat list stands for.
  ///
  /// - Complexity: O(log *k*) for her list length *k*.
  @inline(__always)
  func slot(_ i: Int, _ p: Int32) -> Slot {
    var lo = Int(listStart[i])
    var hi = Int(listStart[i + 1]) - 1
    while lo < hi {  // the last entry whose seats begin at or before p
      let mid = (lo + hi + 1) >> 1
      if before[mid] <= p { lo = mid } else { hi = mid - 1 }
    }
    let s = school[lo]
    return Slot(
      seat: seatStart[Int(s)] + (p - before[lo]), school: s, rank: rank[lo],
      listPosition: Int32(lo - Int(listStart[i])))
  }

  /// The seat positions of a school-level matching: each school's students take its seats
  /// best rank first. Returns, per student, her position in her seat list (-1 when
  /// unassigned).
  ///
  /// - Complexity: O(*E* + *n* log *n*).
  func positions(of matching: Matching) -> [Int32] {
    let n = studentCount
    var held = [[(UInt32, Int32, Int32)]](repeating: [], count: seatStart.count - 1)
    for i in 0..<n {
      guard let s = matching.partner(of: i) else { continue }
      for e in Int(listStart[i])..<Int(listStart[i + 1]) where Int(school[e]) == s {
        held[s].append((rank[e], Int32(i), before[e]))
      }
    }
    var result = [Int32](repeating: -1, count: n)
    for s in held.indices {
      held[s].sort { $0.0 < $1.0 }
      for (k, item) in held[s].enumerated() { result[Int(item.1)] = item.2 + Int32(k) }
    }
    return result
  }
}
