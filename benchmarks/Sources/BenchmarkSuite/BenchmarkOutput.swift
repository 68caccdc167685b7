import Foundation
import KidneyExchange
import MatchingIO
import Simulation

extension BenchmarkReport {
  /// The report as JSON (fixed key order and number formats).
  public func json() -> String {
    func mb(_ b: Int?) -> String { b.map { Fixed.decimal(Double($0) / 1_048_576, places: 1) } ?? "null" }
    var out = "{\n  \"machine\": {\n"
    out += "    \"cpu\": \(Fixed.jsonString(machine.cpu)),\n"
    out += "    \"cores\": \(machine.cores),\n"
    out += "    \"memory_gb\": \(Fixed.decimal(machine.memoryGB, places: 1)),\n"
    out += "    \"os\": \(Fixed.jsonString(machine.os)),\n"
    out += "    \"swift\": \(Fixed.jsonString(machine.swift))\n  },\n"
    out += "  \"repetitions\": \(configuration.repetitions),\n"
    out += "  \"seed\": \(configuration.seed),\n"
    out += "  \"passed\": \(passed),\n"
    out += "  \"mechanisms\": [\n"
    for (i, r) in records.enumerated() {
      out += "    {\"family\": \(Fixed.jsonString(r.familyName)), \"mechanism\": \(Fixed.jsonString(r.mechanism)), \"students\": \(r.students), \"schools\": \(r.schools), \"applications\": \(r.applications), "
      out += "\"repetitions\": \(r.repetitions), \"min_seconds\": \(Fixed.decimal(r.minSeconds, places: 6)), \"median_seconds\": \(Fixed.decimal(r.medianSeconds, places: 6)), "
      out += "\"work_unit\": \(Fixed.jsonString(r.workUnit)), \"work\": \(r.work), \"per_second\": \(Fixed.decimal(r.rate, places: 0)), "
      out += "\"peak_memory_mb\": \(mb(r.peakBytes)), \"check\": \(Fixed.jsonString(r.check)), \"passed\": \(r.passed)"
      if let f = r.failure { out += ", \"failure\": \(Fixed.jsonString(f))" }
      out += "}\(i + 1 < records.count ? "," : "")\n"
    }
    out += "  ]"
    if let s = simulation {
      out += ",\n  \"simulation\": {\"runs\": \(s.runs), \"students\": \(s.students), \"schools\": \(s.schools), "
      out += "\"mechanisms\": [\(s.mechanisms.map(Fixed.jsonString).joined(separator: ", "))], "
      out += "\"one_thread_seconds\": \(Fixed.decimal(s.oneThreadSeconds, places: 3)), \"two_thread_seconds\": \(Fixed.decimal(s.twoThreadSeconds, places: 3)), "
      out += "\"speedup\": \(Fixed.decimal(s.speedup, places: 3)), \"passed\": \(s.passed)"
      if let f = s.failure { out += ", \"failure\": \(Fixed.jsonString(f))" }
      out += "}"
    }
    if !kidney.isEmpty {
      out += ",\n  \"kidney\": [\n"
      for (i, k) in kidney.enumerated() {
        out += "    {\"pairs\": \(k.pairs), \"altruists\": \(k.altruists), \"arcs\": \(k.arcs), \"max_cycle\": \(k.maxCycle), \"max_chain\": \(k.maxChain), \"seed\": \(k.seed), "
        out += "\"generation_seconds\": \(Fixed.decimal(k.generationSeconds, places: 6)), \"seconds\": \(Fixed.decimal(k.seconds, places: 6)), "
        out += "\"optimum\": \(KidneyPlanWriter.number(k.optimum)), \"bound\": \(KidneyPlanWriter.number(k.bound)), \"status\": \(Fixed.jsonString(k.status)), "
        out += "\"cycles_generated\": \(k.cyclesGenerated), \"chain_columns_generated\": \(k.chainColumnsGenerated), \"pricing_rounds\": \(k.pricingRounds), "
        out += "\"peak_memory_mb\": \(mb(k.peakBytes)), \"check\": \(Fixed.jsonString(k.check)), \"passed\": \(k.passed)"
        if let f = k.failure { out += ", \"failure\": \(Fixed.jsonString(f))" }
        out += "}\(i + 1 < kidney.count ? "," : "")\n"
      }
      out += "  ]"
    }
    if !extras.isEmpty {
      out += ",\n  \"other\": [\n"
      for (i, e) in extras.enumerated() {
        out += "    {\"name\": \(Fixed.jsonString(e.name)), \"result\": \(Fixed.jsonString(e.line)), \"passed\": \(e.passed)}\(i + 1 < extras.count ? "," : "")\n"
      }
      out += "  ]"
    }
    if !notes.isEmpty {
      out += ",\n  \"notes\": [\(notes.map(Fixed.jsonString).joined(separator: ", "))]"
    }
    out += "\n}\n"
    return out
  }

