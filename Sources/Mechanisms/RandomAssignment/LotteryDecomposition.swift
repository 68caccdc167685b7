import MatchingCore

/// Implements a random assignment as a lottery over deterministic feasible assignments: a
/// Birkhoff-von Neumann decomposition with capacities.
///
/// ```swift
/// let p = ProbabilisticSerial().match(market)
/// let lottery = try LotteryDecomposition.decompose(p, capacities: market.capacities)
/// // sum of weight x assignment over the lottery == p (within 1e-9), every assignment feasible
/// ```
///
/// ## Detailed design
/// Add an "unassigned" column (unlimited capacity) so every row sums to 1. The set of
/// matrices with rows summing to 1, columns summing to at most their capacities and entries
/// in [0, 1] is defined by two laminar families of constraints (a bihierarchy), so its
/// vertices are integral (Budish, Che, Kojima and Milgrom 2013; Birkhoff 1946 and
/// von Neumann 1953 for the square case). The decomposition peels off vertices:
///
/// 1. Keep the residual `Y` (initially the matrix) and its weight `w` (initially 1), with
///    `Y / w` in the polytope.
/// 2. Find a deterministic assignment `P` in the minimal face of `Y / w`: each student on an
///    entry with `Y > 0`, each school within capacity, and every **tight** school (column sum
///    equal to `w` times its capacity) exactly full. `P` is found once by augmenting paths
///    and then repaired incrementally: after a step only the students whose entry reached 0
///    and the schools that just became tight need an alternating path.
/// 3. Take the largest `θ` that keeps `(Y - θP) / (w - θ)` in the polytope: the smallest
///    chosen entry, or the time a non-tight school would become tight. Record `(θ, P)`,
///    subtract, and repeat until `w` is 0.
///
/// Each step makes a new constraint tight (an entry 0, or a school full), so it lowers the
/// dimension of the face by at least one: at most *F* + 1 assignments, for *F* the entries
/// strictly between 0 and 1 (each student's unassigned probability counted as an entry;
/// ``RandomAssignment/fractionalEntryCount(tolerance:)``).
///
/// ## Precision
/// Entries within 1e-12 of 0 are treated as 0 and schools within 1e-11 (relative to the
/// weight left) of full as full. The loop stops when less than 1e-10 of weight is left, or
/// when rounding has left no feasible assignment in a residual of weight below 5e-10; that
/// remainder is added to the last assignment's weight. So the weights sum to 1 and the
/// weighted sum reproduces the matrix within 1e-9 (``RandomAssignment/tolerance``).
///
/// - Complexity: O(*K* · (*n* + *m*) + *R*) for *n* students, *m* schools, *K* ≤ *F* + 1
///   assignments and *R* the cost of the alternating-path repairs (O(*E*) each in the worst
///   case, usually a few steps), for *E* non-zero entries; memory O(*K* · *n*) for the
///   assignments.
public enum LotteryDecomposition {
  /// Decomposes `assignment` into a lottery over deterministic assignments.
  ///
  /// - Parameters:
  ///   - assignment: a feasible random assignment (rows at most 1, columns within capacity).
  ///   - capacities: seats per school.
  ///   - tolerance: how far beyond feasibility the input may be (default 1e-9).
  /// - Returns: weights (positive, summing to 1) and matchings, in the order found.
  /// - Throws: ``DecompositionError`` if the input is not feasible within `tolerance`.
  public static func decompose(
    _ assignment: RandomAssignment, capacities: [Int32],
    tolerance: Double = RandomAssignment.tolerance
  ) throws(DecompositionError) -> AssignmentLottery {
    if let violation = assignment.feasibilityViolation(capacities: capacities, tolerance: tolerance) {
      throw .infeasible(violation)
    }
    var state = DecompositionState(assignment, capacities: capacities)
    let lottery = try state.run()
    #if MATCHING_INTERNAL_CHECKS
    precondition(abs(lottery.weights.reduce(0, +) - 1) <= tolerance, "lottery weights must sum to 1")
    for m in lottery.assignments {
      var used = [Int32](repeating: 0, count: capacities.count)
      for s in m.assignment where s >= 0 { used[Int(s)] += 1 }
      precondition(zip(used, capacities).allSatisfy { $0 <= $1 }, "a lottery assignment exceeds a capacity")
    }
    #endif
    return lottery
  }
}

