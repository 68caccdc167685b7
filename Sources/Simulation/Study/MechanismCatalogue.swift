import Foundation
import MatchingCheckers
import MatchingCore
import Mechanisms

/// What a catalogue entry may read besides the market: a seed, the `:E` parameter of a
/// spelled name, and the per-design data a district supplies (consent, student types,
/// reserves, quotas). A simulation gives only the seed and parameter; the rest keep their
/// defaults (everyone consents, nobody is a minority, no reserve, no quota).
public struct MechanismContext: Sendable, Hashable {
  /// Seeds random orders (random serial dictatorship).
  public var seed: UInt64
  /// The parameter spelled after the name (`chinese-parallel:2`), or `nil`.
  public var parameter: Int?
  /// The parameter to use when the name spells none (`--parallel-e`).
  public var defaultParameter: Int?
  /// Per student, whether she consents to waive priority (EADAM); `nil`: everyone.
  public var consent: [Bool]?
  /// Per student, minority or not (reserves and quotas).
  public var isMinority: [Bool]
  /// Per school, seats reserved for minority students.
  public var reserves: [Int]
  /// Per school, the cap on majority students (`nil`: none).
  public var majorityQuotas: [Int?]

  public init(
    seed: UInt64 = 0, parameter: Int? = nil, defaultParameter: Int? = nil, consent: [Bool]? = nil,
    isMinority: [Bool] = [], reserves: [Int] = [], majorityQuotas: [Int?] = []
  ) {
    self.seed = seed
    self.parameter = parameter
    self.defaultParameter = defaultParameter
    self.consent = consent
    self.isMinority = isMinority
    self.reserves = reserves
    self.majorityQuotas = majorityQuotas
  }
}

/// One mechanism of the catalogue: its name, how to build it, how to describe it.
///
/// ```swift
/// MechanismCatalogue.register(CatalogueEntry(name: "my-da", label: "My DA") { _ in MyDA() })
/// try SimulatedMechanism.parseList("da,my-da")   // simulate, audit and check now take it
/// ```
public struct CatalogueEntry: Sendable {
  /// The name users type (`da`, `eadam`, `chinese-parallel`).
  public let name: String
  /// A label for tables and charts.
  public let label: String
  /// The parameter the name takes after a colon (`chinese-parallel:E`), with an example
  /// value for listings; `nil` for none.
  public let parameter: (name: String, example: Int)?
  let build: @Sendable (MechanismContext) throws(CatalogueError) -> any SchoolChoiceMechanism

  /// Creates an entry.
  ///
  /// - Parameters:
  ///   - name: the name users type; letters, digits and `-` (no comma or colon).
  ///   - label: a label for tables and charts.
  ///   - parameter: the integer parameter spelled `name:E`, if the mechanism takes one.
  ///   - make: builds the mechanism for a context; throws when the context lacks something
  ///     the mechanism needs (a parameter).
  public init<M: MatchingMechanism>(
    name: String, label: String, parameter: (name: String, example: Int)? = nil,
    make: @escaping @Sendable (MechanismContext) throws(CatalogueError) -> M
  ) where M.Market == SchoolChoiceMarket, M.Outcome == Matching {
    precondition(!name.isEmpty && !name.contains(",") && !name.contains(":"), "a mechanism name has no comma or colon")
    self.name = name
    self.label = label
    self.parameter = parameter
    self.build = { context throws(CatalogueError) in try make(context) }
  }

  /// The mechanism for `context`.
  ///
  /// - Throws: ``CatalogueError`` when the context lacks what the mechanism needs.
  public func mechanism(_ context: MechanismContext) throws(CatalogueError) -> any SchoolChoiceMechanism {
    try build(context)
  }
}

/// Why a catalogue entry cannot build its mechanism.
public enum CatalogueError: Error, Sendable, Hashable, CustomStringConvertible {
  case missingParameter(mechanism: String, parameter: String)
  case invalidParameter(mechanism: String, message: String)

  public var description: String {
    switch self {
    case .missingParameter(let m, let p): "mechanism '\(m)' needs its parameter \(p): write \(m):\(p) (or give --parallel-e)"
    case .invalidParameter(let m, let message): "mechanism '\(m)': \(message)"
    }
  }
}

