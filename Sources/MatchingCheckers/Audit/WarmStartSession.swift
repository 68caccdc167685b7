import MatchingCore

// The engine shared by `DeferredAcceptanceWarmStart` and `ImmediateAcceptanceWarmStart`:
// student-proposing deferred acceptance run by rejection chains from a saved state, with an
// undo log. Boston is DA under modified priorities (position in the list first, then rank;
// see `ImmediateAcceptanceWarmStart`), so one engine with two keys serves both.

/// Agents whose base run is shared: the run without all of them is computed once, and for
/// each agent the others are added back by their rejection chains.
let warmStartBlockSize = 16

/// One worker's state: the run without the current block, and an undo log.
final class WarmStartSession: MisreportSession {
  let market: SchoolChoiceMarket
  var state: WarmStartState
  var batch: [Int] = []
  var block: [Int] = []
  var agent = -1
  /// The undo log's length after the rest of the block was added back for `agent`.
  var mark = WarmStartState.Mark(heap: 0, fill: 0, next: 0)

  init(_ market: SchoolChoiceMarket, byListPosition: Bool) {
    self.market = market
    state = WarmStartState(market)
    state.byListPosition = byListPosition
  }

  func prepare(batch: [Int]) {
    self.batch = batch
    block = []
  }

  func begin(agent: Int) {
    var st = WarmStartState.empty
    swap(&st, &state)
    defer { swap(&st, &state) }
    if !block.contains(agent) {
      // A new block: the run from scratch without its agents.
      let k = batch.firstIndex(of: agent) ?? 0
      block = batch.isEmpty ? [agent] : Array(batch[k..<min(k + warmStartBlockSize, batch.count)])
      if !block.contains(agent) { block = [agent] }
      st.reset()
      var absent = [Bool](repeating: false, count: market.studentCount)
      for a in block { absent[a] = true }
      st.propose(market, proposers: (0..<market.studentCount).filter { !absent[$0] }, agent: -1, agentList: [], logging: false)
    } else {
      st.undo(to: WarmStartState.Mark(heap: 0, fill: 0, next: 0))
    }
    self.agent = agent
    // Add the rest of the block back, truthfully, by their chains.
    st.propose(market, proposers: block.filter { $0 != agent }, agent: -1, agentList: [], logging: true)
    mark = st.mark
  }

  func holdings(reporting report: [Int]) -> [Int] {
    // Her report as entries (school, her rank there), from her truthful list.
    let truth = market.listRange(of: agent)
    var list: [SchoolChoiceMarket.Entry] = []
    list.reserveCapacity(report.count)
    for s in report {
      for e in truth where Int(market.entries[e].school) == s {
        list.append(market.entries[e])
        break
      }
    }
    var st = WarmStartState.empty
    swap(&st, &state)
    let school = st.propose(market, proposers: [agent], agent: agent, agentList: list, logging: true)
    st.undo(to: mark)
    swap(&st, &state)
    return school < 0 ? [] : [school]
  }
}

/// A student held at a school: her priority there (smaller is better: `rank` for DA,
/// `position << 32 | rank` for Boston), and who she is.
struct WarmStartHeld {
  var key: UInt64
  var student: Int32
}

/// The run's arrays and the undo log, kept in a struct so the hot loops see plain locals.
struct WarmStartState {
  /// Keys by (position in the list, rank) (Boston as DA under modified priorities) rather
  /// than by rank alone (deferred acceptance).
  var byListPosition = false
  var heapStart: [Int]
  /// Per school, a max-heap of the students held, by key (the top is the worst held).
  var heap: [WarmStartHeld]
  var fill: [Int32]
  /// Per student, the position of her next proposal (for Boston, the round of her next
  /// application).
  var next: [Int32]
  /// Undo log: (slot in `heap`, old value), (school, old fill), (student, old next).
  var heapLog: [(Int, WarmStartHeld)] = []
  var fillLog: [(Int, Int32)] = []
  var nextLog: [(Int, Int32)] = []

  static let empty = WarmStartState(heapStart: [], heap: [], fill: [], next: [])

  init(heapStart: [Int], heap: [WarmStartHeld], fill: [Int32], next: [Int32]) {
    self.heapStart = heapStart
    self.heap = heap
    self.fill = fill
    self.next = next
  }

  init(_ market: SchoolChoiceMarket) {
    var start = [Int](repeating: 0, count: market.schoolCount + 1)
    for s in 0..<market.schoolCount {  // at most its applicants, however large the capacity
      start[s + 1] = start[s] + min(Int(market.capacities[s]), market.rankBound(of: s))
    }
    self.init(
      heapStart: start,
      heap: [WarmStartHeld](repeating: WarmStartHeld(key: 0, student: -1), count: start[market.schoolCount] + 1),
      fill: [Int32](repeating: 0, count: market.schoolCount),
      next: [Int32](repeating: 0, count: market.studentCount))
  }

