import MatchingMarkets

/// One mechanism's row: properties, rank distribution, manipulation search, by name.
struct MechanismEntry: Encodable {
  var mechanism: String
  var stable: Bool
  var stabilityNotion: String
  var justifiedEnvyPairs: Int
  var studentsWithJustifiedEnvy: Int
  var wastefulPairs: Int
  var nonWasteful: Bool
  var individuallyRational: Bool
  var paretoEfficient: Bool
  var rankDistribution: RankDistribution
  var blockingPair: String?
  var blockingCoalition: String?
  var paretoImprovement: String?
  var agentsAudited: Int
  var agentsAtBest: Int
  var agentsSearchedExhaustively: Int
  var agentsSearchedHeuristically: Int
  var misreportsEvaluated: Int
  /// The number of agents with a profitable misreport.
  var manipulableAgents: Int
  var manipulableAgentNames: [String]
  var witnesses: [WitnessEntry]
  // With --coalitions only (absent from the JSON otherwise).
  /// Pairs with a weak coalitional manipulation.
  var manipulablePairs: Int?
  /// Of those, pairs with a joint misreport that makes both strictly better.
  var stronglyManipulablePairs: Int?
  var pairsSearched: Int?
  var pairsAvailable: Int?
  var pairsAtBest: Int?
  var pairsSearchedExhaustively: Int?
  var pairsSearchedHeuristically: Int?
  var jointMisreportsEvaluated: Int?
  var coalitionWitnesses: [CoalitionWitnessEntry]?

  struct CoalitionWitnessEntry: Encodable {
    var members: [Member]
    var bothStrictlyBetter: Bool

    struct Member: Encodable {
      var agent: String
      var trueList: [String]
      var report: [String]
      /// `truthful`, or how the report was made.
      var kind: String
      var family: String
      var strictlyBetter: Bool
      var truthfulOutcome: [String]
      var manipulatedOutcome: [String]
    }
  }

  struct WitnessEntry: Encodable {
    var agent: String
    var trueList: [String]
    var misreport: [String]
    var kind: String
    var family: String
    var truthfulOutcome: [String]
    var manipulatedOutcome: [String]
  }

  init(
    _ card: MechanismPropertyReport, coalition: CoalitionReport? = nil, agentNames: [String],
    optionNames: [String], studentNames: [String], schoolNames: [String]
  ) {
    let p = card.properties
    let m = card.manipulation
    mechanism = card.mechanism
    stable = p.stable
    stabilityNotion = p.stabilityNotion
    justifiedEnvyPairs = p.justifiedEnvyPairs
    studentsWithJustifiedEnvy = p.studentsWithJustifiedEnvy
    wastefulPairs = p.wastefulPairs
    nonWasteful = p.nonWasteful
    individuallyRational = p.individuallyRational
    paretoEfficient = p.paretoEfficient
    rankDistribution = p.rankDistribution
    blockingPair = p.blockingPair.map { b in
      let who = studentNames[b.student]
      let school = schoolNames[b.school]
      if let d = b.displaced {
        return "\(who) prefers \(school) and has higher priority there than \(studentNames[d]), who holds a seat"
      }
      return "\(who) prefers \(school), which has an empty seat"
    }
    blockingCoalition = p.blockingCoalition.map { c in
      zip(c.members, c.houses).map { "\(studentNames[$0]) takes \(schoolNames[$1])" }.joined(separator: ", ")
    }
    paretoImprovement = p.paretoImprovement.map { c in
      let steps = c.moves.map { mv in
        "\(studentNames[mv.student]) moves from \(mv.from.map { schoolNames[$0] } ?? "unassigned") to \(schoolNames[mv.to])"
      }
      return (c.isCycle ? "trading cycle: " : "chain into an empty seat: ") + steps.joined(separator: "; ")
    }
    agentsAudited = m.agentsAudited
    agentsAtBest = m.agentsAtBest
    agentsSearchedExhaustively = m.agentsSearchedExhaustively
    agentsSearchedHeuristically = m.agentsSearchedHeuristically
    misreportsEvaluated = m.misreportsEvaluated
    manipulableAgents = m.manipulableAgents.count
    manipulableAgentNames = m.manipulableAgents.map { agentNames[$0] }
    witnesses = m.witnesses.map { w in
      WitnessEntry(
        agent: agentNames[w.agent], trueList: w.trueList.map { optionNames[$0] },
        misreport: w.misreport.map { optionNames[$0] }, kind: w.kind.description,
        family: w.kind.family, truthfulOutcome: w.truthfulOutcome.map { optionNames[$0] },
        manipulatedOutcome: w.manipulatedOutcome.map { optionNames[$0] })
    }
    if let c = coalition {
      manipulablePairs = c.manipulablePairCount
      stronglyManipulablePairs = c.stronglyManipulablePairCount
      pairsSearched = c.pairsSearched
      pairsAvailable = c.pairsAvailable
      pairsAtBest = c.pairsAtBest
      pairsSearchedExhaustively = c.pairsSearchedExhaustively
      pairsSearchedHeuristically = c.pairsSearchedHeuristically
      jointMisreportsEvaluated = c.jointMisreportsEvaluated
      coalitionWitnesses = c.witnesses.map { w in
        CoalitionWitnessEntry(
          members: w.members.map { m in
            CoalitionWitnessEntry.Member(
              agent: agentNames[m.agent], trueList: m.trueList.map { optionNames[$0] },
              report: m.report.map { optionNames[$0] }, kind: m.kind?.description ?? "truthful",
              family: m.kind?.family ?? "truthful", strictlyBetter: m.strictlyBetter,
              truthfulOutcome: m.truthfulOutcome.map { optionNames[$0] },
              manipulatedOutcome: m.manipulatedOutcome.map { optionNames[$0] })
          }, bothStrictlyBetter: w.bothStrictlyBetter)
      }
    }
  }
}
