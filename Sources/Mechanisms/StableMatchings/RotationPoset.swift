import MatchingCore

/// The rotations of a two-sided market and their precedence: a compact representation of
/// every stable matching (Irving and Leather 1986; Gusfield and Irving 1989, ch. 2-3).
///
/// ```swift
/// let poset = RotationPoset(market)              // one-to-one or many-to-one
/// poset.rotationCount                            // 2
/// poset.matching(including: [true, false])       // the stable matching after rotation 0
/// ```
///
/// Starting from the student-optimal stable matching, a **rotation** is a cycle of students
/// `(i₀, s₀), ..., (i_{r-1}, s_{r-1})` in which each student `i_k` moves to the next school
/// she can get, `s_{k+1}` (indices mod *r*), displacing `i_{k+1}`. Eliminating exposed
/// rotations one after another walks from the student-optimal to the school-optimal
/// matching; every stable matching is the result of eliminating exactly the rotations of one
/// **closed** set (a set that contains every predecessor of each member), and every closed
/// set gives a stable matching: the stable matchings and the closed sets of this poset are in
/// one-to-one correspondence (Irving and Leather 1986).
///
/// Many-to-one markets are handled in their seat form (``SeatMarket``: school *s* as its
/// seats, filled best rank first), whose stable matchings correspond one to one with the
/// market's; so a rotation may move a student between two seats of the same school (a
/// step that changes nobody's school but keeps seat order).
///
/// Rotations are numbered in the order they were found, which is a topological order of the
/// precedence relation (a rotation is found only once all its predecessors are eliminated).
///
/// - Complexity: O(*E* + *n* log *n* + *W* log *k*) memory-light time for total list length
///   *E*, *n* students and *W* seat positions passed by the students' pointers (each step a
///   binary search over a list of length *k*); *W* is at most the seat form's size, Σ over
///   students of the seats of the schools between her student- and school-optimal schools.
///   Memory O(*n* + *E* + seats + Σ|ρ|): the seat form is never expanded. The steps: two
///   deferred-acceptance runs, one pass of each student's pointer down her seat list
///   (Gusfield 1987, "minimal differences"), and the precedence labels (Gusfield and Irving
///   1989, ch. 3), kept sparse per seat.
public struct RotationPoset: Sendable {
  /// The number of students *n*.
  public let studentCount: Int
  /// The number of schools *m*.
  public let schoolCount: Int
  /// Where rotation *r*'s members start in the member arrays; `rotationCount + 1` values.
  var rotationStart: [Int32] = [0]
  /// Per member: the student, her seat-list position before and after the rotation, and
  /// what the two positions stand for (school, strict rank there, position in her list).
  var memberStudent: [Int32] = []
  var memberFrom: [Int32] = []
  var memberTo: [Int32] = []
  var memberFromSchool: [Int32] = []
  var memberToSchool: [Int32] = []
  var memberFromRank: [UInt32] = []
  var memberToRank: [UInt32] = []
  var memberFromListPosition: [Int32] = []
  var memberToListPosition: [Int32] = []
  /// Precedence, both ways (compressed rows): `predecessorStart`/`predecessorList` give the
  /// rotations that must be eliminated before rotation *r*; `successor...` the converse.
  var predecessorStart: [Int32] = []
  var predecessorList: [Int32] = []
  var successorStart: [Int32] = []
  var successorList: [Int32] = []
  /// Seat-list positions in the student-optimal and school-optimal matchings (-1: unassigned).
  var initialPosition: [Int32]
  var finalPosition: [Int32]
  var seats: SeatMarket
  /// The two ends of the lattice, at school level.
  let top: Matching
  let bottom: Matching
  /// Each student's strict rank at, and list position of, her student-optimal school.
  var initialRank: [UInt32]
  var initialListPosition: [Int32]
  /// The change in egalitarian cost (student costs plus school costs) that each rotation
  /// makes; negative when eliminating it lowers the total.
  public private(set) var weights: [Int] = []

  /// The number of rotations *R*.
  public var rotationCount: Int { rotationStart.count - 1 }

  /// Builds the rotation poset of `market` (its strict, tie-broken priorities), searching for
  /// rotations in student index order.
  ///
  /// - Complexity: see the type.
  public init(_ market: SchoolChoiceMarket) { self.init(market, order: nil) }

