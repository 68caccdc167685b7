import MatchingCore

/// A search for profitable misreports under a mechanism whose outcome is a random
/// assignment (probabilistic serial, random serial dictatorship).
///
/// ```swift
/// let search = StochasticManipulationSearch(mechanism: ProbabilisticSerial(),
///                                           comparison: .someExpectedUtility)
/// let report = try search.run(on: market)
/// report.witnesses.first   // a student, her misreport, and a utility that prefers it
/// ```
///
/// For each student it tries the misreports of a ``MisreportSpace`` (everyone else
/// truthful), reads her lottery over her **true** list, and compares it with her truthful
/// lottery in one of two senses (``Comparison``):
///
/// - ``Comparison/stochasticDominance``: the misreport's lottery stochastically dominates
///   the truthful one (strictly at some cut). Gaining in this sense is gaining for **every**
///   expected utility consistent with her ranking. Probabilistic serial is immune (weak
///   strategy-proofness, Bogomolnaia and Moulin 2001).
/// - ``Comparison/someExpectedUtility``: the truthful lottery does **not** stochastically
///   dominate the misreport's; then some expected utility consistent with her ranking is
///   strictly higher under the misreport. Strategy-proofness in this sense (sd-strategy-
///   proofness) holds for random serial dictatorship and fails for probabilistic serial.
///
/// A witness carries the cut (the first *k* where the misreport's top-*k* probability
/// exceeds the truthful one's) and an explicit utility: `u(k-th choice) = [k < cut] +
/// δ (L - k)`, strictly decreasing along her list of length *L*, 0 for staying unassigned,
/// with `δ` small enough that the misreport's expected utility is strictly higher (both are
/// in the witness).
///
/// Comparisons use `tolerance` (1e-9). The result does not depend on the number of workers.
///
/// - Complexity: O(*A* · *r* · *T*) for *A* audited students, *r* misreports each and
///   mechanism time *T*, divided by the number of workers.
public struct StochasticManipulationSearch<Mechanism: MatchingMechanism>: Sendable
where Mechanism.Market == SchoolChoiceMarket, Mechanism.Outcome == RandomAssignment {
  /// When a misreport counts as profitable.
  public enum Comparison: String, Sendable, Hashable {
    /// The misreport's lottery stochastically dominates the truthful one.
    case stochasticDominance
    /// The truthful lottery does not stochastically dominate the misreport's.
    case someExpectedUtility
  }

  public var mechanism: Mechanism
  public var comparison: Comparison
  public var misreports: MisreportSpace
  public var tolerance: Double
  public var workers: Int

  public init(
    mechanism: Mechanism, comparison: Comparison, misreports: MisreportSpace = .exhaustive(),
    tolerance: Double = RandomAssignment.tolerance, workers: Int = 2
  ) {
    precondition(workers >= 1, "workers must be at least 1")
    self.mechanism = mechanism
    self.comparison = comparison
    self.misreports = misreports
    self.tolerance = tolerance
    self.workers = workers
  }

  /// Audits `students` (default: all).
  ///
  /// - Returns: one witness per manipulable student (the first misreport found, in the
  ///   space's order), by student.
  /// - Throws: what the mechanism throws.
  public func run(on market: SchoolChoiceMarket, students: [Int]? = nil) throws -> [StochasticManipulationWitness] {
    let list = students ?? Array(0..<market.studentCount)
    let truthful = try mechanism.match(market)
    let mechanism = self.mechanism
    let misreports = self.misreports
    let comparison = self.comparison
    let tolerance = self.tolerance
    let found = try indexedWork(
      count: list.count, workers: workers, batch: 1, makeState: { market }
    ) { work, index -> StochasticManipulationWitness? in
      let i = list[index]
      let trueList = market.preferenceList(of: i)
      let truthShares = market.shares(of: i, in: truthful)
      for (k, misreport) in misreports.misreports(forLength: trueList.count).enumerated() {
        let reported = misreport.apply(to: trueList)
        work.replaceList(of: i, with: reported, truthful: market)
        let outcome = try mechanism.match(work)
        work.replaceList(of: i, with: trueList, truthful: market)
        let shares = trueList.map { outcome.probability(of: i, at: $0) }
        guard let cut = SchoolChoiceMarket.firstFailureOfDominance(truthShares, over: shares, tolerance: tolerance) else {
          continue  // truthful dominates: no gain for any utility
        }
        if comparison == .stochasticDominance
          && SchoolChoiceMarket.firstFailureOfDominance(shares, over: truthShares, tolerance: tolerance) != nil
        {
          continue  // not dominating either
        }
        return StochasticManipulationWitness(
          student: i, trueList: trueList, misreport: reported, kind: misreport.kind,
          misreportIndex: k, truthfulShares: truthShares, manipulatedShares: shares, cut: cut)
      }
      return nil
    }
    return found.compactMap { $0 }
  }
}

/// A profitable misreport under a random mechanism, with the utility that proves it.
public struct StochasticManipulationWitness: Sendable, Hashable, CustomStringConvertible {
  public var student: Int
  /// Her true list, best first.
  public var trueList: [Int]
  /// What she reports instead.
  public var misreport: [Int]
  public var kind: MisreportKind
  public var misreportIndex: Int
  /// Her probabilities at the schools of `trueList` when truthful, and when misreporting.
  public var truthfulShares: [Double]
  public var manipulatedShares: [Double]
  /// The first *k* (0-based) at which the misreport's top-(*k*+1) probability is higher.
  public var cut: Int
  /// A utility per school of `trueList`, strictly decreasing (0 for staying unassigned),
  /// under which the misreport's expected utility is strictly higher.
  public var utility: [Double]
  public var truthfulExpectedUtility: Double
  public var manipulatedExpectedUtility: Double

  public init(
    student: Int, trueList: [Int], misreport: [Int], kind: MisreportKind, misreportIndex: Int,
    truthfulShares: [Double], manipulatedShares: [Double], cut: Int
  ) {
    self.student = student
    self.trueList = trueList
    self.misreport = misreport
    self.kind = kind
    self.misreportIndex = misreportIndex
    self.truthfulShares = truthfulShares
    self.manipulatedShares = manipulatedShares
    self.cut = cut
    let length = trueList.count
    let gap = manipulatedShares[0...cut].reduce(0, +) - truthfulShares[0...cut].reduce(0, +)
    let delta = gap / Double(4 * max(1, length))
    utility = (0..<length).map { (($0 <= cut) ? 1 : 0) + delta * Double(length - $0) }
    truthfulExpectedUtility = zip(utility, truthfulShares).map(*).reduce(0, +)
    manipulatedExpectedUtility = zip(utility, manipulatedShares).map(*).reduce(0, +)
  }

  public var description: String {
    "student \(student): reporting \(misreport) instead of \(trueList) (\(kind)) raises P(top \(cut + 1)) from \(truthfulShares[0...cut].reduce(0, +)) to \(manipulatedShares[0...cut].reduce(0, +)); expected utility \(truthfulExpectedUtility) -> \(manipulatedExpectedUtility) for utility \(utility)"
  }
}
