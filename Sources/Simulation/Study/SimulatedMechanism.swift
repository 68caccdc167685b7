import MatchingCheckers
import MatchingCore
import MatchingIO
import Mechanisms

/// A mechanism a simulation can compare, by its command-line name.
///
/// ```swift
/// let mechanisms = try SimulatedMechanism.parseList("da,boston,ttc")
/// mechanisms.map(\.rawValue)   // ["da", "boston", "ttc"]
/// ```
public enum SimulatedMechanism: String, Sendable, Hashable, Codable, CaseIterable {
  /// Student-proposing deferred acceptance.
  case da
  /// School-proposing deferred acceptance.
  case daSchools = "da-schools"
  /// The Boston mechanism (immediate acceptance).
  case boston
  /// School-choice top trading cycles.
  case ttc
  /// Serial dictatorship in input order.
  case sd
  /// Random serial dictatorship, with an order drawn from the run's stream.
  case rsd

  /// A human-readable label for tables and charts.
  public var label: String {
    switch self {
    case .da: "DA (student-proposing)"
    case .daSchools: "DA (school-proposing)"
    case .boston: "Boston"
    case .ttc: "TTC"
    case .sd: "Serial dictatorship"
    case .rsd: "Random serial dictatorship"
    }
  }

  /// Parses a comma-separated list of names (`da,boston,ttc`), keeping the order given.
  ///
  /// - Throws: ``SimulationError/unknownMechanism(_:)`` for a name not in ``allCases``, and
  ///   ``SimulationError/invalidOption(_:)`` for an empty list or a repeated name.
  public static func parseList(_ text: String) throws(SimulationError) -> [SimulatedMechanism] {
    var result: [SimulatedMechanism] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let name = part.trimmed(" ")
      guard let mechanism = SimulatedMechanism(rawValue: name) else {
        throw .unknownMechanism(name)
      }
      guard !result.contains(mechanism) else {
        throw .invalidOption("mechanism '\(name)' is listed twice")
      }
      result.append(mechanism)
    }
    guard !result.isEmpty else { throw .invalidOption("no mechanism given") }
    return result
  }

  /// Runs the mechanism; `orderSeed` seeds random serial dictatorship.
  public func match(_ market: SchoolChoiceMarket, orderSeed: UInt64) -> Matching {
    switch self {
    case .da: DeferredAcceptance().match(market)
    case .daSchools: DeferredAcceptance(proposing: .schools).match(market)
    case .boston: ImmediateAcceptance().match(market)
    case .ttc: SchoolChoiceTopTradingCycles().match(market)
    case .sd: SerialDictatorship(order: .inputOrder).match(market)
    case .rsd: SerialDictatorship(order: .random(seed: orderSeed)).match(market)
    }
  }

  /// The mechanism as a value of the matching protocol (for checkers and the audit);
  /// `orderSeed` seeds random serial dictatorship.
  public func mechanism(orderSeed: UInt64) -> any SchoolChoiceMechanism {
    switch self {
    case .da: DeferredAcceptance()
    case .daSchools: DeferredAcceptance(proposing: .schools)
    case .boston: ImmediateAcceptance()
    case .ttc: SchoolChoiceTopTradingCycles()
    case .sd: SerialDictatorship(order: .inputOrder)
    case .rsd: SerialDictatorship(order: .random(seed: orderSeed))
    }
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
    switch self {
    case .da: return count(DeferredAcceptance(), accelerator: DeferredAcceptanceWarmStart())
    case .daSchools: return count(DeferredAcceptance(proposing: .schools))
    case .boston: return count(ImmediateAcceptance(), accelerator: ImmediateAcceptanceWarmStart())
    case .ttc: return count(SchoolChoiceTopTradingCycles(), accelerator: TopTradingCyclesWarmStart())
    case .sd: return count(SerialDictatorship(order: .inputOrder))
    case .rsd: return count(SerialDictatorship(order: .random(seed: orderSeed)))
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
