import MatchingCore

/// The working state of one run: flat arrays on dense indices.
struct RothPeransonState {
  let capacity: [Int32]
  let listStart: [Int32]
  let entries: [SchoolChoiceMarket.Entry]
  let coupleStart: [Int32]
  let coupleEntries: [ResidencyMarket.CoupleEntry]
  let members: [Int32]
  let coupleOf: [Int32]
  /// Program per applicant, or -1.
  var assign: [Int32]
  /// The program's position of the applicant where she is held.
  var heldRank: [UInt32]
  /// Singles: the next position of her list to propose to (her held position + 1).
  var next: [Int32]
  /// Couples: the next entry to try, and the entry held (-1: none).
  var coupleNext: [Int32]
  var coupleHeld: [Int32]
  /// Each program's assignees as `rank << 32 | applicant`, sorted, in slots of its capacity.
  let slotStart: [Int32]
  var slots: [UInt64]
  var count: [Int32]
  /// Work: a single (>= 0) or a couple (-(c + 1)).
  var stack: [Int32] = []
  var pending: [Bool]
  /// Programs that lost an applicant by withdrawal, in order.
  var dirty: [Bool]
  var dirtyQueue: [Int32] = []
  var dirtyHead = 0
  /// Couples just seated: their own seats can make one of their better pairs block (a
  /// member's seat frees room for the partner), so each is re-examined.
  var placedQueue: [Int32] = []
  /// Reverse index: the single entries and couple entries naming each program.
  let singlesAtStart: [Int32]
  let singlesAt: [Int32]  // entry indices
  let entryOwner: [Int32]
  let couplesAtStart: [Int32]
  let couplesAt: [Int32]  // couple entry indices
  let coupleEntryOwner: [Int32]
  var iterations = 0
  /// Every `checkpointEvery` resolutions, the blocking coalitions are counted and the matching
  /// with the fewest so far is kept (`fewest`), for a run that ends unstable.
  var checkpointEvery = Int.max
  var lastCheckpoint = 0
  var fewest: (count: Int, assign: [Int32])? = nil

  init(_ market: ResidencyMarket) {
    let n = market.applicantCount
    let m = market.programCount
    capacity = market.capacities
    listStart = market.listStart
    entries = market.entries
    coupleStart = market.coupleListStart
    coupleEntries = market.coupleEntries
    members = market.coupleMembers
    coupleOf = market.coupleOf
    assign = [Int32](repeating: -1, count: n)
    heldRank = [UInt32](repeating: 0, count: n)
    next = [Int32](repeating: 0, count: n)
    coupleNext = [Int32](repeating: 0, count: market.coupleCount)
    coupleHeld = [Int32](repeating: -1, count: market.coupleCount)
    var start = [Int32](repeating: 0, count: m + 1)
    for s in 0..<m { start[s + 1] = start[s] + capacity[s] }
    slotStart = start
    slots = [UInt64](repeating: 0, count: Int(start[m]))
    count = [Int32](repeating: 0, count: m)
    pending = [Bool](repeating: false, count: market.coupleCount)
    dirty = [Bool](repeating: false, count: m)
    // Reverse index by counting sort.
    var owner = [Int32](repeating: 0, count: entries.count)
    for i in 0..<n { for e in market.listRange(of: i) { owner[e] = Int32(i) } }
    entryOwner = owner
    var sStart = [Int32](repeating: 0, count: m + 1)
    for e in entries { sStart[Int(e.school) + 1] += 1 }
    for s in 0..<m { sStart[s + 1] += sStart[s] }
    var sAt = [Int32](repeating: 0, count: entries.count)
    var fill = sStart
    for (k, e) in entries.enumerated() {
      sAt[Int(fill[Int(e.school)])] = Int32(k)
      fill[Int(e.school)] += 1
    }
    singlesAtStart = sStart
    singlesAt = sAt
    var cOwner = [Int32](repeating: 0, count: coupleEntries.count)
    for c in 0..<market.coupleCount { for k in market.coupleListRange(of: c) { cOwner[k] = Int32(c) } }
    coupleEntryOwner = cOwner
    var cStart = [Int32](repeating: 0, count: m + 1)
    for e in coupleEntries {
      if e.programA >= 0 { cStart[Int(e.programA) + 1] += 1 }
      if e.programB >= 0 && e.programB != e.programA { cStart[Int(e.programB) + 1] += 1 }
    }
    for s in 0..<m { cStart[s + 1] += cStart[s] }
    var cAt = [Int32](repeating: 0, count: Int(cStart[m]))
    fill = cStart
    for (k, e) in coupleEntries.enumerated() {
      if e.programA >= 0 {
        cAt[Int(fill[Int(e.programA)])] = Int32(k)
        fill[Int(e.programA)] += 1
      }
      if e.programB >= 0 && e.programB != e.programA {
        cAt[Int(fill[Int(e.programB)])] = Int32(k)
        fill[Int(e.programB)] += 1
      }
    }
    couplesAtStart = cStart
    couplesAt = cAt
  }

