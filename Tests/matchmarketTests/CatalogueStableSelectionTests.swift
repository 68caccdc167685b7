import Foundation
import Testing

/// The stable selections are catalogue mechanisms: `match` and `audit` take them by name.
struct CatalogueStableSelectionTests {
  /// Students s0: C > B > A, s1: A > B > C, s2: C > A > B; schools A: s2 > s0 > s1,
  /// B: s1 > s2 > s0, C: s2 > s1 > s0 (smaller priority is higher). The egalitarian rule
  /// gives s0 her last choice, A, and she gains by reporting only B (the witness in
  /// docs/Guides/StableMatchings.md); DA is strategy-proof for students.
  static let files = [
    "schools.csv": "school,capacity\nA,1\nB,1\nC,1\n",
    "applications.csv": """
      student,school,rank,priority
      s0,C,1,3
      s0,B,2,3
      s0,A,3,2
      s1,A,1,3
      s1,B,2,1
      s1,C,3,2
      s2,C,1,1
      s2,A,2,1
      s2,B,3,2

      """,
  ]

  @Test func theAuditFindsTheEgalitarianManipulationAndNoneForDA() throws {
    let w = Workspace(Self.files)
    let r = try CLI.run(
      ["audit", "--mechanisms", "da,egalitarian", "--schools", "schools.csv", "--applications", "applications.csv"],
      in: w.url)
    #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
    #expect(r.stdout.contains("egalitarian: s0 [C, B, A] gets A; reporting [B]"), "\(r.stdout)")
    #expect(r.stdout.contains("da: none found"), "\(r.stdout)")
  }

  @Test func matchRunsEachSelectionAndItsAssignmentIsStable() throws {
    for name in ["egalitarian", "minimum-regret", "median-stable"] {
      let w = Workspace(Self.files)
      let m = try CLI.run(
        ["match", "--mechanism", name, "--schools", "schools.csv", "--applications", "applications.csv",
         "--output", "out.csv", "--quiet"], in: w.url)
      #expect(m.status == 0, "\(name): \(m.stderr)")
      let c = try CLI.run(
        ["check", "--schools", "schools.csv", "--applications", "applications.csv", "--assignment", "out.csv",
         "--exit-status", "stability"], in: w.url)
      #expect(c.status == 0, "\(name): \(c.stdout)")
    }
  }
}
