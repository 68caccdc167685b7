import MatchingCore

/// Which random pool model to draw from: ``SaidmanGenerator``, ``HeterogeneousGenerator`` or
/// ``SparseGenerator``.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// KidneyPoolModel.sparse.generate(pairs: 100, using: &rng).pairCount   // 100
/// ```
public enum KidneyPoolModel: String, Sendable, Hashable, CaseIterable {
  case saidman, heterogeneous, sparse

  /// The default altruist share of the model: 0.05 for Saidman (as gen_kep.py), 0.15 for the
  /// others (as KidneyExchange.jl's benchmarks).
  public var defaultAltruistFraction: Double { self == .saidman ? 0.05 : 0.15 }

  /// A random pool of `pairs` pairs and `altruists` altruists (default: the model's share).
  public func generate(
    pairs: Int, altruists: Int? = nil, weights: SaidmanGenerator.Weights = .unit, using rng: inout SeededGenerator
  ) -> KidneyPool {
    let a = altruists ?? SaidmanGenerator.altruists(pairs: pairs, fraction: defaultAltruistFraction)
    switch self {
    case .saidman: return SaidmanGenerator(pairs: pairs, altruists: a, weights: weights).generate(using: &rng)
    case .heterogeneous: return HeterogeneousGenerator(pairs: pairs, altruists: a, weights: weights).generate(using: &rng)
    case .sparse: return SparseGenerator(pairs: pairs, altruists: a, weights: weights).generate(using: &rng)
    }
  }
}
