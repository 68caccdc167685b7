import Foundation
import Testing

/// `matchmarket couples`: formats, statuses, and bad input.
struct CouplesCommandTests {
  /// The standard instance without a stable matching (see `TinyResidency.noStableMatching`):
  /// couple c = (s1, s2) wants only (H1, H2); single s3 prefers H1 to H2; H1 ranks s1 above
  /// s3; H2 ranks s3 above s2.
  static let noStable = [
    "schools.csv": "school,capacity\nH1,1\nH2,1\n",
    "applications.csv": "student,school,rank\ns3,H1,1\ns3,H2,2\n",
    "rankings.csv": "school,student,rank\nH1,s1,1\nH1,s3,2\nH2,s3,1\nH2,s2,2\n",
    "couples.csv": "couple,member_a,member_b\nc,s1,s2\n",
    "couple_applications.csv": "couple,school_a,school_b,rank\nc,H1,H2,1\n",
  ]

  static func args(_ method: String, output: String = "out.csv") -> [String] {
    [
      "couples", "--schools", "schools.csv", "--applications", "applications.csv", "--rankings", "rankings.csv",
      "--couples", "couples.csv", "--couple-applications", "couple_applications.csv", "--method", method,
      "--output", output, "--summary", "summary.json", "--quiet",
    ]
  }

  static func summary(_ w: Workspace) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data((w.read("summary.json") ?? "").utf8)) as? [String: Any] ?? [:]
  }

  @Test func textbookInstanceIsProvenToHaveNoStableMatching() throws {
    let w = Workspace(Self.noStable)
    let exact = try CLI.run(Self.args("exact"), in: w.url)
    #expect(exact.status == 0, "\(exact.stderr)")
    let s = try Self.summary(w)
    #expect(s["status"] as? String == "no_stable_matching")
    #expect(s["method"] as? String == "exact")
    #expect(s.keys.contains("blocking") && s.keys.contains("matched") && s.keys.contains("seconds"))
    #expect(!w.exists("out.csv"))
    let rp = try CLI.run(Self.args("roth-peranson"), in: w.url)
    #expect(rp.status == 0)
    let r = try Self.summary(w)
    #expect(r["status"] as? String == "unstable")
    #expect((r["blocking"] as? Int ?? 0) > 0)
    #expect(w.read("out.csv")?.hasPrefix("student,school\ns3,") == true)
  }

  @Test func bothMethodsFindTheStableMatchingWhenH2PrefersTheCouple() throws {
    var files = Self.noStable
    // H2 now ranks s2 first: the couple takes (H1, H2) and s3 has nowhere better. Stable.
    files["rankings.csv"] = "school,student,rank\nH1,s1,1\nH1,s3,2\nH2,s2,1\nH2,s3,2\n"
    let w = Workspace(files)
    for method in ["roth-peranson", "exact"] {
      let r = try CLI.run(Self.args(method), in: w.url)
      #expect(r.status == 0, "\(r.stderr)")
      let s = try Self.summary(w)
      #expect(s["status"] as? String == "stable", "\(method)")
      #expect(s["blocking"] as? Int == 0)
      #expect(s["matched"] as? Int == 2)
      #expect(w.read("out.csv") == "student,school\ns3,\ns1,H1\ns2,H2\n", "\(method)")
    }
  }

  @Test(arguments: [
    ("couples.csv", "couple,member_a,member_b\nc,s3,s2\n", "couples.csv:2: column 'member_a': member 's3' of a couple has own applications"),
    ("couples.csv", "couple,member_a,member_b\nc,s1,s2\nd,s2,s4\n", "couples.csv:3: column 'member_a': member 's2' is already in a couple"),
    ("couple_applications.csv", "couple,school_a,school_b,rank\nc,H1,H9,1\n", "couple_applications.csv:2: column 'school_b': unknown school 'H9'"),
    ("couple_applications.csv", "couple,school_a,school_b,rank\nc,H1,H2,1\nc,,,2\n", "couple_applications.csv:3: both schools are empty"),
    ("couple_applications.csv", "couple,school_a,school_b,rank\nx,H1,H2,1\n", "couple_applications.csv:2: column 'couple': unknown couple 'x'"),
    ("couple_applications.csv", "couple,school_a,school_b,rank\nc,H1,H2,1\nc,H1,,1\n", "couple_applications.csv:3: column 'rank'"),
    ("rankings.csv", "school,student,rank\nH1,s1,1\nH1,zz,2\n", "rankings.csv:3: column 'student': unknown student 'zz'"),
  ])
  func badInputExits65WithFileAndLine(file: String, contents: String, message: String) throws {
    var files = Self.noStable
    files[file] = contents
    let w = Workspace(files)
    let r = try CLI.run(Self.args("roth-peranson"), in: w.url)
    #expect(r.status == 65)
    #expect(r.stderr.contains(message), "\(r.stderr)")
    #expect(!w.exists("out.csv") && !w.exists("summary.json"))
  }
}

