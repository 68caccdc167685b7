import MatchingCore

/// Why a matching is not a matching of a market, or not individually rational for it.
public enum MatchingViolation: Hashable, Sendable, CustomStringConvertible {
  /// The matching has a different number of agents than the market.
  case wrongAgentCount(expected: Int, found: Int)
  /// An agent holds an option that does not exist.
  case optionOutOfRange(agent: Int, option: Int)
  /// A student holds a school that is not on her list (she prefers being unassigned): a
  /// violation of individual rationality.
  case unacceptable(agent: Int, option: Int)
  /// A school holds more students than it has seats.
  case overCapacity(school: Int, assigned: Int, capacity: Int)
  /// A house is given to two agents.
  case houseTwice(house: Int, agents: [Int])
  /// An agent of a housing market gets a house she likes less than her own: not
  /// individually rational.
  case worseThanEndowment(agent: Int, house: Int?, endowment: Int)

  public var description: String {
    switch self {
    case .wrongAgentCount(let e, let f): "the matching has \(f) agents, the market \(e)"
    case .optionOutOfRange(let a, let o): "agent \(a) holds option \(o), which does not exist"
    case .unacceptable(let a, let o): "agent \(a) holds \(o), which is not on her list"
    case .overCapacity(let s, let n, let c): "school \(s) holds \(n) students for \(c) seats"
    case .houseTwice(let h, let a): "house \(h) is given to agents \(a)"
    case .worseThanEndowment(let a, let h, let e):
      "agent \(a) gets \(h.map(String.init) ?? "nothing"), worse than her own house \(e)"
    }
  }
}

extension SchoolChoiceMarket {
  /// Every way `matching` breaks feasibility (capacities, existing schools) or individual
  /// rationality (each student at a school on her list), in agent order.
  ///
  /// ```swift
  /// market.violations(of: Matching(assignment: [0, 0]))   // [.overCapacity(school: 0, ...)] if one seat
  /// ```
  ///
  /// - Complexity: O(*n* + *m* + *E*).
  public func violations(of matching: Matching) -> [MatchingViolation] {
    guard matching.count == studentCount else {
      return [.wrongAgentCount(expected: studentCount, found: matching.count)]
    }
    var result: [MatchingViolation] = []
    var load = [Int](repeating: 0, count: schoolCount)
    for i in 0..<studentCount {
      guard let s = matching.partner(of: i) else { continue }
      guard s < schoolCount else {
        result.append(.optionOutOfRange(agent: i, option: s))
        continue
      }
      load[s] += 1
      if position(of: s, in: i) == nil { result.append(.unacceptable(agent: i, option: s)) }
    }
    for s in 0..<schoolCount where load[s] > Int(capacities[s]) {
      result.append(.overCapacity(school: s, assigned: load[s], capacity: Int(capacities[s])))
    }
    return result
  }

  /// Whether `matching` is feasible and individually rational: no school over capacity and
  /// every assigned student at a school she listed.
  public func isIndividuallyRational(_ matching: Matching) -> Bool {
    violations(of: matching).isEmpty
  }
}

extension HousingMarket {
  /// Every way `matching` breaks feasibility (each house to at most one agent) or individual
  /// rationality (each agent gets a house at least as good as her own).
  ///
  /// - Complexity: O(*n* + *E*).
  public func violations(of matching: Matching) -> [MatchingViolation] {
    guard matching.count == agentCount else {
      return [.wrongAgentCount(expected: agentCount, found: matching.count)]
    }
    var result: [MatchingViolation] = []
    var holders = [[Int]](repeating: [], count: agentCount)
    for a in 0..<agentCount {
      if let h = matching.partner(of: a) {
        guard h < agentCount else {
          result.append(.optionOutOfRange(agent: a, option: h))
          continue
        }
        holders[h].append(a)
        if position(of: h, in: a) == nil {
          result.append(.worseThanEndowment(agent: a, house: h, endowment: endowment(of: a)))
        }
      } else {
        result.append(.worseThanEndowment(agent: a, house: nil, endowment: endowment(of: a)))
      }
    }
    for h in 0..<agentCount where holders[h].count > 1 {
      result.append(.houseTwice(house: h, agents: holders[h]))
    }
    return result
  }

  /// Whether every agent gets a house at least as good as her own, and no house twice.
  public func isIndividuallyRational(_ matching: Matching) -> Bool {
    violations(of: matching).isEmpty
  }
}
