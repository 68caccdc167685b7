import KidneyExchange
import MatchingCore
import Mechanisms
import Testing

/// TTCC's guarantees on seeded random pools: individually rational, every donation on an
/// arc of the pool, every kidney given once, chains shaped as documented; with no waiting
/// list it is exactly Gale's top trading cycles (the housing-market mechanism of this
/// package, run on the same rankings).
struct TTCCPropertyTests {
  static let seeds: [UInt64] = Array(1...12)

  static func pool(_ seed: UInt64, model: KidneyPoolModel) -> KidneyPool {
    var rng = SeededGenerator(seed: seed, stream: 11)
    return model.generate(pairs: 60, altruists: 0, weights: .random, using: &rng)
  }

  @Test(arguments: seeds)
  func outcomeIsIndividuallyRationalAndOnArcs(seed: UInt64) {
    for model in KidneyPoolModel.allCases {
      let pool = Self.pool(seed, model: model)
      for waitlist in TTCCMarket.WaitlistOption.allCases {
        let market = TTCCMarket(pool: pool, waitlist: waitlist)
        for rule in TopTradingCyclesAndChains.ChainRule.allCases {
          let o = TopTradingCyclesAndChains(chainRule: rule).match(market)
          var given = Set<Int>()
          for (i, a) in o.assignments.enumerated() {
            switch a {
            case .kidney(let j):
              #expect(pool.arc(from: .pair(j), to: i) != nil, "\(model) \(rule): k\(j) -> t\(i) is no arc")
              #expect(given.insert(j).inserted, "kidney \(j) given twice")
            case .waitlist:
              #expect(market.acceptsWaitlist(i), "t\(i) sent to w without ranking it")
            case .ownDonor:
              break
            }
          }
          // Each chain: c[k] receives c[k + 1]'s kidney, the last receives w; c[0]'s donor
          // gives nothing to a pair.
          var inExchange = Set<Int>()
          for c in o.chains {
            for k in c.indices {
              #expect(o.assignments[c[k]] == (k + 1 < c.count ? .kidney(c[k + 1]) : .waitlist))
              #expect(inExchange.insert(c[k]).inserted)
            }
            #expect(!given.contains(c[0]))
          }
          for c in o.cycles {
            for k in c.indices {
              #expect(o.assignments[c[k]] == .kidney(c[(k + 1) % c.count]))
              #expect(inExchange.insert(c[k]).inserted)
            }
          }
          #expect(o.transplants + o.waitlistCount == inExchange.count)
          if waitlist == .none { #expect(o.chains.isEmpty && o.waitlistCount == 0) }
          #expect(pool.feasibilityViolation(of: o.cycleExchanges, maxCycle: pool.pairCount, maxChain: 0) == nil)
        }
      }
    }
  }

  @Test(arguments: seeds)
  func withoutTheWaitingListItIsTopTradingCycles(seed: UInt64) throws {
    let pool = Self.pool(seed, model: .saidman)
    let market = TTCCMarket(pool: pool, waitlist: .none)
    let o = TopTradingCyclesAndChains().match(market)
    let prefs: [[Int]] = market.preferences.map { $0.compactMap { if case .kidney(let j) = $0 { j } else { nil } } }
    let housing = try HousingMarket(endowments: Array(0..<pool.pairCount), preferences: prefs)
    let ttc = TopTradingCycles().match(housing)
    for i in 0..<pool.pairCount {
      let house = Int(ttc.assignment[i])
      let expected: TTCCOutcome.Assignment = house == i ? .ownDonor : .kidney(house)
      #expect(o.assignments[i] == expected, "pair \(i)")
    }
  }

  /// Efficiency, in the sense RSÜ prove for rules b–e: no patient who is left with her own
  /// donor can trade in a cycle among such patients (any such cycle would Pareto-improve).
  @Test(arguments: seeds)
  func leftoverPatientsHaveNoCycleAmongThem(seed: UInt64) {
    let pool = Self.pool(seed, model: .heterogeneous)
    // Even pairs accept the waiting list, odd ones do not (so some are left with their own).
    let all = TTCCMarket(pool: pool, waitlist: .all)
    let market = TTCCMarket(preferences: all.preferences.enumerated().map { i, list in
      i % 2 == 0 ? list : list.filter { $0 != .waitlist }
    })
    var leftovers = 0
    for rule in TopTradingCyclesAndChains.ChainRule.allCases {
      let o = TopTradingCyclesAndChains(chainRule: rule).match(market)
      let left = Set(o.assignments.indices.filter { o.assignments[$0] == .ownDonor })
      // Depth-first search for a cycle in the pool restricted to `left`.
      var state = [UInt8](repeating: 0, count: pool.pairCount)
      func hasCycle(_ v: Int) -> Bool {
        state[v] = 1
        for k in pool.arcStart[v]..<pool.arcStart[v + 1] {
          let w = Int(pool.arcRecipient[k])
          guard left.contains(w) else { continue }
          if state[w] == 1 || (state[w] == 0 && hasCycle(w)) { return true }
        }
        state[v] = 2
        return false
      }
      #expect(!left.contains { state[$0] == 0 && hasCycle($0) }, "\(rule): leftover patients could trade")
      leftovers += left.count
    }
    #expect(leftovers > 0, "the test needs patients left with their own donor")
  }
}
