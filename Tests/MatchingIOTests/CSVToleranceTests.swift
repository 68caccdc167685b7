import Foundation
import MatchingCore
import MatchingIO
import Mechanisms
import Testing

/// Readers that meet spreadsheets halfway: semicolons and tabs, headers in any case, short
/// rows named as such, binary bytes never printed raw, closed schools.
struct CSVToleranceTests {
  func read(
    _ schools: String, _ applications: String, delimiter: CSVDelimiter? = nil
  ) throws(InputError) -> NamedSchoolChoiceMarket {
    let dir = Scratch()
    return try withExtendedLifetime(dir) { () throws(InputError) -> NamedSchoolChoiceMarket in
      try SchoolChoiceCSV.read(
        schools: dir.file("schools.csv", schools), applications: dir.file("applications.csv", applications),
        delimiter: delimiter)
    }
  }

  func failure(_ schools: String, _ applications: String, delimiter: CSVDelimiter? = nil) -> InputError? {
    do {
      _ = try read(schools, applications, delimiter: delimiter)
      Issue.record("accepted")
      return nil
    } catch {
      return error
    }
  }

  static let schools = "school,capacity\nNorth,1\nSouth,2\n"
  static let applications = "student,school,rank\nann,North,1\nann,South,2\nbo,South,1\n"

  /// The same market in comma, semicolon and tab form reads the same.
  @Test(arguments: [";", "\t"])
  func semicolonAndTabFilesAreDetected(separator: String) throws {
    let comma = try read(Self.schools, Self.applications)
    let other = try read(
      Self.schools.replacingOccurrences(of: ",", with: separator),
      Self.applications.replacingOccurrences(of: ",", with: separator))
    #expect(other.studentNames == comma.studentNames)
    #expect(other.schoolNames == comma.schoolNames)
    #expect(other.market.entries == comma.market.entries)
    #expect(other.market.capacities == comma.market.capacities)
  }

  @Test func aQuotedDelimiterStaysInItsField() throws {
    // A semicolon file whose names hold commas (as European spreadsheets write them).
    let named = try read(
      "school;capacity\n\"Lyc\u{E9}e A, Paris\";1\n",
      "student;school;rank\n\"Dupont, Marie\";\"Lyc\u{E9}e A, Paris\";1\n")
    #expect(named.studentNames == ["Dupont, Marie"])
    #expect(named.schoolNames == ["Lyc\u{E9}e A, Paris"])
  }

  @Test func aGivenDelimiterOverridesDetection() throws {
    // A header "school;capacity" read as comma-separated is one column: detection would pick
    // the semicolon; a tie goes to the comma; quoted delimiters do not count.
    #expect(CSVDelimiter.detect(in: Array("school;capacity\n".utf8)) == .semicolon)
    #expect(CSVDelimiter.detect(in: Array("a;b,c\n".utf8)) == .comma)
    #expect(CSVDelimiter.detect(in: Array("\"a;b;c\",d\n".utf8)) == .comma)
    let e = failure("school;capacity\nNorth;1\n", Self.applications, delimiter: .comma)
    #expect(e?.column == "school", "\(String(describing: e))")
    #expect(e?.message.contains("give --delimiter") == true, "\(String(describing: e))")
    #expect(CSVDelimiter("tab") == .tab && CSVDelimiter(";") == .semicolon && CSVDelimiter("x") == nil)
  }

  @Test func blankLinesBeforeTheHeaderDoNotHideItsDelimiter() throws {
    let named = try read("\n\r\nschool;capacity\nNorth;1\n", "\nstudent\tschool\trank\nann\tNorth\t1\n")
    #expect(named.schoolNames == ["North"] && named.studentNames == ["ann"])
  }

  @Test func aUTF16FileIsNamedAsSuch() {
    let dir = Scratch()
    // "school,capacity" in UTF-16LE with its byte-order mark, as spreadsheets save "Unicode text".
    let bytes: [UInt8] = [0xFF, 0xFE] + Array("school\tcapacity\nN\t1\n".utf8).flatMap { [$0, 0] }
    do {
      _ = try SchoolChoiceCSV.read(schools: dir.bytes("s.csv", bytes), applications: dir.file("a.csv", Self.applications))
      Issue.record("accepted UTF-16")
    } catch {
      #expect(error.line == 1 && error.message.contains("UTF-16"), "\(error)")
    }
  }

  @Test func headersMatchIgnoringCaseAndSpaces() throws {
    let named = try read(" School , CAPACITY\nNorth,1\n", "Student,  school ,RANK\nann,North,1\n")
    #expect(named.studentNames == ["ann"])
    #expect(named.market.capacities == [1])
  }

  @Test func aShortRowSaysHowManyFieldsItHas() {
    let e = failure(Self.schools, "student,school,rank\nann,North,1\nbo,South\n")
    #expect(e?.line == 3)
    #expect(e?.column == "rank")
    #expect(e?.message == "row has 2 fields, the header has 3")
    #expect(e?.description.hasSuffix("applications.csv:3: column 'rank': row has 2 fields, the header has 3") == true)
    let one = failure("school,capacity\nNorth\n", Self.applications)
    #expect(one?.message == "row has 1 field, the header has 2")
    #expect(one?.line == 2 && one?.file.hasSuffix("schools.csv") == true)
  }

