import MatchingCore

/// A market whose agents report ordinal lists, one of which the strategy-proofness audit can
/// change in place, rerun, and put back.
///
/// ```swift
/// var work = market                                   // one copy per worker
/// work.setReport([2, 0], of: 5, on: .students, truthful: market)
/// let outcome = try mechanism.match(work)             // student 5 misreports
/// work.restoreTruthfulReport(of: 5, on: .students, truthful: market)
/// ```
///
/// A market may have several groups of reporting agents (``ReportingSide``): in school choice
/// both the students (their preference lists) and the schools (their strict orders over
/// applicants) report. An agent's truthful report is her true preference, best first; a
/// misreport is always an ordered subset of it (the data hold nothing about options she did
/// not list: no priority, no lottery number), and an option left out is one she declares
/// unacceptable.
///
/// ``ManipulationSearch`` is written against this protocol and `MatchingMechanism`, so it
/// audits any mechanism on any conforming market, including ones a user writes.
public protocol ManipulableMarket: Sendable {
  /// Which group of agents reports (for example students or schools).
  associatedtype ReportingSide: Hashable & Sendable

  /// The number of agents on `side`.
  func reportingAgentCount(on side: ReportingSide) -> Int

  /// Agent *a*'s truthful report on `side`, most preferred option first.
  ///
  /// Called on the truthful market, once per audited agent.
  func truthfulReport(of agent: Int, on side: ReportingSide) -> [Int]

  /// Agent *a*'s true preference order over what she can hold, best first: the order outcomes
  /// are judged by. Usually her truthful report (the default); a housing agent's also ends
  /// with her own house, which she keeps implicitly whatever she reports.
  func truePreference(of agent: Int, on side: ReportingSide) -> [Int]

  /// How many options agent *a* can hold at once (1 for a student or a housing agent, the
  /// number of seats for a school).
  func capacity(of agent: Int, on side: ReportingSide) -> Int

  /// Replaces agent *a*'s report on `side` by `report`, an ordered subset of her truthful
  /// report; every other report is left as it is.
  ///
  /// - Parameters:
  ///   - report: the options she reports, best first.
  ///   - agent: whose report changes.
  ///   - side: her side.
  ///   - truthful: the unmodified market (the source of her truthful data).
  mutating func setReport(_ report: [Int], of agent: Int, on side: ReportingSide, truthful: Self)

  /// Puts agent *a*'s truthful report back, undoing ``setReport(_:of:on:truthful:)``.
  mutating func restoreTruthfulReport(of agent: Int, on side: ReportingSide, truthful: Self)

  /// The options agent *a* holds in `matching` (her school, or a school's students).
  func holdings(of agent: Int, on side: ReportingSide, in matching: Matching) -> [Int]
}

extension ManipulableMarket {
  public func truePreference(of agent: Int, on side: ReportingSide) -> [Int] {
    truthfulReport(of: agent, on: side)
  }
}

// MARK: - School choice

/// The two reporting sides of a school-choice (or stable-marriage) market.
public enum SchoolChoiceSide: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
  /// Students report preference lists over schools (the proposing side of student-proposing
  /// deferred acceptance).
  case students
  /// Schools report strict orders over their applicants (the receiving side); leaving an
  /// applicant out makes her unacceptable, so truncation is a report.
  case schools

  public var description: String { rawValue }
}

extension SchoolChoiceMarket: ManipulableMarket {
  public typealias ReportingSide = SchoolChoiceSide

  public func reportingAgentCount(on side: SchoolChoiceSide) -> Int {
    side == .students ? studentCount : schoolCount
  }

  /// A student's list, or a school's applicants in its strict (tie-broken) order.
  ///
  /// - Complexity: O(*k*) for a student with *k* choices; O(*E* + *a* log *a*) for a school
  ///   with *a* applicants in a market of total list length *E*.
  public func truthfulReport(of agent: Int, on side: SchoolChoiceSide) -> [Int] {
    switch side {
    case .students:
      return preferenceList(of: agent)
    case .schools:
      var ranked: [(rank: UInt32, student: Int)] = []
      for i in 0..<studentCount {
        for e in listRange(of: i) where Int(entries[e].school) == agent {
          ranked.append((entries[e].rank, i))
        }
      }
      ranked.sort { $0.rank < $1.rank }
      return ranked.map(\.student)
    }
  }