  // MARK: Programs' seats

  /// Assignees of `s` ranked strictly above `rank` (a binary search).
  @inline(__always)
  func countBetter(_ s: Int, than rank: UInt32) -> Int {
    var lo = Int(slotStart[s])
    let base = lo
    var hi = lo + Int(count[s])
    let key = UInt64(rank) << 32
    while lo < hi {
      let mid = (lo + hi) >> 1
      if slots[mid] < key { lo = mid + 1 } else { hi = mid }
    }
    return lo - base
  }

  /// Whether `s` takes an applicant at position `rank` (free seat, or better than its worst).
  @inline(__always)
  func takes(_ s: Int, _ rank: UInt32) -> Bool {
    let c = count[s]
    return c < capacity[s] || rank < UInt32(slots[Int(slotStart[s] + c - 1)] >> 32)
  }

  /// Seats applicant `i` at `s` and returns whom it drops (-1: nobody).
  mutating func insert(_ s: Int, _ i: Int, _ rank: UInt32) -> Int32 {
    let base = Int(slotStart[s])
    var c = Int(count[s])
    var dropped: Int32 = -1
    if c == Int(capacity[s]) {
      dropped = Int32(truncatingIfNeeded: slots[base + c - 1])
      c -= 1
    }
    let key = UInt64(rank) << 32 | UInt64(UInt32(i))
    var j = base + c
    while j > base && slots[j - 1] > key {
      slots[j] = slots[j - 1]
      j -= 1
    }
    slots[j] = key
    count[s] = Int32(c + 1)
    assign[i] = Int32(s)
    heldRank[i] = rank
    if dropped >= 0 { assign[Int(dropped)] = -1 }
    return dropped
  }

  /// Removes applicant `i` from her seat (a withdrawal: the program is marked for the
  /// instability scan).
  mutating func withdraw(_ i: Int) {
    let s = Int(assign[i])
    guard s >= 0 else { return }
    let base = Int(slotStart[s])
    let c = Int(count[s])
    let key = UInt64(heldRank[i]) << 32 | UInt64(UInt32(i))
    var j = base
    while slots[j] != key { j += 1 }
    while j < base + c - 1 {
      slots[j] = slots[j + 1]
      j += 1
    }
    count[s] = Int32(c - 1)
    assign[i] = -1
    if !dirty[s] {
      dirty[s] = true
      dirtyQueue.append(Int32(s))
    }
  }

  /// Puts a displaced applicant back to work.
  mutating func displaced(_ j: Int32) {
    guard j >= 0 else { return }
    let c = coupleOf[Int(j)]
    if c < 0 {
      stack.append(j)
    } else if !pending[Int(c)] {
      pending[Int(c)] = true
      stack.append(-(c + 1))
    }
  }

  // MARK: Couples

  /// Whether both programs of couple `c`'s entry `k` would take its members now (the
  /// definition: a program takes a member it holds; otherwise, with the couple's members
  /// removed, the member must be among its capacity best; for one program, both must fit).
  func coupleWouldTake(_ c: Int, _ k: Int) -> Bool {
    let e = coupleEntries[k]
    let a = Int(members[2 * c])
    let b = Int(members[2 * c + 1])
    if e.programA >= 0 && e.programA == e.programB {
      let s = Int(e.programA)
      let cap = Int(capacity[s])
      guard cap >= 2 else { return false }
      let rw = max(e.rankA, e.rankB)
      var better = countBetter(s, than: rw)
      if assign[a] == e.programA && heldRank[a] < rw { better -= 1 }
      if assign[b] == e.programA && heldRank[b] < rw { better -= 1 }
      return better <= cap - 2
    }
    return memberTaken(e.programA, e.rankA, Int(members[2 * c]), b)
      && memberTaken(e.programB, e.rankB, b, a)
  }

