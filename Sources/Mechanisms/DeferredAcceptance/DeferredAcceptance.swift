import MatchingCore

/// Deferred acceptance (Gale and Shapley 1962), one-to-one or many-to-one, with either side
/// proposing.
///
/// ```swift
/// let market = try SchoolChoiceMarket(capacities: [1, 1], studentPreferences: [[0, 1], [0, 1]],
///                                     schoolPreferences: [[1, 0], [0, 1]])
/// DeferredAcceptance().match(market).assignment   // [1, 0]
/// ```
///
/// Students propose down their lists (or schools down their priority orders); each receiver
/// holds the best proposals it has so far, up to capacity, and rejects the rest; rejected
/// proposers move on. It stops when nobody has anyone left to propose to.
///
/// ## Guarantees
/// - The outcome is **stable** with respect to the strict (tie-broken) priorities, hence free
///   of justified envy with respect to the weak priorities too (Gale and Shapley 1962).
/// - Student-proposing DA gives every student her best partner among all stable matchings
///   (**student-optimal**), and every school its worst (McVitie and Wilson 1971; Roth and
///   Sotomayor 1990, Thm. 2.12 and 5.32). Symmetrically for school-proposing DA.
/// - It is **strategy-proof for the proposing side** (Dubins and Freedman 1981; Roth 1982),
///   and no stable mechanism is strategy-proof for both sides (Roth 1982).
/// - **Rural hospitals**: every stable matching fills the same seats and assigns the same
///   students (McVitie and Wilson 1970; Roth 1986).
///
/// - Complexity: O(*E*) proposals for total list length *E*, each O(log *c*) for the
///   largest capacity *c* (a max-heap of held students per school; constant for one-to-one).
///   School-proposing: O(*E*) after an O(*E*) counting sort of the schools' lists.
public struct DeferredAcceptance: MatchingMechanism {
  /// Which side proposes.
  public enum Proposing: Sendable, Hashable {
    /// Students propose: the student-optimal stable matching.
    case students
    /// Schools propose: the school-optimal stable matching.
    case schools
  }

  /// Which side proposes.
  public var proposing: Proposing

  /// Creates the mechanism; students propose unless told otherwise.
  public init(proposing: Proposing = .students) { self.proposing = proposing }

  public var name: String { proposing == .students ? "da" : "da-schools" }

  /// Runs deferred acceptance.
  ///
  /// - Parameter market: the reports and the tie-broken priorities.
  /// - Returns: each student's school, or -1.
  /// - Complexity: see the type's documentation.
  public func match(_ market: SchoolChoiceMarket) -> Matching {
    let result = run(market).matching
    result._checkFeasible(in: market)
    return result
  }

  /// Runs deferred acceptance and also reports how many proposals were made.
  public func run(_ market: SchoolChoiceMarket) -> (matching: Matching, proposals: Int) {
    switch proposing {
    case .students: return Self.studentProposing(market)
    case .schools: return Self.schoolProposing(market)
    }
  }

