import Foundation
import Testing

/// `check --exit-status stability` exits by stability alone (issue 12).
struct CheckExitStatusCLITests {
  @Test func stabilityAloneDecidesTheExitStatus() throws {
    var files = MatchCommandTests.files
    // Stable (each student at a school that ranks her first) but Pareto dominated: everyone
    // prefers the assignment of student-proposing DA.
    files["stable-inefficient.csv"] = "student,school\nalpha,C\nbeta,A\ngamma,B\n"
    // alpha prefers A, where she outranks beta: a blocking pair.
    files["unstable.csv"] = "student,school\nalpha,B\nbeta,A\ngamma,C\n"
    // Over capacity: not feasible, so not stable either.
    files["infeasible.csv"] = "student,school\nalpha,A\nbeta,A\ngamma,C\n"
    let w = Workspace(files)
    func status(_ file: String, _ extra: [String] = []) throws -> Int32 {
      let r = try CLI.run(["check", "--schools", "schools.csv", "--applications", "applications.csv", "--assignment", file] + extra, in: w.url)
      return r.status
    }
    #expect(try status("stable-inefficient.csv") == 1)
    #expect(try status("stable-inefficient.csv", ["--exit-status", "stability"]) == 0)
    #expect(try status("stable-inefficient.csv", ["--exit-status", "all"]) == 1)
    #expect(try status("unstable.csv", ["--exit-status", "stability"]) == 1)
    #expect(try status("infeasible.csv", ["--exit-status", "stability"]) == 1)
    let help = try CLI.run(["check", "--help"], in: w.url)
    #expect(help.stdout.contains("--exit-status"))
  }
}