extension CouplesCommandTests {
  @Test func generatedResidencyMarketsAreByteIdenticalAndRunEndToEnd() throws {
    let w = Workspace([:])
    for dir in ["g1", "g2"] {
      let r = try CLI.run(
        ["generate", "residency", "--applicants", "300", "--programs", "30", "--seed", "5", "--out", dir], in: w.url)
      #expect(r.status == 0, "\(r.stderr)")
    }
    for file in ["schools.csv", "applications.csv", "rankings.csv", "couples.csv", "couple_applications.csv", "market.json"] {
      #expect(w.read("g1/" + file) != nil && w.read("g1/" + file) == w.read("g2/" + file), "\(file)")
    }
    let run = try CLI.run(
      [
        "couples", "--schools", "g1/schools.csv", "--applications", "g1/applications.csv", "--rankings", "g1/rankings.csv",
        "--couples", "g1/couples.csv", "--couple-applications", "g1/couple_applications.csv", "--output", "out.csv",
        "--summary", "summary.json", "--quiet",
      ], in: w.url)
    #expect(run.status == 0, "\(run.stderr)")
    let s = try Self.summary(w)
    #expect(s["applicants"] as? Int == 300)
    #expect(s["couples"] as? Int == 8)
    #expect((w.read("out.csv") ?? "").split(separator: "\n").count == 301)
  }

  /// A market of couples only (the applications file has a header and no rows). H1 (one seat)
  /// ranks a2 above a1; H2 (two seats) ranks b1, b2, a1. Couple 1 lists (H1, H2) then
  /// (H2, H2); couple 2 lists (H1, H2). The one stable matching seats couple 2 and leaves
  /// couple 1 out: H1 prefers a2, and at H2 a1 is not among the two best of b1, b2, a1.
  @Test func couplesOnlyMarketIsReadAndSolvedByEveryMethod() throws {
    let files = [
      "schools.csv": "school,capacity\nH1,1\nH2,2\n",
      "applications.csv": "student,school,rank\n",
      "rankings.csv": "school,student,rank\nH1,a2,1\nH1,a1,2\nH2,b1,1\nH2,b2,2\nH2,a1,3\n",
      "couples.csv": "couple,member_a,member_b\nc1,a1,b1\nc2,a2,b2\n",
      "couple_applications.csv": "couple,school_a,school_b,rank\nc1,H1,H2,1\nc1,H2,H2,2\nc2,H1,H2,1\n",
    ]
    let w = Workspace(files)
    for (method, extra) in [("roth-peranson", []), ("exact", ["--no-warm-start"]), ("exact", ["--no-warm-start", "--engine", "ip"])] {
      let r = try CLI.run(Self.args(method) + extra, in: w.url)
      #expect(r.status == 0, "\(method) \(extra): \(r.stderr)")
      #expect(try Self.summary(w)["status"] as? String == "stable", "\(method) \(extra)")
      #expect(w.read("out.csv") == "student,school\na1,\nb1,\na2,H1\nb2,H2\n", "\(method) \(extra)")
    }
  }
}
