import MatchingCore

/// Top trading cycles for a Shapley-Scarf housing market (Shapley and Scarf 1974, attributed
/// to David Gale).
///
/// ```swift
/// let market = try HousingMarket(endowments: [0, 1, 2], preferences: [[1], [0], [0, 1]])
/// TopTradingCycles().match(market).assignment   // [1, 0, 2]: agents 0 and 1 swap
/// ```
///
/// Every agent points to the owner of her most preferred remaining house; at least one cycle
/// exists; everyone on a cycle gets the house she points to and leaves with it; repeat.
///
/// ## Guarantees
/// - **Individually rational**, **Pareto efficient**, and the unique **core** (strict core)
///   allocation of the housing market (Shapley and Scarf 1974; Roth and Postlewaite 1977).
/// - **Strategy-proof** (Roth 1982), and the only mechanism that is individually rational,
///   Pareto efficient and strategy-proof (Ma 1994).
///
/// - Complexity: O(*n* + *E*) for *n* agents and total list length *E*, by path following
///   (Abraham, Cechlarova, Manlove and Mehlhorn 2004): each agent keeps a pointer into her
///   list that only moves forward (a house leaves exactly when its owner does), and a path of
///   pointers grows on a stack until it closes a cycle.
public struct TopTradingCycles: MatchingMechanism {
  public init() {}
  public var name: String { "ttc" }

  /// Runs top trading cycles.
  public func match(_ market: HousingMarket) -> Matching { run(market).matching }

  /// Runs top trading cycles and also counts the cycles traded.
  public func run(_ market: HousingMarket) -> (matching: Matching, cycles: Int) {
    let n = market.agentCount
    var pointer = [Int32](repeating: 0, count: n)
    var state = [UInt8](repeating: 0, count: n)  // 0 free, 1 on the path, 2 gone
    var stack = [Int32](repeating: 0, count: n)
    var assignment = [Int32](repeating: unassigned, count: n)
    var cycles = 0
    market.houses.withUnsafeBufferPointer { houses in
    market.houseOwners.withUnsafeBufferPointer { owner in
    market.listStart.withUnsafeBufferPointer { start in
    market.listLength.withUnsafeBufferPointer { length in
    market.endowments.withUnsafeBufferPointer { endowments in
    pointer.withUnsafeMutableBufferPointer { pointer in
    state.withUnsafeMutableBufferPointer { state in
    stack.withUnsafeMutableBufferPointer { stack in
    assignment.withUnsafeMutableBufferPointer { assignment in
      // The owner of agent a's best remaining house (her own house ends every list, and it
      // is still there while she is).
      @inline(__always) func target(_ a: Int) -> Int {
        let base = Int(start[a])
        let end = base + Int(length[a])
        var e = base + Int(pointer[a])
        while e < end {
          let b = Int(owner[e])
          if b == a || state[b] != 2 { break }
          e += 1
        }
        pointer[a] = Int32(e - base)
        return e < end ? Int(owner[e]) : a
      }
      var count = 0
      for a0 in 0..<n where state[a0] == 0 {
        var sp = 0
        stack[sp] = Int32(a0); sp += 1
        state[a0] = 1
        while sp > 0 {
          let a = Int(stack[sp - 1])
          let b = target(a)
          if state[b] == 0 {
            stack[sp] = Int32(b); sp += 1
            state[b] = 1
          } else {  // b is on the path: the path from b to a is a cycle
            count += 1
            var x: Int
            repeat {
              sp -= 1
              x = Int(stack[sp])
              let e = Int(start[x]) + Int(pointer[x])
              assignment[x] = e < Int(start[x]) + Int(length[x]) ? houses[e] : endowments[x]
              state[x] = 2
            } while x != b
          }
        }
      }
      cycles = count
    }}}}}}}}}
    return (Matching(assignment: assignment), cycles)
  }
}

