import Foundation
import Testing

/// `matchmarket stable` and `matchmarket roommates`, run as built, with exact outputs.
struct StableCommandTests {
  /// The 3 x 3 "Latin square" marriage market: men m1..m3 rank w1 w2 w3 cyclically, women
  /// rank the men in the opposite cycle, so there are three stable matchings: every man's
  /// first choice, every man's second (every woman's second), every woman's first.
  static let files = [
    "schools.csv": "school,capacity\nw1,1\nw2,1\nw3,1\n",
    "applications.csv": """
      student,school,rank,priority
      m1,w1,1,3
      m1,w2,2,2
      m1,w3,3,1
      m2,w2,1,3
      m2,w3,2,2
      m2,w1,3,1
      m3,w3,1,3
      m3,w1,2,2
      m3,w2,3,1

      """,
  ]

  func stable(_ select: String, _ w: Workspace) throws -> CLI.Result {
    try CLI.run(
      ["stable", "--schools", "schools.csv", "--applications", "applications.csv", "--select", select,
       "--output", "out.csv", "--summary", "summary.json", "--quiet"], in: w.url)
  }

  @Test func allListsTheThreeStableMatchingsStudentOptimalFirst() throws {
    let w = Workspace(Self.files)
    let r = try stable("all", w)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(w.read("out.csv") == """
      matching,student,school
      1,m1,w1
      1,m2,w2
      1,m3,w3
      2,m1,w2
      2,m2,w3
      2,m3,w1
      3,m1,w3
      3,m2,w1
      3,m3,w2

      """)
    let summary = try #require(w.read("summary.json"))
    #expect(summary.contains("\"stable_matchings\" : 3"))
    #expect(summary.contains("\"complete\" : true"))
    #expect(summary.contains("\"rotations\" : 2"))
  }

  @Test func minimumRegretAndMedianPickTheMiddleMatching() throws {
    for select in ["minimum-regret", "median"] {
      let w = Workspace(Self.files)
      let r = try stable(select, w)
      #expect(r.status == 0)
      #expect(w.read("out.csv") == "student,school\nm1,w2\nm2,w3\nm3,w1\n", "\(select)")
      let summary = try #require(w.read("summary.json"))
      for key in ["\"regret\" : 2", "\"egalitarian_cost\" : 12", "\"student_cost\" : 6", "\"school_cost\" : 6", "\"stable_matchings\" : 3"] {
        #expect(summary.contains(key), "\(select): \(key)")
      }
    }
  }

  @Test func egalitarianTiesResolveToTheStudentOptimalAndSchoolOptimalIsLast() throws {
    let w = Workspace(Self.files)
    #expect(try stable("egalitarian", w).status == 0)
    #expect(w.read("out.csv") == "student,school\nm1,w1\nm2,w2\nm3,w3\n")
    #expect(try stable("school-optimal", w).status == 0)
    #expect(w.read("out.csv") == "student,school\nm1,w3\nm2,w1\nm3,w2\n")
  }

  @Test func medianBeyondTheLimitFailsWithoutOutputAndAllIsMarkedIncomplete() throws {
    let w = Workspace(Self.files)
    let args = ["stable", "--schools", "schools.csv", "--applications", "applications.csv", "--limit", "2", "--quiet"]
    let median = try CLI.run(args + ["--select", "median", "--output", "m.csv"], in: w.url)
    #expect(median.status == 1)
    #expect(median.stderr.contains("more than 2 stable matchings"))
    #expect(!w.exists("m.csv"))
    let all = try CLI.run(args + ["--select", "all", "--output", "a.csv", "--summary", "s.json"], in: w.url)
    #expect(all.status == 0)
    #expect(w.read("s.json")?.contains("\"complete\" : false") == true)
    #expect(w.read("a.csv")?.split(separator: "\n").count == 7)  // header + 2 matchings x 3 students
  }

  @Test func badInputExits65WithoutOutput() throws {
    var files = Self.files
    files["applications.csv"] = "student,school,rank\nm1,w9,1\n"
    let w = Workspace(files)
    let r = try stable("all", w)
    #expect(r.status == 65)
    #expect(r.stderr.contains("applications.csv:2"))
    #expect(!w.exists("out.csv"))
  }

  @Test func roommatesWithoutAStableMatchingGivesAWitnessThatCheckVerifies() throws {
    let w = Workspace([
      "prefs.csv": """
        agent,partner,rank
        A,B,1
        A,C,2
        A,D,3
        B,C,1
        B,A,2
        B,D,3
        C,A,1
        C,B,2
        C,D,3
        D,A,1
        D,B,2
        D,C,3
        E,A,1

        """
    ])
    let r = try CLI.run(["roommates", "--preferences", "prefs.csv", "--output", "m.csv", "--summary", "s.json", "--quiet"], in: w.url)
    #expect(r.status == 0)
    #expect(w.read("m.csv") == "agent,partner\n")
    let summary = try #require(w.read("s.json"))
    #expect(summary.contains("\"stable_matching_exists\" : false"))
    #expect(summary.contains("\"one_sided_entries\" : 1"))
    #expect(summary.contains("\"witness\" : [\n    \"A\",\n    \"B\",\n    \"C\"\n  ]"))
    let check = try CLI.run(["check", "--roommates", "prefs.csv", "--witness", "s.json"], in: w.url)
    #expect(check.status == 0)
    #expect(check.stdout.contains("no stable matching exists (Tan 1991): verified"))
  }

  @Test func roommatesMatchingIsWrittenAndChecked() throws {
    let w = Workspace([
      "prefs.csv": "agent,partner,rank\na,b,1\na,c,2\nb,a,1\nb,c,2\nc,a,1\nc,b,2\n",
      "bad.csv": "agent,partner\na,c\nb,\nc,a\n",
      "tie.csv": "agent,partner,rank\na,b,1\na,c,1\n",
    ])
    let r = try CLI.run(["roommates", "--preferences", "prefs.csv", "--select", "all", "--output", "m.csv", "--quiet"], in: w.url)
    #expect(r.status == 0)
    #expect(w.read("m.csv") == "matching,agent,partner\n1,a,b\n1,b,a\n1,c,\n")
    let bad = try CLI.run(["check", "--roommates", "prefs.csv", "--assignment", "bad.csv"], in: w.url)
    #expect(bad.status == 1)
    #expect(bad.stdout.contains("'a' (holds 'c') and 'b' (holds nobody) prefer each other"))
    let tie = try CLI.run(["roommates", "--preferences", "tie.csv", "--output", "t.csv"], in: w.url)
    #expect(tie.status == 65)
    #expect(tie.stderr.contains("tie.csv:3"))
    #expect(!w.exists("t.csv"))
  }
}
