#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import MatchingCore
import Synchronization

/// Reading a large grouped applications file on several cores.
///
/// The file is cut into parts at line starts near equal byte offsets; each part is read on
/// its own thread into its own lists and name table, exactly as the sequential grouped
/// reader would (each student's rows together, ranks 1, 2, ...), and the parts are joined in
/// file order: the names of part *i* follow those of parts 0..<*i*, a student cut by a part
/// boundary continues her list. The result is the sequential reader's, array for array.
///
/// Anything unusual makes this path give up (`nil`) and the caller read the file again
/// sequentially, which then produces its usual result or its usual error, at the same line:
/// a bad field or a record error in any part, a file that is not grouped, a student who
/// reappears in a later part, and a cut that falls inside a quoted field with a line break
/// (detected because the previous part's reader, which alone knows where records end, does
/// not end exactly at the cut). So errors are always the sequential reader's, and the
/// earliest in file order wins by construction.
extension SchoolChoiceCSV {
  /// Files smaller than this are read on one thread (the threads would cost more than they
  /// save).
  static let parallelReadThreshold = 32 << 20
  /// Threads for reading: ``readThreadCount()`` (`MATCHMARKET_READ_THREADS`, else the
  /// processors online, at most 8).
  nonisolated(unsafe) static var readThreads: Int = readThreadCount()

  /// The CPU seconds each thread of the last parallel read spent on its part (empty after
  /// a sequential read), for `matchmarket match --timings`: on a machine busy with other
  /// work, the parts' CPU times show how evenly the reading divides when wall-clock times
  /// cannot.
  nonisolated(unsafe) public static var lastPartCPUSeconds: [Double] = []
  /// The CPU seconds the last parallel read spent joining its parts (on one thread).
  nonisolated(unsafe) public static var lastJoinCPUSeconds: Double = 0

