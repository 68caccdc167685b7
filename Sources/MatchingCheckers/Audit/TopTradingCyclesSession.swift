import MatchingCore

// The engine of `TopTradingCyclesWarmStart`: school-choice TTC by path following, on flat
// buffers that one worker owns, with frozen students, checkpoints and an undo log.

/// Students frozen together for the block's shared run.
let topTradingCyclesBlockSize = 16

/// A student's status in a run.
enum TopTradingCyclesStatus {
  static let free: Int32 = 0
  static let onPath: Int32 = 1
  static let gone: Int32 = 2
  /// Her path of pointers ends at a frozen student.
  static let blocked: Int32 = 3
  static let frozen: Int32 = 4
}

/// The mutable state of a run: seats left, the students' and schools' forward pointers, each
/// student's status and the school she points to (her school once she is gone; -1 when she
/// left with nothing).
struct TopTradingCyclesState {
  var seats: UnsafeMutableBufferPointer<Int32>
  var studentPointer: UnsafeMutableBufferPointer<Int32>
  var schoolPointer: UnsafeMutableBufferPointer<Int32>
  var status: UnsafeMutableBufferPointer<Int32>
  var pointsTo: UnsafeMutableBufferPointer<Int32>

  init(students n: Int, schools m: Int) {
    seats = .allocate(capacity: m)
    studentPointer = .allocate(capacity: n)
    schoolPointer = .allocate(capacity: m)
    status = .allocate(capacity: n)
    pointsTo = .allocate(capacity: n)
  }

  func deallocate() {
    seats.deallocate()
    studentPointer.deallocate()
    schoolPointer.deallocate()
    status.deallocate()
    pointsTo.deallocate()
  }

  /// Overwrites this state with `other` (same sizes).
  func copy(from other: TopTradingCyclesState) {
    _ = seats.update(fromContentsOf: other.seats)
    _ = studentPointer.update(fromContentsOf: other.studentPointer)
    _ = schoolPointer.update(fromContentsOf: other.schoolPointer)
    _ = status.update(fromContentsOf: other.status)
    _ = pointsTo.update(fromContentsOf: other.pointsTo)
  }
}

/// One worker's session: the market's lists as flat buffers, the run without the current
/// block, the checkpoint for the current student, and the undo log of a misreport's resume.
final class TopTradingCyclesSession: MisreportSession {
  typealias Status = TopTradingCyclesStatus
  let n: Int
  let m: Int
  /// The truthful market's lists: student *i*'s schools are
  /// `listSchool[listStart[i] ..< listStart[i + 1]]`, best first.
  let listStart: UnsafeMutableBufferPointer<Int32>
  let listSchool: UnsafeMutableBufferPointer<Int32>
  /// School *s*'s applicants, best priority first: `applicants[applicantStart[s] ..< applicantStart[s + 1]]`.
  let applicantStart: UnsafeMutableBufferPointer<Int32>
  let applicants: UnsafeMutableBufferPointer<Int32>
  let capacities: UnsafeMutableBufferPointer<Int32>
  let everyone: [Int32]

  let blockState: TopTradingCyclesState
  let agentState: TopTradingCyclesState
  let stack: UnsafeMutableBufferPointer<Int32>
  /// Schools on the report being resumed.
  let inReport: UnsafeMutableBufferPointer<Bool>
  /// Undo log of a resume: (slot, old value).
  var undoLog: [(UnsafeMutablePointer<Int32>, Int32)] = []

  var batch: [Int] = []
  var block: [Int] = []
  /// Students blocked in the block's run.
  var blockResidual: [Int32] = []
  var agent = -1

