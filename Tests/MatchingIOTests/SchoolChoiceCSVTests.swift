import Foundation
import MatchingCore
import MatchingIO
import Mechanisms
import Testing

/// A scratch directory per test, removed afterwards.
final class Scratch {
  let url: URL
  init() {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("mm-io-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }
  deinit { try? FileManager.default.removeItem(at: url) }
  func file(_ name: String, _ contents: String) -> String {
    let path = url.appendingPathComponent(name).path
    try! contents.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }
  func bytes(_ name: String, _ contents: [UInt8]) -> String {
    let path = url.appendingPathComponent(name).path
    FileManager.default.createFile(atPath: path, contents: Data(contents))
    return path
  }
  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

struct SchoolChoiceCSVTests {
  static let schools = "school,capacity\nNorth,1\nSouth,2\n"

  func read(_ applications: String) throws(InputError) -> NamedSchoolChoiceMarket {
    try read(Self.schools, applications)
  }

  func failure(_ applications: String) -> InputError? { failure(Self.schools, applications) }

  func read(_ schools: String, _ applications: String) throws(InputError) -> NamedSchoolChoiceMarket {
    let dir = Scratch()
    return try withExtendedLifetime(dir) { () throws(InputError) -> NamedSchoolChoiceMarket in
      try SchoolChoiceCSV.read(
        schools: dir.file("schools.csv", schools), applications: dir.file("applications.csv", applications))
    }
  }

  /// The error for a bad file, with its file name, line and column.
  func failure(_ schools: String, _ applications: String) -> InputError? {
    do {
      _ = try read(schools, applications)
      return nil
    } catch {
      return error
    }
  }

  @Test func readsAValidMarketInFirstAppearanceOrder() throws {
    let named = try read("student,school,rank,priority\nbo,South,1,2\nann,North,2,1\nann,South,1,0\n")
    #expect(named.studentNames == ["bo", "ann"])
    #expect(named.schoolNames == ["North", "South"])
    #expect(named.market.preferenceList(of: 1) == [1, 0])
    #expect(named.market.priorities[named.market.listRange(of: 1).lowerBound] == 0)
  }

  @Test func unknownSchoolNamesFileLineAndColumn() {
    let e = failure("student,school,rank\na,North,1\nb,West,1\n")
    #expect(e?.file.hasSuffix("applications.csv") == true)
    #expect(e?.line == 3)
    #expect(e?.column == "school")
    #expect(e?.message.contains("unknown school 'West'") == true)
  }

  @Test func duplicateRankIsRejected() {
    let e = failure("student,school,rank\na,North,1\na,South,1\n")
    #expect(e?.line == 3)
    #expect(e?.column == "rank")
    #expect(e?.message.contains("rank 1 twice") == true)
  }

  @Test func rankGapIsRejected() {
    let e = failure("student,school,rank\na,North,1\na,South,3\n")
    #expect(e?.line == 3)
    #expect(e?.column == "rank")
    #expect(e?.message.contains("without gaps") == true)
  }

  @Test func rankZeroIsRejected() {
    #expect(failure("student,school,rank\na,North,0\n")?.column == "rank")
  }

  @Test func duplicateApplicationIsRejected() {
    let e = failure("student,school,rank\na,North,1\na,North,2\n")
    #expect(e?.line == 3)
    #expect(e?.column == "school")
  }

  @Test(arguments: ["-1", "-3"])
  func negativeCapacityIsRejected(capacity: String) {
    let e = failure("school,capacity\nNorth,\(capacity)\n", "student,school,rank\na,North,1\n")
    #expect(e?.file.hasSuffix("schools.csv") == true)
    #expect(e?.line == 2)
    #expect(e?.column == "capacity")
  }

  @Test func nonIntegerFieldsAreRejected() {
    #expect(failure("school,capacity\nNorth,ten\n", "student,school,rank\na,North,1\n")?.column == "capacity")
    #expect(failure("student,school,rank\na,North,x\n")?.message.contains("\"x\" is not an integer") == true)
    let p = failure("student,school,rank,priority\na,North,1,1.5\n")
    #expect(p?.column == "priority")
    #expect(p?.line == 2)
  }

  @Test func missingHeaderOrColumnIsRejected() {
    // A file whose first line is data has no 'school' column.
    let e = failure("North,1\nSouth,2\n", "student,school,rank\na,North,1\n")
    #expect(e?.column == "school")
    #expect(e?.message.contains("missing column") == true)
    #expect(failure("student,rank\na,1\n")?.column == "school")
  }

  @Test func emptyFilesAreRejected() {
    #expect(failure("", "student,school,rank\na,North,1\n")?.message.contains("empty") == true)
    #expect(failure("student,school,rank\n")?.message.contains("no applications") == true)
  }

  @Test func duplicateSchoolInSchoolsFileIsRejected() {
    let e = failure("school,capacity\nNorth,1\nNorth,2\n", "student,school,rank\na,North,1\n")
    #expect(e?.line == 3)
  }

  @Test func quotedFieldsWithCommasQuotesAndLineBreaksAreRead() throws {
    let schools = "school,capacity\n\"North, East\",1\n\"The \"\"Best\"\" School\",1\n"
    let apps = "student,school,rank\n\"Doe, Jane\",\"North, East\",1\n\"multi\nline\",\"The \"\"Best\"\" School\",1\nz,\"North, East\",1\n"
    let named = try read(schools, apps)
    #expect(named.schoolNames == ["North, East", "The \"Best\" School"])
    #expect(named.studentNames == ["Doe, Jane", "multi\nline", "z"])
    // A quoted line break counts: z's row starts on line 5.
    let e = failure(schools, apps + "q,Nowhere,1\n")
    #expect(e?.line == 6)
    // Names with commas and quotes survive the round trip through the assignment file.
    let out = String(decoding: SchoolChoiceCSV.assignmentBytes(DeferredAcceptance().match(named.market), of: named), as: UTF8.self)
    // (Who of Doe and z wins the tied seat is the lottery's call; both names are quoted.)
    #expect(out.hasPrefix("student,school\n\"Doe, Jane\","))
    #expect(out.contains("\"multi\nline\",\"The \"\"Best\"\" School\"\n"))
    #expect(out.contains(",\"North, East\"\n"))
  }

  @Test func unterminatedQuoteIsRejected() {
    let e = failure("student,school,rank\n\"a,North,1\n")
    #expect(e?.message.contains("not closed") == true)
  }

  @Test func crlfBomBlankLinesAndExtraColumnsAreAccepted() throws {
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    let dir = Scratch()
    let s = dir.bytes("s.csv", bom + Array("school,capacity,district\r\nNorth,1,7\r\n\r\nSouth,2,8\r\n".utf8))
    let a = dir.bytes("a.csv", bom + Array("note,student,school,rank\r\nx,a,North,1\r\ny,a,South,2\r\n\r\n".utf8))
    let named = try SchoolChoiceCSV.read(schools: s, applications: a)
    #expect(named.schoolNames == ["North", "South"])
    #expect(named.market.preferenceList(of: 0) == [0, 1])
  }

  @Test func aLotteryColumnOverridesTheSeededLottery() throws {
    let apps = "student,school,rank,priority,lottery\na,North,1,0,9\nb,North,1,0,3\n"
    let named = try read(apps)
    #expect(named.market.tieBreaking == .given)
    #expect(DeferredAcceptance().match(named.market).assignment == [-1, 0])
  }

  @Test func sameInputAndSeedGiveByteIdenticalOutput() throws {
    var apps = "student,school,rank\n"
    for i in 0..<300 { apps += "st\(i),North,1\nst\(i),South,2\n" }
    let dir = Scratch()
    let s = dir.file("s.csv", Self.schools)
    let a = dir.file("a.csv", apps)
    func run(_ seed: UInt64) throws -> [UInt8] {
      let named = try SchoolChoiceCSV.read(schools: s, applications: a, tieBreaking: .single(seed: seed))
      return SchoolChoiceCSV.assignmentBytes(DeferredAcceptance().match(named.market), of: named)
    }
    #expect(try run(7) == run(7))
    #expect(try run(7) != run(8))
  }

  @Test func atomicWriteLeavesNoPartialFile() throws {
    let dir = Scratch()
    let target = dir.path("missing-dir/out.csv")
    #expect(throws: InputError.self) { try AtomicFile.write(bytes: [1, 2, 3], to: target) }
    #expect(!FileManager.default.fileExists(atPath: target))
    let ok = dir.path("out.csv")
    try AtomicFile.write(bytes: Array("a\n".utf8), to: ok)
    #expect(try String(contentsOfFile: ok, encoding: .utf8) == "a\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["out.csv"])
  }

  @Test func readerHandlesRecordsThatStraddleBlocks() throws {
    var apps = "student,school,rank\n"
    for i in 0..<5000 { apps += "\"student number \(i), quoted\",South,1\n" }
    let dir = Scratch()
    let csv = try CSVReader(path: dir.file("a.csv", apps), blockSize: 64)
    var rows = 0
    while try csv.nextRecord() {
      #expect(csv.string(0) == "student number \(rows), quoted")
      #expect(csv.line == rows + 2)
      rows += 1
    }
    #expect(rows == 5000)
  }
}

struct HousingCSVTests {
  @Test func readsAHousingMarketAndRejectsBadRows() throws {
    let dir = Scratch()
    let e = dir.file("e.csv", "agent,house\nann,h1\nbo,h2\ncy,h3\n")
    let p = dir.file("p.csv", "agent,house,rank\nann,h2,1\nbo,h1,1\ncy,h1,1\ncy,h3,2\n")
    let named = try HousingCSV.read(endowments: e, preferences: p)
    #expect(named.market.preferenceList(of: 0) == [1, 0])
    #expect(TopTradingCycles().match(named.market).assignment == [1, 0, 2])
    let bad = dir.file("bad.csv", "agent,house,rank\nann,h9,1\n")
    #expect(throws: InputError.self) { try HousingCSV.read(endowments: e, preferences: bad) }
    do {
      _ = try HousingCSV.read(endowments: dir.file("e2.csv", "agent,house\nann,h1\nbo,h1\n"), preferences: p)
      Issue.record("a house owned twice must be rejected")
    } catch {
      #expect(error.line == 3)
      #expect(error.column == "house")
    }
  }
}

struct NameTableTests {
  @Test func internsNumericAndTextNamesInFirstAppearanceOrder() {
    var t = NameTable()
    let names = ["0", "1", "7", "07", "abc", "2", "-1", "99999999999", "1"]
    let indices = names.map { t.intern($0) }
    #expect(indices == [0, 1, 2, 3, 4, 5, 6, 7, 1])
    #expect(t.names == ["0", "1", "7", "07", "abc", "2", "-1", "99999999999"])
    for (k, n) in t.names.enumerated() { #expect(t.index(of: n) == k) }
    #expect(t.index(of: "3") == nil)
    #expect(t.index(of: "8") == nil)
    #expect(t.index(of: "ab") == nil)
  }

  @Test func identityNumbersAreFoundWithoutATable() {
    var t = NameTable()
    for i in 0..<1000 { t.intern(String(i)) }
    #expect(t.index(of: "999") == 999)
    #expect(t.index(of: "1000") == nil)
    t.intern("x")
    #expect(t.index(of: "999") == 999)
    #expect(t.index(of: "x") == 1000)
    for i in 0..<5000 { t.intern("name \(i)") }
    #expect(t.index(of: "name 4999") == 6000)
    #expect(t.index(of: "17") == 17)
  }
}

struct HousingLongListTests {
  @Test func aRepeatedHouseDeepInALongListIsRejected() throws {
    let dir = Scratch()
    var e = "agent,house\n"
    for a in 0..<60 { e += "a\(a),h\(a)\n" }
    var p = "agent,house,rank\n"
    for r in 1...45 { p += "a0,h\(r),\(r)\n" }
    p += "a0,h40,46\n"
    do {
      _ = try HousingCSV.read(endowments: dir.file("e.csv", e), preferences: dir.file("p.csv", p))
      Issue.record("a repeated house must be rejected")
    } catch {
      #expect(error.line == 47)
      #expect(error.column == "house")
    }
    // The same list in shuffled row order takes the general path and is rejected too.
    let rows = p.split(separator: "\n").dropFirst().reversed().joined(separator: "\n")
    #expect(throws: InputError.self) {
      try HousingCSV.read(endowments: dir.file("e2.csv", e), preferences: dir.file("p2.csv", "agent,house,rank\n" + rows + "\n"))
    }
  }
}
