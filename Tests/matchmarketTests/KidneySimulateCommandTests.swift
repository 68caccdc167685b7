import Foundation
import Testing

/// `matchmarket kidney simulate`: byte-identical output for a seed whatever the thread count,
/// and totals that add up.
struct KidneySimulateCommandTests {
  static let arguments = ["kidney", "simulate", "--runs", "5", "--weeks", "20", "--arrivals-per-week", "5",
                          "--arc-failure", "0.2", "--departure-rate", "0.05", "--seed", "4", "--quiet"]

  @Test func outputIsByteIdenticalForOneOrTwoThreads() throws {
    let w = Workspace([:])
    for (dir, threads) in [("one", "1"), ("two", "2")] {
      let r = try CLI.run(Self.arguments + ["--threads", threads, "--output-dir", dir], in: w.url)
      #expect(r.status == 0, "\(r.stderr)")
    }
    for file in ["runs.csv", "weekly.csv", "waiting.csv", "summary.json"] {
      #expect(w.read("one/\(file)") != nil)
      #expect(w.read("one/\(file)") == w.read("two/\(file)"), "\(file) differs between 1 and 2 threads")
    }
    // Conservation in every row of runs.csv.
    for line in (w.read("one/runs.csv") ?? "").split(separator: "\n").dropFirst() {
      let f = line.split(separator: ",").map { Int($0) ?? -1 }
      #expect(f[1] == f[2] + f[3] + f[4], "\(line)")
    }
  }

  @Test func badOptionsAreRefused() throws {
    let w = Workspace([:])
    let r = try CLI.run(["kidney", "simulate", "--arc-failure", "1.5", "--output-dir", "out"], in: w.url)
    #expect(r.status == 64, "\(r.stderr)")
    #expect(!w.exists("out/runs.csv"))
  }
}