  init(_ market: SchoolChoiceMarket) {
    n = market.studentCount
    m = market.schoolCount
    listStart = .allocate(capacity: n + 1)
    listSchool = .allocate(capacity: max(1, market.entries.count))
    var w = 0
    for i in 0..<n {
      listStart[i] = Int32(w)
      for e in market.listRange(of: i) {
        listSchool[w] = market.entries[e].school
        w += 1
      }
    }
    listStart[n] = Int32(w)
    let lists = market.applicantLists()
    applicantStart = .allocate(capacity: m + 1)
    _ = applicantStart.initialize(from: lists.offsets)
    applicants = .allocate(capacity: max(1, lists.students.count))
    _ = applicants.initialize(from: lists.students)
    capacities = .allocate(capacity: m)
    _ = capacities.initialize(from: market.capacities)
    everyone = (0..<n).map { Int32($0) }
    blockState = TopTradingCyclesState(students: n, schools: m)
    agentState = TopTradingCyclesState(students: n, schools: m)
    stack = .allocate(capacity: n + 1)
    inReport = .allocate(capacity: m)
    inReport.initialize(repeating: false)
  }

  deinit {
    listStart.deallocate()
    listSchool.deallocate()
    applicantStart.deallocate()
    applicants.deallocate()
    capacities.deallocate()
    blockState.deallocate()
    agentState.deallocate()
    stack.deallocate()
    inReport.deallocate()
  }

  func prepare(batch: [Int]) {
    self.batch = batch
    block = []
  }

  func begin(agent: Int) {
    if !block.contains(agent) {
      // A new block: the run from scratch with all of its students frozen.
      let k = batch.firstIndex(of: agent) ?? 0
      block =
        batch.isEmpty
        ? [agent] : Array(batch[k..<min(k + topTradingCyclesBlockSize, batch.count)])
      if !block.contains(agent) { block = [agent] }
      let st = blockState
      for s in 0..<m {
        st.seats[s] = capacities[s]
        st.schoolPointer[s] = applicantStart[s]
      }
      for i in 0..<n {
        st.studentPointer[i] = 0
        st.status[i] = Status.free
        st.pointsTo[i] = -1
      }
      for b in block { st.status[b] = Status.frozen }
      blockResidual.removeAll(keepingCapacity: true)
      clearAvoidingFrozen(st, from: everyone, blocked: &blockResidual)
    }
    self.agent = agent
    // Release the rest of the block (truthful) and whoever they blocked; she stays frozen.
    let st = agentState
    st.copy(from: blockState)
    var starts: [Int32] = []
    starts.reserveCapacity(block.count + blockResidual.count)
    for b in block where b != agent { starts.append(Int32(b)) }
    starts += blockResidual
    for x in starts { st.status[Int(x)] = Status.free }
    var ignored: [Int32] = []
    clearAvoidingFrozen(st, from: starts, blocked: &ignored)
  }

  func holdings(reporting report: [Int]) -> [Int] {
    let school = resume(reporting: report.map { Int32($0) })
    return school < 0 ? [] : [school]
  }

  /// Path following from each free student of `starts` with the truthful lists: clears
  /// every cycle that avoids the frozen students, removes students with nothing left, and
  /// marks blocked (appending them to `blocked`) the students whose path ends at a frozen or
  /// blocked student.
  func clearAvoidingFrozen(
    _ st: TopTradingCyclesState, from starts: [Int32], blocked: inout [Int32]
  ) {
    let status = st.status
    let pointsTo = st.pointsTo
    let seats = st.seats
    let studentPointer = st.studentPointer
    let schoolPointer = st.schoolPointer
    let stack = self.stack
    let listStart = self.listStart
    let listSchool = self.listSchool
    let applicants = self.applicants
    for a0 in starts where status[Int(a0)] == Status.free {
      var sp = 0
      stack[sp] = a0
      sp += 1
      status[Int(a0)] = Status.onPath
      while sp > 0 {
        let a = Int(stack[sp - 1])
        // Her best school with a seat left.
        let base = Int(listStart[a])
        let end = Int(listStart[a + 1])
        var e = base + Int(studentPointer[a])
        while e < end && seats[Int(listSchool[e])] == 0 { e += 1 }
        studentPointer[a] = Int32(e - base)
        if e == end {  // nothing acceptable left: she leaves with nothing
          status[a] = Status.gone
          pointsTo[a] = -1
          sp -= 1
          continue
        }
        let s = Int(listSchool[e])
        pointsTo[a] = Int32(s)
        // The school's best remaining applicant (there is one: a points to it).
        var q = Int(schoolPointer[s])
        while status[Int(applicants[q])] == Status.gone { q += 1 }
        schoolPointer[s] = Int32(q)
        let j = Int(applicants[q])
        switch status[j] {
        case Status.free:
          stack[sp] = Int32(j)
          sp += 1
          status[j] = Status.onPath
        case Status.onPath:  // a cycle from j to a: everyone on it gets her school
          var x: Int
          repeat {
            sp -= 1
            x = Int(stack[sp])
            seats[Int(pointsTo[x])] -= 1
            status[x] = Status.gone
          } while x != j
        default:  // the path ends at a frozen or blocked student: all of it is blocked
          for k in 0..<sp {
            status[Int(stack[k])] = Status.blocked
            blocked.append(stack[k])
          }
          sp = 0
        }
      }
    }
  }

