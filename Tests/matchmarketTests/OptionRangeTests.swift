import Foundation
import Testing

/// Every numeric option of generate, simulate, audit and bench is range-checked before any
/// work: an out-of-range value is a usage error (exit 64) naming the option, never a trap,
/// and nothing is written.
struct OptionRangeTests {
  static let market = [
    "schools.csv": "school,capacity\nA,1\nB,1\n",
    "applications.csv": "student,school,rank,priority\ns1,A,1,0\ns1,B,2,0\ns2,A,1,1\n",
  ]

  /// (arguments, the option the message must name).
  static let cases: [([String], String)] = [
    // Huge seat ratios trapped (an Int or Int32 conversion) before the fix.
    (["generate", "school", "--students", "100", "--schools", "5", "--seats-ratio", "1e300", "--out", "out"], "--seats-ratio"),
    (["generate", "school", "--students", "100", "--schools", "5", "--seats-ratio", "1e8", "--out", "out"], "--seats-ratio"),
    (["generate", "school", "--seats-ratio", "inf", "--out", "out"], "--seats-ratio"),
    (["generate", "school", "--seats-ratio", "nan", "--out", "out"], "--seats-ratio"),
    (["generate", "school", "--seats-ratio", "0", "--out", "out"], "--seats-ratio"),
    (["simulate", "--runs", "2", "--students", "100", "--schools", "5", "--seats-ratio", "1e300"], "--seats-ratio"),
    (["simulate", "--runs", "2", "--students", "100", "--schools", "5", "--seats-ratio", "3e7"], "--seats-ratio"),
    // Products of huge counts overflowed.
    (["generate", "school", "--students", "100", "--schools", "9223372036854775807", "--k", "9223372036854775807", "--out", "out"], "--schools"),
    (["generate", "school", "--students", "9223372036854775807", "--out", "out"], "--students"),
    (["generate", "school", "--students", "0", "--out", "out"], "--students"),
    (["generate", "school", "--students", "50000000", "--k", "20", "--out", "out"], "--k"),
    (["generate", "school", "--k", "0", "--out", "out"], "--k"),
    (["generate", "school", "--alpha", "1.5", "--out", "out"], "--alpha"),
    (["generate", "school", "--beta", "-1", "--out", "out"], "--beta"),
    (["generate", "school", "--beta", "inf", "--out", "out"], "--beta"),
    (["generate", "school", "--walk-radius", "nan", "--out", "out"], "--walk-radius"),
    (["generate", "school", "--sibling-probability", "2", "--out", "out"], "--sibling-probability"),
    (["generate", "housing", "--agents", "100000000000", "--out", "out"], "--agents"),
    (["generate", "housing", "--agents", "9000000", "--k", "100", "--out", "out"], "--k"),
    (["generate", "housing", "--agents", "10", "--alpha", "nan", "--out", "out"], "--alpha"),
    (["generate", "marriage", "--size", "0", "--out", "out"], "--size"),
    (["generate", "marriage", "--size", "100000", "--out", "out"], "--size"),
    (["generate", "kidney", "--pairs", "1000000", "--out", "out/p"], "--pairs"),
    (["generate", "kidney", "--pairs", "10", "--altruists", "-1", "--out", "out/p"], "--altruists"),
    (["generate", "kidney", "--pairs", "10", "--altruist-fraction", "inf", "--out", "out/p"], "--altruist-fraction"),
    (["simulate", "--runs", "0"], "--runs"),
    (["simulate", "--runs", "100000000000000"], "--runs"),
    (["simulate", "--threads", "0"], "--threads"),
    (["simulate", "--threads", "1000000000"], "--threads"),
    (["simulate", "--audit", "--audit-sample", "0"], "--audit-sample"),
    (["simulate", "--runs", "10", "--runs-from", "5", "--runs-to", "11", "--output-dir", "out"], "--runs-to"),
    (["simulate", "--runs", "10", "--runs-from", "-1", "--runs-to", "5", "--output-dir", "out"], "--runs-from"),
    (["audit", "--schools", "schools.csv", "--applications", "applications.csv", "--workers", "0"], "--workers"),
    (["audit", "--schools", "schools.csv", "--applications", "applications.csv", "--workers", "100000"], "--workers"),
    (["audit", "--schools", "schools.csv", "--applications", "applications.csv", "--max-options", "9"], "--max-options"),
    (["audit", "--schools", "schools.csv", "--applications", "applications.csv", "--witnesses", "0"], "--witnesses"),
    (["audit", "--schools", "schools.csv", "--applications", "applications.csv", "--show", "-1"], "--show"),
    (["audit", "--schools", "schools.csv", "--applications", "applications.csv", "--max-pairs", "0"], "--max-pairs"),
    (["audit", "--schools", "schools.csv", "--applications", "applications.csv", "--coalition-max-options", "7"], "--coalition-max-options"),
    (["bench", "--reps", "0"], "--reps"),
    (["bench", "--reps", "1000000"], "--reps"),
    (["bench", "--simulation-runs", "-1"], "--simulation-runs"),
    (["bench", "--simulation-runs", "100000000"], "--simulation-runs"),
    (["bench", "--sizes", "100M"], "--sizes"),
    (["bench", "--sizes", "99999999999999999M"], "--sizes"),
  ]

  @Test(arguments: 0..<cases.count)
  func outOfRangeOptionIsAUsageErrorNamingIt(index: Int) throws {
    let (arguments, option) = Self.cases[index]
    let w = Workspace(Self.market)
    let r = try CLI.run(arguments, in: w.url)
    #expect(r.status == 64, "\(arguments): status \(r.status), stderr \(r.stderr)")
    #expect(r.stderr.contains(option), "\(arguments): \(r.stderr)")
    #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Backtrace"), "\(arguments): \(r.stderr)")
    #expect(!w.exists("out"), "\(arguments) wrote output")
    #expect(r.stdout.isEmpty, "\(arguments): \(r.stdout)")
  }

  /// The bounds leave ordinary values alone: a small market at a seat ratio of 1000 is fine.
  @Test func valuesInsideTheRangesStillWork() throws {
    let w = Workspace([:])
    let r = try CLI.run(
      ["generate", "school", "--students", "20", "--schools", "3", "--seats-ratio", "1000", "--seed", "18446744073709551615", "--out", "out"],
      in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(w.read("out/schools.csv")?.hasPrefix("school,capacity\n") == true)
  }

  /// An output directory that cannot be made fails before any run (exit 73), instead of
  /// after the whole study: nothing on stdout, no table.
  @Test func unwritableOutputDirectoryFailsBeforeAnyRun() throws {
    let w = Workspace(["file": "not a directory\n"])
    let r = try CLI.run(
      ["simulate", "--runs", "40", "--students", "300", "--schools", "10", "--output-dir", "file/study"],
      in: w.url)
    #expect(r.status == 73, "\(r.stderr)")
    #expect(r.stdout.isEmpty, "\(r.stdout)")
    #expect(r.stderr.contains("file/study"), "\(r.stderr)")
  }
}
