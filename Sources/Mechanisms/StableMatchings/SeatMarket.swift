import MatchingCore

/// The one-to-one form of a many-to-one market: school *s* becomes `min(capacity, applicants)`
/// seats `(s, 0), (s, 1), ...`; a student lists the seats of each school she lists, in seat
/// order, where her school stood; every seat of *s* ranks the students as *s* does (its strict
/// order after tie-breaking).
///
/// In a stable matching of the seat market, a school's filled seats are a prefix and hold its
/// students best rank first (otherwise a student would block with an earlier seat), so the
/// stable matchings of the seat market and of the school market correspond one to one
/// (Gusfield and Irving 1989, ch. 1; Roth and Sotomayor 1990, ch. 5): enumerating the former
/// lists each of the latter exactly once.
///
/// Students' seat lists are flat: student *i*'s positions are
/// `listStart[i] ..< listStart[i + 1]`, and position *p* holds seat `seat[p]`, the student's
/// strict rank at that seat's school `rank[p]`, and the position of the school in her list
/// `schoolPosition[p]` (0 = first choice).
struct SeatMarket {
  var studentCount: Int
  var seatCount: Int
  /// First seat of each school; `schoolCount + 1` values.
  var seatStart: [Int32]
  /// The school of each seat.
  var seatSchool: [Int32]
  /// Where each seat's rank-indexed slots start (`seatCount + 1` values): seat *w* owns
  /// `rankBase[w] ..< rankBase[w] + rankBound(school)`.
  var rankBase: [Int]
  var listStart: [Int32]
  var seat: [Int32]
  var rank: [UInt32]
  var schoolPosition: [Int32]

  /// The number of entries of the seat form of `market` (students' seat lists plus the
  /// seats' rank-indexed labels): what ``RotationPoset`` allocates, about 16 bytes each.
  static func size(of market: SchoolChoiceMarket) -> Int {
    var applicants = [Int](repeating: 0, count: market.schoolCount)
    for i in 0..<market.studentCount {
      for e in market.listRange(of: i) { applicants[Int(market.entries[e].school)] += 1 }
    }
    var total = 0
    for s in 0..<market.schoolCount {
      let seats = min(Int(market.capacities[s]), applicants[s])
      total += seats * applicants[s]  // students' seat entries for s
      total += seats * market.rankBound(of: s)  // labels
    }
    return total
  }

  init(_ market: SchoolChoiceMarket) {
    let n = market.studentCount
    let m = market.schoolCount
    var applicants = [Int32](repeating: 0, count: m)
    for i in 0..<n { for e in market.listRange(of: i) { applicants[Int(market.entries[e].school)] += 1 } }
    var seatStart = [Int32](repeating: 0, count: m + 1)
    for s in 0..<m { seatStart[s + 1] = seatStart[s] + min(market.capacities[s], applicants[s]) }
    let w = Int(seatStart[m])
    var seatSchool = [Int32](repeating: 0, count: w)
    var rankBase = [Int](repeating: 0, count: w + 1)
    for s in 0..<m {
      for k in Int(seatStart[s])..<Int(seatStart[s + 1]) {
        seatSchool[k] = Int32(s)
        rankBase[k + 1] = rankBase[k] + market.rankBound(of: s)
      }
    }
    var listStart = [Int32](repeating: 0, count: n + 1)
    var seat: [Int32] = []
    var rank: [UInt32] = []
    var position: [Int32] = []
    for i in 0..<n {
      for (k, e) in market.listRange(of: i).enumerated() {
        let entry = market.entries[e]
        let s = Int(entry.school)
        for seatIndex in seatStart[s]..<seatStart[s + 1] {
          seat.append(seatIndex)
          rank.append(entry.rank)
          position.append(Int32(k))
        }
      }
      listStart[i + 1] = Int32(seat.count)
    }
    self.studentCount = n
    self.seatCount = w
    self.seatStart = seatStart
    self.seatSchool = seatSchool
    self.rankBase = rankBase
    self.listStart = listStart
    self.seat = seat
    self.rank = rank
    self.schoolPosition = position
  }

  /// The seat positions of a school-level matching: each school's students take its seats
  /// best rank first. Returns, per student, her position in her seat list (-1 when
  /// unassigned).
  func positions(of matching: Matching, in market: SchoolChoiceMarket) -> [Int32] {
    let n = studentCount
    var held = [[(UInt32, Int32)]](repeating: [], count: market.schoolCount)
    var schoolEntryRank = [UInt32](repeating: 0, count: n)
    for i in 0..<n {
      guard let s = matching.partner(of: i) else { continue }
      for e in market.listRange(of: i) where Int(market.entries[e].school) == s {
        schoolEntryRank[i] = market.entries[e].rank
      }
      held[s].append((schoolEntryRank[i], Int32(i)))
    }
    var result = [Int32](repeating: -1, count: n)
    for s in 0..<market.schoolCount {
      held[s].sort { $0.0 < $1.0 }
      for (k, item) in held[s].enumerated() {
        let i = Int(item.1)
        let target = seatStart[s] + Int32(k)
        for p in Int(listStart[i])..<Int(listStart[i + 1]) where seat[p] == target {
          result[i] = Int32(p)
        }
      }
    }
    return result
  }
}
