import Foundation
import MatchingCore
@testable import MatchingIO
import Testing

/// Reading an applications file in parts on several threads gives the sequential reader's
/// lists exactly, or gives up (and the sequential reader runs); it never gives a different
/// answer.
struct ParallelReadTests {
  static let schoolNames = ["North", "South", "East", "West", "Hill", "Lake"]

  static func schoolTable() -> NameTable {
    var t = NameTable()
    for s in schoolNames { _ = t.intern(s) }
    return t
  }

  /// A seeded grouped applications file: students in order, each with 1...4 distinct schools
  /// in rank order; some ids quoted (with commas, doubled quotes or line breaks inside),
  /// blank lines, CRLF line ends.
  static func file(seed: UInt64, students: Int, quotes: Bool, crlf: Bool) -> String {
    var rng = SeededGenerator(seed: seed, stream: 9)
    let eol = crlf ? "\r\n" : "\n"
    var out = "student,school,rank,priority" + eol
    for i in 0..<students {
      var id = "s\(i)"
      if quotes && rng.uniform(below: 10) == 0 {
        id = ["\"a,\(i)\"", "\"line\nbreak \(i)\"", "\"q\"\"\(i)\""][rng.uniform(below: 3)]
      }
      let k = 1 + rng.uniform(below: 4)
      var order = Array(0..<schoolNames.count)
      for j in 0..<k { order.swapAt(j, j + rng.uniform(below: order.count - j)) }
      for r in 0..<k {
        out += "\(id),\(schoolNames[order[r]]),\(r + 1),\(rng.uniform(below: 3))" + eol
        if rng.uniform(below: 50) == 0 { out += eol }
      }
    }
    return out
  }

  func compare(_ path: String, threads: Int) throws -> Bool? {
    let table = Self.schoolTable()
    let seq = try SchoolChoiceCSV.readApplications(
      path, schools: "schools.csv", schoolTable: table, grouped: true)!
    guard let par = SchoolChoiceCSV.readGroupedInParallel(
      path, schoolTable: table, delimiter: nil, threads: threads, threshold: 64)
    else { return nil }
    #expect(par.offsets == seq.offsets, "\(threads) threads")
    #expect(par.schools == seq.schools, "\(threads) threads")
    #expect(par.priorities == seq.priorities, "\(threads) threads")
    #expect(par.lottery == nil && seq.lottery == nil)
    #expect(par.names == seq.names, "\(threads) threads")
    return true
  }

  @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
  func partsJoinToTheSequentialLists(seed: UInt64) throws {
    let dir = Scratch()
    for crlf in [false, true] {
      let path = dir.file("plain-\(crlf).csv", Self.file(seed: seed, students: 300, quotes: false, crlf: crlf))
      for threads in 2...6 {
        // Without quotes every cut is a record boundary: the parallel path must succeed.
        #expect(try compare(path, threads: threads) == true, "seed \(seed), \(threads) threads, crlf \(crlf)")
      }
    }
  }

  @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
  func quotedLineBreaksNeverChangeTheAnswer(seed: UInt64) throws {
    let dir = Scratch()
    let path = dir.file("quoted.csv", Self.file(seed: seed, students: 200, quotes: true, crlf: seed % 2 == 0))
    for threads in 2...8 {
      // A cut inside a quoted line break voids the parallel read; otherwise it must agree.
      _ = try compare(path, threads: threads)
    }
  }

  @Test func aCutInsideAQuotedLineBreakIsDetected() throws {
    // One huge quoted id with line breaks covers the middle of the file, so a cut at the
    // middle lands inside it: the reader of the first part ends past the cut.
    let dir = Scratch()
    var text = "student,school,rank\n"
    for i in 0..<20 { text += "a\(i),North,1\n" }
    text += "\"" + String(repeating: "x\n", count: 400) + "\",South,1\n"
    for i in 0..<20 { text += "b\(i),East,1\n" }
    let path = dir.file("cut.csv", text)
    let table = Self.schoolTable()
    let par = SchoolChoiceCSV.readGroupedInParallel(path, schoolTable: table, delimiter: nil, threads: 2, threshold: 64)
    #expect(par == nil)
    let seq = try SchoolChoiceCSV.readApplications(path, schools: "schools.csv", schoolTable: table, grouped: true)!
    #expect(seq.names.count == 41)
  }

  @Test func aStudentWhoReappearsInALaterPartGivesUp() throws {
    let dir = Scratch()
    var text = "student,school,rank\n"
    for i in 0..<200 { text += "s\(i),North,1\n" }
    text += "s3,South,1\n"  // not grouped: the sequential reader takes the general path
    let path = dir.file("reappear.csv", text)
    let par = SchoolChoiceCSV.readGroupedInParallel(
      path, schoolTable: Self.schoolTable(), delimiter: nil, threads: 2, threshold: 64)
    #expect(par == nil)
  }

  @Test func aListDividedByACutContinues() throws {
    // One student with every school, in a file cut in the middle of her list.
    let dir = Scratch()
    var text = "student,school,rank\n"
    for i in 0..<30 { text += "pad\(i),Lake,1\n" }
    for (r, s) in Self.schoolNames.enumerated() { text += "long-name-student-\(String(repeating: "z", count: 60)),\(s),\(r + 1)\n" }
    for i in 0..<30 { text += "tail\(i),Hill,1\n" }
    let path = dir.file("divided.csv", text)
    var agreed = 0
    for threads in 2...12 where try compare(path, threads: threads) == true { agreed += 1 }
    #expect(agreed > 0)
  }

  @Test func badFieldsAndRepeatsAcrossACutFallBack() throws {
    let dir = Scratch()
    // The same school twice in a list divided by the cut: the sequential reader reports it.
    var text = "student,school,rank\n"
    for i in 0..<40 { text += "p\(i),Lake,1\n" }
    text += "x,North,1\nx,South,2\nx,North,3\n"
    for i in 0..<40 { text += "q\(i),Lake,1\n" }
    let path = dir.file("repeat.csv", text)
    for threads in 2...10 {
      #expect(SchoolChoiceCSV.readGroupedInParallel(
        path, schoolTable: Self.schoolTable(), delimiter: nil, threads: threads, threshold: 64) == nil)
    }
    let unknown = dir.file("unknown.csv", text.replacingOccurrences(of: "q39,Lake", with: "q39,Nowhere"))
    #expect(SchoolChoiceCSV.readGroupedInParallel(
      unknown, schoolTable: Self.schoolTable(), delimiter: nil, threads: 2, threshold: 64) == nil)
  }
}
