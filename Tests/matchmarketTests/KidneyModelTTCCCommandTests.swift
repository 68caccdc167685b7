import Foundation
import Testing

/// `generate kidney --model` and `kidney plan --mechanism ttcc` as a user runs them.
struct KidneyModelTTCCCommandTests {
  @Test(arguments: ["saidman", "heterogeneous", "sparse"])
  func generatedPoolsAreByteIdenticalForASeed(model: String) throws {
    let w = Workspace([:])
    for out in ["a", "b"] {
      let r = try CLI.run(["generate", "kidney", "--model", model, "--pairs", "40", "--seed", "3", "--out", out], in: w.url)
      #expect(r.status == 0, "\(r.stderr)")
    }
    #expect(w.read("a.edges.csv") == w.read("b.edges.csv"))
    #expect(w.read("a.pairs.csv") == w.read("b.pairs.csv"))
    #expect((w.read("a.edges.csv") ?? "").split(separator: "\n").count > 1)
  }

  @Test func ttccWritesDonationsOnArcsAndASummaryThatAddsUp() throws {
    let w = Workspace([:])
    let g = try CLI.run(["generate", "kidney", "--model", "sparse", "--pairs", "60", "--seed", "2", "--out", "pool"], in: w.url)
    #expect(g.status == 0, "\(g.stderr)")
    let r = try CLI.run(
      ["kidney", "plan", "--pairs", "pool.pairs.csv", "--edges", "pool.edges.csv", "--mechanism", "ttcc",
       "--chain-rule", "longest-remove", "--output", "plan.csv", "--summary", "summary.json"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    let edges = Set((w.read("pool.edges.csv") ?? "").split(separator: "\n").dropFirst().map { line in
      line.split(separator: ",").prefix(2).joined(separator: ",")
    })
    var livingTransplants = 0
    for line in (w.read("plan.csv") ?? "").split(separator: "\n").dropFirst() {
      let f = line.split(separator: ",", omittingEmptySubsequences: false)
      guard f[4] != "waitlist" && f[5] != "waitlist" else { continue }
      livingTransplants += 1
      #expect(edges.contains("\(f[4]),\(f[5])"), "\(line) is not an arc of the pool")
    }
    let summary = w.read("summary.json") ?? ""
    func value(_ key: String) -> Int? {
      summary.split(separator: "\n").first { $0.contains("\"\(key)\":") }
        .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: CharacterSet(charactersIn: " ,"))) }
    }
    #expect(value("transplants") == livingTransplants)
    #expect(value("transplants")! + value("waitlist_priority")! + value("unmatched")! == 60)
  }
}
