import Foundation
import Testing

/// `matchmarket kidney plan` as a user runs it: option checks, exit statuses that say whether
/// the plan is proven, honest bounds in the summary, and Ctrl-C.
struct KidneyPlanCommandTests {
  /// A workspace holding a generated Saidman pool `pool.pairs.csv` / `pool.edges.csv`.
  static func workspace(pairs: Int, seed: Int = 1, model: String = "saidman") throws -> Workspace {
    let w = Workspace([:])
    let g = try CLI.run(
      ["generate", "kidney", "--model", model, "--pairs", "\(pairs)", "--seed", "\(seed)", "--out", "pool"], in: w.url)
    #expect(g.status == 0, "\(g.stderr)")
    return w
  }

  static func plan(_ extra: [String]) -> [String] {
    ["kidney", "plan", "--pairs", "pool.pairs.csv", "--edges", "pool.edges.csv", "--output", "plan.csv", "--summary", "summary.json"] + extra
  }

  /// The value of a top-level key of the summary JSON, as text.
  static func field(_ json: String, _ key: String) -> String? {
    guard let line = json.split(separator: "\n").first(where: { $0.hasPrefix("  \"\(key)\": ") }) else { return nil }
    var value = line.dropFirst(key.count + 6)
    if value.hasSuffix(",") { value = value.dropLast() }
    return value.replacingOccurrences(of: "\"", with: "")
  }

  @Test(arguments: ["inf", "1e300", "nan", "-1", "0", "1000001"])
  func outOfRangeTimeLimitsAreRefusedWithAMessage(limit: String) throws {
    let w = try Self.workspace(pairs: 20)
    let r = try CLI.run(Self.plan(["--time-limit=\(limit)"]), in: w.url)
    #expect(r.status == 64, "\(r.stderr)")
    #expect(r.stderr.contains("--time-limit must be a number of seconds in (0, 1000000]"), "\(r.stderr)")
    #expect(!w.exists("plan.csv") && !w.exists("summary.json"))
  }

  @Test(arguments: [["--pairs", "20000", "--altruist-fraction", "10"], ["--pairs", "0"], ["--pairs", "20001"],
                    ["--pairs", "10", "--altruists", "20001"], ["--pairs", "10", "--altruist-fraction", "inf"],
                    ["--pairs", "10", "--altruist-fraction", "nan"], ["--pairs", "10", "--altruist-fraction=-0.5"]])
  func generateKidneyRefusesOutOfRangeSizes(arguments: [String]) throws {
    // 20000 pairs at 10 altruists per pair would draw 4 billion crossmatches.
    let w = Workspace([:])
    let r = try CLI.run(["generate", "kidney", "--out", "pool"] + arguments, in: w.url)
    #expect(r.status == 64, "\(arguments): \(r.stderr)")
    #expect(r.stderr.hasPrefix("Error: --"), "\(r.stderr)")
    #expect(!w.exists("pool.pairs.csv"))
  }

  @Test func aProvenPlanExitsZeroWithAnLPBound() throws {
    let w = try Self.workspace(pairs: 40)
    let r = try CLI.run(Self.plan([]), in: w.url)
    #expect(r.status == 0, "\(r.stderr)")
    let s = try #require(w.read("summary.json"))
    #expect(Self.field(s, "status") == "optimal")
    #expect(Self.field(s, "bound_kind") == "lp_relaxation")
    #expect(Self.field(s, "plan_found") == "true")
    #expect(Self.field(s, "bound") == Self.field(s, "objective"))
    #expect(r.stderr.contains("(LP relaxation), optimal"), "\(r.stderr)")
  }

  @Test func bothChainFormulationsProveTheSameOptimum() throws {
    let w = try Self.workspace(pairs: 120, seed: 3)
    var objectives: [String?] = []
    for formulation in ["paths", "arcs"] {
      let r = try CLI.run(Self.plan(["--max-chain", "4", "--chain-formulation", formulation]), in: w.url)
      #expect(r.status == 0, "\(formulation): \(r.stderr)")
      let s = try #require(w.read("summary.json"))
      #expect(Self.field(s, "status") == "optimal")
      objectives.append(Self.field(s, "objective"))
    }
    #expect(objectives[0] != nil && objectives[0] == objectives[1], "\(objectives)")
    let bad = try CLI.run(Self.plan(["--chain-formulation", "edges"]), in: w.url)
    #expect(bad.status == 64, "\(bad.stderr)")
  }