  @inline(__always)
  func memberTaken(_ s32: Int32, _ rank: UInt32, _ member: Int, _ partner: Int) -> Bool {
    guard s32 >= 0 else { return true }
    if assign[member] == s32 { return true }
    let s = Int(s32)
    let partnerHere = assign[partner] == s32
    let others = Int(count[s]) - (partnerHere ? 1 : 0)
    if others < Int(capacity[s]) { return true }
    var better = countBetter(s, than: rank)
    if partnerHere && heldRank[partner] < rank { better -= 1 }
    return better < Int(capacity[s])
  }

  /// Withdraws both members of couple `c` from their seats.
  mutating func withdrawCouple(_ c: Int) {
    withdraw(Int(members[2 * c]))
    withdraw(Int(members[2 * c + 1]))
    coupleHeld[c] = -1
  }

  /// Seats couple `c` (withdrawn) at its entry `k`, which must take both members.
  mutating func placeCouple(_ c: Int, _ k: Int) {
    let e = coupleEntries[k]
    var d1: Int32 = -1
    var d2: Int32 = -1
    if e.programA >= 0 { d1 = insert(Int(e.programA), Int(members[2 * c]), e.rankA) }
    if e.programB >= 0 { d2 = insert(Int(e.programB), Int(members[2 * c + 1]), e.rankB) }
    coupleHeld[c] = Int32(k)
    placedQueue.append(Int32(c))
    displaced(d1)
    displaced(d2)
  }

  // MARK: Proposals

  mutating func processSingle(_ i: Int) {
    let base = Int(listStart[i])
    let end = Int(listStart[i + 1])
    var p = base + Int(next[i])
    while p < end {
      let e = entries[p]
      p += 1
      if takes(Int(e.school), e.rank) {
        next[i] = Int32(p - base)
        displaced(insert(Int(e.school), i, e.rank))
        return
      }
    }
    next[i] = Int32(end - base)
  }

  mutating func processCouple(_ c: Int) {
    pending[c] = false
    withdrawCouple(c)
    let end = Int(coupleStart[c + 1])
    var k = Int(coupleStart[c]) + Int(coupleNext[c])
    while k < end {
      if coupleWouldTake(c, k) {
        placeCouple(c, k)
        coupleNext[c] = Int32(k + 1 - Int(coupleStart[c]))
        coupleHeld[c] = Int32(k)
        return
      }
      k += 1
    }
    coupleNext[c] = Int32(end - Int(coupleStart[c]))
  }

  mutating func runStack() {
    while let x = stack.popLast() {
      if x >= 0 { processSingle(Int(x)) } else { processCouple(Int(-x - 1)) }
    }
  }

  // MARK: Instability chaining

  /// Single `i`'s held position in her list (her list length when unmatched).
  @inline(__always)
  func heldPosition(_ i: Int) -> Int {
    assign[i] >= 0 ? Int(next[i]) - 1 : Int(listStart[i + 1] - listStart[i])
  }

  /// Couple `c`'s held entry index (one past its list when unmatched).
  @inline(__always)
  func heldEntry(_ c: Int) -> Int { coupleHeld[c] >= 0 ? Int(coupleHeld[c]) : Int(coupleStart[c + 1]) }

  /// Moves single `i` to the best program on her list above her seat that takes her.
  mutating func resolveSingle(_ i: Int) {
    let base = Int(listStart[i])
    let held = base + heldPosition(i)
    for p in base..<held where takes(Int(entries[p].school), entries[p].rank) {
      withdraw(i)
      next[i] = Int32(p + 1 - base)
      displaced(insert(Int(entries[p].school), i, entries[p].rank))
      return
    }
  }

  /// Moves couple `c` to its best entry above the one it holds whose programs take it.
  mutating func resolveCouple(_ c: Int) {
    for k in Int(coupleStart[c])..<heldEntry(c) where coupleWouldTake(c, k) {
      withdrawCouple(c)
      placeCouple(c, k)
      coupleNext[c] = Int32(k + 1 - Int(coupleStart[c]))
      coupleHeld[c] = Int32(k)
      return
    }
  }