  /// Student-proposing DA on flat arrays: a max-heap of `rank << 32 | student` keys per
  /// school (the top is the worst held), and an evicted student proposes straight away.
  static func studentProposing(_ market: SchoolChoiceMarket) -> (matching: Matching, proposals: Int) {
    let n = market.studentCount
    let m = market.schoolCount
    var heapStart = [Int](repeating: 0, count: m + 1)
    // A school never holds more students than apply to it (its rank bound), so a huge
    // capacity ("unlimited") costs no memory.
    for s in 0..<m {
      heapStart[s + 1] = heapStart[s] + min(Int(market.capacities[s]), market.rankBound(of: s))
    }
    var heap = [UInt64](repeating: 0, count: heapStart[m] + 1)
    var fill = [Int32](repeating: 0, count: m)
    var next = [Int32](repeating: 0, count: n)
    var proposals = 0
    market.entries.withUnsafeBufferPointer { entries in
    market.listStart.withUnsafeBufferPointer { start in
    market.listLength.withUnsafeBufferPointer { length in
    market.capacities.withUnsafeBufferPointer { cap in
    heapStart.withUnsafeBufferPointer { hoff in
    heap.withUnsafeMutableBufferPointer { heapBuffer in
    fill.withUnsafeMutableBufferPointer { fill in
    next.withUnsafeMutableBufferPointer { next in
      let heapBase = heapBuffer.baseAddress!
      var props = 0
      for first in 0..<n {
        var i = first
        while true {
          let k = Int(next[i])
          if k >= Int(length[i]) { break }  // list exhausted: unassigned
          next[i] = Int32(k + 1)
          props += 1
          let entry = entries[Int(start[i]) + k]
          let s = Int(entry.school)
          let key = UInt64(entry.rank) << 32 | UInt64(UInt32(truncatingIfNeeded: i))
          let h = heapBase + hoff[s]
          let f = Int(fill[s])
          if f < Int(cap[s]) {  // free seat: hold
            h[f] = key
            fill[s] = Int32(f + 1)
            siftUp(h, f)
            break
          }
          if f > 0 && key < h[0] {  // better than the worst held: evict it (none at a closed school)
            let evicted = Int(UInt32(truncatingIfNeeded: h[0]))
            siftDown(h, f, key)
            i = evicted
          }
          // otherwise rejected: propose to the next school
        }
      }
      proposals = props
    }}}}}}}}
    var assignment = [Int32](repeating: unassigned, count: n)
    for s in 0..<m {
      for j in 0..<Int(fill[s]) {
        assignment[Int(UInt32(truncatingIfNeeded: heap[heapStart[s] + j]))] = Int32(s)
      }
    }
    return (Matching(assignment: assignment), proposals)
  }

  @inline(__always)
  static func siftUp(_ h: UnsafeMutablePointer<UInt64>, _ index: Int) {
    var i = index
    let x = h[i]
    while i > 0 {
      let parent = (i - 1) >> 1
      if h[parent] >= x { break }
      h[i] = h[parent]
      i = parent
    }
    h[i] = x
  }

  @inline(__always)
  static func siftDown(_ h: UnsafeMutablePointer<UInt64>, _ count: Int, _ x: UInt64) {
    var i = 0
    while true {
      var c = 2 * i + 1
      if c >= count { break }
      if c + 1 < count && h[c + 1] > h[c] { c += 1 }
      if h[c] <= x { break }
      h[i] = h[c]
      i = c
    }
    h[i] = x
  }

  /// School-proposing DA: each school offers seats down its strict order; a student holds
  /// the offer she likes best (the smallest position in her list) and rejects the others.
  static func schoolProposing(_ market: SchoolChoiceMarket) -> (matching: Matching, proposals: Int) {
    let n = market.studentCount
    let m = market.schoolCount
    let lists = market.applicantLists()
    var pointer = Array(lists.offsets.dropLast())
    var held = [Int32](repeating: 0, count: m)
    var holding = [Int32](repeating: -1, count: n)  // entry index of the held offer
    var queue: [Int32] = (0..<m).reversed().map { Int32($0) }
    var proposals = 0
    while let s32 = queue.popLast() {
      let s = Int(s32)
      while held[s] < market.capacities[s] && pointer[s] < lists.offsets[s + 1] {
        let j = Int(pointer[s])
        pointer[s] += 1
        proposals += 1
        let i = Int(lists.students[j])
        let e = lists.entryIndex[j]
        let current = holding[i]
        if current < 0 {
          holding[i] = e
          held[s] += 1
        } else if e < current {  // earlier in her list: she prefers s
          let dropped = Int(market.entries[Int(current)].school)
          holding[i] = e
          held[s] += 1
          held[dropped] -= 1
          queue.append(Int32(dropped))
        }
      }
    }
    var assignment = [Int32](repeating: unassigned, count: n)
    for i in 0..<n where holding[i] >= 0 {
      assignment[i] = market.entries[Int(holding[i])].school
    }
    return (Matching(assignment: assignment), proposals)
  }
}
