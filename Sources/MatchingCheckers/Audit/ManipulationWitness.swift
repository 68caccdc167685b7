/// A profitable misreport: proof that the audited mechanism is manipulable by one agent.
///
/// ```swift
/// // Boston, 3 students and 2 schools: student 0 truthfully ranks school 1 first and ends
/// // unassigned; reporting [0] she gets school 0.
/// witness.trueList            // [1, 0]
/// witness.misreport           // [0]
/// witness.truthfulOutcome     // []
/// witness.manipulatedOutcome  // [0]
/// ```
///
/// All options are dense indices of the market (schools for a student, students for a
/// school, houses for a housing agent); names are attached at the output edge.
///
/// A witness is checkable by anyone: rerun the mechanism on the market with this one report
/// replaced by ``misreport`` and every other report truthful; the agent then holds
/// ``manipulatedOutcome``, which she prefers to ``truthfulOutcome`` under ``trueList``.
public struct ManipulationWitness: Sendable, Hashable {
  /// The agent who misreports (a student, a school or a housing agent).
  public var agent: Int
  /// Her true preference order, best first (a housing agent's ends with her own house).
  public var trueList: [Int]
  /// What she reports instead (for a housing agent, her own house is implied at the end).
  public var misreport: [Int]
  /// How the misreport was made from her truthful report.
  public var kind: MisreportKind
  /// The misreport's index in the audit's fixed order for her report length.
  public var misreportIndex: Int
  /// What she holds when everyone reports truthfully, best first under ``trueList``.
  public var truthfulOutcome: [Int]
  /// What she holds after misreporting, best first under ``trueList``.
  public var manipulatedOutcome: [Int]

  public init(
    agent: Int, trueList: [Int], misreport: [Int], kind: MisreportKind, misreportIndex: Int,
    truthfulOutcome: [Int], manipulatedOutcome: [Int]
  ) {
    self.agent = agent
    self.trueList = trueList
    self.misreport = misreport
    self.kind = kind
    self.misreportIndex = misreportIndex
    self.truthfulOutcome = truthfulOutcome
    self.manipulatedOutcome = manipulatedOutcome
  }
}

/// How an agent judges what she holds: the positions, in her true preference order, of the
/// options she holds, sorted (best first).
///
/// ```swift
/// let truth = ResponsiveOutcome(ranks: [1, 4])          // her 2nd and 5th choices
/// ResponsiveOutcome(ranks: [0, 4]).isImprovement(over: truth)   // true
/// ResponsiveOutcome(ranks: [0]).isImprovement(over: truth)      // false: ambiguous
/// ```
///
/// The comparison is the **responsive dominance** order (Roth 1985; Roth and Sotomayor 1990,
/// ch. 5): holding *A* is an improvement over holding *T* when *A* has at least as many
/// options, its *j*-th best is at least as good as *T*'s *j*-th best for every *j*, and the
/// two differ. Exactly then *A* is preferred to *T* under **every** responsive preference
/// over sets that agrees with the true order (with every listed option acceptable). For an
/// agent who holds one option (a student, a housing agent, a capacity-1 school) it is just
/// "a better option, or any listed option instead of none". Trading a worse student for an
/// empty seat, as in {1st} against {3rd, 4th}, is *not* counted: whether it pays depends on
/// how the school values the empty seat, which the order does not say.
public struct ResponsiveOutcome: Sendable, Hashable {
  /// Positions in the true order of the held options that she lists, ascending.
  public var ranks: [Int]
  /// How many held options she does not list at all (unacceptable to her).
  public var unacceptable: Int

  public init(ranks: [Int], unacceptable: Int = 0) {
    self.ranks = ranks.sorted()
    self.unacceptable = unacceptable
  }

  /// Whether holding this is strictly better than holding `other` for every responsive
  /// preference consistent with the true order. Holding an unacceptable option is never an
  /// improvement.
  public func isImprovement(over other: ResponsiveOutcome) -> Bool {
    guard unacceptable == 0, ranks.count >= other.ranks.count else { return false }
    for j in 0..<other.ranks.count where ranks[j] > other.ranks[j] { return false }
    return ranks != other.ranks
  }

  /// Whether nothing can be an improvement over this outcome for an agent with `capacity`
  /// seats and `listed` acceptable options (she holds her `min(capacity, listed)` best).
  public func isBest(capacity: Int, listed: Int) -> Bool {
    let q = min(capacity, listed)
    guard unacceptable == 0, ranks.count >= q else { return false }
    for j in 0..<q where ranks[j] != j { return false }
    return true
  }
}