/// Why a decomposition failed.
public enum DecompositionError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The matrix is not a feasible random assignment.
  case infeasible(FeasibilityViolation)
  /// Rounding left no feasible assignment in the residual's face (should not happen for a
  /// matrix within tolerance; reported rather than trapping).
  case numerical(String)

  public var description: String {
    switch self {
    case .infeasible(let v): "not a feasible random assignment: \(v)"
    case .numerical(let d): "the decomposition lost precision: \(d)"
    }
  }
}

/// The working state of one decomposition (value type, no shared state).
struct DecompositionState {
  let n: Int
  let m: Int  // real schools; column m is "unassigned"
  let capacity: [Int32]
  let rowStart: [Int32]
  var entrySchool: [Int32]
  var entryStudent: [Int32]
  var value: [Double]
  var columnStart: [Int32]
  var columnEntries: [Int32]
  var weight = 1.0
  var columnSum: [Double]
  var count: [Int32]
  var tight: [Bool]
  var chosen: [Int32]
  /// The students each school holds in the current assignment: `members[memberStart[s] ..<
  /// memberStart[s] + count[s]]`, and each student's slot there (-1 if none).
  var memberStart: [Int32]
  var members: [Int32]
  var memberPos: [Int32]
  // Search scratch.
  var seenSchool: [UInt32]
  var seenStudent: [UInt32]
  var stamp: UInt32 = 0
  var via: [Int32]       // for a student on a path: the entry that takes her current seat
  var fromEntry: [Int32] // for a school on a path: the entry by which a student enters it

  static let zero = 1e-12
  static let full = 1e-11
  /// The decomposition stops when the weight left is below this (the rest goes to the last
  /// assignment).
  static let stop = 1e-10

  init(_ a: RandomAssignment, capacities: [Int32]) {
    n = a.studentCount
    m = a.schoolCount
    capacity = capacities
    var start: [Int32] = [0]
    var school: [Int32] = []
    var student: [Int32] = []
    var values: [Double] = []
    var merged = [Double](repeating: 0, count: m)
    var touched: [Int32] = []
    for i in 0..<n {
      var sum = 0.0
      for e in a.row(of: i) {
        let s = Int(a.schools[e])
        if merged[s] == 0 { touched.append(Int32(s)) }
        merged[s] += max(0, a.probabilities[e])
      }
      touched.sort()
      for s in touched { sum += merged[Int(s)] }
      let scale = sum > 1 ? 1 / sum : 1
      for s in touched {
        let p = merged[Int(s)] * scale
        merged[Int(s)] = 0
        if p > Self.zero {
          school.append(s)
          student.append(Int32(i))
          values.append(p)
        }
      }
      touched.removeAll(keepingCapacity: true)
      let rest = 1 - min(1, sum)
      if rest > Self.zero {
        school.append(Int32(m))
        student.append(Int32(i))
        values.append(rest)
      }
      start.append(Int32(school.count))
    }
    rowStart = start
    entrySchool = school
    entryStudent = student
    value = values
    // Columns (real schools only).
    var cs = [Int32](repeating: 0, count: m + 1)
    for s in school where Int(s) < m { cs[Int(s) + 1] += 1 }
    for s in 0..<m { cs[s + 1] += cs[s] }
    var fill = cs
    var ce = [Int32](repeating: 0, count: Int(cs[m]))
    for e in 0..<school.count where Int(school[e]) < m {
      ce[Int(fill[Int(school[e])])] = Int32(e)
      fill[Int(school[e])] += 1
    }
    columnStart = cs
    columnEntries = ce
    columnSum = [Double](repeating: 0, count: m)
    for e in 0..<school.count where Int(school[e]) < m { columnSum[Int(school[e])] += values[e] }
    count = [Int32](repeating: 0, count: m)
    let sums = columnSum
    tight = (0..<m).map { sums[$0] >= Double(capacities[$0]) - Self.full }
    chosen = [Int32](repeating: -1, count: n)
    var ms = [Int32](repeating: 0, count: m + 1)
    for s in 0..<m { ms[s + 1] = ms[s] + min(capacities[s], cs[s + 1] - cs[s]) }
    memberStart = ms
    members = [Int32](repeating: -1, count: Int(ms[m]))
    memberPos = [Int32](repeating: -1, count: n)
    seenSchool = [UInt32](repeating: 0, count: m + 1)
    seenStudent = [UInt32](repeating: 0, count: n)
    via = [Int32](repeating: -1, count: n)
    fromEntry = [Int32](repeating: -1, count: m + 1)
  }

