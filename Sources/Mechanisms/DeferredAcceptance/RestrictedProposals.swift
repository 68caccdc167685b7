import MatchingCore

/// Student-proposing deferred acceptance on part of a market: the engine that EADAM, the
/// Chinese parallel mechanism and the stable improvement cycles reuse.
///
/// Only the students in `students` propose; student *i* proposes along the entries
/// `from[i] ..< to[i]` of her list; a proposal whose entry `admissible` rejects is skipped (the
/// school is treated as absent from her list); school *s* holds at most `seats[s]` students.
/// It reports, besides the matching, which schools rejected somebody (a school that never
/// rejects is *underdemanded*: nobody who proposed there is left wanting it).
///
/// - Complexity: O(*E'* log *c*) for the *E'* entries in the windows and the largest number
///   of seats *c*, plus O(*n* + *m*) to set up.
struct RestrictedProposals {
  /// The entry index each student holds, or -1.
  var held: [Int32]
  /// Whether each school rejected at least one proposal.
  var rejected: [Bool]

  /// Runs the proposals. `owners`, when given, maps each entry to its student (else a
  /// binary search on the slot starts finds her).
  @inline(__always)
  init(
    market: SchoolChoiceMarket, students: [Int32], from: [Int32], to: [Int32], seats: [Int32],
    owners: [Int32]? = nil, admissible: (Int) -> Bool
  ) {
    let n = market.studentCount
    let m = market.schoolCount
    var heapStart = [Int](repeating: 0, count: m + 1)
    for s in 0..<m {
      heapStart[s + 1] = heapStart[s] + max(0, min(Int(seats[s]), market.rankBound(of: s)))
    }
    var heap = [UInt64](repeating: 0, count: heapStart[m] + 1)
    var fill = [Int32](repeating: 0, count: m)
    var next = from
    var rejected = [Bool](repeating: false, count: m)
    let entries = market.entries
    heap.withUnsafeMutableBufferPointer { heapBuffer in
      let base = heapBuffer.baseAddress!
      for first in students {
        var i = Int(first)
        while true {
          let e = Int(next[i])
          if e >= Int(to[i]) { break }
          next[i] = Int32(e + 1)
          guard admissible(e) else { continue }
          let entry = entries[e]
          let s = Int(entry.school)
          let cap = heapStart[s + 1] - heapStart[s]
          // Key: strict rank, then the entry index (unique), so the held entry is recoverable.
          let key = UInt64(entry.rank) << 32 | UInt64(UInt32(e))
          let h = base + heapStart[s]
          let f = Int(fill[s])
          if f < cap {
            h[f] = key
            fill[s] = Int32(f + 1)
            DeferredAcceptance.siftUp(h, f)
            break
          }
          rejected[s] = true
          if cap > 0 && key < h[0] {
            let evictedEntry = Int(UInt32(truncatingIfNeeded: h[0]))
            DeferredAcceptance.siftDown(h, f, key)
            i = owners.map { Int($0[evictedEntry]) } ?? RestrictedProposals.owner(of: evictedEntry, in: market)
          }
        }
      }
    }
    var held = [Int32](repeating: -1, count: n)
    for s in 0..<m {
      for j in 0..<Int(fill[s]) {
        let e = Int(UInt32(truncatingIfNeeded: heap[heapStart[s] + j]))
        held[RestrictedProposals.owner(of: e, in: market)] = Int32(e)
      }
    }
    self.held = held
    self.rejected = rejected
  }

  /// The student whose slot holds entry `e` (binary search on the slot starts).
  @inline(__always)
  static func owner(of e: Int, in market: SchoolChoiceMarket) -> Int {
    var lo = 0
    var hi = market.studentCount  // listStart[hi] > e
    while hi - lo > 1 {
      let mid = (lo + hi) >> 1
      if Int(market.listStart[mid]) <= e { lo = mid } else { hi = mid }
    }
    return lo
  }
}