  /// Scans the programs that lost applicants for blocking singles and couples and resolves
  /// them one at a time. Returns `false` when the limit stops it.
  mutating func stabilize(limit: Int) -> Bool {
    while dirtyHead < dirtyQueue.count || !placedQueue.isEmpty {
      if iterations != lastCheckpoint && iterations % checkpointEvery == 0 {
        lastCheckpoint = iterations
        checkpoint()
      }
      if let c32 = placedQueue.popLast() {
        let c = Int(c32)
        guard (Int(coupleStart[c])..<heldEntry(c)).contains(where: { coupleWouldTake(c, $0) }) else { continue }
        guard iterations < limit else { return false }
        iterations += 1
        resolveCouple(c)
        runStack()
        continue
      }
      let s = Int(dirtyQueue[dirtyHead])
      dirtyHead += 1
      dirty[s] = false
      var resolved = false
      for q in Int(singlesAtStart[s])..<Int(singlesAtStart[s + 1]) {
        let e = Int(singlesAt[q])
        let i = Int(entryOwner[e])
        guard e - Int(listStart[i]) < heldPosition(i), takes(s, entries[e].rank) else { continue }
        guard iterations < limit else { return false }
        iterations += 1
        resolveSingle(i)
        resolved = true
        break
      }
      if !resolved {
        for q in Int(couplesAtStart[s])..<Int(couplesAtStart[s + 1]) {
          let k = Int(couplesAt[q])
          let c = Int(coupleEntryOwner[k])
          guard k < heldEntry(c), coupleWouldTake(c, k) else { continue }
          guard iterations < limit else { return false }
          iterations += 1
          resolveCouple(c)
          resolved = true
          break
        }
      }
      if resolved {
        runStack()
        if !dirty[s] {
          dirty[s] = true
          dirtyQueue.append(Int32(s))
        }
      }
      if dirtyHead > 4096 && dirtyHead * 2 > dirtyQueue.count {
        dirtyQueue.removeFirst(dirtyHead)
        dirtyHead = 0
      }
    }
    return true
  }

  /// Singles' deferred acceptance, then the couples one at a time, each followed by the
  /// instability chaining. Returns `false` when the limit stopped the chaining; the couples
  /// not yet entered still apply (with their displacements), so every applicant has had her
  /// turn and only the unresolved instabilities remain.
  mutating func run(limit: Int) -> Bool {
    let n = coupleOf.count
    for i in stride(from: n - 1, through: 0, by: -1) where coupleOf[i] < 0 { stack.append(Int32(i)) }
    runStack()
    var finished = true
    for c in 0..<(coupleStart.count - 1) {
      pending[c] = true
      stack.append(Int32(-(c + 1)))
      runStack()
      if finished && !stabilize(limit: limit) { finished = false }
    }
    return finished
  }

  /// Keeps the current matching if it has fewer blocking coalitions than any kept so far.
  mutating func checkpoint() {
    let c = blockingCount()
    if c < fewest?.count ?? Int.max { fewest = (c, assign) }
  }

  /// The blocking singles' entries plus the blocking couples' entries (the checker's count).
  ///
  /// - Complexity: O(*E* log *q* + *C* · *q*).
  func blockingCount() -> Int {
    var total = 0
    for i in 0..<coupleOf.count where coupleOf[i] < 0 {
      let base = Int(listStart[i])
      for p in base..<(base + heldPosition(i)) where takes(Int(entries[p].school), entries[p].rank) { total += 1 }
    }
    for c in 0..<(coupleStart.count - 1) {
      for k in Int(coupleStart[c])..<heldEntry(c) where coupleWouldTake(c, k) { total += 1 }
    }
    return total
  }

  /// A full scan: no single and no couple blocks.
  func isStable() -> Bool {
    for i in 0..<coupleOf.count where coupleOf[i] < 0 {
      let base = Int(listStart[i])
      for p in base..<(base + heldPosition(i)) where takes(Int(entries[p].school), entries[p].rank) { return false }
    }
    for c in 0..<(coupleStart.count - 1) {
      for k in Int(coupleStart[c])..<heldEntry(c) where coupleWouldTake(c, k) { return false }
    }
    return true
  }
}