/// Top trading cycles for school choice (Abdulkadiroglu and Sonmez 2003).
///
/// ```swift
/// let market = try SchoolChoiceMarket(capacities: [1, 1], studentPreferences: [[1, 0], [0, 1]],
///                                     schoolPreferences: [[0, 1], [1, 0]])
/// SchoolChoiceTopTradingCycles().match(market).assignment   // [1, 0]: priorities traded
/// ```
///
/// Each remaining student points to her most preferred school with a seat left; each such
/// school points to its highest-priority remaining applicant (by the tie-broken strict
/// priorities); every student on a cycle gets the school she points to; a school that fills
/// up leaves. Students trade their priorities.
///
/// ## Guarantees
/// - **Pareto efficient** and **strategy-proof** for students (Abdulkadiroglu and Sonmez
///   2003).
/// - **Not stable**: a student can be assigned a school at which someone with higher priority,
///   who wanted it, was not (the priority was traded away).
/// - On a housing market encoded as school choice (each house a school with one seat, its
///   owner first in its priority), it is Shapley-Scarf TTC.
/// - Schools here rank only their applicants; a school points only to a student who listed it.
///
/// - Complexity: O(*n* + *m* + *E*) after the O(*E*) counting sort of the schools' lists: a
///   student's pointer skips full schools and a school's pointer skips students who left,
///   both only forward, and the path of pointers grows on a stack until it closes a cycle.
public struct SchoolChoiceTopTradingCycles: MatchingMechanism {
  public init() {}
  public var name: String { "ttc" }

  /// Runs school-choice top trading cycles.
  public func match(_ market: SchoolChoiceMarket) -> Matching {
    let n = market.studentCount
    let m = market.schoolCount
    // Scratch, owned here and freed on return: the hot loop reads plain buffers.
    let slotStart = UnsafeMutableBufferPointer<Int>.allocate(capacity: m + 1)
    let offsets = UnsafeMutableBufferPointer<Int32>.allocate(capacity: m + 1)
    let seats = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(m, 1))
    let schoolPointer = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(m, 1))
    let studentPointer = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(n, 1))
    let state = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(n, 1))  // 0 free, 1 on path, 2 gone
    let stack = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(n, 1))
    let applicants = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(market.entries.count, 1))
    defer {
      for buffer in [offsets, seats, schoolPointer, studentPointer, stack, applicants] { buffer.deallocate() }
      slotStart.deallocate()
      state.deallocate()
    }
    slotStart[0] = 0
    for s in 0..<m { slotStart[s + 1] = slotStart[s] + market.rankBound(of: s) }
    let slots = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(slotStart[m], 1))
    defer { slots.deallocate() }
    slots.initialize(repeating: -1)
    offsets.initialize(repeating: 0)
    _ = seats.initialize(fromContentsOf: market.capacities)
    studentPointer.initialize(repeating: 0)
    state.initialize(repeating: 0)
    var assignment = [Int32](repeating: unassigned, count: n)
    market.entries.withUnsafeBufferPointer { entries in
    market.listStart.withUnsafeBufferPointer { listStart in
    market.listLength.withUnsafeBufferPointer { listLength in
      // Each school's applicants, best strict rank first (a counting sort on the ranks,
      // distinct per school): school s's are applicants[offsets[s] ..< offsets[s + 1]].
      for i in 0..<n {
        let base = Int(listStart[i])
        for e in base..<(base + Int(listLength[i])) {
          let s = Int(entries[e].school)
          slots[slotStart[s] + Int(entries[e].rank)] = Int32(i)
          offsets[s + 1] += 1
        }
      }
      for s in 0..<m { offsets[s + 1] += offsets[s] }
      var w = 0
      for slot in slots where slot >= 0 {
        applicants[w] = slot
        w += 1
      }
      for s in 0..<m { schoolPointer[s] = offsets[s] }

      for i0 in 0..<n where state[i0] == 0 {
        var sp = 0
        stack[sp] = Int32(i0)
        sp += 1
        state[i0] = 1
        while sp > 0 {
          let i = Int(stack[sp - 1])
          // The school i points to: first on her list with a seat left.
          let base = Int(listStart[i])
          let len = Int(listLength[i])
          var k = Int(studentPointer[i])
          while k < len && seats[Int(entries[base + k].school)] == 0 { k += 1 }
          studentPointer[i] = Int32(k)
          if k == len {  // nothing acceptable left: unassigned
            state[i] = 2
            sp -= 1
            continue
          }
          let s = Int(entries[base + k].school)
          // The highest-priority applicant s still has (it has one: i points to it).
          var q = Int(schoolPointer[s])
          while state[Int(applicants[q])] == 2 { q += 1 }
          schoolPointer[s] = Int32(q)
          let j = Int(applicants[q])
          if state[j] == 0 {
            stack[sp] = Int32(j)
            sp += 1
            state[j] = 1
          } else {  // j is on the path: a cycle from j to i
            var x: Int
            repeat {
              sp -= 1
              x = Int(stack[sp])
              // x points to the school at her pointer (set when she was last on top).
              let t = Int(entries[Int(listStart[x]) + Int(studentPointer[x])].school)
              assignment[x] = Int32(t)
              seats[t] -= 1
              state[x] = 2
            } while x != j
          }
        }
      }
    }}}
    return Matching(assignment: assignment)
  }
}