  @Test func noPlanBeforeTheTimeLimitExitsThreeAndSaysSo() throws {
    let w = try Self.workspace(pairs: 60)
    let r = try CLI.run(Self.plan(["--time-limit", "0.000000001"]), in: w.url)
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stderr.contains("no plan found"), "\(r.stderr)")
    #expect(r.stderr.contains("trivial cap"), "\(r.stderr)")
    let s = try #require(w.read("summary.json"))
    #expect(Self.field(s, "status") == "time_limit")
    #expect(Self.field(s, "plan_found") == "false")
    #expect(Self.field(s, "bound_kind") == "trivial")
    #expect(w.read("plan.csv") == "exchange,type,length,step,donor_id,recipient_id,weight,success_probability\n")
  }

  @Test func theExitStatusAgreesWithTheSummaryUnderAShortLimit() throws {
    // Which stage 0.05 s reaches depends on the machine; the exit status and the summary
    // must agree whichever it is, and an unproven bound must not be called an LP bound
    // unless column generation finished (then lp_bound is a number).
    let w = try Self.workspace(pairs: 200)
    let r = try CLI.run(Self.plan(["--time-limit", "0.05"]), in: w.url)
    let s = try #require(w.read("summary.json"), "\(r.stderr)")
    let status = Self.field(s, "status"), found = Self.field(s, "plan_found")
    switch r.status {
    case 0: #expect(status == "optimal")
    case 2: #expect(status == "time_limit" && found == "true")
    case 3: #expect(status == "time_limit" && found == "false")
    default: Issue.record("exit \(r.status): \(r.stderr)")
    }
    let kind = Self.field(s, "bound_kind")
    #expect(["lp_relaxation", "lagrangian", "trivial"].contains(kind ?? ""))
    let lpBoundIsNull = s.contains("\"lp_bound\": null")
    #expect((kind == "lp_relaxation") != lpBoundIsNull, "\(s)")
  }

  @Test func controlCWritesTheBestPlanSoFarMarkedInterrupted() throws {
    // A run that takes well over a second in a debug build: a 2,000-pair heterogeneous pool
    // with chains of 4, about 20 s in pricing rounds of about 0.5 s (Saidman pools of 1,024
    // pairs became too quick once chains were priced as paths); the limit only guards a hang.
    let w = try Self.workspace(pairs: 2000, seed: 2, model: "heterogeneous")
    let executable = try #require(CLI.executable)
    // On a loaded machine reading the pool can outlast the first wait: a Ctrl-C then stops
    // the run before planning (nothing written, also exit 130); wait longer and try again.
    var stderr = ""
    for wait in [1.5, 3, 4.5] {
      let p = Process()
      p.executableURL = executable
      p.arguments = Self.plan(["--time-limit", "120", "--max-cycle", "3", "--max-chain", "4"])
      p.currentDirectoryURL = w.url
      let err = Pipe()
      p.standardError = err
      p.standardOutput = Pipe()
      try p.run()
      Thread.sleep(forTimeInterval: wait)
      #expect(p.isRunning, "the run ended before Ctrl-C could be sent")
      p.interrupt()  // SIGINT, as Ctrl-C
      let started = Date()
      stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      p.waitUntilExit()
      #expect(Date().timeIntervalSince(started) < 10, "stopping took too long")
      #expect(p.terminationReason == .exit, "killed by the signal instead of stopping cleanly")
      #expect(p.terminationStatus == 130, "\(stderr)")
      #expect(stderr.contains("interrupted"), "\(stderr)")
      if !stderr.contains("before planning") { break }
      #expect(w.read("summary.json") == nil, "interrupted before planning, yet a summary was written")
    }
    let s = try #require(w.read("summary.json"))
    #expect(Self.field(s, "status") == "interrupted")
    let plan = try #require(w.read("plan.csv"))
    let rows = plan.split(separator: "\n")
    #expect(rows.first == "exchange,type,length,step,donor_id,recipient_id,weight,success_probability")
    if Self.field(s, "plan_found") == "true" {
      #expect(rows.count - 1 == Int(Self.field(s, "transplants") ?? "") ?? -1, "one row per transplant")
    }
    // Whole files only: no temporary file left beside them.
    let files = try FileManager.default.contentsOfDirectory(atPath: w.url.path).sorted()
    #expect(files == ["plan.csv", "pool.edges.csv", "pool.pairs.csv", "summary.json"], "\(files)")
  }
}
