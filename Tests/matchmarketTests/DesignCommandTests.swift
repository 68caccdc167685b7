import Foundation
import Testing

/// The school-choice designs from the command line: exact outputs on literature examples,
/// bad design files rejected with status 65 and no output.
struct DesignCommandTests {
  /// Kesten's (2010) three-student example (see `DesignExampleTests`), priorities as classes.
  static let kesten = [
    "schools.csv": "school,capacity\ns1,1\ns2,1\ns3,1\n",
    "applications.csv": """
      student,school,rank,priority
      i1,s2,1,2
      i1,s1,2,1
      i1,s3,3,2
      i2,s1,1,3
      i2,s2,2,1
      i2,s3,3,3
      i3,s1,1,2
      i3,s3,2,1

      """,
    "refuse.csv": "student,consent\ni3,0\n",
    "bad.csv": "student,consent\ni3,yes\n",
  ]

  @Test func eadamWithAndWithoutConsent() throws {
    let w = Workspace(Self.kesten)
    let market = ["--schools", "schools.csv", "--applications", "applications.csv", "--quiet"]
    var r = try CLI.run(["match", "--mechanism", "eadam"] + market, in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == "student,school\ni1,s2\ni2,s1\ni3,s3\n")
    r = try CLI.run(["match", "--mechanism", "eadam", "--consent", "refuse.csv"] + market, in: w.url)
    #expect(r.stdout == "student,school\ni1,s1\ni2,s2\ni3,s3\n")
    r = try CLI.run(["match", "--mechanism", "eadam", "--consent", "bad.csv", "--output", "out.csv"] + market, in: w.url)
    #expect(r.status == 65)
    #expect(r.stderr.contains("bad.csv:2") && r.stderr.contains("consent"), "\(r.stderr)")
    #expect(!w.exists("out.csv"))
  }

  @Test func parallelMechanismTakesItsParameterEitherWay() throws {
    let w = Workspace(Self.kesten)
    let market = ["--schools", "schools.csv", "--applications", "applications.csv", "--quiet"]
    let a = try CLI.run(["match", "--mechanism", "chinese-parallel:1"] + market, in: w.url)
    let b = try CLI.run(["match", "--mechanism", "chinese-parallel", "--parallel-e", "1"] + market, in: w.url)
    let boston = try CLI.run(["match", "--mechanism", "boston"] + market, in: w.url)
    #expect(a.status == 0 && a.stdout == b.stdout && a.stdout == boston.stdout)
    let missing = try CLI.run(["match", "--mechanism", "chinese-parallel"] + market, in: w.url)
    #expect(missing.status != 0 && missing.stderr.contains("parallel-e"))
  }

  /// One seat at A, reserved for minorities; m (majority) has higher priority than n
  /// (minority). DA gives A to m; DA with reserves to n; a majority quota of 0 also gives it
  /// to n and leaves m out. The check names the reserve's witness against DA's outcome.
  static let reserve = [
    "schools.csv": "school,capacity,reserve,majority_quota\nA,1,1,0\nB,1,0,\n",
    "applications.csv": "student,school,rank,priority\nm,A,1,1\nm,B,2,1\nn,A,1,2\n",
    "types.csv": "student,type\nm,majority\nn,minority\n",
    "badtypes.csv": "student,type\nm,other\n",
  ]

  @Test func reservesQuotasAndTheirCheck() throws {
    let w = Workspace(Self.reserve)
    let market = ["--schools", "schools.csv", "--applications", "applications.csv", "--types", "types.csv", "--quiet"]
    #expect(try CLI.run(["match", "--mechanism", "da"] + market, in: w.url).stdout == "student,school\nm,A\nn,\n")
    #expect(try CLI.run(["match", "--mechanism", "da-reserves"] + market, in: w.url).stdout == "student,school\nm,B\nn,A\n")
    #expect(try CLI.run(["match", "--mechanism", "da-quotas"] + market, in: w.url).stdout == "student,school\nm,B\nn,A\n")
    _ = try CLI.run(["match", "--mechanism", "da", "--output", "da.csv"] + market, in: w.url)
    let check = try CLI.run(["check", "--assignment", "da.csv"] + market.dropLast(), in: w.url)
    #expect(check.status == 1)
    #expect(check.stdout.contains("stable with minority reserves (Hafalir, Yenmez and Yildirim 2013): NO"), "\(check.stdout)")
    #expect(check.stdout.contains("'n' prefers 'A', which would choose her over 'm'"), "\(check.stdout)")
    #expect(check.stdout.contains("'A' holds more majority students than its quota"))
    let bad = try CLI.run(["match", "--mechanism", "da-reserves", "--schools", "schools.csv", "--applications", "applications.csv", "--types", "badtypes.csv"], in: w.url)
    #expect(bad.status == 65 && bad.stderr.contains("badtypes.csv:2"))
  }

  @Test func simulateComparesTheNewDesignsWithDA() throws {
    let w = Workspace([:])
    let r = try CLI.run(
      ["simulate", "--runs", "2", "--students", "300", "--schools", "10", "--mechanisms", "da,eadam,sic,chinese-parallel:2,boston", "--output-dir", "study", "--no-progress"],
      in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("better than DA") && r.stdout.contains("chinese-parallel:2"))
    #expect(w.read("study/summary.csv")?.contains("better_than_da_mean") == true)
  }
}