  mutating func reset() {
    for s in fill.indices { fill[s] = 0 }
    for i in next.indices { next[i] = 0 }
    heapLog.removeAll(keepingCapacity: true)
    fillLog.removeAll(keepingCapacity: true)
    nextLog.removeAll(keepingCapacity: true)
  }

  struct Mark { var heap: Int, fill: Int, next: Int }

  var mark: Mark { Mark(heap: heapLog.count, fill: fillLog.count, next: nextLog.count) }

  /// Undoes the logged writes made since `mark`, newest first.
  mutating func undo(to mark: Mark) {
    while heapLog.count > mark.heap {
      let (slot, held) = heapLog.removeLast()
      heap[slot] = held
    }
    while fillLog.count > mark.fill {
      let (s, f) = fillLog.removeLast()
      fill[s] = f
    }
    while nextLog.count > mark.next {
      let (i, k) = nextLog.removeLast()
      next[i] = k
    }
  }

  /// Lets each of `proposers` in turn apply, following the displacement chain each starts
  /// until someone is held at a free seat or runs out of schools. `agent` (if any) applies
  /// down `agentList`, everyone else down her list; an application at position *k* of a
  /// list has key `k << 32 | rank` (Boston) or `rank` (DA). Returns where `agent` is held
  /// afterwards (-1: nowhere).
  @discardableResult
  mutating func propose(
    _ market: SchoolChoiceMarket, proposers: [Int], agent: Int,
    agentList: [SchoolChoiceMarket.Entry], logging: Bool
  ) -> Int {
    var agentSchool = -1
    var heapLog = self.heapLog
    var fillLog = self.fillLog
    var nextLog = self.nextLog
    self.heapLog = []
    self.fillLog = []
    self.nextLog = []
    let heapStart = self.heapStart
    market.entries.withUnsafeBufferPointer { entries in
    market.listStart.withUnsafeBufferPointer { start in
    market.listLength.withUnsafeBufferPointer { length in
    market.capacities.withUnsafeBufferPointer { cap in
    heapStart.withUnsafeBufferPointer { hoff in
    heap.withUnsafeMutableBufferPointer { h in
    fill.withUnsafeMutableBufferPointer { fill in
    next.withUnsafeMutableBufferPointer { next in
      for first in proposers {
        var i = first
        while true {
          let k = Int(next[i])
          let entry: SchoolChoiceMarket.Entry
          if i == agent {
            if k >= agentList.count { break }
            entry = agentList[k]
          } else {
            if k >= Int(length[i]) { break }
            entry = entries[Int(start[i]) + k]
          }
          if logging { nextLog.append((i, Int32(k))) }
          next[i] = Int32(k + 1)
          let s = Int(entry.school)
          let held = WarmStartHeld(
            key: byListPosition ? UInt64(k) << 32 | UInt64(entry.rank) : UInt64(entry.rank),
            student: Int32(i))
          let key = held.key
          let base = hoff[s]
          let f = Int(fill[s])
          if f < Int(cap[s]) {  // a free seat: held
            if logging { fillLog.append((s, Int32(f))) }
            fill[s] = Int32(f + 1)
            // Sift up.
            var j = f
            while j > 0 {
              let parent = (j - 1) >> 1
              if h[base + parent].key >= key { break }
              if logging { heapLog.append((base + j, h[base + j])) }
              h[base + j] = h[base + parent]
              j = parent
            }
            if logging { heapLog.append((base + j, h[base + j])) }
            h[base + j] = held
            if i == agent { agentSchool = s }
            break
          }
          if f > 0 && key < h[base].key {  // better than the worst held: displace him
            let displaced = Int(h[base].student)
            // Sift down from the top.
            var j = 0
            while true {
              var c = 2 * j + 1
              if c >= f { break }
              if c + 1 < f && h[base + c + 1].key > h[base + c].key { c += 1 }
              if h[base + c].key <= key { break }
              if logging { heapLog.append((base + j, h[base + j])) }
              h[base + j] = h[base + c]
              j = c
            }
            if logging { heapLog.append((base + j, h[base + j])) }
            h[base + j] = held
            if i == agent { agentSchool = s }
            if displaced == agent { agentSchool = -1 }
            i = displaced
          }
        }
      }
    }}}}}}}}
    self.heapLog = heapLog
    self.fillLog = fillLog
    self.nextLog = nextLog
    return agentSchool
  }
}