  /// Builds the rotation poset of `market` (its strict, tie-broken priorities).
  ///
  /// - Parameters:
  ///   - market: a school-choice market; one-to-one when every capacity is 1.
  ///   - order: the order in which students start the search for rotations (`nil`: index
  ///     order). The rotations are the same whatever the order; their numbering, and so the
  ///     order of ``enumerate(limit:_:)``, follows it: passing the students sorted by name
  ///     makes both independent of the order of the input rows.
  /// - Complexity: see the type.
  public init(_ market: SchoolChoiceMarket, order: [Int]?) {
    precondition(order == nil || order!.count == market.studentCount, "order must be a permutation of the students")
    studentCount = market.studentCount
    schoolCount = market.schoolCount
    let seats = SeatMarket(market)
    self.seats = seats
    let top = DeferredAcceptance(proposing: .students).run(market).matching
    let bottom = DeferredAcceptance(proposing: .schools).run(market).matching
    self.top = top
    self.bottom = bottom
    initialPosition = seats.positions(of: top)
    finalPosition = seats.positions(of: bottom)
    initialRank = [UInt32](repeating: 0, count: studentCount)
    initialListPosition = [Int32](repeating: -1, count: studentCount)
    for i in 0..<studentCount where initialPosition[i] >= 0 {
      let slot = seats.slot(i, initialPosition[i])
      initialRank[i] = slot.rank
      initialListPosition[i] = slot.listPosition
    }
    findRotations(order: order ?? Array(0..<market.studentCount))
    buildPrecedence()
    computeWeights()
    _checkTopologicalOrder()
  }

  /// Walks from the student-optimal to the school-optimal matching, eliminating exposed
  /// rotations found by following `next` pointers on a stack (Gusfield 1987).
  private mutating func findRotations(order: [Int]) {
    let n = studentCount
    let seats = self.seats
    var position = initialPosition
    let target = finalPosition
    var holder = [Int32](repeating: -1, count: seats.seatCount)
    var holderRank = [UInt32](repeating: UInt32.max, count: seats.seatCount)
    for i in 0..<n where position[i] >= 0 {
      let slot = seats.slot(i, position[i])
      holder[Int(slot.seat)] = Int32(i)
      holderRank[Int(slot.seat)] = slot.rank
    }
    var pointer = position.map { $0 + 1 }
    var pointerSlot = [SeatMarket.Slot](
      repeating: SeatMarket.Slot(seat: -1, school: -1, rank: 0, listPosition: -1), count: n)
    var onStack = [Bool](repeating: false, count: n)
    var stack: [Int32] = []
    var start = 0
    var starts: [Int32] = [0]
    var members: [(student: Int32, from: Int32, to: Int32, fromSlot: SeatMarket.Slot, toSlot: SeatMarket.Slot)] = []
    while true {
      if stack.isEmpty {
        while start < n && position[order[start]] == target[order[start]] { start += 1 }
        if start == n { break }
        stack.append(Int32(order[start]))
        onStack[order[start]] = true
      }
      let i = Int(stack[stack.count - 1])
      // s_M(i): the first seat after her own that prefers her to its holder.
      var p = pointer[i]
      let end = seats.length[i]
      var slot = seats.slot(i, min(p, end - 1))
      while p < end {
        slot = seats.slot(i, p)
        let w = Int(slot.seat)
        if holder[w] >= 0 && holderRank[w] > slot.rank { break }
        p += 1
      }
      precondition(p < end && p <= target[i], "rotation search passed the school-optimal seat")
      pointer[i] = p
      pointerSlot[i] = slot
      let next = Int(holder[Int(slot.seat)])
      if !onStack[next] {
        precondition(position[next] != target[next], "rotation search reached a settled student")
        stack.append(Int32(next))
        onStack[next] = true
        continue
      }
      // A rotation: the stack from `next` to the top.
      var k = stack.count - 1
      while stack[k] != Int32(next) { k -= 1 }
      for j in k..<stack.count {
        let member = Int(stack[j])
        members.append((Int32(member), position[member], pointer[member], seats.slot(member, position[member]), pointerSlot[member]))
        onStack[member] = false
      }
      for j in k..<stack.count {
        let member = Int(stack[j])
        let q = pointer[member]
        let to = pointerSlot[member]
        position[member] = q
        holder[Int(to.seat)] = Int32(member)
        holderRank[Int(to.seat)] = to.rank
        pointer[member] = q + 1
      }
      stack.removeSubrange(k...)
      starts.append(Int32(members.count))
    }
    rotationStart = starts
    memberStudent = members.map(\.student)
    memberFrom = members.map(\.from)
    memberTo = members.map(\.to)
    memberFromSchool = members.map(\.fromSlot.school)
    memberToSchool = members.map(\.toSlot.school)
    memberFromRank = members.map(\.fromSlot.rank)
    memberToRank = members.map(\.toSlot.rank)
    memberFromListPosition = members.map(\.fromSlot.listPosition)
    memberToListPosition = members.map(\.toSlot.listPosition)
  }