  /// The report as a Markdown table (for benchmarks/README.md).
  public func markdown() -> String {
    var out = "Machine: \(machine.summary). Seed \(configuration.seed); \(configuration.repetitions) timed repetitions per row (min and median).\n\n"
    out += "| mechanism | students | schools | applications | min (s) | median (s) | throughput | peak RSS | check |\n"
    out += "|---|---:|---:|---:|---:|---:|---:|---:|---|\n"
    for r in records {
      let mb = r.peakBytes.map { Fixed.decimal(Double($0) / 1_048_576, places: 0) + " MB" } ?? "n/a"
      let rate = Fixed.decimal(r.rate / 1e6, places: 1) + "M " + r.workUnit + "/s"
      out += "| \(r.family.map { "\(r.mechanism) [\($0)]" } ?? r.mechanism) | \(Fixed.grouped(r.students)) | \(Fixed.grouped(r.schools)) | \(Fixed.grouped(r.applications)) | \(Fixed.decimal(r.minSeconds, places: 4)) | \(Fixed.decimal(r.medianSeconds, places: 4)) | \(rate) | \(mb) | \(r.passed ? "ok" : "**FAILED**: " + r.failure!) (\(r.check)) |\n"
    }
    if let s = simulation {
      out += "\nSimulation speed: \(s.runs) runs of \(Fixed.grouped(s.students)) students x \(s.schools) schools under \(s.mechanisms.joined(separator: ", ")) (market generation, three mechanisms, metrics; minimum of \(min(3, configuration.repetitions)) alternating trials each): "
      out += "1 thread \(Fixed.decimal(s.oneThreadSeconds, places: 2)) s, 2 threads \(Fixed.decimal(s.twoThreadSeconds, places: 2)) s, speedup \(Fixed.decimal(s.speedup, places: 2))x"
      out += s.passed ? " (identical results on 1 and 2 threads; DA stable in every run).\n" : " **FAILED**: \(s.failure!).\n"
    }
    if !kidney.isEmpty {
      out += "\nKidney exchange (Saidman pools of `matchmarket generate kidney --pairs N --seed \(configuration.seed)`, 5% altruists, unit weights; one timed solve per row; check: \(kidneyCheckDescription); corrupted plans rejected):\n\n"
      out += "| pairs | altruists | arcs | K | L | seed | cycles generated | chain columns | optimum | bound | status | solve s | peak RSS | check |\n"
      out += "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|\n"
      for k in kidney {
        let mb = k.peakBytes.map { Fixed.decimal(Double($0) / 1_048_576, places: 0) + " MB" } ?? "n/a"
        out += "| \(k.pairs) | \(k.altruists) | \(k.arcs) | \(k.maxCycle) | \(k.maxChain) | \(k.seed) | \(k.cyclesGenerated) | \(k.chainColumnsGenerated) | "
        out += "\(KidneyPlanWriter.number(k.optimum)) | \(KidneyPlanWriter.number(k.bound)) | \(k.status) | \(Fixed.decimal(k.seconds, places: 2)) | \(mb) | \(k.passed ? "ok" : "**FAILED**: " + k.failure!) |\n"
      }
    }
    for e in extras { out += "\n\(e.name): \(e.line)\n" }
    for n in notes { out += "\nNote: \(n)\n" }
    return out
  }
}

/// The command-line front of the suite, shared by `matchmarket bench` and `matchmarket-bench`.
public enum BenchmarkCLI {
  /// Runs the suite, prints the Markdown table, writes the files asked for, and returns the
  /// exit status: 0 when every check passed, 1 when one failed (a fast wrong answer fails).
  public static func run(
    _ configuration: BenchmarkConfiguration, outputJSON: String?, outputMarkdown: String?
  ) -> Int32 {
    let report = runBenchmarkSuite(configuration) { line in
      print(line)
      fflush(nil)
    }
    print("")
    print(report.markdown(), terminator: "")
    do {
      if let outputJSON { try AtomicOutput.write(report.json(), to: outputJSON) }
      if let outputMarkdown { try AtomicOutput.write(report.markdown(), to: outputMarkdown) }
    } catch {
      FileHandle.standardError.write(Data("error: \(error)\n".utf8))
      return 74
    }
    if !report.passed {
      FileHandle.standardError.write(Data("error: a benchmark's result failed its check\n".utf8))
      return 1
    }
    return 0
  }

  /// Parses `10k,100k,1M` or `10000,100000`.
  public static func parseSizes(_ text: String) -> [Int]? {
    var out: [Int] = []
    for part in text.split(separator: ",") {
      var s = part.lowercased()
      var factor = 1
      if s.hasSuffix("k") {
        factor = 1_000
        s.removeLast()
      } else if s.hasSuffix("m") {
        factor = 1_000_000
        s.removeLast()
      }
      // Bounded before multiplying, so a huge number cannot overflow.
      guard let v = Int(s), v >= 1, v <= 20_000_000 / factor else { return nil }
      out.append(v * factor)
    }
    return out.isEmpty ? nil : out
  }
}