  @inline(__always) func hasRoom(_ s: Int) -> Bool { s == m || count[s] < capacity[s] }

  /// Takes student `x` off her current entry (updating counts and member lists).
  @inline(__always) mutating func release(_ x: Int) {
    let old = Int(chosen[x])
    guard old >= 0 else { return }
    chosen[x] = -1
    let s = Int(entrySchool[old])
    guard s < m else { return }
    let last = Int(memberStart[s]) + Int(count[s]) - 1
    let y = members[last]
    let p = Int(memberPos[x])
    members[p] = y
    memberPos[Int(y)] = Int32(p)
    memberPos[x] = -1
    count[s] -= 1
  }

  /// Moves student `x` onto entry `e` (updating counts and member lists).
  @inline(__always) mutating func assign(_ x: Int, to e: Int) {
    release(x)
    chosen[x] = Int32(e)
    let s = Int(entrySchool[e])
    guard s < m else { return }
    let slot = Int(memberStart[s]) + Int(count[s])
    members[slot] = Int32(x)
    memberPos[x] = Int32(slot)
    count[s] += 1
  }

  /// Finds a seat for the unmatched student `root` by an alternating path that ends at a
  /// school with room (or the unassigned column); schools keep their counts except the last.
  mutating func placeStudent(_ root: Int) -> Bool {
    stamp &+= 1
    var queue: [Int32] = [Int32(root)]
    seenStudent[root] = stamp
    var head = 0
    while head < queue.count {
      let x = Int(queue[head])
      head += 1
      for e in Int(rowStart[x])..<Int(rowStart[x + 1]) where value[e] > 0 && Int32(e) != chosen[x] {
        let s = Int(entrySchool[e])
        if hasRoom(s) {
          // Shift everyone along the path: x takes e, the student whose seat x took moves...
          var student = x
          var entry = e
          while true {
            let previous = via[student]
            let wasRoot = student == root
            assign(student, to: entry)
            if wasRoot { break }
            entry = Int(previous)
            student = Int(entryStudent[entry])
          }
          return true
        }
        if seenSchool[s] == stamp { continue }
        seenSchool[s] = stamp
        let first = Int(memberStart[s])
        for k in first..<(first + Int(count[s])) {
          let y = Int(members[k])
          guard seenStudent[y] != stamp else { continue }
          seenStudent[y] = stamp
          via[y] = Int32(e)  // x takes y's seat at s through entry e
          queue.append(Int32(y))
        }
      }
    }
    return false
  }

