import Foundation
import Testing

/// `matchmarket kidney simulate`: byte-identical output for a seed whatever the thread count
/// or sharding, shards merged into exactly the files of one run, resume, charts, progress and
/// bad shards.
struct KidneySimulateCommandTests {
  static let arguments = ["kidney", "simulate", "--runs", "5", "--weeks", "20", "--arrivals-per-week", "5",
                          "--arc-failure", "0.2", "--departure-rate", "0.05", "--seed", "4", "--quiet"]
  static let files = ["runs.csv", "weekly.csv", "waiting.csv", "summary.json", "transplants_per_week.svg",
                      "cumulative_transplants.svg", "pool_size.svg", "waiting_times.svg"]

  /// Every output file of `a` equals the same file of `b`, byte for byte.
  static func expectSameFiles(_ w: Workspace, _ a: String, _ b: String, sourceLocation: SourceLocation = #_sourceLocation) {
    for file in files {
      let x = w.read("\(a)/\(file)")
      #expect(x != nil && !x!.isEmpty, "\(a)/\(file) missing", sourceLocation: sourceLocation)
      #expect(x == w.read("\(b)/\(file)"), "\(file) differs between \(a) and \(b)", sourceLocation: sourceLocation)
    }
  }

  @Test func outputIsByteIdenticalForOneOrTwoThreads() throws {
    let w = Workspace([:])
    for (dir, threads) in [("one", "1"), ("two", "2")] {
      let r = try CLI.run(Self.arguments + ["--threads", threads, "--output-dir", dir], in: w.url)
      #expect(r.status == 0, "\(r.stderr)")
      #expect(r.stderr.isEmpty, "--quiet prints nothing: \(r.stderr)")
    }
    Self.expectSameFiles(w, "one", "two")
    // Conservation in every row of runs.csv.
    for line in (w.read("one/runs.csv") ?? "").split(separator: "\n").dropFirst() {
      let f = line.split(separator: ",").map { Int($0) ?? -1 }
      #expect(f[1] == f[2] + f[3] + f[4], "\(line)")
    }
    // The charts are SVG documents with a line and its band, or bars.
    let chart = w.read("one/pool_size.svg") ?? ""
    #expect(chart.hasPrefix("<?xml") && chart.contains("<path id=\"band-0\"") && chart.contains("<path id=\"series-0\""))
    #expect((w.read("one/waiting_times.svg") ?? "").contains("cPRA 80 or more"))
  }

  /// Three shards (by --shard i/n and --runs-from/--runs-to) merged in any order give the
  /// bytes of one unsharded run.
  @Test func mergedShardsEqualOneRun() throws {
    let w = Workspace([:])
    var r = try CLI.run(Self.arguments + ["--threads", "2", "--output-dir", "full"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    r = try CLI.run(Self.arguments + ["--shard", "1/3", "--threads", "1", "--output-dir", "parts"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    r = try CLI.run(Self.arguments + ["--runs-from", "1", "--runs-to", "3", "--output-dir", "parts"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    r = try CLI.run(Self.arguments + ["--shard", "3/3", "--output-dir", "parts"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(w.exists("parts/kidney-shard-0-1.json") && w.exists("parts/kidney-shard-3-5.json"))
    #expect(!w.exists("parts/runs.csv"), "a shard writes only its shard file")
    r = try CLI.run(["kidney", "simulate", "merge", "parts/kidney-shard-3-5.json", "parts/kidney-shard-0-1.json",
                     "parts/kidney-shard-1-3.json", "--output-dir", "merged", "--quiet"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    Self.expectSameFiles(w, "full", "merged")

    // Missing runs, and shards of another study, are refused with exit status 65.
    r = try CLI.run(["kidney", "simulate", "merge", "parts/kidney-shard-0-1.json", "parts/kidney-shard-3-5.json",
                     "--output-dir", "gap"], in: w.url)
    #expect(r.status == 65 && r.stderr.contains("in no shard"), "\(r.stderr)")
    #expect(!w.exists("gap/runs.csv"))
    r = try CLI.run(Self.arguments.map { $0 == "4" ? "5" : $0 } + ["--shard", "2/3", "--output-dir", "other"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    r = try CLI.run(["kidney", "simulate", "merge", "parts/kidney-shard-0-1.json", "other/kidney-shard-1-3.json",
                     "parts/kidney-shard-3-5.json", "--output-dir", "mixed"], in: w.url)
    #expect(r.status == 65 && r.stderr.contains("different study"), "\(r.stderr)")
  }

  /// --resume reuses the shards in the directory, runs only the rest, writes the bytes of one
  /// run and removes the shards it merged.
  @Test func resumeFinishesAStudyFromItsShards() throws {
    let w = Workspace([:])
    var r = try CLI.run(Self.arguments + ["--output-dir", "full"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    r = try CLI.run(Self.arguments + ["--runs-from", "0", "--runs-to", "2", "--output-dir", "resumed"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    r = try CLI.run(Array(Self.arguments.dropLast()) + ["--resume", "--output-dir", "resumed"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("2 of 5 runs found in 1 shard file; 3 to run"), "\(r.stderr)")
    Self.expectSameFiles(w, "full", "resumed")
    #expect(!w.exists("resumed/kidney-shard-0-2.json"))
  }

  /// A hand-edited shard is refused with its file, line and field, and nothing is written.
  @Test func damagedShardsNameFileLineAndField() throws {
    let w = Workspace([:])
    var r = try CLI.run(Self.arguments + ["--runs-from", "0", "--runs-to", "4", "--output-dir", "s"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    let good = try #require(w.read("s/kidney-shard-0-4.json"))
    // Break conservation in record 0 (line 5), then a parameter, then the JSON itself.
    let lines = good.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var broken = lines
    broken[4] = broken[4].replacingOccurrences(of: "\"remaining\": ", with: "\"remaining\": 1")
    let cases: [(String, String)] = [
      (broken.joined(separator: "\n"), "bad.json:5:1: column 'records[0]': arrivals"),
      (good.replacingOccurrences(of: "\"arc_failure\": 0.2", with: "\"arc_failure\": 1.5"), "column 'study.arc_failure': study.arc_failure 1.5 is outside [0.0, 1.0]"),
      (good.replacingOccurrences(of: "\"seed\": 4", with: "\"seed\": -4"), "column 'study.seed'"),
      (String(good.dropLast(10)), "bad.json:"),
    ]
    for (text, message) in cases {
      try text.write(to: w.url.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
      r = try CLI.run(["kidney", "simulate", "merge", "bad.json", "--output-dir", "out"], in: w.url)
      #expect(r.status == 65, "\(r.stderr)")
      #expect(r.stderr.contains(message), "expected \(message) in: \(r.stderr)")
      #expect(!w.exists("out/runs.csv"))
    }
  }

  @Test func progressGoesToStandardErrorUnlessQuiet() throws {
    let w = Workspace([:])
    let r = try CLI.run(Array(Self.arguments.dropLast()) + ["--progress", "--output-dir", "p"], in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("kidney simulate [##############################] 5/5 runs 100%"), "\(r.stderr)")
    #expect(r.stdout.isEmpty)
  }

  @Test func badOptionsAreRefused() throws {
    let w = Workspace([:])
    for bad in [["--arc-failure", "1.5"], ["--shard", "3/2"], ["--shard", "1/2", "--runs-from", "0", "--runs-to", "1"]] {
      let r = try CLI.run(["kidney", "simulate", "--output-dir", "out"] + bad, in: w.url)
      #expect(r.status == 64, "\(bad): \(r.stderr)")
    }
    #expect(!w.exists("out/runs.csv"))
  }
}
