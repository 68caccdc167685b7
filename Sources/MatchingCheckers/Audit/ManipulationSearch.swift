import MatchingCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A search for profitable misreports: for each agent, rerun a mechanism with her report
/// changed (everyone else truthful) and judge the outcome by her **true** preferences.
///
/// ```swift
/// let search = ManipulationSearch(mechanism: ImmediateAcceptance(), side: .students,
///                                 misreports: .exhaustive())
/// let report = try search.run(on: market)
/// report.manipulableAgents   // [0]: a student who gains by ranking a safer school first
/// ```
///
/// The search works through ``MatchingMechanism`` and ``ManipulableMarket`` only, so it
/// audits any mechanism, including one a user writes; nothing in it knows how deferred
/// acceptance or Boston work. For each audited agent it:
///
/// 1. reads her truthful report and what she holds when everyone is truthful;
/// 2. skips her if she already holds the best she could (her top choice; a school's best
///    applicants up to capacity): no report can improve on that, whatever the mechanism;
/// 3. for each misreport of the ``MisreportSpace``, in a fixed order, writes it into a
///    private copy of the market, runs the mechanism, and puts her truthful report back;
/// 4. records a ``ManipulationWitness`` when she is strictly better off under her true
///    preferences (``ResponsiveOutcome/isImprovement(over:)``), up to
///    ``witnessesPerAgent`` per agent.
///
/// ## Speed
///
/// The market is copied once per worker; a misreport changes one report in place (O(*k*) for
/// a student's list) and is undone after the run, so each misreport costs one mechanism run
/// and no rebuild. Agents are handed out to the workers in small batches from a shared
/// counter, so cores stay busy when agents' costs differ. The result does not depend on the
/// number of workers: witnesses are sorted by agent, then by misreport order.
///
/// ## What a result proves
///
/// A witness proves manipulability (it can be rechecked by one rerun). "No witness" proves
/// strategy-proofness **on this market, for these agents, over the searched reports**: over
/// all reports that reorder or drop options when the search was exhaustive for the agent,
/// and nothing beyond the family when it was heuristic. It says nothing about other markets.
///
/// Requirements: the mechanism is deterministic (a lottery belongs to the market or to a
/// seed held by the mechanism) and never gives an agent more than her capacity.
///
/// - Complexity: O(*A* · *r* · *T*) for *A* audited agents, *r* misreports each and mechanism
///   running time *T*, divided by the number of workers.
public struct ManipulationSearch<Mechanism: MatchingMechanism>: Sendable
where Mechanism.Outcome == Matching, Mechanism.Market: ManipulableMarket {
  public typealias Market = Mechanism.Market

  /// The mechanism under audit.
  public var mechanism: Mechanism
  /// Whose reports are changed.
  public var side: Market.ReportingSide
  /// Which misreports are tried.
  public var misreports: MisreportSpace
  /// How many witnesses to keep per agent; the search moves on to the next agent once it has
  /// them (1: "is she manipulable, and how").
  public var witnessesPerAgent: Int
  /// Worker threads; by default, the machine's active cores.
  public var workers: Int
  /// A faster evaluator of misreports for this mechanism, checked against it as the search
  /// goes (see ``MisreportAccelerator``); `nil` reruns the mechanism for every misreport.
  public var accelerator: (any MisreportAccelerator<Market>)?
  /// With an accelerator, one misreport in this many is also run through the mechanism and
  /// the two answers compared (the truthful report is compared for every agent).
  public var verificationInterval = 64

  /// Creates a search.
  ///
  /// - Parameters:
  ///   - mechanism: the mechanism under audit.
  ///   - side: whose reports to change.
  ///   - misreports: the misreport space; exhaustive up to 6 options by default.
  ///   - witnessesPerAgent: witnesses to keep per agent, at least 1.
  ///   - workers: worker threads, at least 1; `nil` for the number of active cores.
  ///   - accelerator: a faster evaluator for this mechanism, verified against it as the
  ///     search goes (for example ``DeferredAcceptanceWarmStart`` for student-proposing DA).
  public init(
    mechanism: Mechanism, side: Market.ReportingSide,
    misreports: MisreportSpace = .exhaustive(), witnessesPerAgent: Int = 1, workers: Int? = nil,
    accelerator: (any MisreportAccelerator<Market>)? = nil
  ) {
    precondition(witnessesPerAgent >= 1, "witnessesPerAgent must be at least 1")
    precondition(workers == nil || workers! >= 1, "workers must be at least 1")
    self.mechanism = mechanism
    self.side = side
    self.misreports = misreports
    self.witnessesPerAgent = witnessesPerAgent
    self.workers = workers ?? activeProcessorCount()
    self.accelerator = accelerator
  }

  /// Audits `agents` (every agent on the side by default).
  ///
  /// - Parameters:
  ///   - market: the truthful market.
  ///   - agents: whom to audit; `nil` for everyone on ``side``.
  ///   - progress: called after each agent with (agents done, agents to audit), from worker
  ///     threads.
  ///   - shouldStop: polled before each agent; once it returns true the workers stop after
  ///     their current agent and the report covers the longest prefix of `agents` fully
  ///     audited, with ``ManipulationReport/interrupted`` set (the command line passes
  ///     `{ Interrupt.requested }`).
  /// - Returns: the witnesses found and what was searched.
  /// - Throws: the first error the mechanism throws (for the smallest agent that saw one).
  public func run(
    on market: Market, agents: [Int]? = nil,
    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
    shouldStop: (@Sendable () -> Bool)? = nil
  ) throws -> ManipulationReport {
    let started = ContinuousClock.now
    let agentList = agents ?? Array(0..<market.reportingAgentCount(on: side))
    let truthfulMatching = try mechanism.match(market)

    // Misreport spaces depend only on the report length: build each once, shared read-only.
    var lengths = Set<Int>()
    for a in agentList { lengths.insert(market.truthfulReport(of: a, on: side).count) }
    var spaces: [Int: [Misreport]] = [:]
    for k in lengths { spaces[k] = misreports.misreports(forLength: k) }
    let sharedSpaces = spaces

    let total = agentList.count
    let workerCount = max(1, min(workers, total))
    let accelerator = self.accelerator
    let side = self.side
    let perAgent = try indexedWork(
      count: total, workers: workerCount, batch: max(1, min(64, total / (workerCount * 16))),
      makeState: { (work: market, session: accelerator?.makeSession(for: market, side: side)) },
      beginBatch: { state, range in state.session?.prepare(batch: Array(agentList[range])) },
      progress: progress, shouldStop: shouldStop
    ) { state, index in
      try audit(
        agent: agentList[index], market: market, work: &state.work, session: state.session,
        truthful: truthfulMatching, spaces: sharedSpaces)
    }
    var report = ManipulationReport(
      mechanism: mechanism.name, side: String(describing: side), misreportSpace: misreports,
      workers: workerCount)
    report.accelerated = accelerator?.makeSession(for: market, side: side) != nil
    report.agentsAudited = perAgent.count
    report.agentsRequested = total
    report.interrupted = perAgent.count < total
    for r in perAgent {
      report.misreportsEvaluated += r.evaluated
      report.mechanismRuns += r.mechanismRuns
      switch r.coverage {
      case .best: report.agentsAtBest += 1
      case .exhaustive: report.agentsSearchedExhaustively += 1
      case .heuristic: report.agentsSearchedHeuristically += 1
      }
      if !r.witnesses.isEmpty { report.manipulableAgents.append(r.agent) }
      report.witnesses += r.witnesses
    }
    report.seconds = DurationText.seconds(since: started)
    return report
  }

  /// What one agent's audit found.
  struct AgentResult: Sendable {
    enum Coverage: Sendable { case best, exhaustive, heuristic }
    var agent: Int
    var coverage: Coverage
    var evaluated: Int
    var mechanismRuns: Int
    var witnesses: [ManipulationWitness]
  }

  /// Audits one agent on the worker's copy `work`, which holds the truthful reports on entry
  /// and on exit.
  func audit(
    agent: Int, market: Market, work: inout Market, session: (any MisreportSession)?,
    truthful: Matching, spaces: [Int: [Misreport]]
  ) throws -> AgentResult {
    let report = market.truthfulReport(of: agent, on: side)
    let preference = market.truePreference(of: agent, on: side)
    var position: [Int: Int] = [:]
    position.reserveCapacity(preference.count)
    for (p, option) in preference.enumerated() { position[option] = p }
    func judge(_ holdings: [Int]) -> ResponsiveOutcome {
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

    let truthfulHoldings = market.holdings(of: agent, on: side, in: truthful)
    let truthfulOutcome = judge(truthfulHoldings)
    if truthfulOutcome.isBest(
      capacity: market.capacity(of: agent, on: side), listed: preference.count)
    {
      return AgentResult(
        agent: agent, coverage: .best, evaluated: 0, mechanismRuns: 0, witnesses: [])
    }
    /// The mechanism's answer, by a full run on the worker's copy.
    func run(_ reported: [Int]) throws -> [Int] {
      work.setReport(reported, of: agent, on: side, truthful: market)
      defer { work.restoreTruthfulReport(of: agent, on: side, truthful: market) }
      return market.holdings(of: agent, on: side, in: try mechanism.match(work))
    }
    if let session {
      session.begin(agent: agent)
      let fast = session.holdings(reporting: report)
      if fast.sorted() != truthfulHoldings.sorted() {
        throw AuditError.acceleratorDisagrees(
          agent: agent, misreport: report, mechanism: truthfulHoldings.sorted(),
          accelerator: fast.sorted())
      }
    }
    let coverage: AgentResult.Coverage =
      misreports.isExhaustive(forLength: report.count) ? .exhaustive : .heuristic
    var evaluated = 0
    var runs = 0
    var witnesses: [ManipulationWitness] = []
    for (index, misreport) in (spaces[report.count] ?? []).enumerated() {
      let reported = misreport.apply(to: report)
      let holdings: [Int]
      if let session {
        holdings = session.holdings(reporting: reported)
        if (agent &* 7919 &+ index) % verificationInterval == 0 {
          let checked = try run(reported)
          runs += 1
          if checked.sorted() != holdings.sorted() {
            throw AuditError.acceleratorDisagrees(
              agent: agent, misreport: reported, mechanism: checked.sorted(),
              accelerator: holdings.sorted())
          }
        }
      } else {
        holdings = try run(reported)
        runs += 1
      }
      evaluated += 1
      if judge(holdings).isImprovement(over: truthfulOutcome) {
        if session != nil {  // a witness must hold for the mechanism itself
          let checked = try run(reported)
          runs += 1
          if checked.sorted() != holdings.sorted() {
            throw AuditError.acceleratorDisagrees(
              agent: agent, misreport: reported, mechanism: checked.sorted(),
              accelerator: holdings.sorted())
          }
        }
        witnesses.append(
          ManipulationWitness(
            agent: agent, trueList: preference, misreport: reported, kind: misreport.kind,
            misreportIndex: index, truthfulOutcome: ordered(truthfulHoldings),
            manipulatedOutcome: ordered(holdings)))
        if witnesses.count >= witnessesPerAgent { break }
      }
    }
    return AgentResult(
      agent: agent, coverage: coverage, evaluated: evaluated, mechanismRuns: runs,
      witnesses: witnesses)
  }
}

/// What a ``ManipulationSearch`` found, and how much it searched.
///
/// ```swift
/// let report = try search.run(on: market)
/// report.manipulableAgents.count   // 0 for student-proposing DA and its students
/// report.misreportsEvaluated       // mechanism runs with one report changed
/// ```
public struct ManipulationReport: Sendable, Hashable {
  /// The mechanism's ``MatchingMechanism/name``.
  public var mechanism: String
  /// The side whose reports were changed.
  public var side: String
  /// The misreport space searched.
  public var misreportSpace: MisreportSpace
  /// Agents audited.
  public var agentsAudited = 0
  /// Agents the search was asked to audit (more than ``agentsAudited`` when interrupted).
  public var agentsRequested = 0
  /// Whether the search was stopped early: the report then covers the first
  /// ``agentsAudited`` agents of those requested.
  public var interrupted = false
  /// Agents who already hold the best they could when truthful (no misreport needs running:
  /// none can improve on it, whatever the mechanism).
  public var agentsAtBest = 0
  /// Agents for whom every ordered subset of the truthful report was tried.
  public var agentsSearchedExhaustively = 0
  /// Agents for whom only the heuristic family was tried.
  public var agentsSearchedHeuristically = 0
  /// Misreports whose outcome was computed (by the mechanism, or by the accelerator).
  public var misreportsEvaluated = 0
  /// Full mechanism runs with one report changed (every misreport without an accelerator;
  /// with one, the sampled verifications).
  public var mechanismRuns = 0
  /// Whether an accelerator computed the outcomes (checked against the mechanism).
  public var accelerated = false
  /// Agents with at least one profitable misreport, ascending.
  public var manipulableAgents: [Int] = []
  /// Witnesses, by agent, then in misreport order (at most the search's
  /// ``ManipulationSearch/witnessesPerAgent`` per agent).
  public var witnesses: [ManipulationWitness] = []
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

  /// Whether no profitable misreport was found.
  public var noneFound: Bool { manipulableAgents.isEmpty }

  /// Misreports evaluated per wall-clock second.
  public var misreportsPerSecond: Double {
    seconds > 0 ? Double(misreportsEvaluated) / seconds : 0
  }
}

