/// A matching: which option (school, house) each agent holds, if any.
///
/// ```swift
/// let m = Matching(assignment: [1, -1, 0])
/// m.partner(of: 0)   // 1
/// m.partner(of: 1)   // nil: student 1 is unassigned
/// ```
///
/// `assignment[i]` is the dense index of agent *i*'s school or house, or ``unassigned`` (-1).
/// The same type serves one-to-one, many-to-one and housing markets; the market says how
/// many agents one option can take.
public struct Matching: Sendable, Hashable {
  /// Option per agent, or -1.
  public var assignment: [Int32]

  @inlinable
  public init(assignment: [Int32]) { self.assignment = assignment }

  /// A matching in which all `count` agents are unassigned.
  public init(unassignedCount count: Int) {
    assignment = [Int32](repeating: unassigned, count: count)
  }

  /// The number of agents.
  @inlinable public var count: Int { assignment.count }

  /// Agent *i*'s option, or `nil` when unassigned.
  @inlinable
  public func partner(of agent: Int) -> Int? {
    let p = assignment[agent]
    return p < 0 ? nil : Int(p)
  }

  /// The agents each option holds: `result[s]` lists the agents assigned to option *s*.
  public func agents(byOption optionCount: Int) -> [[Int]] {
    var result = [[Int]](repeating: [], count: optionCount)
    for (i, s) in assignment.enumerated() where s >= 0 { result[Int(s)].append(i) }
    return result
  }

  /// How many agents hold an option.
  public var assignedCount: Int { assignment.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }
}

/// A rule that turns a market (the agents' reports) into an outcome.
///
/// Every mechanism of the engine conforms: deferred acceptance, immediate acceptance, serial
/// dictatorship, top trading cycles, and the kidney-exchange optimiser. Checkers and the
/// strategy-proofness audit are written against this protocol, so they apply to any
/// mechanism, including one a user writes.
///
/// ```swift
/// let mechanism: any SchoolChoiceMechanism = DeferredAcceptance()
/// let matching = try mechanism.match(market)
/// ```
public protocol MatchingMechanism<Market, Outcome>: Sendable {
  /// What the mechanism reads: the agents' reports and the market's fixed data.
  associatedtype Market
  /// What the mechanism produces; a ``Matching`` for every mechanism but kidney exchange.
  associatedtype Outcome = Matching

  /// A short, stable identifier (`da`, `boston`, `ttc`, ...), used in reports.
  var name: String { get }

  /// Runs the mechanism on `market`.
  func match(_ market: Market) throws -> Outcome
}

/// Any mechanism that turns a school-choice market into a matching.
public typealias SchoolChoiceMechanism = MatchingMechanism<SchoolChoiceMarket, Matching>
/// Any mechanism that turns a housing market into an allocation.
public typealias HousingMechanismProtocol = MatchingMechanism<HousingMarket, Matching>