  /// Fills one missing seat at tight school `root`: some student moves in from a non-tight
  /// school (or from unassigned), possibly through a chain of tight schools.
  mutating func fillSeat(_ root: Int) -> Bool {
    stamp &+= 1
    var queue: [Int32] = [Int32(root)]
    seenSchool[root] = stamp
    fromEntry[root] = -1
    var head = 0
    while head < queue.count {
      let s = Int(queue[head])
      head += 1
      for k in Int(columnStart[s])..<Int(columnStart[s + 1]) {
        let f = Int(columnEntries[k])
        guard value[f] > 0 else { continue }
        let y = Int(entryStudent[f])
        let current = Int(chosen[y])
        guard current != f, current >= 0 else { continue }
        let t = Int(entrySchool[current])
        if t == m || !tight[t] {
          // y moves t -> s, and each school back along the chain passes a student on to the
          // one before it. Applied from the root outwards, so no school is ever over
          // capacity: the root has room, and each school gets its new student after one left.
          var moves: [Int] = [f]
          var school = s
          while school != root {
            let entry = Int(fromEntry[school])
            moves.append(entry)
            school = Int(entrySchool[entry])
          }
          for entry in moves.reversed() { assign(Int(entryStudent[entry]), to: entry) }
          return true
        }
        if seenSchool[t] == stamp { continue }
        seenSchool[t] = stamp
        fromEntry[t] = Int32(f)  // a student of t moves on to s through entry f
        queue.append(Int32(t))
      }
    }
    return false
  }

  mutating func run() throws(DecompositionError) -> AssignmentLottery {
    var weights: [Double] = []
    var assignments: [Matching] = []
    for i in 0..<n where !placeStudent(i) {
      throw .numerical("no seat for student \(i) in the support")
    }
    guard repairTightSchools() else { throw .numerical("a full school cannot be filled from the support") }
    var matching = [Int32](repeating: unassigned, count: n)
    while weight > Self.stop {
      var theta = weight
      for i in 0..<n { theta = min(theta, value[Int(chosen[i])]) }
      for s in 0..<m where !tight[s] && count[s] < capacity[s] {
        theta = min(theta, (weight * Double(capacity[s]) - columnSum[s]) / Double(capacity[s] - count[s]))
      }
      theta = max(theta, 0)
      for i in 0..<n {
        let s = Int(entrySchool[Int(chosen[i])])
        matching[i] = s == m ? unassigned : Int32(s)
      }
      if weight - theta <= Self.stop { theta = weight }
      guard theta > 0 else { throw .numerical("no progress after \(weights.count) assignments") }
      weights.append(theta)
      assignments.append(Matching(assignment: matching))
      weight -= theta
      if weight <= Self.stop { break }
      for s in 0..<m { columnSum[s] -= theta * Double(count[s]) }
      var lost: [Int] = []
      for i in 0..<n {
        let e = Int(chosen[i])
        value[e] -= theta
        if value[e] <= Self.zero {
          value[e] = 0
          release(i)
          lost.append(i)
        }
      }
      for s in 0..<m where !tight[s] && columnSum[s] >= weight * Double(capacity[s]) - Self.full * weight {
        tight[s] = true
      }
      var repaired = true
      for i in lost where !placeStudent(i) {
        repaired = false
        break
      }
      if repaired { repaired = repairTightSchools() }
      if !repaired {
        // Rounding has eaten the residual's structure. Below the tolerance, the rest of the
        // weight goes to the last assignment (each entry then moves by at most `weight`).
        guard weight <= RandomAssignment.tolerance / 2 else {
          throw .numerical("no feasible assignment in the residual after \(weights.count) assignments (weight left \(weight))")
        }
        break
      }
    }
    if weight > 0 && !weights.isEmpty { weights[weights.count - 1] += weight }
    return AssignmentLottery(weights: weights, assignments: assignments)
  }

  /// Fills every tight school; `false` if one cannot be filled.
  mutating func repairTightSchools() -> Bool {
    for s in 0..<m where tight[s] {
      while count[s] < capacity[s] {
        guard fillSeat(s) else { return false }
      }
    }
    return true
  }
}
