import Foundation
import Testing

struct AssignCommandTests {
  /// The Bogomolnaia-Moulin example: students 1, 2 rank a > b > c > d; 3, 4 rank b > a > d > c.
  static let files = [
    "schools.csv": "school,capacity\na,1\nb,1\nc,1\nd,1\n",
    "applications.csv": """
      student,school,rank
      1,a,1
      1,b,2
      1,c,3
      1,d,4
      2,a,1
      2,b,2
      2,c,3
      2,d,4
      3,b,1
      3,a,2
      3,d,3
      3,c,4
      4,b,1
      4,a,2
      4,d,3
      4,c,4

      """,
  ]

  static func json(_ text: String?) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data((text ?? "").utf8)) as? [String: Any])
  }

  @Test func probabilisticSerialOnTheClassicExample() throws {
    let w = Workspace(Self.files)
    let r = try CLI.run(["assign", "--mechanism", "ps", "--schools", "schools.csv", "--applications", "applications.csv",
                         "--output", "p.csv", "--decompose", "l.csv", "--sample", "s.csv", "--seed", "3", "--summary", "s.json"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(w.read("p.csv") == "student,school,probability\n1,a,0.5\n1,c,0.5\n2,a,0.5\n2,c,0.5\n3,b,0.5\n3,d,0.5\n4,b,0.5\n4,d,0.5\n")
    let s = try Self.json(w.read("s.json"))
    #expect(s["sd_efficient"] as? Bool == true)
    #expect(s["sd_envy_free"] as? Bool == true)
    #expect(s["equal_treatment"] as? Bool == true)
    #expect(s["lotteries"] as? Int == 2)
    let lottery = try #require(w.read("l.csv"))
    #expect(lottery.hasPrefix("lottery,weight,student,school\n1,0.5,"))
    #expect(lottery.split(separator: "\n").count == 1 + 2 * 4)
    // The sample is one of the lottery's assignments.
    let sample = try #require(w.read("s.csv")).split(separator: "\n").dropFirst().map(String.init)
    let assignments = Dictionary(grouping: lottery.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }) { $0[0] }
      .values.map { rows in rows.map { "\($0[2]),\($0[3])" } }
    #expect(assignments.contains(sample))
  }

  @Test func randomSerialDictatorshipIsExactAndNotSDEfficient() throws {
    let w = Workspace(Self.files)
    let r = try CLI.run(["assign", "--mechanism", "rsd", "--schools", "schools.csv", "--applications", "applications.csv",
                         "--output", "p.csv", "--summary", "s.json"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(w.read("p.csv")?.contains("1,a,0.416666666667\n1,b,0.083333333333\n") == true)
    let s = try Self.json(w.read("s.json"))
    #expect(s["method"] as? String == "exact")
    #expect(s["sd_efficient"] as? Bool == false)
    let witness = try #require(s["sd_efficiency_witness"] as? [String: Any])
    #expect(witness["kind"] as? String == "cycle")
    #expect((witness["moves"] as? [Any])?.count == 2)
  }

  @Test func monteCarloOutputIsTheSameForAnyThreadCountAndRowOrder() throws {
    var apps = "student,school,rank\n"
    var shuffled: [String] = []
    for i in 0..<40 {
      let rows = ["s\(i),A,1", "s\(i),B,2", "s\(i),C,3"]
      apps += rows.joined(separator: "\n") + "\n"
      shuffled.insert(contentsOf: rows, at: (i * 7) % (shuffled.count + 1))
    }
    let w = Workspace([
      "schools.csv": "school,capacity\nA,5\nB,10\nC,10\n", "applications.csv": apps,
      "shuffled.csv": "student,school,rank\n" + shuffled.joined(separator: "\n") + "\n",
    ])
    var outputs: [String: String] = [:]
    for (file, workers) in [("applications.csv", "1"), ("applications.csv", "2"), ("shuffled.csv", "3")] {
      let name = "\(file)-\(workers)"
      let r = try CLI.run(["assign", "--mechanism", "rsd", "--draws", "300", "--seed", "9", "--workers", workers,
                           "--schools", "schools.csv", "--applications", file, "--output", name + ".csv",
                           "--decompose", name + "-l.csv", "--summary", name + ".json"], in: w.url)
      #expect(r.status == 0, "\(r.stderr)")
      // Compare as sets of rows: the shuffled file lists students in another order.
      outputs[name] = (w.read(name + ".csv") ?? "").split(separator: "\n").sorted().joined(separator: "\n")
      let s = try Self.json(w.read(name + ".json"))
      #expect(s["method"] as? String == "monte-carlo")
      #expect((s["decomposition_max_error"] as? Double ?? 1) <= 1e-9)
    }
    #expect(Set(outputs.values).count == 1)
    #expect(outputs.values.first?.contains("standard_error") == true)
    // Same lottery whatever the row order (students are decomposed in name order).
    func rows(_ f: String) -> [String] { (w.read(f) ?? "").split(separator: "\n").map(String.init).sorted() }
    #expect(rows("applications.csv-1-l.csv") == rows("shuffled.csv-3-l.csv"))
  }

  @Test func theAuditFindsAManipulationOfPSButNotOfRSD() throws {
    // Lists a > b > c, a > c > b, b > a > c: z gains (for some utility) by reporting a > b.
    let w = Workspace([
      "schools.csv": "school,capacity\na,1\nb,1\nc,1\n",
      "applications.csv": "student,school,rank\nx,a,1\nx,b,2\nx,c,3\ny,a,1\ny,c,2\ny,b,3\nz,b,1\nz,a,2\nz,c,3\n",
    ])
    let ps = try CLI.run(["assign", "--mechanism", "ps", "--schools", "schools.csv", "--applications", "applications.csv",
                          "--audit", "--output", "p.csv", "--summary", "ps.json"], in: w.url)
    #expect(ps.status == 0, "\(ps.stderr)")
    let audit = try #require(try Self.json(w.read("ps.json"))["audit"] as? [String: Any])
    #expect(audit["manipulable_students"] as? Int == 1)
    let witness = try #require(audit["witness"] as? [String: Any])
    #expect(witness["student"] as? String == "z")
    #expect(witness["misreport"] as? [String] == ["a", "b"])
    #expect((witness["manipulated_expected_utility"] as? Double ?? 0) > (witness["truthful_expected_utility"] as? Double ?? 1))
    let rsd = try CLI.run(["assign", "--mechanism", "rsd", "--schools", "schools.csv", "--applications", "applications.csv",
                           "--audit", "--output", "r.csv", "--summary", "rsd.json"], in: w.url)
    #expect(rsd.status == 0)
    #expect((try Self.json(w.read("rsd.json"))["audit"] as? [String: Any])?["manipulable_students"] as? Int == 0)
  }

  @Test func aGivenMatrixIsCheckedAndDecomposed() throws {
    var files = Self.files
    // The RSD matrix of the example, written by hand in fractions of 12.
    var rows = ["student,school,probability"]
    for (student, list) in [("1", "abcd"), ("2", "abcd"), ("3", "badc"), ("4", "badc")] {
      for (k, school) in list.enumerated() { rows.append("\(student),\(school),\([5, 1, 5, 1][k])/12") }
    }
    files["bad-number.csv"] = rows.joined(separator: "\n") + "\n"
    files["rsd.csv"] = rows.map {
      $0.replacingOccurrences(of: "5/12", with: "0.4166666666666667").replacingOccurrences(of: "1/12", with: "0.0833333333333333")
    }.joined(separator: "\n") + "\n"
    files["over.csv"] = "student,school,probability\n1,a,1\n2,a,0.5\n"
    let w = Workspace(files)
    let ok = try CLI.run(["assign", "--probabilities", "rsd.csv", "--schools", "schools.csv", "--applications", "applications.csv",
                          "--decompose", "l.csv", "--summary", "s.json"], in: w.url)
    #expect(ok.status == 0, "\(ok.stderr)")
    let s = try Self.json(w.read("s.json"))
    #expect(s["method"] as? String == "given")
    #expect(s["sd_efficient"] as? Bool == false)
    #expect((s["decomposition_max_error"] as? Double ?? 1) <= 1e-9)
    let bad = try CLI.run(["assign", "--probabilities", "bad-number.csv", "--schools", "schools.csv", "--applications", "applications.csv",
                           "--decompose", "l2.csv"], in: w.url)
    #expect(bad.status == 65)
    #expect(bad.stderr.contains("bad-number.csv:2: column 'probability'"), "\(bad.stderr)")
    #expect(!w.exists("l2.csv"))
    let over = try CLI.run(["assign", "--probabilities", "over.csv", "--schools", "schools.csv", "--applications", "applications.csv",
                            "--decompose", "l3.csv"], in: w.url)
    #expect(over.status == 65)
    #expect(over.stderr.contains("school 'a' expects 1.5 students, more than its capacity 1"), "\(over.stderr)")
    #expect(!w.exists("l3.csv"))
  }

  @Test func badInputExitsWith65AndNoOutput() throws {
    var files = Self.files
    files["applications.csv"] = "student,school,rank\n1,a,1\n1,z,2\n"
    let w = Workspace(files)
    let r = try CLI.run(["assign", "--mechanism", "ps", "--schools", "schools.csv", "--applications", "applications.csv", "--output", "p.csv"], in: w.url)
    #expect(r.status == 65)
    #expect(r.stderr.contains("applications.csv:3: column 'school': unknown school 'z'"), "\(r.stderr)")
    #expect(!w.exists("p.csv"))
  }

  @Test func matchRunsTTCWithTenants() throws {
    let w = Workspace([
      "houses.csv": "house\nh1\nh2\nh3\nh4\n",
      "endowments.csv": "agent,house\nt1,h1\nt2,h2\n",
      "preferences.csv": "agent,house,rank\nt1,h2,1\nt1,h3,2\nt2,h1,1\nn1,h1,1\nn1,h4,2\nn2,h3,1\n",
      "order.csv": "agent\nn1\nt1\nn2\nt2\n",
    ])
    let r = try CLI.run(["match", "--mechanism", "ttc-tenants", "--houses", "houses.csv", "--endowments", "endowments.csv",
                         "--preferences", "preferences.csv", "--order", "order.csv", "--output", "out.csv", "--summary", "s.json"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(w.read("out.csv") == "agent,house\nt1,h2\nt2,h1\nn1,h4\nn2,h3\n")
    let s = try Self.json(w.read("s.json"))
    #expect(s["tenants_moved"] as? Int == 2)
    #expect(s["vacant_houses"] as? Int == 2)
    let bad = try CLI.run(["match", "--mechanism", "ttc-tenants", "--houses", "houses.csv", "--endowments", "endowments.csv",
                           "--preferences", "preferences.csv", "--order", "preferences.csv", "--output", "o2.csv"], in: w.url)
    #expect(bad.status == 65)
    #expect(!w.exists("o2.csv"))
  }
}