  /// Resumes the current student's checkpoint with her reporting `report` (a subset of her
  /// truthful list): path following from her until she leaves. Returns her school (-1:
  /// none) and undoes every change.
  func resume(reporting report: [Int32]) -> Int {
    let st = agentState
    let status = st.status
    let pointsTo = st.pointsTo
    let seats = st.seats
    let studentPointer = st.studentPointer
    let schoolPointer = st.schoolPointer
    let stack = self.stack
    let listStart = self.listStart
    let listSchool = self.listSchool
    let applicants = self.applicants
    let inReport = self.inReport
    let agent = self.agent
    for s in report { inReport[Int(s)] = true }
    var log = self.undoLog
    self.undoLog = []
    log.removeAll(keepingCapacity: true)
    @inline(__always) func set(_ buffer: UnsafeMutableBufferPointer<Int32>, _ index: Int, _ value: Int32) {
      let slot = buffer.baseAddress! + index
      log.append((slot, slot.pointee))
      slot.pointee = value
    }
    var agentPosition = 0
    var sp = 1
    stack[0] = Int32(agent)
    set(status, agent, Status.onPath)
    while status[agent] != Status.gone {
      let a = Int(stack[sp - 1])
      var s = -1
      if a == agent {
        while agentPosition < report.count && seats[Int(report[agentPosition])] == 0 {
          agentPosition += 1
        }
        if agentPosition < report.count { s = Int(report[agentPosition]) }
      } else {
        let base = Int(listStart[a])
        let end = Int(listStart[a + 1])
        var e = base + Int(studentPointer[a])
        while e < end && seats[Int(listSchool[e])] == 0 { e += 1 }
        if e - base != Int(studentPointer[a]) { set(studentPointer, a, Int32(e - base)) }
        if e < end { s = Int(listSchool[e]) }
      }
      if s < 0 {
        set(status, a, Status.gone)
        set(pointsTo, a, -1)
        sp -= 1
        continue
      }
      set(pointsTo, a, Int32(s))
      // The school's best remaining applicant; she is not one where she did not apply.
      var q = Int(schoolPointer[s])
      while true {
        let j = Int(applicants[q])
        if status[j] == Status.gone || (j == agent && !inReport[s]) {
          q += 1
        } else {
          break
        }
      }
      if q != Int(schoolPointer[s]) { set(schoolPointer, s, Int32(q)) }
      let j = Int(applicants[q])
      if status[j] == Status.onPath {
        var x: Int
        repeat {
          sp -= 1
          x = Int(stack[sp])
          let t = Int(pointsTo[x])
          set(seats, t, seats[t] - 1)
          set(status, x, Status.gone)
        } while x != j
      } else {  // free or blocked: she joins the path
        stack[sp] = Int32(j)
        sp += 1
        set(status, j, Status.onPath)
      }
    }
    let school = Int(pointsTo[agent])
    while let (slot, old) = log.popLast() { slot.pointee = old }
    self.undoLog = log
    for s in report { inReport[Int(s)] = false }
    return school
  }
}
