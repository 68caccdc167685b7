import Foundation
import MatchingCore
import MatchingIO
import Testing

/// The roommates reader: names in order of first appearance, rows in any order, one-sided
/// entries counted, and every bad field reported with file, line and column.
struct RoommatesCSVTests {
  func write(_ text: String) -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("rm-\(UUID().uuidString).csv").path
    try! text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func readsListsInAnyRowOrderAndCountsOneSidedEntries() throws {
    let path = write("agent,partner,rank\nb,a,2\na,b,1\nb,c,1\na,c,2\nc,b,1\nd,a,1\n")
    let named = try RoommatesCSV.read(preferences: path)
    #expect(named.agentNames == ["b", "a", "c", "d"])
    // a lists b, c; b lists c, a; c lists b; d lists a (a does not list d; c does not list a).
    #expect(named.market.preferenceList(of: 1) == [0])
    #expect(named.market.preferenceList(of: 0) == [2, 1])
    #expect(named.market.preferenceList(of: 3) == [])
    #expect(named.market.oneSidedEntries == 2)
  }

  @Test func tiesSelfListingRepeatsAndGapsAreErrorsWithLines() {
    let cases: [(String, Int, String)] = [
      ("agent,partner,rank\na,b,1\na,c,1\n", 3, "ties are not allowed"),
      ("agent,partner,rank\na,a,1\n", 2, "lists herself"),
      ("agent,partner,rank\na,b,1\na,b,2\n", 3, "twice"),
      ("agent,partner,rank\na,b,1\na,c,3\n", 3, "without gaps"),
      ("agent,partner,rank\na,b,zero\n", 2, "not an integer"),
      ("agent,partner\na,b\n", 1, "missing column"),
    ]
    for (text, line, message) in cases {
      let path = write(text)
      do {
        _ = try RoommatesCSV.read(preferences: path)
        Issue.record("accepted \(text)")
      } catch {
        #expect(error.line == line, "\(text): \(error)")
        #expect(error.description.contains(message), "\(text): \(error)")
        #expect(error.file == path)
      }
    }
  }

  @Test func aMatchingFileIsReadAgainstTheNames() throws {
    let named = try RoommatesCSV.read(preferences: write("agent,partner,rank\na,b,1\nb,a,1\nc,a,1\n"))
    let m = try RoommatesCSV.readMatching(write("agent,partner\na,b\nb,a\nc,\n"), for: named)
    #expect(m.assignment == [1, 0, -1])
    #expect(String(decoding: RoommatesCSV.matchingBytes(m, of: named), as: UTF8.self) == "agent,partner\na,b\nb,a\nc,\n")
    #expect(throws: InputError.self) { try RoommatesCSV.readMatching(write("agent,partner\na,z\n"), for: named) }
  }
}