  public func capacity(of agent: Int, on side: SchoolChoiceSide) -> Int {
    side == .students ? 1 : Int(capacities[agent])
  }

  /// A student's report is written into her own slot (O(*k*)); a school's report rewrites
  /// its applicants' lists (O(*E*)), see `SchoolChoiceMarket.replaceRanking(of:with:)`.
  public mutating func setReport(
    _ report: [Int], of agent: Int, on side: SchoolChoiceSide, truthful: SchoolChoiceMarket
  ) {
    switch side {
    case .students: replaceList(of: agent, with: report, truthful: truthful)
    case .schools: replaceRanking(of: agent, with: report)
    }
  }

  /// A student's truthful list is copied back into her slot (O(*k*)). A school's report may
  /// have dropped applications from students' lists, so the market is reset to `truthful`
  /// (the next school report then copies the market once, O(*E*)).
  public mutating func restoreTruthfulReport(
    of agent: Int, on side: SchoolChoiceSide, truthful: SchoolChoiceMarket
  ) {
    switch side {
    case .students:
      replaceList(of: agent, with: truthful.preferenceList(of: agent), truthful: truthful)
    case .schools:
      self = truthful
    }
  }

  public func holdings(of agent: Int, on side: SchoolChoiceSide, in matching: Matching) -> [Int] {
    switch side {
    case .students:
      return matching.partner(of: agent).map { [$0] } ?? []
    case .schools:
      var result: [Int] = []
      for (i, s) in matching.assignment.enumerated() where Int(s) == agent { result.append(i) }
      return result
    }
  }
}

// MARK: - Housing

/// The reporting side of a housing market: its agents.
public enum HousingSide: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
  /// The agents, each reporting a list of houses that ends with her own.
  case agents

  public var description: String { rawValue }
}

/// A market whose agents each report one list of houses, ending with their own house when
/// they have one (a housing market; housing with tenants): the audit searches them the same
/// way, so the conformance is written once here.
///
/// A report leaves out the agent's own house, which ends every list implicitly: a misreport
/// is an ordered subset of the houses she prefers to her own, and keeping her house is always
/// acceptable (so her truthful list, for comparisons, is this report followed by her house).
/// An agent without a house (a newcomer) reports her whole list.
public protocol HouseListMarket: ManipulableMarket where ReportingSide == HousingSide {
  /// The number of agents.
  var agentCount: Int { get }
  /// The agent's whole list, most preferred first (ending with her own house, if any).
  func preferenceList(of agent: AgentID) -> [HouseID]
  /// The agent's own house, or `nil` for an agent who has none.
  func ownHouse(of agent: AgentID) -> HouseID?
  /// Puts `list` in the agent's slot (cut at her own house, which is appended if missing).
  mutating func replaceList(of agent: AgentID, with list: [HouseID])
}

extension HouseListMarket {
  public func reportingAgentCount(on side: HousingSide) -> Int { agentCount }

  /// Her list **without** her own house.
  public func truthfulReport(of agent: Int, on side: HousingSide) -> [Int] {
    let own = ownHouse(of: agent)
    return preferenceList(of: agent).filter { $0 != own }
  }

  /// Her whole list, ending with her own house.
  public func truePreference(of agent: Int, on side: HousingSide) -> [Int] {
    preferenceList(of: agent)
  }

  public func capacity(of agent: Int, on side: HousingSide) -> Int { 1 }

  public mutating func setReport(_ report: [Int], of agent: Int, on side: HousingSide, truthful: Self) {
    replaceList(of: agent, with: report)
  }

  public mutating func restoreTruthfulReport(of agent: Int, on side: HousingSide, truthful: Self) {
    replaceList(of: agent, with: truthful.preferenceList(of: agent))
  }

  public func holdings(of agent: Int, on side: HousingSide, in matching: Matching) -> [Int] {
    matching.partner(of: agent).map { [$0] } ?? []
  }
}

extension HousingMarket: HouseListMarket {
  public typealias ReportingSide = HousingSide

  /// Every agent owns a house: her endowment.
  public func ownHouse(of agent: AgentID) -> HouseID? { endowment(of: agent) }
}
