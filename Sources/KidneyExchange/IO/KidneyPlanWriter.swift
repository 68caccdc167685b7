import MatchingIO

/// Writes a plan as CSV, a JSON summary, or a Graphviz drawing.
///
/// ```swift
/// try KidneyPlanWriter.writeCSV(plan, pool: pool, to: "plan.csv")
/// ```
///
/// Files are written atomically (``AtomicFile``). The CSV has one row per donation:
/// `exchange,type,length,step,donor_id,recipient_id,weight,success_probability`, exchanges
/// numbered from 1 (cycles first, then chains), steps in donation order; the same pool and
/// options always give the same bytes.
public enum KidneyPlanWriter {
  public static func csv(_ plan: KidneyPlan, pool: KidneyPool) -> OutputBuffer {
    var out = OutputBuffer()
    out.append("exchange,type,length,step,donor_id,recipient_id,weight,success_probability\n")
    for (n, e) in plan.exchanges.enumerated() {
      for (s, d) in e.donations.enumerated() {
        let arc = pool.arc(from: d.donor, to: d.recipient)!
        let donorID: String
        switch d.donor {
        case .pair(let p): donorID = pool.pairs[p].id
        case .altruist(let a): donorID = pool.altruists[a].id
        }
        out.append(n + 1)
        out.append(e.isCycle ? ",cycle," : ",chain,")
        out.append(e.pairs.count)
        out.append(",")
        out.append(s + 1)
        out.append(",")
        out.appendField(donorID)
        out.append(",")
        out.appendField(pool.pairs[d.recipient].id)
        out.append(",\(number(pool.arcWeight[arc])),\(number(pool.arcProbability[arc]))\n")
      }
    }
    return out
  }

  public static func writeCSV(_ plan: KidneyPlan, pool: KidneyPool, to path: String) throws {
    try AtomicFile.write(bytes: csv(plan, pool: pool).bytes, to: path)
  }

  /// A number as JSON/CSV text: integers without a decimal point, others with up to 10
  /// significant decimals.
  public static func number(_ x: Double) -> String {
    if !x.isFinite { return x.isNaN ? "null" : (x > 0 ? "1e308" : "-1e308") }
    if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
    var s = String(x)
    if s.contains("e") { return s }
    if let dot = s.firstIndex(of: "."), s.distance(from: dot, to: s.endIndex) > 11 {
      let r = (x * 1e10).rounded() / 1e10
      s = String(r)
    }
    return s
  }

