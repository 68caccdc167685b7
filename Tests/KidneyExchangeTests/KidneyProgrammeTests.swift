import KidneyExchange
import MatchingCore
import Testing

/// Simulation invariants of a kidney-exchange programme over time, checked against the run's
/// own record: no pair transplanted twice, every transplant on an arc that exists and did
/// not fail, donors give once, nobody is transplanted before arriving or after leaving, and
/// arrivals = transplanted + departed + remaining.
struct KidneyProgrammeTests {
  static let programmes: [KidneyProgramme] = [
    KidneyProgramme(model: .saidman, arrivalsPerWeek: 5, altruistsPerWeek: 0.3, weeks: 26, matchEveryDays: 7,
                    arcFailure: 0.2, departureRatePerWeek: 0.02),
    KidneyProgramme(model: .heterogeneous, arrivalsPerWeek: 4, altruistsPerWeek: 0.5, weeks: 20, matchEveryDays: 14,
                    maxCycle: 2, maxChain: 4, arcFailure: 0.3, departureRatePerWeek: 0.05),
    KidneyProgramme(model: .sparse, arrivalsPerWeek: 6, altruistsPerWeek: 0.5, weeks: 16, matchEveryDays: 30,
                    arcFailure: 0, departureRatePerWeek: 0.1),
  ]

  @Test(arguments: 0..<3)
  func invariantsHoldOnEveryRun(programmeIndex: Int) throws {
    let programme = Self.programmes[programmeIndex]
    for index in 0..<3 {
      let run = try programme.run(seed: 7, index: index)
      let pool = run.pool
      let n = pool.pairCount
      #expect(run.arrivals == n, "every drawn pair arrives within the horizon")
      var recipients = Set<Int>(), donors = Set<Int>()
      for t in run.transplants {
        #expect(recipients.insert(t.recipient).inserted, "pair \(t.recipient) transplanted twice")
        #expect(donors.insert(t.donorVertex).inserted, "donor \(t.donorVertex) gave twice")
        // The arc exists, goes from this donor to this recipient, and did not fail.
        #expect(t.arc >= pool.arcStart[t.donorVertex] && t.arc < pool.arcStart[t.donorVertex + 1])
        #expect(Int(pool.arcRecipient[t.arc]) == t.recipient)
        #expect(!run.arcFails[t.arc], "transplant on a failed arc")
        #expect(run.arrivalDay[t.recipient] <= t.day)
        if t.donorVertex < n {
          #expect(run.arrivalDay[t.donorVertex] <= t.day)
          // A pair's donor gives only once her own patient has received (the same day in a
          // cycle or chain, earlier for a bridge donor).
          let own = run.transplants.first { $0.recipient == t.donorVertex }
          #expect(own.map { $0.day <= t.day } ?? false, "donor of pair \(t.donorVertex) gave without her patient being transplanted")
        } else {
          #expect(run.altruistArrivalDay[t.donorVertex - n] <= t.day)
        }
      }
      var departed = Set<Int>()
      for d in run.departures {
        #expect(departed.insert(d.pair).inserted)
        #expect(!recipients.contains(d.pair), "a transplanted pair cannot depart")
      }
      for t in run.transplants { #expect(!departed.contains(t.recipient)) }
      // Conservation, with the remaining pairs counted directly.
      let remaining = (0..<n).filter { !recipients.contains($0) && !departed.contains($0) }.count
      #expect(run.arrivals == recipients.count + departed.count + remaining)
      #expect(run.remaining == remaining)
      #expect(run.weeks.count == programme.weeks)
      #expect(run.weeks.reduce(0) { $0 + $1.arrivals } == run.arrivals)
      #expect(run.weeks.reduce(0) { $0 + $1.transplants } == run.transplants.count)
      #expect(run.weeks.reduce(0) { $0 + $1.departures } == run.departures.count)
      #expect(run.weeks.last!.poolSize == remaining)
      #expect(run.transplants.count > 0, "a programme of this size transplants someone")
      if programme.arcFailure > 0 { #expect(run.failedTests > 0) }
    }
  }

  /// Match runs on days with nobody (or no arc) waiting must not skip the week's record.
  @Test func emptyMatchRunsKeepEveryWeek() throws {
    let p = KidneyProgramme(model: .sparse, arrivalsPerWeek: 0.5, weeks: 30, matchEveryDays: 1, departureRatePerWeek: 0.5)
    for index in 0..<3 {
      let run = try p.run(seed: 2, index: index)
      #expect(run.weeks.count == 30)
      #expect(run.weeks.reduce(0) { $0 + $1.arrivals } == run.arrivals)
      #expect(run.matchRuns == 210)
    }
  }

  @Test func aRunDependsOnlyOnSeedAndIndex() throws {
    let p = Self.programmes[0]
    #expect(try p.run(seed: 3, index: 1) == p.run(seed: 3, index: 1))
    #expect(try p.run(seed: 3, index: 1) != p.run(seed: 3, index: 2))
  }

  @Test func noFailuresAndNoDeparturesLeaveOnlyTransplantedAndWaiting() throws {
    let p = KidneyProgramme(model: .saidman, arrivalsPerWeek: 5, weeks: 12, matchEveryDays: 7)
    let run = try p.run(seed: 5, index: 0)
    #expect(run.departures.isEmpty && run.failedTests == 0)
    #expect(run.arrivals == run.transplants.count + run.remaining)
  }
}
