/// A profitable joint misreport by two agents: proof that the audited mechanism is not group
/// strategy-proof for coalitions of two.
///
/// ```swift
/// // Boston on the textbook market: student 0 reports [1] alone, student 1 stays truthful.
/// witness.members.map(\.agent)     // [0, 1]
/// witness.members[0].isTruthful    // false
/// witness.bothStrictlyBetter       // false: the weak notion
/// ```
///
/// Under their **true** preferences both members are at least as well off as when everyone
/// is truthful and at least one is strictly better (a *weak* coalitional manipulation);
/// ``bothStrictlyBetter`` says whether both gain (the *strong* notion). At least one member
/// misreports; the other may report truthfully (her report is then her truthful report).
/// Outcomes are compared as in ``ManipulationWitness``: by position in the true list for an
/// agent holding one option, by responsive dominance for a school holding several.
///
/// A witness is checkable by anyone: rerun the mechanism on the market with both members'
/// reports replaced by their ``CoalitionMember/report`` and everyone else truthful.
public struct CoalitionWitness: Sendable, Hashable {
  /// The two members, the smaller agent index first.
  public var members: [CoalitionMember]
  /// Whether both members are strictly better off (the strong notion; Dubins and Freedman
  /// 1981 show student-proposing DA admits none).
  public var bothStrictlyBetter: Bool
  /// The joint misreport's index in the pair's fixed order (first member's choice outer,
  /// second member's inner; index 0 of each is her truthful report).
  public var jointIndex: Int

  public init(members: [CoalitionMember], bothStrictlyBetter: Bool, jointIndex: Int) {
    precondition(members.count == 2, "a coalition witness has two members")
    self.members = members
    self.bothStrictlyBetter = bothStrictlyBetter
    self.jointIndex = jointIndex
  }

  /// Whether both members misreport (rather than one misreporting while the other is
  /// truthful).
  public var bothMisreport: Bool { members.allSatisfy { !$0.isTruthful } }
}

/// One member of a ``CoalitionWitness``: her report and what it got her.
public struct CoalitionMember: Sendable, Hashable {
  /// The agent (a student, a school or a housing agent).
  public var agent: Int
  /// Her true preference order, best first (a housing agent's ends with her own house).
  public var trueList: [Int]
  /// What she reports in the joint misreport: an ordered subset of her truthful report
  /// (for a housing agent, her own house is implied at the end).
  public var report: [Int]
  /// How the report was made from her truthful report; `nil` when she reports truthfully.
  public var kind: MisreportKind?
  /// What she holds when everyone reports truthfully, best first under ``trueList``.
  public var truthfulOutcome: [Int]
  /// What she holds after the joint misreport, best first under ``trueList``.
  public var manipulatedOutcome: [Int]
  /// Whether ``manipulatedOutcome`` is strictly better than ``truthfulOutcome`` for her
  /// (otherwise it is at least as good: equal, for an agent holding one option).
  public var strictlyBetter: Bool

  public init(
    agent: Int, trueList: [Int], report: [Int], kind: MisreportKind?, truthfulOutcome: [Int],
    manipulatedOutcome: [Int], strictlyBetter: Bool
  ) {
    self.agent = agent
    self.trueList = trueList
    self.report = report
    self.kind = kind
    self.truthfulOutcome = truthfulOutcome
    self.manipulatedOutcome = manipulatedOutcome
    self.strictlyBetter = strictlyBetter
  }

  /// Whether she reports her truthful report.
  public var isTruthful: Bool { kind == nil }
}

extension ResponsiveOutcome {
  /// Whether holding this is at least as good as holding `other` for every responsive
  /// preference consistent with the true order: the same holdings, or an improvement
  /// (``isImprovement(over:)``).
  public func isAtLeastAsGood(as other: ResponsiveOutcome) -> Bool {
    self == other || isImprovement(over: other)
  }
}
