import MatchingCore

/// A search for profitable joint misreports by coalitions of two agents: for each pair, rerun
/// a mechanism with both reports changed (everyone else truthful) and judge the outcome by
/// both agents' **true** preferences.
///
/// ```swift
/// let search = CoalitionSearch(mechanism: DeferredAcceptance(), side: .students,
///                              misreports: .exhaustive(maxOptions: 4))
/// let report = try search.run(on: market)
/// report.stronglyManipulablePairCount   // 0: no pair can make both strictly better under DA
/// ```
///
/// Like ``ManipulationSearch`` it works through ``MatchingMechanism`` and
/// ``ManipulableMarket`` only, and every joint misreport costs one full mechanism run (no
/// accelerator). For each pair *(a, b)* of audited agents it:
///
/// 1. skips the pair if both already hold the best they could (neither can then be strictly
///    better, whatever the mechanism);
/// 2. tries every combination of a report for *a* and a report for *b*, each her truthful
///    report or one of the ``MisreportSpace``'s misreports, except both truthful, in a fixed
///    order (*a*'s choice outer, *b*'s inner; the truthful report first);
/// 3. records a witness when both are at least as well off under their true preferences and
///    one is strictly better (a *weak* coalitional manipulation). The pair's search goes on
///    until a joint misreport makes **both** strictly better (the *strong* notion) or its
///    space is exhausted; the pair's witness is the first strong one, else the first weak
///    one (unless ``searchesForStrong`` is off: then the first weak one ends the pair).
///
/// **Pairs** are taken from the audited agents in colexicographic order of their positions
/// in the agent list: (0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3), … So a cap of
/// ``maxPairs`` pairs searches every pair among the first agents of the list (45 pairs: the
/// first 10 agents), and the result depends only on the list and the cap.
///
/// **Workers** take pairs from a shared counter in small batches, each on a private copy of
/// the market; witnesses are sorted by pair order, so the result does not depend on the
/// number of workers.
///
/// **What a result proves.** A witness proves the mechanism is not (weakly) group
/// strategy-proof on this market; rerun it with both reports replaced to check. "None found"
/// covers this market, these pairs and the reports searched only. Theorems to compare with:
/// student-proposing DA admits weak coalitional manipulations but no coalition whose members
/// all strictly gain (Dubins and Freedman 1981); top trading cycles on a housing market
/// (Bird 1984) and serial dictatorship (Pápai 2000; Svensson 1999) are group strategy-proof.
///
/// Requirements: as for ``ManipulationSearch`` (a deterministic mechanism that never gives an
/// agent more than her capacity), and a market whose ``ManipulableMarket/setReport(_:of:on:truthful:)``
/// can hold two changed reports at once; each run sets both reports and restores them in
/// reverse order, so a market whose restore resets everything (a school's report) works.
///
/// - Complexity: O(*P* · *r*² · *T*) for *P* pairs, *r* + 1 reports per agent and mechanism
///   running time *T*, divided by the number of workers.
public struct CoalitionSearch<Mechanism: MatchingMechanism>: Sendable
where Mechanism.Outcome == Matching, Mechanism.Market: ManipulableMarket {
  public typealias Market = Mechanism.Market

  /// The mechanism under audit.
  public var mechanism: Mechanism
  /// Whose reports are changed (both members are on this side).
  public var side: Market.ReportingSide
  /// Which misreports each member may make.
  public var misreports: MisreportSpace
  /// The most pairs to search (`nil`: every pair of audited agents).
  public var maxPairs: Int?
  /// Whether a pair's search goes on after a weak witness, looking for one that makes both
  /// strictly better (needed to claim "no strong manipulation"); off, the first weak witness
  /// ends the pair's search.
  public var searchesForStrong: Bool
  /// Worker threads; by default, the machine's active cores.
  public var workers: Int

  /// Creates a search.
  ///
  /// - Parameters:
  ///   - mechanism: the mechanism under audit.
  ///   - side: whose reports to change.
  ///   - misreports: each member's misreport space; exhaustive up to 4 options by default
  ///     (a pair of 4-option lists is 65² − 1 = 4224 runs).
  ///   - maxPairs: the most pairs to search, at least 1; `nil` for every pair.
  ///   - searchesForStrong: keep searching a pair after a weak witness (see the property).
  ///   - workers: worker threads, at least 1; `nil` for the number of active cores.
  public init(
    mechanism: Mechanism, side: Market.ReportingSide,
    misreports: MisreportSpace = .exhaustive(maxOptions: 4), maxPairs: Int? = nil,
    searchesForStrong: Bool = true, workers: Int? = nil
  ) {
    precondition(maxPairs == nil || maxPairs! >= 1, "maxPairs must be at least 1")
    precondition(workers == nil || workers! >= 1, "workers must be at least 1")
    self.mechanism = mechanism
    self.side = side
    self.misreports = misreports
    self.maxPairs = maxPairs
    self.searchesForStrong = searchesForStrong
    self.workers = workers ?? activeProcessorCount()
  }

  /// The `index`-th pair of positions in colexicographic order: (0, 1), (0, 2), (1, 2), …
  ///
  /// ```swift
  /// CoalitionSearch<DeferredAcceptance>.pair(at: 3)   // (0, 3)
  /// ```
  public static func pair(at index: Int) -> (first: Int, second: Int) {
    precondition(index >= 0, "pair index must be non-negative")
    // j is the largest integer with j (j - 1) / 2 <= index.
    var j = Int((1 + Double(8 * index + 1).squareRoot()) / 2)
    while j * (j - 1) / 2 > index { j -= 1 }
    while (j + 1) * j / 2 <= index { j += 1 }
    return (index - j * (j - 1) / 2, j)
  }

  /// Searches the pairs of `agents` (every agent on the side by default), up to ``maxPairs``.
  ///
  /// - Parameters:
  ///   - market: the truthful market.
  ///   - agents: whom to pair, in this order (duplicates are dropped); `nil` for everyone on
  ///     ``side`` in index order.
  ///   - progress: called after each pair with (pairs done, pairs to search), from worker
  ///     threads.
  ///   - shouldStop: polled before each pair; once it returns true the workers stop after
  ///     their current pair and the report covers the longest prefix of pairs searched, with
  ///     ``CoalitionReport/interrupted`` set.
  /// - Returns: the witnesses found and what was searched.
  /// - Throws: the first error the mechanism throws (for the earliest pair that saw one).
  public func run(
    on market: Market, agents: [Int]? = nil,
    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
    shouldStop: (@Sendable () -> Bool)? = nil
  ) throws -> CoalitionReport {
    let started = ContinuousClock.now
    var seen = Set<Int>()
    let agentList = (agents ?? Array(0..<market.reportingAgentCount(on: side))).filter {
      seen.insert($0).inserted
    }
    let n = agentList.count
    let available = n * (n - 1) / 2
    let total = min(available, maxPairs ?? available)
    let truthfulMatching = try mechanism.match(market)

    // The agents the searched pairs involve: the first `involved` of the list.
    let involved = total == 0 ? 0 : Self.pair(at: total - 1).second + 1
    var members: [MemberInfo] = []
    members.reserveCapacity(involved)
    var spaces: [Int: [Misreport]] = [:]
    for a in agentList.prefix(involved) {
      let info = MemberInfo(
        agent: a, market: market, side: side, truthful: truthfulMatching)
      if spaces[info.report.count] == nil {
        spaces[info.report.count] = misreports.misreports(forLength: info.report.count)
      }
      members.append(info)
    }
    let sharedMembers = members
    let sharedSpaces = spaces

    let workerCount = max(1, min(workers, total))
    let perPair = try indexedWork(
      count: total, workers: workerCount, batch: max(1, min(16, total / (workerCount * 16))),
      makeState: { market }, progress: progress, shouldStop: shouldStop
    ) { work, index in
      let (p, q) = Self.pair(at: index)
      return try search(
        pair: index, sharedMembers[p], sharedMembers[q], market: market, work: &work,
        spaces: sharedSpaces)
    }
    var report = CoalitionReport(
      mechanism: mechanism.name, side: String(describing: side), misreportSpace: misreports,
      workers: workerCount)
    report.agentsConsidered = n
    report.pairsAvailable = available
    report.pairsSearched = perPair.count
    report.interrupted = perPair.count < total
    for r in perPair {
      report.jointMisreportsEvaluated += r.evaluated
      switch r.coverage {
      case .best: report.pairsAtBest += 1
      case .exhaustive: report.pairsSearchedExhaustively += 1
      case .heuristic: report.pairsSearchedHeuristically += 1
      }
      if let w = r.witness { report.witnesses.append(w) }
    }
    report.seconds = DurationText.seconds(since: started)
    return report
  }

  /// One agent's data, computed once on the truthful market and shared read-only.
  struct MemberInfo: Sendable {
    var agent: Int
    var report: [Int]
    var preference: [Int]
    var position: [Int: Int]
    var truthfulHoldings: [Int]
    var truthfulOutcome: ResponsiveOutcome
    var atBest: Bool

    init(agent: Int, market: Market, side: Market.ReportingSide, truthful: Matching) {
      self.agent = agent
      report = market.truthfulReport(of: agent, on: side)
      preference = market.truePreference(of: agent, on: side)
      var position: [Int: Int] = [:]
      for (p, option) in preference.enumerated() { position[option] = p }
      self.position = position
      truthfulHoldings = market.holdings(of: agent, on: side, in: truthful)
      truthfulOutcome = Self.judge(truthfulHoldings, position: position)
      atBest = truthfulOutcome.isBest(
        capacity: market.capacity(of: agent, on: side), listed: preference.count)
    }

    func judge(_ holdings: [Int]) -> ResponsiveOutcome { Self.judge(holdings, position: position) }

    static func judge(_ holdings: [Int], position: [Int: Int]) -> ResponsiveOutcome {
      var ranks: [Int] = []
      var unacceptable = 0
      for option in holdings {
        if let p = position[option] { ranks.append(p) } else { unacceptable += 1 }
      }
      return ResponsiveOutcome(ranks: ranks, unacceptable: unacceptable)
    }

    func ordered(_ holdings: [Int]) -> [Int] {
      holdings.sorted { (position[$0] ?? Int.max, $0) < (position[$1] ?? Int.max, $1) }
    }
  }

  /// What one pair's search found.
  struct PairResult: Sendable {
    enum Coverage: Sendable { case best, exhaustive, heuristic }
    var pair: Int
    var coverage: Coverage
    var evaluated: Int
    var witness: CoalitionWitness?
  }

  /// Searches one pair on the worker's copy `work`, which holds the truthful reports on entry
  /// and on exit.
  func search(
    pair: Int, _ x: MemberInfo, _ y: MemberInfo, market: Market, work: inout Market,
    spaces: [Int: [Misreport]]
  ) throws -> PairResult {
    // The smaller agent index first, so a witness reads the same whatever the list order.
    let (a, b) = x.agent < y.agent ? (x, y) : (y, x)
    if a.atBest && b.atBest {
      return PairResult(pair: pair, coverage: .best, evaluated: 0, witness: nil)
    }
    let coverage: PairResult.Coverage =
      misreports.isExhaustive(forLength: a.report.count)
        && misreports.isExhaustive(forLength: b.report.count) ? .exhaustive : .heuristic
    // Choice 0 is the truthful report; choice k > 0 is misreport k - 1.
    let spaceA = spaces[a.report.count] ?? []
    let spaceB = spaces[b.report.count] ?? []
    let reportsA = [a.report] + spaceA.map { $0.apply(to: a.report) }
    let reportsB = [b.report] + spaceB.map { $0.apply(to: b.report) }
    var evaluated = 0
    var firstWeak: CoalitionWitness?
    var strong: CoalitionWitness?
    search: for i in reportsA.indices {
      for j in reportsB.indices where i != 0 || j != 0 {
        if i != 0 { work.setReport(reportsA[i], of: a.agent, on: side, truthful: market) }
        if j != 0 { work.setReport(reportsB[j], of: b.agent, on: side, truthful: market) }
        let matching: Matching
        do {
          matching = try mechanism.match(work)
        } catch {
          if j != 0 { work.restoreTruthfulReport(of: b.agent, on: side, truthful: market) }
          if i != 0 { work.restoreTruthfulReport(of: a.agent, on: side, truthful: market) }
          throw error
        }
        if j != 0 { work.restoreTruthfulReport(of: b.agent, on: side, truthful: market) }
        if i != 0 { work.restoreTruthfulReport(of: a.agent, on: side, truthful: market) }
        evaluated += 1
        let holdingsA = market.holdings(of: a.agent, on: side, in: matching)
        let holdingsB = market.holdings(of: b.agent, on: side, in: matching)
        let outcomeA = a.judge(holdingsA)
        let outcomeB = b.judge(holdingsB)
        let strictA = outcomeA.isImprovement(over: a.truthfulOutcome)
        let strictB = outcomeB.isImprovement(over: b.truthfulOutcome)
        guard strictA || strictB,
          strictA || outcomeA.isAtLeastAsGood(as: a.truthfulOutcome),
          strictB || outcomeB.isAtLeastAsGood(as: b.truthfulOutcome)
        else { continue }
        let witness = CoalitionWitness(
          members: [
            CoalitionMember(
              agent: a.agent, trueList: a.preference, report: reportsA[i],
              kind: i == 0 ? nil : spaceA[i - 1].kind,
              truthfulOutcome: a.ordered(a.truthfulHoldings),
              manipulatedOutcome: a.ordered(holdingsA), strictlyBetter: strictA),
            CoalitionMember(
              agent: b.agent, trueList: b.preference, report: reportsB[j],
              kind: j == 0 ? nil : spaceB[j - 1].kind,
              truthfulOutcome: b.ordered(b.truthfulHoldings),
              manipulatedOutcome: b.ordered(holdingsB), strictlyBetter: strictB),
          ],
          bothStrictlyBetter: strictA && strictB, jointIndex: i * reportsB.count + j)
        if firstWeak == nil { firstWeak = witness }
        if witness.bothStrictlyBetter {
          strong = witness
          break search
        }
        if !searchesForStrong { break search }
      }
    }
    return PairResult(
      pair: pair, coverage: coverage, evaluated: evaluated, witness: strong ?? firstWeak)
  }
}

