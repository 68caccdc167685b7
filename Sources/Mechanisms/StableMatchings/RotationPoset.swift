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
/// - Complexity: O(*E*·*c*) time and memory for total list length *E* and largest capacity
///   *c* (the seat form; *c* = 1 one-to-one): the two deferred-acceptance runs, one pass of
///   each student's pointer down her list (Gusfield 1987, "minimal differences"), and the
///   precedence labels (Gusfield and Irving 1989, ch. 3).
public struct RotationPoset: Sendable {
  /// The number of students *n*.
  public let studentCount: Int
  /// The number of schools *m*.
  public let schoolCount: Int
  /// Where rotation *r*'s members start in the member arrays; `rotationCount + 1` values.
  var rotationStart: [Int32] = [0]
  /// Per member: the student, her seat-list position before and after the rotation.
  var memberStudent: [Int32] = []
  var memberFrom: [Int32] = []
  var memberTo: [Int32] = []
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
  /// The change in egalitarian cost (student costs plus school costs) that each rotation
  /// makes; negative when eliminating it lowers the total.
  public private(set) var weights: [Int] = []

  /// The number of rotations *R*.
  public var rotationCount: Int { rotationStart.count - 1 }

  /// How many seat entries building the poset of `market` allocates (about 16 bytes each):
  /// Σ over schools of seats × applicants, twice (the seat form's lists and labels), where a
  /// school has min(capacity, applicants) seats. Large capacities make it large; callers can
  /// refuse a market before building.
  public static func seatEntries(of market: SchoolChoiceMarket) -> Int { SeatMarket.size(of: market) }

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
    initialPosition = seats.positions(of: top, in: market)
    finalPosition = seats.positions(of: bottom, in: market)
    findRotations(order: order ?? Array(0..<market.studentCount))
    buildPrecedence()
    computeWeights()
    _checkTopologicalOrder()
  }

  /// Walks from the student-optimal to the school-optimal matching, eliminating exposed
  /// rotations found by following `next` pointers on a stack (Gusfield 1987).
  private mutating func findRotations(order: [Int]) {
    let n = studentCount
    let listStart = seats.listStart
    let seatOf = seats.seat
    let rankOf = seats.rank
    var position = initialPosition
    let target = finalPosition
    var holder = [Int32](repeating: -1, count: seats.seatCount)
    var holderRank = [UInt32](repeating: UInt32.max, count: seats.seatCount)
    for i in 0..<n where position[i] >= 0 {
      let p = Int(position[i])
      holder[Int(seatOf[p])] = Int32(i)
      holderRank[Int(seatOf[p])] = rankOf[p]
    }
    var pointer = position.map { $0 + 1 }
    var onStack = [Bool](repeating: false, count: n)
    var stack: [Int32] = []
    var start = 0
    var starts: [Int32] = [0]
    var students: [Int32] = []
    var from: [Int32] = []
    var to: [Int32] = []
    while true {
      if stack.isEmpty {
        while start < n && position[order[start]] == target[order[start]] { start += 1 }
        if start == n { break }
        stack.append(Int32(order[start]))
        onStack[order[start]] = true
      }
      let i = Int(stack[stack.count - 1])
      // s_M(i): the first seat after her own that prefers her to its holder.
      var p = Int(pointer[i])
      let end = Int(listStart[i + 1])
      while p < end {
        let w = Int(seatOf[p])
        if holder[w] >= 0 && holderRank[w] > rankOf[p] { break }
        p += 1
      }
      precondition(p < end && p <= Int(target[i]), "rotation search passed the school-optimal seat")
      pointer[i] = Int32(p)
      let next = Int(holder[Int(seatOf[p])])
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
        students.append(Int32(member))
        from.append(position[member])
        to.append(pointer[member])
        onStack[member] = false
      }
      for j in k..<stack.count {
        let member = Int(stack[j])
        let q = Int(pointer[member])
        position[member] = Int32(q)
        holder[Int(seatOf[q])] = Int32(member)
        holderRank[Int(seatOf[q])] = rankOf[q]
        pointer[member] = Int32(q + 1)
      }
      stack.removeSubrange(k...)
      starts.append(Int32(students.count))
    }
    rotationStart = starts
    memberStudent = students
    memberFrom = from
    memberTo = to
  }

  /// Precedence by the two rules of Gusfield and Irving (1989, ch. 3): rotation π
  /// precedes ρ when π moves a student to the seat that ρ moves her from (rule 1), or when ρ
  /// moves a student past a seat that must first be given, by π, to someone it prefers to her
  /// (rule 2).
  private mutating func buildPrecedence() {
    let r = rotationCount
    let rankBase = seats.rankBase
    // label[slot]: at seat w and rank q, the rotation that gives seat w the student of rank
    // q (-2: the seat's student-optimal holder; -1: none).
    var label = [Int32](repeating: -1, count: rankBase[seats.seatCount])
    for i in 0..<studentCount where initialPosition[i] >= 0 {
      let p = Int(initialPosition[i])
      label[rankBase[Int(seats.seat[p])] + Int(seats.rank[p])] = -2
    }
    for rho in 0..<r {
      for j in Int(rotationStart[rho])..<Int(rotationStart[rho + 1]) {
        let p = Int(memberTo[j])
        label[rankBase[Int(seats.seat[p])] + Int(seats.rank[p])] = Int32(rho)
      }
    }
    var edges: [UInt64] = []
    // Rule 1.
    for rho in 0..<r {
      for j in Int(rotationStart[rho])..<Int(rotationStart[rho + 1]) {
        let p = Int(memberFrom[j])
        let l = label[rankBase[Int(seats.seat[p])] + Int(seats.rank[p])]
        if l >= 0 && Int(l) != rho { edges.append(UInt64(l) << 32 | UInt64(rho)) }
      }
    }
    // Rule 2: turn labels into "the holder with the largest rank below q" per seat.
    for w in 0..<seats.seatCount {
      var last: Int32 = -1
      for slot in rankBase[w]..<rankBase[w + 1] {
        let here = label[slot]
        label[slot] = last
        if here != -1 { last = here }
      }
    }
    for rho in 0..<r {
      for j in Int(rotationStart[rho])..<Int(rotationStart[rho + 1]) {
        for p in Int(memberFrom[j]) + 1..<Int(memberTo[j]) {
          let l = label[rankBase[Int(seats.seat[p])] + Int(seats.rank[p])]
          if l >= 0 && Int(l) != rho { edges.append(UInt64(l) << 32 | UInt64(rho)) }
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
        let a = Int(memberFrom[j])
        let b = Int(memberTo[j])
        total += Int(seats.schoolPosition[b]) - Int(seats.schoolPosition[a])
        total += Int(seats.rank[b]) - Int(seats.rank[a])
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
      Move(
        student: Int(memberStudent[j]),
        from: Int(seats.seatSchool[Int(seats.seat[Int(memberFrom[j])])]),
        to: Int(seats.seatSchool[Int(seats.seat[Int(memberTo[j])])]))
    }
  }

  /// The rotations that must be eliminated before rotation *r* (not only the immediate ones).
  public func predecessors(of rotation: Int) -> [Int] {
    (Int(predecessorStart[rotation])..<Int(predecessorStart[rotation + 1])).map { Int(predecessorList[$0]) }
  }

  /// The number of precedence pairs stored (covering, possibly with some transitive pairs).
  public var precedenceCount: Int { predecessorList.count }

  /// The student-optimal stable matching (no rotation eliminated).
  public var studentOptimal: Matching { matching(positions: initialPosition) }

  /// The school-optimal stable matching (every rotation eliminated).
  public var schoolOptimal: Matching { matching(positions: finalPosition) }

  func matching(positions: [Int32]) -> Matching {
    Matching(assignment: positions.map { $0 < 0 ? unassigned : seats.seatSchool[Int(seats.seat[Int($0)])] })
  }

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
    var position = initialPosition
    for rho in 0..<rotationCount where included[rho] {
      for j in Int(rotationStart[rho])..<Int(rotationStart[rho + 1]) {
        position[Int(memberStudent[j])] = memberTo[j]
      }
    }
    return matching(positions: position)
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