/// The registry of school-choice mechanisms that `match`, `check`, `audit`, `simulate` and
/// `bench` read: the engine's own mechanisms, and any a library user registers.
///
/// ```swift
/// struct Lottery: MatchingMechanism { ... }   // any SchoolChoiceMechanism
/// MechanismCatalogue.register(CatalogueEntry(name: "lottery", label: "Lottery") { _ in Lottery() })
/// let study = SimulationStudy(model: model, mechanisms: try SimulatedMechanism.parseList("da,lottery"),
///                             seed: 1, runCount: 100)
/// ```
///
/// Registration is thread-safe; a name registered again replaces the earlier entry (in its
/// place in the order).
public enum MechanismCatalogue {
  final class Storage: @unchecked Sendable {
    let lock = NSLock()
    var entries: [CatalogueEntry] = MechanismCatalogue.builtIn
  }
  static let storage = Storage()

  /// Adds `entry`, or replaces the entry of the same name.
  public static func register(_ entry: CatalogueEntry) {
    storage.lock.lock()
    defer { storage.lock.unlock() }
    if let k = storage.entries.firstIndex(where: { $0.name == entry.name }) {
      storage.entries[k] = entry
    } else {
      storage.entries.append(entry)
    }
  }

  /// Every entry, built-in ones first, then in order of registration.
  public static var entries: [CatalogueEntry] {
    storage.lock.lock()
    defer { storage.lock.unlock() }
    return storage.entries
  }

  /// The entry named `name`, or `nil`.
  public static func entry(named name: String) -> CatalogueEntry? {
    entries.first { $0.name == name }
  }

  /// Names as users spell them in a help text (`chinese-parallel:E`).
  public static var spelledNames: [String] {
    entries.map { e in e.parameter.map { "\(e.name):\($0.name)" } ?? e.name }
  }

  /// The engine's mechanisms.
  static let builtIn: [CatalogueEntry] = [
    CatalogueEntry(name: "da", label: "DA (student-proposing)") { _ in DeferredAcceptance() },
    CatalogueEntry(name: "da-schools", label: "DA (school-proposing)") { _ in DeferredAcceptance(proposing: .schools) },
    CatalogueEntry(name: "boston", label: "Boston") { _ in ImmediateAcceptance() },
    CatalogueEntry(name: "ttc", label: "TTC") { _ in SchoolChoiceTopTradingCycles() },
    CatalogueEntry(name: "sd", label: "Serial dictatorship") { _ in SerialDictatorship(order: .inputOrder) },
    CatalogueEntry(name: "rsd", label: "Random serial dictatorship") { c in SerialDictatorship(order: .random(seed: c.seed)) },
    CatalogueEntry(name: "eadam", label: "EADAM") { c in EfficiencyAdjustedDeferredAcceptance(consent: c.consent) },
    CatalogueEntry(name: "sic", label: "DA + stable improvement cycles") { _ in StableImprovementCycles() },
    CatalogueEntry(name: "chinese-parallel", label: "Chinese parallel", parameter: ("E", 2)) { c throws(CatalogueError) in
      guard let e = c.parameter ?? c.defaultParameter else {
        throw .missingParameter(mechanism: "chinese-parallel", parameter: "E")
      }
      guard e >= 1 else { throw .invalidParameter(mechanism: "chinese-parallel", message: "E must be at least 1, got \(e)") }
      return ChineseParallel(choicesPerRound: e)
    },
    CatalogueEntry(name: "da-reserves", label: "DA with minority reserves") { c in
      DeferredAcceptanceWithReserves(isMinority: c.isMinority, reserves: c.reserves)
    },
    CatalogueEntry(name: "da-quotas", label: "DA with majority quotas") { c in
      DeferredAcceptanceWithQuotas(isMinority: c.isMinority, majorityQuotas: c.majorityQuotas)
    },
    // The stable matchings a designer may select instead of the student-optimal one (the
    // rotation poset; `matchmarket stable` writes them with their costs).
    CatalogueEntry(name: "egalitarian", label: "Egalitarian stable") { _ in OptimalStableMatching(.egalitarian) },
    CatalogueEntry(name: "minimum-regret", label: "Minimum-regret stable") { _ in OptimalStableMatching(.minimumRegret) },
    CatalogueEntry(name: "median-stable", label: "Median stable") { _ in OptimalStableMatching(.median) },
  ]
}