  @Test func extraFieldsAreAnErrorUnlessEmpty() throws {
    // Spreadsheets pad rows with empty cells: accepted.
    _ = try read("school,capacity\nNorth,1,,\nSouth,2,\n", Self.applications)
    // An unquoted comma in a name shifts the fields: rejected, and said so.
    let e = failure(Self.schools, "student,school,rank\nSmith, Ann,North,1\n")
    #expect(e?.line == 2)
    #expect(e?.message.contains("row has 4 fields, the header has 3") == true, "\(String(describing: e))")
  }

  @Test func optionalTrailingColumnsMayBeLeftOut() throws {
    // The priority column is optional: a row may stop before it (read as "all tied" is not
    // allowed per row, so the reader asks for the value)...
    let e = failure(Self.schools, "student,school,rank,priority\nann,North,1\n")
    #expect(e?.column == "priority", "\(String(describing: e))")
    // ...but a column the reader never asks for may be missing from short rows.
    let named = try read(Self.schools, "student,school,rank,note\nann,North,1\nbo,South,1,x\n")
    #expect(named.studentNames == ["ann", "bo"])
  }

  @Test func controlAndInvalidBytesAreEscapedInMessages() {
    let dir = Scratch()
    let schools = dir.file("schools.csv", Self.schools)
    // An unknown school named with a NUL, an escape sequence, an invalid byte and a bidi
    // override.
    var bytes = Array("student,school,rank\nann,".utf8)
    bytes += [0x4E, 0x00, 0x1B, 0x5B, 0x33, 0x31, 0x6D, 0xFF, 0xE2, 0x80, 0xAE, 0x78]
    bytes += Array(",1\n".utf8)
    let applications = dir.bytes("applications.csv", bytes)
    do {
      _ = try SchoolChoiceCSV.read(schools: schools, applications: applications)
      Issue.record("accepted")
    } catch {
      let text = error.description
      #expect(text.contains("'N\\x00\\x1B[31m\\xFF\\u{202E}x'"), "\(text)")
      #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E || $0.value == 0xFFFD }, "\(text)")
    }
  }

  @Test func longFieldsAreCutInMessages() {
    let long = String(repeating: "x", count: 5000)
    let e = failure(Self.schools, "student,school,rank\nann,\(long),1\n")
    #expect(e?.message.contains(String(repeating: "x", count: InputError.excerptLimit) + "...") == true)
    #expect((e?.description.count ?? 0) < 300, "\(String(describing: e))")
  }

  @Test func escapingKeepsValidTextAndMarksEveryBadByte() {
    #expect(InputError.show("caf\u{E9} \u{4E2D}") == "caf\u{E9} \u{4E2D}")
    #expect(InputError.show([0x61, 0x00, 0x0A, 0x09, 0x7F]) == "a\\x00\\n\\t\\x7F")
    #expect(InputError.show([0xC3]) == "\\xC3")  // a lead byte without its continuation
    #expect(InputError.show([0xE0, 0x80, 0x80]) == "\\xE0\\x80\\x80")  // overlong
    #expect(InputError.show([0xC2, 0x85]) == "\\u{0085}")  // C1 control
    let e = InputError(file: "a\u{1B}.csv", line: 2, column: "x\u{0}", message: "bad \u{7}")
    #expect(e.description == "a\\x1B.csv:2: column 'x\\x00': bad \\x07")
  }

  @Test func aClosedSchoolIsReadAndNeverAssigned() throws {
    let named = try read(
      "school,capacity\nNorth,0\nSouth,1\n", "student,school,rank\nann,North,1\nann,South,2\nbo,North,1\n")
    #expect(named.market.capacities == [0, 1])
    let m = DeferredAcceptance().match(named.market)
    #expect(m.partner(of: 0) == 1)
    #expect(m.partner(of: 1) == nil)
    let e = failure("school,capacity\nNorth,-1\n", Self.applications)
    #expect(e?.message.contains("must not be negative") == true)
  }

  @Test func theHousingReaderAndTheAssignmentReaderTakeTheSameDialects() throws {
    let dir = Scratch()
    let housing = try HousingCSV.read(
      endowments: dir.file("e.csv", "Agent;House\na;h1\nb;h2\n"),
      preferences: dir.file("p.csv", "AGENT\tHOUSE\tRANK\na\th2\t1\nb\th1\t1\n"))
    #expect(housing.market.agentCount == 2)
    let allocation = try HousingCSV.readAllocation(dir.file("x.csv", "agent;house\na;h2\nb;h1\n"), for: housing)
    #expect(allocation.partner(of: 0) == 1)
    do {
      _ = try HousingCSV.read(endowments: dir.file("f.csv", "agent,house\na\n"), preferences: dir.path("p.csv"))
      Issue.record("accepted a short row")
    } catch {
      #expect(error.description.hasSuffix("f.csv:2: column 'house': row has 1 field, the header has 2"), "\(error)")
    }
  }
}