  /// The JSON summary: transplants, status, bound and what proves it (`bound_kind`:
  /// `lp_relaxation`, `lagrangian` or `trivial`), whether a plan was found, objective, gap, seconds, cycle counts by
  /// length, chains, per-level results and solver counters.
  public static func summary(
    _ plan: KidneyPlan, pool: KidneyPool, maxCycle: Int, maxChain: Int, objective: KidneyObjective
  ) -> String {
    let q = TextEscaping.jsonString
    let counts = plan.cycleCounts
    var byLength: [String] = []
    for k in 2..<max(2, counts.count) where counts[k] > 0 { byLength.append("\(q(String(k))): \(counts[k])") }
    var chainLengths: [Int: Int] = [:]
    for e in plan.exchanges where !e.isCycle { chainLengths[e.pairs.count, default: 0] += 1 }
    let chainByLength = chainLengths.keys.sorted().map { "\(q(String($0))): \(chainLengths[$0]!)" }
    let levels = plan.levels.map {
      "{\"criterion\": \(q($0.criterion.rawValue)), \"value\": \(number($0.value)), \"bound\": \(number($0.bound)), \"bound_kind\": \(q($0.boundKind.rawValue)), \"lp_bound\": \($0.lpBound.map { number(($0 * 1e6).rounded(.up) / 1e6) } ?? "null"), \"proven\": \($0.proven)}"
    }
    let s = plan.statistics
    var lines = [
      "\"status\": \(q(plan.status.description))",
      "\"objective_name\": \(q(objective.description))",
      "\"objective\": \(number(plan.objective))",
      "\"bound\": \(number(plan.bound))",
      "\"bound_kind\": \(q(plan.boundKind.rawValue))",
      "\"plan_found\": \(plan.planFound)",
      "\"gap\": \(number(plan.status.gap))",
      "\"transplants\": \(plan.transplants)",
      "\"total_weight\": \(number(pool.value(of: .weight, for: plan)))",
      "\"expected_transplants\": \(number(pool.value(of: .expectedTransplants, for: plan)))",
      "\"cycles\": {\(byLength.joined(separator: ", "))}",
      "\"chains\": \(plan.chainCount)",
      "\"chains_by_length\": {\(chainByLength.joined(separator: ", "))}",
      "\"levels\": [\(levels.joined(separator: ", "))]",
      "\"max_cycle\": \(maxCycle)",
      "\"max_chain\": \(maxChain)",
      "\"pairs\": \(pool.pairCount)",
      "\"altruists\": \(pool.altruistCount)",
      "\"arcs\": \(pool.arcCount)",
      "\"cycles_generated\": \(s.cyclesGenerated)",
      "\"chain_columns_generated\": \(s.chainColumnsGenerated)",
      "\"reduced_cost_fixing_columns\": \(s.fixingColumns)",
      "\"pricing_rounds\": \(s.pricingRounds)",
      "\"pairs_in_cycle_components\": \(s.pairsInCycleComponents)",
      "\"lp_seconds\": \(number((s.lpSeconds * 1000).rounded() / 1000))",
      "\"ip_seconds\": \(number((s.ipSeconds * 1000).rounded() / 1000))",
      "\"seconds\": \(number((plan.seconds * 1000).rounded() / 1000))",
    ]
    if let note = plan.note { lines.append("\"note\": \(q(note))") }
    return "{\n  " + lines.joined(separator: ",\n  ") + "\n}\n"
  }

  /// A Graphviz digraph of the pool: pairs as ellipses, altruists as boxes, every arc in grey,
  /// the plan's donations in colour (one colour per exchange) and bold.
  public static func dot(_ plan: KidneyPlan, pool: KidneyPool) -> String {
    let palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4"]
    let q = TextEscaping.jsonString  // DOT quotes strings as JSON does: \" and \\ escaped
    var chosen: [Int: [Int32: Int]] = [:]  // donor vertex -> recipient -> exchange
    var inPlan = Set<Int>()
    for (n, e) in plan.exchanges.enumerated() {
      for d in e.donations {
        chosen[pool.vertex(of: d.donor), default: [:]][Int32(d.recipient)] = n
        inPlan.insert(pool.vertex(of: d.donor))
        inPlan.insert(d.recipient)
      }
    }
    var out = "digraph kidney_exchange {\n  node [shape=ellipse, fontsize=10];\n  edge [color=\"#cccccc\", arrowsize=0.5];\n"
    for (i, p) in pool.pairs.enumerated() {
      out += "  \(q("p:" + p.id)) [label=\(q(p.id))\(inPlan.contains(i) ? ", style=filled, fillcolor=\"#eeeeee\"" : "")];\n"
    }
    for (k, alt) in pool.altruists.enumerated() {
      out += "  \(q("a:" + alt.id)) [label=\(q(alt.id)), shape=box\(inPlan.contains(pool.pairCount + k) ? ", style=filled, fillcolor=\"#eeeeee\"" : "")];\n"
    }
    for v in 0..<(pool.pairCount + pool.altruistCount) {
      let from = v < pool.pairCount ? "p:" + pool.pairs[v].id : "a:" + pool.altruists[v - pool.pairCount].id
      for e in pool.arcStart[v]..<pool.arcStart[v + 1] {
        let r = pool.arcRecipient[e]
        let to = "p:" + pool.pairs[Int(r)].id
        if let n = chosen[v]?[r] {
          out += "  \(q(from)) -> \(q(to)) [color=\(q(palette[n % palette.count])), penwidth=2.5, label=\(q(String(n + 1)))];\n"
        } else {
          out += "  \(q(from)) -> \(q(to));\n"
        }
      }
    }
    return out + "}\n"
  }
}

