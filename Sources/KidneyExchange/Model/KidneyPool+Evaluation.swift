extension KidneyPool {
  /// The value of `criterion` for one exchange (which must use arcs of the pool).
  ///
  /// ```swift
  /// pool.value(of: .transplants, for: exchange)   // exchange.pairs.count
  /// ```
  ///
  /// - Complexity: O(*k* log *d*) for an exchange of *k* pairs and donors' out-degree *d*.
  public func value(of criterion: KidneyCriterion, for exchange: KidneyPlan.Exchange) -> Double {
    let donations = exchange.donations
    switch criterion {
    case .transplants:
      return Double(exchange.pairs.count)
    case .weight:
      return donations.reduce(0.0) { $0 + (arc(from: $1.donor, to: $1.recipient).map { arcWeight[$0] } ?? .nan) }
    case .twoWayExchanges:
      return exchange.isCycle && exchange.pairs.count == 2 ? 1 : 0
    case .backArcs:
      guard exchange.isCycle && exchange.pairs.count == 3 else { return 0 }
      return Double(donations.filter { arc(from: .pair($0.recipient), to: vertex(of: $0.donor)) != nil }.count)
    case .expectedTransplants:
      var product = 1.0
      var total = 0.0
      for d in donations {
        product *= arc(from: d.donor, to: d.recipient).map { arcProbability[$0] } ?? .nan
        total += product
      }
      return exchange.isCycle ? Double(exchange.pairs.count) * product : total
    }
  }

  /// The value of `criterion` for a whole plan.
  public func value(of criterion: KidneyCriterion, for plan: KidneyPlan) -> Double {
    plan.exchanges.reduce(0.0) { $0 + value(of: criterion, for: $1) }
  }

  /// Why `exchanges` is not a feasible plan under caps `maxCycle` and `maxChain`, or `nil`
  /// when it is: every donation is an arc of the pool, each pair gives and receives at most
  /// once, each altruist gives at most once, cycles have 2...`maxCycle` pairs and chains
  /// 1...`maxChain` transplants.
  ///
  /// ```swift
  /// pool.feasibilityViolation(of: plan.exchanges, maxCycle: 3, maxChain: 3)   // nil
  /// ```
  public func feasibilityViolation(of exchanges: [KidneyPlan.Exchange], maxCycle: Int, maxChain: Int) -> String? {
    var receives = [Bool](repeating: false, count: pairCount)
    var gives = [Bool](repeating: false, count: pairCount)
    var altruistGives = [Bool](repeating: false, count: altruistCount)
    for (n, e) in exchanges.enumerated() {
      switch e.kind {
      case .cycle:
        if e.pairs.count < 2 || e.pairs.count > maxCycle { return "exchange \(n): cycle of \(e.pairs.count) pairs (cap \(maxCycle))" }
      case .chain(let a):
        if a < 0 || a >= altruistCount { return "exchange \(n): altruist \(a) does not exist" }
        if e.pairs.isEmpty || e.pairs.count > maxChain { return "exchange \(n): chain of \(e.pairs.count) transplants (cap \(maxChain))" }
        if altruistGives[a] { return "exchange \(n): altruist \(altruists[a].id) gives twice" }
        altruistGives[a] = true
      }
      for p in e.pairs where p < 0 || p >= pairCount { return "exchange \(n): pair \(p) does not exist" }
      for d in e.donations {
        guard arc(from: d.donor, to: d.recipient) != nil else { return "exchange \(n): no arc \(d.donor) -> \(d.recipient)" }
        if receives[d.recipient] { return "exchange \(n): pair \(pairs[d.recipient].id) receives twice" }
        receives[d.recipient] = true
        if case .pair(let g) = d.donor {
          if gives[g] { return "exchange \(n): pair \(pairs[g].id) gives twice" }
          gives[g] = true
        }
      }
    }
    return nil
  }
}