  /// Precedence by the two rules of Gusfield and Irving (1989, ch. 3): rotation π
  /// precedes ρ when π moves a student to the seat that ρ moves her from (rule 1), or when ρ
  /// moves a student past a seat that must first be given, by π, to someone it prefers to her
  /// (rule 2).
  private mutating func buildPrecedence() {
    let r = rotationCount
    let seats = self.seats
    // The holders each seat has over the walk, as (rank, rotation that brought them; -2 for
    // the student-optimal holder), sorted by rank: a sparse form of Gusfield and Irving's
    // labels.
    var eventStart = [Int32](repeating: 0, count: seats.seatCount + 1)
    var seatOfMember = [Int32](repeating: 0, count: memberStudent.count)
    var initialSeat = [Int32](repeating: -1, count: studentCount)
    for i in 0..<studentCount where initialPosition[i] >= 0 {
      initialSeat[i] = seats.slot(i, initialPosition[i]).seat
      eventStart[Int(initialSeat[i]) + 1] += 1
    }
    for j in 0..<memberStudent.count {
      seatOfMember[j] = seats.slot(Int(memberStudent[j]), memberTo[j]).seat
      eventStart[Int(seatOfMember[j]) + 1] += 1
    }
    for w in 0..<seats.seatCount { eventStart[w + 1] += eventStart[w] }
    var eventRank = [UInt32](repeating: 0, count: Int(eventStart[seats.seatCount]))
    var eventLabel = [Int32](repeating: 0, count: eventRank.count)
    var fill = eventStart
    for i in 0..<studentCount where initialSeat[i] >= 0 {
      let w = Int(initialSeat[i])
      eventRank[Int(fill[w])] = initialRank[i]
      eventLabel[Int(fill[w])] = -2
      fill[w] += 1
    }
    for rho in 0..<r {
      for j in Int(rotationStart[rho])..<Int(rotationStart[rho + 1]) {
        let w = Int(seatOfMember[j])
        eventRank[Int(fill[w])] = memberToRank[j]
        eventLabel[Int(fill[w])] = Int32(rho)
        fill[w] += 1
      }
    }
    for w in 0..<seats.seatCount {
      let lo = Int(eventStart[w])
      let hi = Int(eventStart[w + 1])
      if hi - lo < 2 { continue }
      var items = (lo..<hi).map { (eventRank[$0], eventLabel[$0]) }
      items.sort { $0.0 < $1.0 }
      for (k, item) in items.enumerated() {
        eventRank[lo + k] = item.0
        eventLabel[lo + k] = item.1
      }
    }
    /// The event at seat w with the largest rank <= q (strictly below q when `strict`).
    func event(_ w: Int, _ q: UInt32, strict: Bool) -> Int32 {
      var lo = Int(eventStart[w])
      var hi = Int(eventStart[w + 1])  // first event with rank > q (or >= q when strict)
      while lo < hi {
        let mid = (lo + hi) >> 1
        if strict ? eventRank[mid] < q : eventRank[mid] <= q { lo = mid + 1 } else { hi = mid }
      }
      return lo == Int(eventStart[w]) ? -1 : eventLabel[lo - 1]
    }
    var edges: [UInt64] = []
    for rho in 0..<r {
      for j in Int(rotationStart[rho])..<Int(rotationStart[rho + 1]) {
        let i = Int(memberStudent[j])
        // Rule 1: the rotation that gave her the seat she leaves.
        let from = seats.slot(i, memberFrom[j])
        let l1 = event(Int(from.seat), from.rank, strict: false)
        if l1 >= 0 && Int(l1) != rho { edges.append(UInt64(l1) << 32 | UInt64(rho)) }
        // Rule 2: each seat she passes must first go to someone it prefers to her.
        var p = memberFrom[j] + 1
        while p < memberTo[j] {
          let slot = seats.slot(i, p)
          let l2 = event(Int(slot.seat), slot.rank, strict: true)
          if l2 >= 0 && Int(l2) != rho { edges.append(UInt64(l2) << 32 | UInt64(rho)) }
          p += 1
        }
      }
    }
    edges.sort()
    var unique: [UInt64] = []
    unique.reserveCapacity(edges.count)
    for e in edges where unique.last != e { unique.append(e) }
    var predStart = [Int32](repeating: 0, count: r + 1)
    var succStart = [Int32](repeating: 0, count: r + 1)
    for e in unique {
      succStart[Int(e >> 32) + 1] += 1
      predStart[Int(e & 0xFFFF_FFFF) + 1] += 1
    }
    for k in 0..<r {
      predStart[k + 1] += predStart[k]
      succStart[k + 1] += succStart[k]
    }
    var predList = [Int32](repeating: 0, count: unique.count)
    var succList = [Int32](repeating: 0, count: unique.count)
    var predFill = predStart
    var succFill = succStart
    for e in unique {
      let a = Int(e >> 32)
      let b = Int(e & 0xFFFF_FFFF)
      succList[Int(succFill[a])] = Int32(b)
      succFill[a] += 1
      predList[Int(predFill[b])] = Int32(a)
      predFill[b] += 1
    }
    predecessorStart = predStart
    predecessorList = predList
    successorStart = succStart
    successorList = succList
  }

