import MatchingCheckers
import MatchingCore
import MatchingIO
import Mechanisms

/// A mechanism a simulation can compare, by its command-line name: an entry of the
/// ``MechanismCatalogue``, with the parameter spelled after a colon (`chinese-parallel:2`).
///
/// ```swift
/// let mechanisms = try SimulatedMechanism.parseList("da,boston,chinese-parallel:2")
/// mechanisms.map(\.rawValue)   // ["da", "boston", "chinese-parallel:2"]
/// ```
public struct SimulatedMechanism: RawRepresentable, Sendable, Hashable, Codable, CaseIterable {
  /// The catalogue name (`chinese-parallel`).
  public let name: String
  /// The parameter spelled after the colon, if any.
  public let parameter: Int?

  /// The name as spelled (`chinese-parallel:2`).
  public var rawValue: String { parameter.map { "\(name):\($0)" } ?? name }

  /// The mechanism spelled `rawValue` (`da`, `chinese-parallel:3`), or `nil` when the
  /// catalogue has no such name or the parameter is not an integer.
  public init?(rawValue: String) {
    let parts = rawValue.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
    let name = String(parts[0])
    guard let entry = MechanismCatalogue.entry(named: name) else { return nil }
    if parts.count == 2 {
      guard entry.parameter != nil, let p = Int(parts[1]) else { return nil }
      self.init(name: name, parameter: p)
    } else {
      self.init(name: name, parameter: nil)
    }
  }

  init(name: String, parameter: Int?) {
    self.name = name
    self.parameter = parameter
  }

  /// Student-proposing deferred acceptance.
  public static let da = SimulatedMechanism(name: "da", parameter: nil)
  /// School-proposing deferred acceptance.
  public static let daSchools = SimulatedMechanism(name: "da-schools", parameter: nil)
  /// The Boston mechanism (immediate acceptance).
  public static let boston = SimulatedMechanism(name: "boston", parameter: nil)
  /// School-choice top trading cycles.
  public static let ttc = SimulatedMechanism(name: "ttc", parameter: nil)
  /// Serial dictatorship in input order.
  public static let sd = SimulatedMechanism(name: "sd", parameter: nil)
  /// Random serial dictatorship, with an order drawn from the run's stream.
  public static let rsd = SimulatedMechanism(name: "rsd", parameter: nil)
  /// Kesten's efficiency-adjusted DA (everyone consents in a simulation).
  public static let eadam = SimulatedMechanism(name: "eadam", parameter: nil)
  /// DA with lottery tie-breaking and Erdil and Ergin's stable improvement cycles.
  public static let sic = SimulatedMechanism(name: "sic", parameter: nil)
  /// The Chinese parallel mechanism with `e` choices per round.
  public static func chineseParallel(_ e: Int) -> SimulatedMechanism {
    SimulatedMechanism(name: "chinese-parallel", parameter: e)
  }

  /// Every catalogue entry, a parameterised one with its example parameter.
  public static var allCases: [SimulatedMechanism] {
    MechanismCatalogue.entries.map { SimulatedMechanism(name: $0.name, parameter: $0.parameter?.example) }
  }

  /// A human-readable label for tables and charts.
  public var label: String {
    let base = MechanismCatalogue.entry(named: name)?.label ?? name
    return parameter.map { "\(base) (e = \($0))" } ?? base
  }

