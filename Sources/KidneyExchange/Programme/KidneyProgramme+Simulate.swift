extension KidneyProgramme {
  /// The day-by-day simulation of ``run(seed:index:)`` on drawn arrivals, departures and
  /// arc failures.
  func simulate(pool: KidneyPool, pairDay: [Int], altruistDay: [Int], departDay: [Int], fails: [Bool]) throws -> KidneyProgrammeRun {
    let n = pool.pairCount
    let days = weeks * 7
    var received = [Bool](repeating: false, count: n)
    var departed = [Bool](repeating: false, count: n)
    var donorUsed = [Bool](repeating: false, count: n + pool.altruistCount)
    var isBridge = [Bool](repeating: false, count: n)
    var knownFailed = [Bool](repeating: false, count: pool.arcCount)
    var transplants: [KidneyProgrammeRun.Transplant] = []
    var departures: [(pair: Int, day: Int)] = []
    var weekly: [KidneyProgrammeRun.Week] = []
    var failedTests = 0
    var matchRuns = 0
    let optimizer = KidneyExchangeOptimizer(maxCycle: maxCycle, maxChain: maxChain, objective: objective)
    var arrivedPairs = 0
    var arrivedAltruists = 0
    var week = KidneyProgrammeRun.Week()

    for day in 0..<days {
      while arrivedPairs < n && pairDay[arrivedPairs] <= day {
        arrivedPairs += 1
        week.arrivals += 1
      }
      while arrivedAltruists < altruistDay.count && altruistDay[arrivedAltruists] <= day { arrivedAltruists += 1 }
      for i in 0..<arrivedPairs where !received[i] && !departed[i] && departDay[i] <= day {
        departed[i] = true
        departures.append((i, day))
        week.departures += 1
      }
      if (day + 1) % matchEveryDays == 0 {
        try matchRun(day: day)
      }
      if day % 7 == 6 {
        week.poolSize = (0..<arrivedPairs).filter { !received[$0] && !departed[$0] }.count
        weekly.append(week)
        week = KidneyProgrammeRun.Week()
      }
    }

    /// One match run at the end of `day`: plan, test, carry out.
    func matchRun(day: Int) throws {
        matchRuns += 1
        // Waiting pairs, and donors who start chains: altruists and bridge donors (vertices).
        let waiting = (0..<arrivedPairs).filter { !received[$0] && !departed[$0] }
        var starters = (0..<arrivedAltruists).map { n + $0 }.filter { !donorUsed[$0] }
        starters += (0..<arrivedPairs).filter { isBridge[$0] && !donorUsed[$0] }
        starters.sort()
        var local = [Int](repeating: -1, count: n)
        for (k, i) in waiting.enumerated() { local[i] = k }
        var arcs: [KidneyPool.Arc] = []
        var arcIndex: [Int] = []  // full-pool arc of each local arc
        func addArcs(from vertex: Int, as donor: KidneyPool.Donor) {
          for k in pool.arcStart[vertex]..<pool.arcStart[vertex + 1] where !knownFailed[k] {
            let r = local[Int(pool.arcRecipient[k])]
            guard r >= 0 else { continue }
            arcs.append(KidneyPool.Arc(donor: donor, recipient: r, weight: pool.arcWeight[k], successProbability: pool.arcProbability[k]))
            arcIndex.append(k)
          }
        }
        for (k, i) in waiting.enumerated() { addArcs(from: i, as: .pair(k)) }
        for (a, v) in starters.enumerated() { addArcs(from: v, as: .altruist(a)) }
        guard !waiting.isEmpty, !arcs.isEmpty else { return }
        let sub = try KidneyPool(
          pairs: waiting.map { pool.pairs[$0] },
          altruists: starters.map { KidneyPool.Altruist(id: String($0)) }, arcs: arcs)
        // The sub-pool sorts arcs by donor then recipient: map each back through a lookup.
        var fullArc: [Int: Int] = [:]
        for (k, arc) in arcs.enumerated() { fullArc[sub.vertex(of: arc.donor) * (waiting.count + 1) + arc.recipient] = arcIndex[k] }
        func full(_ donor: KidneyPool.Donor, _ recipient: Int) -> Int {
          fullArc[sub.vertex(of: donor) * (waiting.count + 1) + recipient]!
        }
        func vertex(_ donor: KidneyPool.Donor) -> Int {
          switch donor {
          case .pair(let k): waiting[k]
          case .altruist(let a): starters[a]
          }
        }
        let plan = try optimizer.match(sub)
        for exchange in plan.exchanges {
          let donations = exchange.donations
          if exchange.isCycle {
            let failed = donations.filter { fails[full($0.donor, $0.recipient)] }
            if !failed.isEmpty {
              for d in failed { knownFailed[full(d.donor, d.recipient)] = true }
              failedTests += failed.count
              continue
            }
            for d in donations {
              let k = full(d.donor, d.recipient)
              let r = waiting[d.recipient]
              received[r] = true
              donorUsed[vertex(d.donor)] = true
              transplants.append(.init(donorVertex: vertex(d.donor), recipient: r, arc: k, day: day))
              week.transplants += 1
            }
          } else {
            var lastRecipient: Int?
            for d in donations {
              let k = full(d.donor, d.recipient)
              if fails[k] {
                knownFailed[k] = true
                failedTests += 1
                break
              }
              let r = waiting[d.recipient]
              received[r] = true
              donorUsed[vertex(d.donor)] = true
              transplants.append(.init(donorVertex: vertex(d.donor), recipient: r, arc: k, day: day))
              week.transplants += 1
              lastRecipient = r
            }
            if let r = lastRecipient { isBridge[r] = true }
          }
        }
    }
    return KidneyProgrammeRun(
      pool: pool, arrivalDay: pairDay, altruistArrivalDay: altruistDay, arcFails: fails,
      transplants: transplants, departures: departures.map { .init(pair: $0.pair, day: $0.day) },
      weeks: weekly, arrivals: arrivedPairs, failedTests: failedTests, matchRuns: matchRuns)
  }
}