  private mutating func computeWeights() {
    var w = [Int](repeating: 0, count: rotationCount)
    for rho in 0..<rotationCount {
      var total = 0
      for j in Int(rotationStart[rho])..<Int(rotationStart[rho + 1]) {
        total += Int(memberToListPosition[j]) - Int(memberFromListPosition[j])
        total += Int(memberToRank[j]) - Int(memberFromRank[j])
      }
      w[rho] = total
    }
    weights = w
  }

  func _checkTopologicalOrder() {
    #if MATCHING_INTERNAL_CHECKS
    for rho in 0..<rotationCount {
      for k in Int(predecessorStart[rho])..<Int(predecessorStart[rho + 1]) {
        precondition(predecessorList[k] < Int32(rho), "rotations must be numbered in a topological order")
      }
    }
    #endif
  }
}

// MARK: - Reading rotations

extension RotationPoset {
  /// One move of a rotation: the student, the school she leaves and the school she gets
  /// (equal when she only changes seat within one school).
  public struct Move: Sendable, Hashable {
    public var student: StudentID
    public var from: SchoolID
    public var to: SchoolID
  }

  /// The moves of rotation *r*, in cyclic order.
  public func moves(of rotation: Int) -> [Move] {
    (Int(rotationStart[rotation])..<Int(rotationStart[rotation + 1])).map { j in
      Move(student: Int(memberStudent[j]), from: Int(memberFromSchool[j]), to: Int(memberToSchool[j]))
    }
  }

  /// The rotations that must be eliminated before rotation *r* (not only the immediate ones).
  public func predecessors(of rotation: Int) -> [Int] {
    (Int(predecessorStart[rotation])..<Int(predecessorStart[rotation + 1])).map { Int(predecessorList[$0]) }
  }

  /// The number of precedence pairs stored (covering, possibly with some transitive pairs).
  public var precedenceCount: Int { predecessorList.count }

  /// The student-optimal stable matching (no rotation eliminated).
  public var studentOptimal: Matching { top }

  /// The school-optimal stable matching (every rotation eliminated).
  public var schoolOptimal: Matching { bottom }

  /// The stable matching obtained by eliminating the rotations marked in `included`, which
  /// must be a closed set.
  ///
  /// - Parameter included: one flag per rotation.
  /// - Returns: each student's school, or -1.
  /// - Precondition: `included` is closed under predecessors.
  /// - Complexity: O(*n* + Σ |ρ|) over the included rotations.
  public func matching(including included: [Bool]) -> Matching {
    precondition(included.count == rotationCount, "one flag per rotation")
    precondition(isClosed(included), "a stable matching needs a closed set of rotations")
    var assignment = top.assignment
    for rho in 0..<rotationCount where included[rho] {
      for j in Int(rotationStart[rho])..<Int(rotationStart[rho + 1]) {
        assignment[Int(memberStudent[j])] = memberToSchool[j]
      }
    }
    return Matching(assignment: assignment)
  }

  /// Whether `included` contains every predecessor of each of its rotations.
  public func isClosed(_ included: [Bool]) -> Bool {
    for rho in 0..<rotationCount where included[rho] {
      for k in Int(predecessorStart[rho])..<Int(predecessorStart[rho + 1]) where !included[Int(predecessorList[k])] {
        return false
      }
    }
    return true
  }
}
