import Foundation
import Testing

/// `--rankings`: programs' own strict orders replace priorities in `match`, `check`, `audit`.
struct RankingsOptionTests {
  /// A has one seat and ranks z, y, x; B has one seat and ranks only x (y's application to B
  /// is dropped). Student-proposing DA by hand: all three apply to A, which keeps z; x goes
  /// on to B, which keeps her; y's next choice B does not rank her, so she is unmatched.
  static let files = [
    "schools.csv": "school,capacity\nA,1\nB,1\n",
    "applications.csv": "student,school,rank\nx,A,1\nx,B,2\ny,A,1\ny,B,2\nz,A,1\n",
    "rankings.csv": "school,student,rank\nA,z,1\nA,y,2\nA,x,5\nB,x,1\n",
  ]

  @Test func matchUsesTheProgramsOrdersAndCountsDroppedApplications() throws {
    let w = Workspace(Self.files)
    let r = try CLI.run(
      ["match", "--schools", "schools.csv", "--applications", "applications.csv", "--rankings", "rankings.csv"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == "student,school\nx,B\ny,\nz,A\n")
    #expect(r.stderr.contains("4 applications kept, 1 dropped"), "\(r.stderr)")
  }

  @Test func checkJudgesStabilityByTheRankings() throws {
    var files = Self.files
    // y at A instead of z: z (ranked first by A) blocks with A.
    files["swap.csv"] = "student,school\nx,B\ny,A\nz,\n"
    files["da.csv"] = "student,school\nx,B\ny,\nz,A\n"
    let w = Workspace(files)
    let good = try CLI.run(
      ["check", "--schools", "schools.csv", "--applications", "applications.csv", "--rankings", "rankings.csv", "--assignment", "da.csv", "--json"], in: w.url)
    let goodJSON = try JSONSerialization.jsonObject(with: Data(good.stdout.utf8)) as? [String: Any]
    #expect(goodJSON?["stable"] as? Bool == true, "\(good.stdout)")
    let bad = try CLI.run(
      ["check", "--schools", "schools.csv", "--applications", "applications.csv", "--rankings", "rankings.csv", "--assignment", "swap.csv", "--json"], in: w.url)
    #expect(bad.status == 1)
    let badJSON = try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as? [String: Any]
    #expect(badJSON?["stable"] as? Bool == false)
  }

  @Test func tiedOrUnknownRankingsExitWithFileAndLine() throws {
    var files = Self.files
    files["tied.csv"] = "school,student,rank\nA,z,1\nA,y,1\n"
    files["unknown.csv"] = "school,student,rank\nA,z,1\nC,y,1\n"
    files["twice.csv"] = "school,student,rank\nA,z,1\nA,z,2\n"
    let w = Workspace(files)
    for (file, text) in [
      ("tied.csv", "tied.csv:3: column 'rank'"), ("unknown.csv", "unknown.csv:3: column 'school': unknown school 'C'"),
      ("twice.csv", "twice.csv:3: column 'student'"),
    ] {
      let r = try CLI.run(
        ["match", "--schools", "schools.csv", "--applications", "applications.csv", "--rankings", file, "--output", "o.csv"], in: w.url)
      #expect(r.status == 65, "\(file)")
      #expect(r.stderr.contains(text), "\(r.stderr)")
      #expect(!w.exists("o.csv"))
    }
  }

  /// `stable` takes the shared market flags: the Latin-square market of
  /// ``StableCommandTests`` with its priorities given as the schools' rankings instead lists
  /// the same three stable matchings, and so does the same market with semicolons.
  @Test func stableTakesRankingsAndTheDelimiter() throws {
    var files = StableCommandTests.files
    files["plain.csv"] = "student,school,rank\nm1,w1,1\nm1,w2,2\nm1,w3,3\nm2,w2,1\nm2,w3,2\nm2,w1,3\nm3,w3,1\nm3,w1,2\nm3,w2,3\n"
    files["rankings.csv"] = "school,student,rank\nw1,m2,1\nw1,m3,2\nw1,m1,3\nw2,m3,1\nw2,m1,2\nw2,m2,3\nw3,m1,1\nw3,m2,2\nw3,m3,3\n"
    files["semi_schools.csv"] = files["schools.csv"]!.replacingOccurrences(of: ",", with: ";")
    files["semi_applications.csv"] = files["applications.csv"]!.replacingOccurrences(of: ",", with: ";")
    let w = Workspace(files)
    func stable(_ args: [String], _ output: String) throws -> CLI.Result {
      try CLI.run(["stable"] + args + ["--select", "all", "--output", output, "--quiet"], in: w.url)
    }
    let byPriority = try stable(["--schools", "schools.csv", "--applications", "applications.csv"], "p.csv")
    let byRankings = try stable(
      ["--schools", "schools.csv", "--applications", "plain.csv", "--rankings", "rankings.csv"], "r.csv")
    let bySemicolons = try stable(
      ["--schools", "semi_schools.csv", "--applications", "semi_applications.csv", "--delimiter", "semicolon"], "s.csv")
    for r in [byPriority, byRankings, bySemicolons] { #expect(r.status == 0, "\(r.stderr)") }
    let expected = try #require(w.read("p.csv"))
    #expect(expected.split(separator: "\n").count == 10)  // header + 3 matchings x 3 students
    #expect(w.read("r.csv") == expected)
    #expect(w.read("s.csv") == expected)
    let housing = try CLI.run(
      ["stable", "--endowments", "e.csv", "--preferences", "p.csv", "--select", "all", "--output", "o.csv"], in: w.url)
    #expect(housing.status != 0 && housing.stderr.contains("school-choice"), "\(housing.stderr)")
  }
}