  /// Parses a comma-separated list of names (`da,boston,chinese-parallel:2`), keeping the
  /// order given; a parameterised name spelled without its parameter takes
  /// `defaultParameter` (`--parallel-e`).
  ///
  /// - Throws: ``SimulationError/unknownMechanism(_:)`` for a name not in the catalogue, and
  ///   ``SimulationError/invalidOption(_:)`` for an empty list, a repeated name, or a
  ///   parameter missing or out of range.
  public static func parseList(
    _ text: String, defaultParameter: Int? = nil
  ) throws(SimulationError) -> [SimulatedMechanism] {
    var result: [SimulatedMechanism] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let name = part.trimmed(" ")
      guard var mechanism = SimulatedMechanism(rawValue: name) else {
        throw .unknownMechanism(name)
      }
      if mechanism.parameter == nil, let defaultParameter,
        MechanismCatalogue.entry(named: mechanism.name)?.parameter != nil
      {
        mechanism = SimulatedMechanism(name: mechanism.name, parameter: defaultParameter)
      }
      guard !result.contains(mechanism) else {
        throw .invalidOption("mechanism '\(name)' is listed twice")
      }
      do {
        _ = try mechanism.mechanism(in: MechanismContext())
      } catch {
        throw .invalidOption(error.description)
      }
      result.append(mechanism)
    }
    guard !result.isEmpty else { throw .invalidOption("no mechanism given") }
    return result
  }

  /// The mechanism for `context` (its ``MechanismContext/parameter`` is set from the name).
  ///
  /// - Throws: ``CatalogueError`` when the context lacks what the mechanism needs.
  public func mechanism(in context: MechanismContext) throws(CatalogueError) -> any SchoolChoiceMechanism {
    guard let entry = MechanismCatalogue.entry(named: name) else {
      preconditionFailure("mechanism '\(name)' left the catalogue")
    }
    var context = context
    if let parameter { context.parameter = parameter }
    return try entry.mechanism(context)
  }

  /// Runs the mechanism; `orderSeed` seeds random serial dictatorship.
  public func match(_ market: SchoolChoiceMarket, orderSeed: UInt64) -> Matching {
    // parseList checked that the mechanism builds; catalogue mechanisms do not throw on a
    // valid market.
    try! mechanism(orderSeed: orderSeed).match(market)
  }

  /// The mechanism as a value of the matching protocol (for checkers and the audit);
  /// `orderSeed` seeds random serial dictatorship.
  public func mechanism(orderSeed: UInt64) -> any SchoolChoiceMechanism {
    try! mechanism(in: MechanismContext(seed: orderSeed))
  }
}

extension SimulatedMechanism {
  /// How many of `students` can get a school they truly prefer by misreporting (everyone
  /// else truthful), by the strategy-proofness audit (``ManipulationSearch``, one worker: the
  /// study parallelises over runs; DA, Boston and TTC through their warm starts, which the
  /// search checks against the mechanism). Misreports: every ordered subset for lists of at most six
  /// schools, the heuristic family (truncations, drops, swaps, promotions) beyond.
  public func manipulableCount(
    in market: SchoolChoiceMarket, orderSeed: UInt64, students: [Int]
  ) -> Int {
    func count<M: MatchingMechanism>(
      _ mechanism: M, accelerator: (any MisreportAccelerator<SchoolChoiceMarket>)? = nil
    ) -> Int where M.Market == SchoolChoiceMarket, M.Outcome == Matching {
      var search = ManipulationSearch(mechanism: mechanism, side: .students, workers: 1)
      if let accelerator {
        // The warm start is checked against the mechanism as the search goes; should it
        // ever disagree, the count comes from full reruns instead.
        search.accelerator = accelerator
        if let report = try? search.run(on: market, agents: students) {
          return report.manipulableAgents.count
        }
        search.accelerator = nil
      }
      // The engine's mechanisms do not throw on a valid market.
      return try! search.run(on: market, agents: students).manipulableAgents.count
    }
    // The built-in DA, Boston and TTC through their warm starts; every other catalogue entry
    // (the designs, a user's registered mechanism) by full reruns.
    switch self {
    case .da: return count(DeferredAcceptance(), accelerator: DeferredAcceptanceWarmStart())
    case .boston: return count(ImmediateAcceptance(), accelerator: ImmediateAcceptanceWarmStart())
    case .ttc: return count(SchoolChoiceTopTradingCycles(), accelerator: TopTradingCyclesWarmStart())
    default: return count(mechanism(orderSeed: orderSeed))
    }
  }
}

/// A simulation that cannot run or a shard that cannot be merged.
public enum SimulationError: Error, Sendable, Equatable, CustomStringConvertible {
  case unknownMechanism(String)
  case invalidOption(String)
  case incompatibleShards(String)
  case badShard(file: String, message: String)
  /// A shard whose content is wrong: the error names the file, the line and character, and
  /// the field.
  case invalidShard(InputError)

  public var description: String {
    switch self {
    case .unknownMechanism(let name):
      "unknown mechanism '\(name)'; expected one of "
        + SimulatedMechanism.allCases.map(\.rawValue).joined(separator: ", ")
    case .invalidOption(let message): message
    case .incompatibleShards(let message): "shards do not fit together: \(message)"
    case .badShard(let file, let message): "\(file): \(message)"
    case .invalidShard(let error): error.description
    }
  }
}
