import MatchingIO

extension TTCCOutcome {
  /// The outcome as CSV, one row per donation, in the columns of ``KidneyPlanWriter``'s
  /// plan: `exchange,type,length,step,donor_id,recipient_id,weight,success_probability`.
  ///
  /// ```swift
  /// TopTradingCyclesAndChains().match(pool, waitlist: .all).csv(pool: pool)
  /// // exchange,type,length,step,donor_id,...   then e.g. 3,w_chain,2,1,waitlist,7,,
  /// ```
  ///
  /// Cycles come first (`type` cycle), then *w*-chains (`w_chain`) in donation order: the
  /// waiting list gives to the last patient (`donor_id` waitlist: her priority), each pair's
  /// donor to the patient before it, and the chain's first donor to the waiting list
  /// (`recipient_id` waitlist). `length` counts the chain's patients; `weight` and
  /// `success_probability` are empty on waiting-list rows.
  public func csv(pool: KidneyPool) -> OutputBuffer {
    var out = OutputBuffer()
    out.append("exchange,type,length,step,donor_id,recipient_id,weight,success_probability\n")
    var number = 0
    func row(_ type: String, _ length: Int, _ step: Int, _ donor: Int?, _ recipient: Int?) {
      out.append(number)
      out.append(",\(type),")
      out.append(length)
      out.append(",")
      out.append(step)
      out.append(",")
      out.appendField(donor.map { pool.pairs[$0].id } ?? "waitlist")
      out.append(",")
      out.appendField(recipient.map { pool.pairs[$0].id } ?? "waitlist")
      if let donor, let recipient, let arc = pool.arc(from: .pair(donor), to: recipient) {
        out.append(",\(KidneyPlanWriter.number(pool.arcWeight[arc])),\(KidneyPlanWriter.number(pool.arcProbability[arc]))\n")
      } else {
        out.append(",,\n")
      }
    }
    for e in cycleExchanges {
      number += 1
      for (s, d) in e.donations.enumerated() {
        guard case .pair(let donor) = d.donor else { continue }
        row("cycle", e.pairs.count, s + 1, donor, d.recipient)
      }
    }
    for c in chains {
      number += 1
      var step = 1
      row("w_chain", c.count, step, nil, c[c.count - 1])
      for k in stride(from: c.count - 1, to: 0, by: -1) {
        step += 1
        row("w_chain", c.count, step, c[k], c[k - 1])
      }
      row("w_chain", c.count, step + 1, c[0], nil)
    }
    return out
  }

  /// A JSON summary: transplants (living donor), waitlist (patients given priority),
  /// cycles by length, w_chains by patients, longest cycle.
  public func summary(pool: KidneyPool, chainRule: TopTradingCyclesAndChains.ChainRule, waitlist: TTCCMarket.WaitlistOption) -> String {
    var cycleLengths: [Int: Int] = [:]
    for c in cycles { cycleLengths[c.count, default: 0] += 1 }
    var chainLengths: [Int: Int] = [:]
    for c in chains { chainLengths[c.count, default: 0] += 1 }
    func dict(_ d: [Int: Int]) -> String {
      "{" + d.keys.sorted().map { "\"\($0)\": \(d[$0]!)" }.joined(separator: ", ") + "}"
    }
    return """
      {
        "mechanism": "ttcc",
        "chain_rule": "\(chainRule.rawValue)",
        "waitlist": "\(waitlist.rawValue)",
        "pairs": \(pool.pairCount),
        "transplants": \(transplants),
        "waitlist_priority": \(waitlistCount),
        "unmatched": \(pool.pairCount - transplants - waitlistCount),
        "cycles": \(dict(cycleLengths)),
        "longest_cycle": \(cycles.map(\.count).max() ?? 0),
        "w_chains": \(dict(chainLengths)),
        "rounds": \(rounds.count)
      }

      """
  }
}
