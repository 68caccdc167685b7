/// One quantity a kidney-exchange plan can maximise.
///
/// ```swift
/// KidneyCriterion("two-way")   // .twoWayExchanges
/// ```
public enum KidneyCriterion: String, Sendable, Hashable, CaseIterable {
  /// Transplants to pair patients (a chain's final donation to the waiting list is not counted).
  case transplants
  /// Total arc weight of the planned transplants.
  case weight
  /// Number of two-way exchanges (2-cycles); more of them makes a plan more robust.
  case twoWayExchanges = "two-way"
  /// Back-arcs in three-way exchanges: for a 3-cycle a→b→c→a, each of b→a, c→b, a→c that
  /// exists (0 to 3 per cycle), as in the UK scheme; chains have none.
  case backArcs = "back-arcs"
  /// Expected transplants when arcs fail independently with their success probabilities:
  /// a cycle of *k* pairs yields *k* only if every arc succeeds; a chain proceeds until its
  /// first failure (Dickerson, Procaccia and Sandholm 2013).
  case expectedTransplants = "expected"

  /// Parses a criterion name (`transplants`, `weight`, `two-way`, `back-arcs`, `expected`).
  public init?(_ text: String) {
    switch text.lowercased() {
    case "transplants": self = .transplants
    case "weight": self = .weight
    case "two-way", "twoway", "two-way-exchanges": self = .twoWayExchanges
    case "back-arcs", "backarcs": self = .backArcs
    case "expected", "expected-transplants": self = .expectedTransplants
    default: return nil
    }
  }
}

/// What a kidney-exchange plan maximises: one criterion, or several in order of priority.
///
/// ```swift
/// let uk = KidneyObjective.ukScheme
/// uk.criteria   // [.transplants, .twoWayExchanges, .backArcs, .weight]
/// ```
///
/// A hierarchical objective is solved level by level: each level maximises its criterion
/// subject to every earlier criterion keeping the value found for it (Manlove and O'Malley
/// 2014), so an earlier level is never worse than solving it alone.
public enum KidneyObjective: Sendable, Hashable, CustomStringConvertible {
  /// Maximum transplants to pair patients (the default).
  case transplants
  /// Maximum total weight.
  case weight
  /// Maximum expected transplants under arc failures.
  case expectedTransplants
  /// Lexicographic: the first criterion, then the second among plans optimal for the first, ...
  case hierarchical([KidneyCriterion])

  /// The UK scheme's order: transplants, then two-way exchanges, then back-arcs, then weight.
  public static let ukScheme = KidneyObjective.hierarchical([.transplants, .twoWayExchanges, .backArcs, .weight])

  /// The criteria in order of priority.
  public var criteria: [KidneyCriterion] {
    switch self {
    case .transplants: [.transplants]
    case .weight: [.weight]
    case .expectedTransplants: [.expectedTransplants]
    case .hierarchical(let list): list
    }
  }

  /// Parses `transplants`, `weight`, `expected`, `uk`, or `hierarchical:c1,c2,...`.
  public init?(_ text: String) {
    switch text.lowercased() {
    case "transplants": self = .transplants
    case "weight": self = .weight
    case "expected", "expected-transplants": self = .expectedTransplants
    case "uk", "hierarchical:uk": self = .ukScheme
    default:
      let t = text.lowercased()
      guard t.hasPrefix("hierarchical:") else { return nil }
      let names = t.dropFirst("hierarchical:".count).split(separator: ",").map { $0.trimmed() }
      var list: [KidneyCriterion] = []
      for n in names {
        guard let c = KidneyCriterion(n), !list.contains(c) else { return nil }
        list.append(c)
      }
      guard !list.isEmpty else { return nil }
      self = .hierarchical(list)
    }
  }

  public var description: String {
    switch self {
    case .transplants: "transplants"
    case .weight: "weight"
    case .expectedTransplants: "expected"
    case .hierarchical(let list): "hierarchical:" + list.map(\.rawValue).joined(separator: ",")
    }
  }
}
