import MatchingCore

/// The properties of a matching on its market: stability, waste, individual rationality,
/// Pareto efficiency and the rank distribution, with a witness for each failure.
///
/// ```swift
/// let p = market.properties(of: DeferredAcceptance().match(market))
/// p.stable              // true
/// p.paretoEfficient     // often false: DA trades efficiency for stability
/// ```
///
/// In school choice, *stable* means individually rational, free of justified envy (by the
/// schools' weak priority classes: a student envies a seat held by someone of strictly lower
/// class) and non-wasteful. In a housing market it means *in the core*: no coalition can do
/// better by trading its own houses (the housing analogue, Shapley and Scarf 1974).
public struct MatchingProperties: Sendable, Hashable {
  /// Stable (school choice) or in the core (housing).
  public var stable: Bool
  /// Which notion ``stable`` checks: `"no justified envy, no waste"` or `"core"`.
  public var stabilityNotion: String
  /// Pairs (student, school) with justified envy; 0 in a housing market.
  public var justifiedEnvyPairs: Int
  /// Students with justified envy toward at least one school; 0 in a housing market.
  public var studentsWithJustifiedEnvy: Int
  /// Pairs (agent, option) where the agent prefers an option with a free unit.
  public var wastefulPairs: Int
  /// Every assigned agent holds an option she listed (housing: at least as good as her own).
  public var individuallyRational: Bool
  /// No other matching makes an agent better off and nobody worse off.
  public var paretoEfficient: Bool
  /// Agents by the position of their assignment in their list.
  public var rankDistribution: RankDistribution
  /// A blocking pair (school choice) when not stable.
  public var blockingPair: BlockingPair?
  /// A blocking coalition (housing) when not in the core.
  public var blockingCoalition: BlockingCoalition?
  /// A Pareto improvement when not efficient.
  public var paretoImprovement: ImprovingCycle?
  /// What breaks feasibility or individual rationality, if anything.
  public var violations: [MatchingViolation]

  /// No agent prefers an option with a free unit.
  public var nonWasteful: Bool { wastefulPairs == 0 }
}

/// A market whose matchings the audit's property report can check.
public protocol PropertyCheckedMarket: ManipulableMarket {
  /// The properties of `matching` on this market (its reports taken as true preferences).
  func properties(of matching: Matching) -> MatchingProperties
}

extension SchoolChoiceMarket: PropertyCheckedMarket {
  /// - Complexity: O(*n* + *m* + *E*).
  public func properties(of matching: Matching) -> MatchingProperties {
    let stability = stabilityReport(of: matching, standard: .weak, limit: 1)
    let improvement = paretoImprovement(of: matching)
    return MatchingProperties(
      stable: stability.isStable, stabilityNotion: "no justified envy, no waste",
      justifiedEnvyPairs: stability.justifiedEnvyPairCount,
      studentsWithJustifiedEnvy: stability.studentsWithJustifiedEnvy,
      wastefulPairs: stability.wastefulPairCount,
      individuallyRational: stability.violations.isEmpty,
      paretoEfficient: improvement == nil, rankDistribution: rankDistribution(of: matching),
      blockingPair: stability.witnesses.first, blockingCoalition: nil,
      paretoImprovement: improvement, violations: stability.violations)
  }
}

extension HousingMarket: PropertyCheckedMarket {
  /// - Complexity: O(*n* + *E*).
  public func properties(of matching: Matching) -> MatchingProperties {
    let violations = self.violations(of: matching)
    let coalition = violations.isEmpty ? blockingCoalition(against: matching) : nil
    let improvement = paretoImprovement(of: matching)
    // Waste: an agent who lists, above what she holds, a house nobody holds.
    var held = [Bool](repeating: false, count: agentCount)
    if matching.count == agentCount {
      for a in 0..<agentCount { if let h = matching.partner(of: a), h < agentCount { held[h] = true } }
    }
    var waste = 0
    for a in 0..<min(agentCount, matching.count) {
      let current = matching.partner(of: a)
      for e in listRange(of: a) {
        let h = Int(houses[e])
        if h == current { break }
        if !held[h] { waste += 1 }
      }
    }
    return MatchingProperties(
      stable: violations.isEmpty && coalition == nil, stabilityNotion: "core",
      justifiedEnvyPairs: 0, studentsWithJustifiedEnvy: 0, wastefulPairs: waste,
      individuallyRational: violations.isEmpty, paretoEfficient: improvement == nil,
      rankDistribution: rankDistribution(of: matching), blockingPair: nil,
      blockingCoalition: coalition, paretoImprovement: improvement, violations: violations)
  }
}

/// A mechanism's report card on one market: the properties of its outcome and what the
/// manipulation search found.
///
/// ```swift
/// let card = try MechanismPropertyReport(auditing: ImmediateAcceptance(), on: market,
///                                        side: .students, misreports: .exhaustive())
/// card.properties.stable                      // false
/// card.manipulation.manipulableAgents.count   // > 0 when first choices collide
/// ```
public struct MechanismPropertyReport: Sendable {
  /// The mechanism's name.
  public var mechanism: String
  /// Its outcome on the truthful market.
  public var matching: Matching
  /// The outcome's properties.
  public var properties: MatchingProperties
  /// The manipulation search's result.
  public var manipulation: ManipulationReport

  /// Runs `mechanism` on `market`, checks the outcome's properties, and searches for
  /// profitable misreports by the agents on `side`.
  ///
  /// - Parameters:
  ///   - mechanism: the mechanism to audit.
  ///   - market: the truthful market.
  ///   - side: whose reports to change.
  ///   - misreports: the misreport space.
  ///   - agents: whom to audit (`nil`: everyone on `side`).
  ///   - witnessesPerAgent: witnesses to keep per manipulable agent.
  ///   - workers: worker threads (`nil`: all active cores).
  ///   - accelerator: a faster evaluator for this mechanism, checked against it (see
  ///     ``MisreportAccelerator``).
  ///   - progress: called with (agents done, agents to audit).
  ///   - shouldStop: polled before each agent; see
  ///     ``ManipulationSearch/run(on:agents:progress:shouldStop:)``.
  /// - Throws: whatever the mechanism throws, or ``AuditError`` when the accelerator
  ///   disagrees with the mechanism.
  /// - Complexity: one mechanism run and O(*n* + *m* + *E*) checks, plus the search (see
  ///   ``ManipulationSearch``).
  public init<M: MatchingMechanism>(
    auditing mechanism: M, on market: M.Market, side: M.Market.ReportingSide,
    misreports: MisreportSpace = .exhaustive(), agents: [Int]? = nil,
    witnessesPerAgent: Int = 1, workers: Int? = nil,
    accelerator: (any MisreportAccelerator<M.Market>)? = nil,
    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
    shouldStop: (@Sendable () -> Bool)? = nil
  ) throws where M.Outcome == Matching, M.Market: PropertyCheckedMarket {
    let matching = try mechanism.match(market)
    self.mechanism = mechanism.name
    self.matching = matching
    self.properties = market.properties(of: matching)
    self.manipulation = try ManipulationSearch(
      mechanism: mechanism, side: side, misreports: misreports,
      witnessesPerAgent: witnessesPerAgent, workers: workers, accelerator: accelerator
    ).run(on: market, agents: agents, progress: progress, shouldStop: shouldStop)
  }
}