/// What a ``CoalitionSearch`` found, and how much it searched.
///
/// ```swift
/// let report = try CoalitionSearch(mechanism: ImmediateAcceptance(), side: .students)
///   .run(on: market)
/// report.manipulablePairCount           // pairs with a weak coalitional manipulation
/// report.stronglyManipulablePairCount   // of which, pairs where both can strictly gain
/// ```
public struct CoalitionReport: Sendable, Hashable {
  /// The mechanism's ``MatchingMechanism/name``.
  public var mechanism: String
  /// The side whose reports were changed.
  public var side: String
  /// Each member's misreport space.
  public var misreportSpace: MisreportSpace
  /// Agents the pairs were drawn from.
  public var agentsConsidered = 0
  /// Pairs of those agents, *n* (*n* − 1) / 2.
  public var pairsAvailable = 0
  /// Pairs searched: the first ``CoalitionSearch/maxPairs`` in colexicographic order.
  public var pairsSearched = 0
  /// Whether the search was stopped early (``pairsSearched`` then counts the prefix done).
  public var interrupted = false
  /// Searched pairs whose members both hold the best they could (no run needed).
  public var pairsAtBest = 0
  /// Pairs for which both members' every ordered subset was tried.
  public var pairsSearchedExhaustively = 0
  /// Pairs for which at least one member got only the heuristic family.
  public var pairsSearchedHeuristically = 0
  /// Joint misreports run (each a full mechanism run).
  public var jointMisreportsEvaluated = 0
  /// One witness per manipulable pair, in pair order: the first that makes both strictly
  /// better if the search found one, else the first weak one.
  public var witnesses: [CoalitionWitness] = []
  /// Worker threads used.
  public var workers: Int
  /// Wall-clock seconds, truthful run included (not part of any deterministic output).
  public var seconds = 0.0

  public init(mechanism: String, side: String, misreportSpace: MisreportSpace, workers: Int) {
    self.mechanism = mechanism
    self.side = side
    self.misreportSpace = misreportSpace
    self.workers = workers
  }

  /// Pairs with a weak coalitional manipulation (both at least as well off, one strictly).
  public var manipulablePairCount: Int { witnesses.count }

  /// Pairs with a joint misreport that makes both strictly better (found only when the
  /// search kept looking after a weak witness, its default).
  public var stronglyManipulablePairCount: Int { witnesses.filter(\.bothStrictlyBetter).count }

  /// Whether no coalitional manipulation was found.
  public var noneFound: Bool { witnesses.isEmpty }

  /// Joint misreports run per wall-clock second.
  public var misreportsPerSecond: Double {
    seconds > 0 ? Double(jointMisreportsEvaluated) / seconds : 0
  }
}
