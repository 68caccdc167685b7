import Foundation
import Testing

/// `match --timings`, `generate marriage --correlation` and `bench --families`' validation.
struct BenchToolingCommandTests {
  @Test func timingsPrintEveryPhaseAndLeaveTheOutputAlone() throws {
    let w = Workspace(MatchCommandTests.files)
    let plain = try CLI.run(["match", "--quiet", "--schools", "schools.csv", "--applications", "applications.csv", "--output", "a.csv"], in: w.url)
    let timed = try CLI.run(["match", "--quiet", "--timings", "--schools", "schools.csv", "--applications", "applications.csv", "--output", "b.csv"], in: w.url)
    #expect(plain.status == 0 && timed.status == 0, "\(timed.stderr)")
    #expect(w.read("a.csv") == w.read("b.csv"))
    #expect(plain.stderr.isEmpty)
    let line = try #require(timed.stderr.split(separator: "\n").first { $0.hasPrefix("timings: ") })
    let json = try JSONSerialization.jsonObject(with: Data(line.dropFirst("timings: ".count).utf8)) as? [String: Any]
    let fields = try #require(json)
    for key in ["parse_s", "tie_break_s", "algorithm_s", "write_s", "total_s", "parse_cpu_s"] {
      let v = try #require(fields[key] as? Double, "missing \(key)")
      #expect(v >= 0, "\(key)")
    }
    let parts = ["parse_s", "tie_break_s", "algorithm_s", "write_s"].map { fields[$0] as! Double }
    #expect(parts.reduce(0, +) <= (fields["total_s"] as! Double) + 1e-6, "phases add up to at most the total")
  }

  @Test func correlatedMarriagesAreReproducibleAndStrict() throws {
    let w = Workspace([:])
    let a = try CLI.run(["generate", "marriage", "--size", "12", "--correlation", "0.7", "--seed", "3", "--out", "a"], in: w.url)
    let b = try CLI.run(["generate", "marriage", "--size", "12", "--correlation", "0.7", "--seed", "3", "--out", "b"], in: w.url)
    let u = try CLI.run(["generate", "marriage", "--size", "12", "--seed", "3", "--out", "u"], in: w.url)
    #expect(a.status == 0 && b.status == 0 && u.status == 0, "\(a.stderr)")
    let apps = try #require(w.read("a/applications.csv"))
    #expect(apps == w.read("b/applications.csv"))
    #expect(apps != w.read("u/applications.csv"), "correlated lists are drawn by another model")
    // 144 rows; each woman ranks the 12 men 0...11 exactly once.
    let rows = apps.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
    #expect(rows.count == 144)
    var seen: [String: Set<String>] = [:]
    for r in rows { seen[r[1], default: []].insert(r[3]) }
    #expect(seen.count == 12 && seen.values.allSatisfy { $0 == Set((0..<12).map(String.init)) })
    let bad = try CLI.run(["generate", "marriage", "--size", "12", "--correlation", "1.5", "--out", "x"], in: w.url)
    #expect(bad.status != 0 && bad.stderr.contains("--correlation"))
    let da = try CLI.run(["match", "--quiet", "--schools", "a/schools.csv", "--applications", "a/applications.csv", "--output", "m.csv"], in: w.url)
    #expect(da.status == 0)
  }

  @Test func benchRejectsAnUnknownFamily() throws {
    let w = Workspace([:])
    let r = try CLI.run(["bench", "--families", "sm,nonsense"], in: w.url)
    #expect(r.status != 0)
    #expect(r.stderr.contains("--families"))
  }
}
