import MatchingCore

/// The probabilistic serial rule with capacities (Bogomolnaia and Moulin 2001; with
/// multi-unit supply, Kojima and Manea 2010 and Budish, Che, Kojima and Milgrom 2013): the "eating"
/// algorithm.
///
/// ```swift
/// let market = try SchoolChoiceMarket(capacities: [1, 1], preferences: [[0, 1], [0, 1]])
/// let p = ProbabilisticSerial().match(market)
/// p.probability(of: 0, at: 0)   // 0.5: both eat school 0 at the same speed
/// ```
///
/// Time runs from 0 to 1. Each school has as much "probability" as seats; every student eats,
/// at unit speed, the school she ranks highest among those with some left; when a school is
/// exhausted its eaters move on to their next choices. A student's probability at a school is
/// the time she spent eating it; a student whose list runs out stops eating, and the rest of
/// her unit is the probability of staying unassigned. School priorities are ignored.
///
/// ## Guarantees
/// - **Ordinally (sd-) efficient**: no other random assignment stochastically dominates it
///   for every student (Bogomolnaia and Moulin 2001; with capacities and an outside
///   option, Kojima and Manea 2010).
/// - **Sd-envy-free**: each student's lottery stochastically dominates every other
///   student's by her own preferences; in particular equal treatment of equals.
/// - **Weakly strategy-proof**: no misreport gives a lottery that stochastically dominates
///   the truthful one; but **not strategy-proof**: a misreport can raise a student's expected
///   utility for some utility consistent with her ranking (Bogomolnaia and Moulin 2001).
///
/// ## Precision
/// The eating times are `Double`s: each student's row sums to 1 (with the unassigned
/// probability) and each school's column to at most its capacity, within 1e-9
/// (``RandomAssignment/tolerance``); the tests compare against exact fractions.
///
/// - Complexity: O(*E* + *m* log *m* + *n*) for *n* students, *m* schools and total list
///   length *E*: each school is exhausted once (an event in a heap keyed by the time its
///   supply runs out), and each student moves along her list only forward, her share
///   recorded when she leaves a school (no per-event pass over all students).
public struct ProbabilisticSerial: MatchingMechanism {
  public init() {}
  public var name: String { "ps" }

  /// Runs the eating algorithm.
  ///
  /// - Returns: a random assignment whose row for student *i* lists her current (reported)
  ///   list in order, zeros included.
  public func match(_ market: SchoolChoiceMarket) -> RandomAssignment {
    let n = market.studentCount
    let m = market.schoolCount
    var rowStart = [Int32](repeating: 0, count: n + 1)
    for i in 0..<n { rowStart[i + 1] = rowStart[i] + market.listLength[i] }
    let total = Int(rowStart[n])
    var rowSchools = [Int32](repeating: 0, count: total)
    for i in 0..<n {
      let base = Int(market.listStart[i])
      for k in 0..<Int(market.listLength[i]) {
        rowSchools[Int(rowStart[i]) + k] = market.entries[base + k].school
      }
    }
    var probabilities = [Double](repeating: 0, count: total)
    var remaining = market.capacities.map(Double.init)
    var lastUpdate = [Double](repeating: 0, count: m)
    var eaterCount = [Int32](repeating: 0, count: m)
    var exhausted = [Bool](repeating: false, count: m)
    var version = [UInt32](repeating: 0, count: m)
    var eaters = [[Int32]](repeating: [], count: m)
    var pointer = [Int32](repeating: 0, count: n)
    var started = [Double](repeating: 0, count: n)
    var heap = EventHeap()

    for i in 0..<n where market.listLength[i] > 0 {
      let s = Int(rowSchools[Int(rowStart[i])])
      eaterCount[s] += 1
      eaters[s].append(Int32(i))
    }
    for s in 0..<m where eaterCount[s] > 0 {
      heap.push(time: remaining[s] / Double(eaterCount[s]), school: Int32(s), version: 0)
    }
    var dirty: [Int32] = []
    var isDirty = [Bool](repeating: false, count: m)
    while let event = heap.popMin() {
      if event.time >= 1 { break }
      let s = Int(event.school)
      if exhausted[s] || event.version != version[s] { continue }
      let t = event.time
      exhausted[s] = true
      remaining[s] = 0
      let moving = eaters[s]
      eaters[s] = []
      eaterCount[s] = 0
      for i32 in moving {
        let i = Int(i32)
        let base = Int(rowStart[i])
        let length = Int(rowStart[i + 1]) - base
        var k = Int(pointer[i])
        probabilities[base + k] = t - started[i]
        k += 1
        while k < length && exhausted[Int(rowSchools[base + k])] { k += 1 }
        pointer[i] = Int32(k)
        guard k < length else { continue }
        let next = Int(rowSchools[base + k])
        // Bring the school's supply up to time t before its eater count changes.
        remaining[next] -= Double(eaterCount[next]) * (t - lastUpdate[next])
        lastUpdate[next] = t
        eaterCount[next] += 1
        eaters[next].append(i32)
        started[i] = t
        if !isDirty[next] {
          isDirty[next] = true
          dirty.append(Int32(next))
        }
      }
      for d in dirty {
        let x = Int(d)
        isDirty[x] = false
        version[x] &+= 1
        let runsOut = t + max(0, remaining[x]) / Double(eaterCount[x])
        heap.push(time: runsOut, school: d, version: version[x])
      }
      dirty.removeAll(keepingCapacity: true)
    }
    // Time 1: everyone still eating keeps what she ate of her current school.
    for s in 0..<m where !exhausted[s] {
      for i32 in eaters[s] {
        let i = Int(i32)
        probabilities[Int(rowStart[i]) + Int(pointer[i])] = 1 - started[i]
      }
    }
    let result = RandomAssignment(
      schoolCount: m, rowStart: rowStart, schools: rowSchools, probabilities: probabilities)
    #if MATCHING_INTERNAL_CHECKS
    if let violation = result.feasibilityViolation(capacities: market.capacities) {
      preconditionFailure("probabilistic serial produced an infeasible assignment: \(violation)")
    }
    #endif
    return result
  }
}

/// A binary min-heap of (time, school, version) events; stale versions are skipped by the
/// caller (lazy deletion). Ties in time are broken by school index, so the order of events
/// is deterministic.
struct EventHeap {
  struct Event {
    var time: Double
    var school: Int32
    var version: UInt32
  }
  private var items: [Event] = []

  @inline(__always)
  private static func less(_ a: Event, _ b: Event) -> Bool {
    a.time < b.time || (a.time == b.time && a.school < b.school)
  }

  mutating func push(time: Double, school: Int32, version: UInt32) {
    items.append(Event(time: time, school: school, version: version))
    var c = items.count - 1
    while c > 0 {
      let p = (c - 1) / 2
      if !Self.less(items[c], items[p]) { break }
      items.swapAt(c, p)
      c = p
    }
  }

  mutating func popMin() -> Event? {
    guard let top = items.first else { return nil }
    let last = items.removeLast()
    if !items.isEmpty {
      items[0] = last
      var p = 0
      while true {
        let l = 2 * p + 1
        if l >= items.count { break }
        var c = l
        if l + 1 < items.count && Self.less(items[l + 1], items[l]) { c = l + 1 }
        if !Self.less(items[c], items[p]) { break }
        items.swapAt(c, p)
        p = c
      }
    }
    return top
  }
}
