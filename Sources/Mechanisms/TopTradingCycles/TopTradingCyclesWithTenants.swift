import MatchingCore

/// Top trading cycles with existing tenants: the "you request my house, I get your turn"
/// rule (YRMH-IGYT) of Abdulkadiroglu and Sonmez (1999).
///
/// ```swift
/// // House 0 is agent 0's; house 1 is vacant; newcomer 1 has the higher priority.
/// let market = try TenantHousingMarket(houseCount: 2, residence: [0, nil],
///                                      preferences: [[1, 0], [0, 1]], priority: [1, 0])
/// TopTradingCyclesWithTenants().match(market).assignment   // [1, 0]: both move
/// ```
///
/// Agents are served in priority order. The agent first in line asks for her favourite
/// remaining house. A vacant house is hers. If the house has a tenant still in the
/// market, the tenant goes to the front of the line (she asked first: "you request my
/// house, I get your turn"). When a request reaches an agent already waiting, the waiting
/// agents from her to the requester form a cycle, and each gets the house she asked for.
/// When a vacant house is reached, everyone waiting gets the house she asked for, because
/// each one's request is the house of the next. A tenant who leaves frees her house, which
/// becomes vacant. A newcomer with no acceptable house left leaves unassigned.
///
/// Equivalently (Abdulkadiroglu and Sonmez 1999), it is top trading cycles in which each vacant house points
/// to the highest-priority agent remaining and each occupied house to its tenant.
///
/// ## Guarantees
/// - **Individually rational for tenants** (no tenant gets a house she likes less than her
///   own), **Pareto efficient** and **strategy-proof** (Abdulkadiroglu and Sonmez 1999).
/// - When every agent is a tenant and no house is vacant, it is Shapley-Scarf TTC; when
///   nobody is a tenant, it is serial dictatorship in the priority order.
///
/// - Complexity: O(*n* + *h* + *E*) for *n* agents, *h* houses and total list length *E*:
///   each agent joins the line once, and her pointer into her list only moves forward.
public struct TopTradingCyclesWithTenants: MatchingMechanism {
  public init() {}
  public var name: String { "ttc-tenants" }

  /// Runs YRMH-IGYT.
  ///
  /// - Returns: each agent's house (an index into the market's houses), or unassigned.
  public func match(_ market: TenantHousingMarket) -> Matching {
    let n = market.agentCount
    var pointer = [Int32](repeating: 0, count: n)
    var waiting = [Bool](repeating: false, count: n)
    var gone = [Bool](repeating: false, count: n)
    var taken = [Bool](repeating: false, count: market.houseCount)
    var request = [Int32](repeating: -1, count: n)
    var line: [Int32] = []
    line.reserveCapacity(n)
    var assignment = [Int32](repeating: unassigned, count: n)
    var next = 0

    /// Her best house not yet taken, or -1.
    func best(_ a: Int) -> Int {
      let base = Int(market.listStart[a])
      let length = Int(market.listLength[a])
      var k = Int(pointer[a])
      while k < length && taken[Int(market.houses[base + k])] { k += 1 }
      pointer[a] = Int32(k)
      return k < length ? Int(market.houses[base + k]) : -1
    }
    /// Everyone in line from the top down to (and including) `stop` gets her request.
    func settle(downTo stop: Int) {
      while let last = line.last {
        let a = Int(last)
        line.removeLast()
        let h = Int(request[a])
        assignment[a] = Int32(h)
        taken[h] = true
        waiting[a] = false
        gone[a] = true
        if a == stop { break }
      }
    }

    while true {
      if line.isEmpty {
        while next < n && gone[Int(market.priority[next])] { next += 1 }
        if next == n { break }
        let a = Int(market.priority[next])
        line.append(Int32(a))
        waiting[a] = true
      }
      let a = Int(line.last!)
      let h = best(a)
      if h < 0 {  // a newcomer with nothing acceptable left (a tenant always has her house)
        line.removeLast()
        waiting[a] = false
        gone[a] = true
        continue
      }
      request[a] = Int32(h)
      let t = Int(market.tenant[h])
      if t < 0 || gone[t] {
        settle(downTo: Int(line.first!))  // a vacant house: the whole line is served
      } else if waiting[t] {
        settle(downTo: t)  // a cycle from t to a (t == a: she keeps her own house)
      } else {
        line.append(Int32(t))
        waiting[t] = true
      }
    }
    #if MATCHING_INTERNAL_CHECKS
    for a in 0..<n where market.residence[a] >= 0 {
      precondition(assignment[a] >= 0, "a tenant must keep a house")
      let got = market.position(of: Int(assignment[a]), in: a)!
      let own = market.position(of: Int(market.residence[a]), in: a)!
      precondition(got <= own, "YRMH-IGYT must be individually rational for tenants")
    }
    #endif
    return Matching(assignment: assignment)
  }
}
