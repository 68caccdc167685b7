import MatchingCore

/// Student-proposing deferred acceptance where a school's choice depends on the students'
/// types (minority or majority): the engine behind ``DeferredAcceptanceWithReserves`` and
/// ``DeferredAcceptanceWithQuotas``.
///
/// Each school keeps two max-heaps of held applicants (minority, majority) keyed by strict
/// rank; a proposal is pushed onto its type's heap and then at most one applicant is
/// rejected by the policy's choice rule, which is substitutable, so one-at-a-time proposals
/// reach the student-optimal stable matching (Hatfield and Milgrom 2005).
///
/// - Complexity: O(*E* log *c*) for total list length *E* and largest capacity *c*, plus
///   O(log *n*) per rejection to find the rejected student's index.
enum TypedProposals {
  enum Policy {
    /// Soft minority reserves: the best `reserves[s]` minority applicants are chosen first,
    /// the remaining seats go by priority to everyone else (Hafalir, Yenmez and Yildirim 2013).
    case reserves([Int32])
    /// Hard majority quotas: at most `quotas[s]` majority students (Abdulkadiroglu and
    /// Sonmez 2003).
    case majorityQuotas([Int32])
  }

  static func run(_ market: SchoolChoiceMarket, isMinority: [Bool], policy: Policy) -> Matching {
    let n = market.studentCount
    let m = market.schoolCount
    // Heap slots per school and type: at most min(capacity, applicants) held, plus the
    // newcomer before a rejection.
    var start = [Int](repeating: 0, count: m + 1)
    for s in 0..<m {
      start[s + 1] = start[s] + min(Int(market.capacities[s]), market.rankBound(of: s)) + 1
    }
    var minorityHeap = [UInt64](repeating: 0, count: start[m])
    var majorityHeap = [UInt64](repeating: 0, count: start[m])
    var minorityCount = [Int32](repeating: 0, count: m)
    var majorityCount = [Int32](repeating: 0, count: m)
    var next = [Int32](repeating: 0, count: n)
    let entries = market.entries
    let reserves: [Int32]
    let quotas: [Int32]
    let reservePolicy: Bool
    switch policy {
    case .reserves(let r):
      reserves = r
      quotas = []
      reservePolicy = true
    case .majorityQuotas(let q):
      reserves = []
      quotas = q
      reservePolicy = false
    }
    @inline(__always) func minority(_ i: Int) -> Bool { i < isMinority.count && isMinority[i] }
    minorityHeap.withUnsafeMutableBufferPointer { minBuffer in
    majorityHeap.withUnsafeMutableBufferPointer { majBuffer in
      let minBase = minBuffer.baseAddress!
      let majBase = majBuffer.baseAddress!
      // Pops the top (worst held) of a heap and returns the student who held it.
      func pop(_ h: UnsafeMutablePointer<UInt64>, _ count: inout Int32) -> Int {
        let top = h[0]
        count -= 1
        if count > 0 { DeferredAcceptance.siftDown(h, Int(count), h[Int(count)]) }
        return RestrictedProposals.owner(of: Int(UInt32(truncatingIfNeeded: top)), in: market)
      }
      for first in 0..<n {
        var i = first
        while true {
          let k = Int(next[i])
          if k >= Int(market.listLength[i]) { break }
          next[i] = Int32(k + 1)
          let e = Int(market.listStart[i]) + k
          let s = Int(entries[e].school)
          let key = UInt64(entries[e].rank) << 32 | UInt64(UInt32(e))
          let minH = minBase + start[s]
          let majH = majBase + start[s]
          if minority(i) {
            minH[Int(minorityCount[s])] = key
            DeferredAcceptance.siftUp(minH, Int(minorityCount[s]))
            minorityCount[s] += 1
          } else {
            majH[Int(majorityCount[s])] = key
            DeferredAcceptance.siftUp(majH, Int(majorityCount[s]))
            majorityCount[s] += 1
          }
          var rejected = -1
          if !reservePolicy && majorityCount[s] > max(0, quotas[s]) {
            rejected = pop(majH, &majorityCount[s])  // over the majority cap: the worst majority
          } else if minorityCount[s] + majorityCount[s] > market.capacities[s] {
            let worstMinority = minorityCount[s] > 0 ? minH[0] : 0
            let worstMajority = majorityCount[s] > 0 ? majH[0] : 0
            // Under reserves, minorities within the reserve cannot be displaced.
            let minorityExposed = reservePolicy
              ? minorityCount[s] > min(max(0, reserves[s]), market.capacities[s]) : minorityCount[s] > 0
            if minorityExposed && (majorityCount[s] == 0 || worstMinority > worstMajority) {
              rejected = pop(minH, &minorityCount[s])
            } else {
              rejected = pop(majH, &majorityCount[s])
            }
          }
          if rejected < 0 { break }  // held, nobody out
          i = rejected  // the rejected student (perhaps i herself) proposes on
        }
      }
    }}
    var assignment = [Int32](repeating: unassigned, count: n)
    for s in 0..<m {
      for j in 0..<Int(minorityCount[s]) {
        assignment[RestrictedProposals.owner(of: Int(UInt32(truncatingIfNeeded: minorityHeap[start[s] + j])), in: market)] = Int32(s)
      }
      for j in 0..<Int(majorityCount[s]) {
        assignment[RestrictedProposals.owner(of: Int(UInt32(truncatingIfNeeded: majorityHeap[start[s] + j])), in: market)] = Int32(s)
      }
    }
    let matching = Matching(assignment: assignment)
    matching._checkFeasible(in: market)
    return matching
  }
}