  /// The calling thread's CPU time, in seconds.
  static func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }

  /// One part's lists: what the sequential grouped reader builds, for the part's rows.
  struct GroupedPart: Sendable {
    var table = NameTable()
    var offsets: [Int32] = [0]
    var schools: [Int32] = []
    var priorities: [Int32] = []
    var lottery: [Int64] = []
    /// The rank of the part's first row (a student cut by the boundary continues at it).
    var firstRank = 1
    /// The next rank the part's last student would take.
    var expectedRank = 1
    /// The raw bytes of the part's first and last student ids (a cut divides a list when
    /// they are equal across it).
    var firstStudent: [UInt8] = []
    var lastStudent: [UInt8] = []
  }

  /// The grouped lists read on `readThreads` threads, or `nil` when the file is small, not a
  /// regular file, or anything in it needs the sequential reader (see above).
  static func readGroupedInParallel(
    _ path: String, schoolTable: NameTable, delimiter: CSVDelimiter?,
    threads: Int = readThreads, threshold parallelReadThreshold: Int = parallelReadThreshold
  ) -> ApplicationLists? {
    guard threads > 1, !InputFile.isStandardInput(path) else { return nil }
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    let size = Int(info.st_size)
    guard size >= parallelReadThreshold else { return nil }
    guard let first = try? CSVReader(path: path, delimiter: delimiter),
      let cStudent = first.column("student"), let cSchool = first.column("school"),
      let cRank = first.column("rank")
    else { return nil }
    _ = try? first.requireColumn("student")
    _ = try? first.requireColumn("school")
    _ = try? first.requireColumn("rank")
    let cPriority = first.column("priority")
    let cLottery = first.column("lottery")
    // Cuts: the first line start at or after k * size / parts.
    var cuts = [first.offset]
    let parts = min(threads, max(1, size / (parallelReadThreshold / 2)))
    guard parts > 1, let fd = fopen(path, "rb") else { return nil }
    defer { fclose(fd) }
    var window = [UInt8](repeating: 0, count: 1 << 16)
    for k in 1..<parts {
      let target = max(size / parts * k, cuts.last! + 1)
      guard fseek(fd, target, SEEK_SET) == 0 else { return nil }
      let got = window.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, fd) }
      guard let nl = window[0..<got].firstIndex(of: 0x0A), target + nl + 1 < size else { break }
      cuts.append(target + nl + 1)
    }
    guard cuts.count > 1 else { return nil }
    cuts.append(Int.max)
    let partCount = cuts.count - 1
    let results = Mutex<[GroupedPart?]>([GroupedPart?](repeating: nil, count: partCount))
    let cutsCopy = cuts
    // The first part's reader is the one already open (class instances stay on one thread).
    nonisolated(unsafe) let firstReader = first
    let cpu = Mutex<[Double]>([Double](repeating: 0, count: partCount))
    defer { lastPartCPUSeconds = cpu.withLock { $0 } }
    DispatchQueue.concurrentPerform(iterations: partCount) { i in
      let started = threadCPUSeconds()
      defer { let t = threadCPUSeconds() - started; cpu.withLock { $0[i] = t } }
      let reader: CSVReader
      if i == 0 {
        reader = firstReader
        reader.stop(at: cutsCopy[1])
      } else {
        guard let r = try? CSVReader(part: path, of: firstReader, from: cutsCopy[i], to: cutsCopy[i + 1]) else { return }
        reader = r
      }
      // The first part's arrays become the joined ones: reserve them for the whole file, so
      // joining appends without reallocating.
      let bytes = i == 0 ? size : (i + 1 == partCount ? size : cutsCopy[i + 1]) - cutsCopy[i]
      let part = readGroupedPart(
        reader, isFirst: i == 0, schoolTable: schoolTable, columns: (cStudent, cSchool, cRank, cPriority, cLottery),
        estimate: bytes / 12 + 16)
      // The part is valid only if its reader ended exactly at the next cut.
      if let part, i + 1 == partCount || reader.offset == cutsCopy[i + 1] {
        results.withLock { $0[i] = part }
      }
    }
    let done = results.withLock { $0 }
    guard done.allSatisfy({ $0 != nil }) else { return nil }
    let joinStarted = threadCPUSeconds()
    defer { lastJoinCPUSeconds = threadCPUSeconds() - joinStarted }
    return join(done.map { $0! }, lottery: cLottery != nil, priorities: cPriority != nil)
  }

  /// Reads one part as the sequential grouped reader does; `nil` at anything it would stop
  /// or fail on.
  static func readGroupedPart(
    _ csv: CSVReader, isFirst: Bool, schoolTable: NameTable,
    columns: (student: Int, school: Int, rank: Int, priority: Int?, lottery: Int?), estimate: Int
  ) -> GroupedPart? {
    var part = GroupedPart()
    part.schools.reserveCapacity(estimate)
    part.schools.adviseHugePages()
    if columns.priority != nil {
      part.priorities.reserveCapacity(estimate)
      part.priorities.adviseHugePages()
    }
    if columns.lottery != nil {
      part.lottery.reserveCapacity(estimate)
      part.lottery.adviseHugePages()
    }
    part.offsets.reserveCapacity(estimate / 4)
    var stamp = [Int32](repeating: -1, count: schoolTable.count)
    var last = -1
    var lastBytes = [UInt8](repeating: 0, count: 64)
    var lastLength = -1
    var bad = false
    let (cStudent, cSchool, cRank, cPriority, cLottery) = columns
    do {
      try csv.forEachRecord { (row) throws(InputError) in
        if bad { return }
        let studentBytes = row.bytes(cStudent)
        let length = studentBytes.count
        if length == 0 { bad = true; return }
        var same = length == lastLength
        if same {
          for k in 0..<length where lastBytes[k] != studentBytes[k] {
            same = false
            break
          }
        }
        var isNew = false
        if !same {
          let interned = part.table.intern(studentBytes)
          last = interned.index
          isNew = interned.isNew
          if length > lastBytes.count { lastBytes = [UInt8](repeating: 0, count: length) }
          for k in 0..<length { lastBytes[k] = studentBytes[k] }
          lastLength = length
        }
        guard let school = schoolTable.index(of: row.bytes(cSchool)),
          let rank = row.int(cRank), rank >= 1, rank <= Int(Int32.max)
        else { bad = true; return }
        if !same {
          guard isNew else { bad = true; return }
          if last == 0 {
            part.firstStudent = Array(studentBytes)
            // A later part may begin inside a student's list.
            guard rank == 1 || !isFirst else { bad = true; return }
            part.firstRank = rank
          } else {
            guard rank == 1 else { bad = true; return }
            part.offsets.append(Int32(part.schools.count))
          }
          part.expectedRank = rank
        }
        guard rank == part.expectedRank, stamp[school] != Int32(last) else { bad = true; return }
        part.expectedRank += 1
        stamp[school] = Int32(last)
        if let cPriority {
          guard let p = row.int(cPriority), p >= Int(Int32.min), p <= Int(Int32.max) else { bad = true; return }
          part.priorities.append(Int32(p))
        }
        if let cLottery {
          guard let v = row.int(cLottery) else { bad = true; return }
          part.lottery.append(Int64(v))
        }
        part.schools.append(Int32(school))
      }
    } catch {
      return nil
    }
    if bad || part.schools.isEmpty { return nil }
    part.offsets.append(Int32(part.schools.count))
    part.lastStudent = Array(lastBytes[0..<lastLength])
    return part
  }

  /// Joins parts in file order; `nil` when a student of a later part already appeared
  /// earlier (other than one whose list the cut divides), or a divided list does not continue
  /// its ranks or repeats a school.
  static func join(_ parts: [GroupedPart], lottery: Bool, priorities: Bool) -> ApplicationLists? {
    var out = parts[0]
    var names = out.table.names
    names.reserveCapacity(parts.reduce(0) { $0 + $1.table.count })
    for (k, p) in parts.enumerated().dropFirst() {
      let continues = p.firstStudent == out.lastStudent
      if continues {
        // The divided list: ranks continue, and no school repeats across the cut.
        guard p.firstRank == out.expectedRank else { return nil }
        let lastStart = Int(out.offsets[out.offsets.count - 2])
        let before = Set(out.schools[lastStart...])
        for j in 0..<Int(p.offsets[1]) where before.contains(p.schools[j]) { return nil }
      } else {
        guard p.firstRank == 1 else { return nil }
      }
      // Every other student of the part is new: not in an earlier part (a lookup, or an
      // insertion when more parts follow).
      let skip = continues ? 1 : 0
      if k + 1 < parts.count {
        for name in p.table.names.dropFirst(skip) {
          guard out.table.intern(name) == names.count else { return nil }
          names.append(name)
        }
      } else {
        // The last part only looks names up: split the lookups over the parts' threads.
        let table = out.table
        let partNames = p.table.names
        let chunks = parts.count
        let repeated = Atomic<Bool>(false)
        concurrentlyPerform(iterations: chunks) { c in
          let lo = skip + (partNames.count - skip) * c / chunks
          let hi = skip + (partNames.count - skip) * (c + 1) / chunks
          for j in lo..<hi where table.index(of: partNames[j]) != nil {
            repeated.store(true, ordering: .relaxed)
            return
          }
        }
        guard !repeated.load(ordering: .relaxed) else { return nil }
        names.append(contentsOf: partNames.dropFirst(skip))
      }
      let base = Int32(out.schools.count)
      out.offsets.removeLast()
      // The four columns are appended at once, one per thread (each copy mostly faults in
      // fresh pages, which both cores do as well as one).
      var columns = (out.offsets, out.schools, out.priorities, out.lottery)
      out.offsets = []
      out.schools = []
      out.priorities = []
      out.lottery = []
      // Room for the rest of the parts at once, in huge pages (HugePages.swift): a copy at the
      // second part (the first part's columns are still shared with `parts`), and later only
      // if the room ran out.
      func grown<T: BitwiseCopyable>(_ column: [T], by extra: Int) -> [T] {
        guard !column.isEmpty, k == 1 || column.capacity < column.count + extra else { return column }
        return [T](unsafeUninitializedCapacity: column.count + extra) { buffer, initialized in
          buffer.adviseHugePages()
          initialized = buffer.initialize(fromContentsOf: column)
        }
      }
      let rest = parts[k...].reduce(0) { $0 + $1.schools.count }
      columns.0 = grown(columns.0, by: parts[k...].reduce(0) { $0 + $1.offsets.count })
      columns.1 = grown(columns.1, by: rest)
      columns.2 = grown(columns.2, by: rest)
      columns.3 = grown(columns.3, by: rest)
      concurrentlyPerform(iterations: 4) { c in
        switch c {
        case 0:
          // Without a continuation the part's leading 0 becomes `base`, the previous end.
          columns.0.append(contentsOf: p.offsets.dropFirst(continues ? 1 : 0).lazy.map { $0 + base })
        case 1: columns.1.append(contentsOf: p.schools)
        case 2: columns.2.append(contentsOf: p.priorities)
        default: columns.3.append(contentsOf: p.lottery)
        }
      }
      (out.offsets, out.schools, out.priorities, out.lottery) = columns
      out.expectedRank = p.expectedRank
      out.lastStudent = p.lastStudent
    }
    return ApplicationLists(
      offsets: out.offsets, schools: out.schools, priorities: priorities ? out.priorities : nil,
      lottery: lottery ? out.lottery : nil, names: names)
  }
}
