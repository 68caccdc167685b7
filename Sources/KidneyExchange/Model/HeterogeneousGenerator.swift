import MatchingCore

/// A seeded random kidney-exchange pool in the heterogeneous model of Ashlagi, Jaillet and
/// Manshadi, as KidneyExchange.jl generates it: easy-to-match pairs with dense incoming arcs and
/// highly sensitised pairs that almost nobody can give to.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let pool = HeterogeneousGenerator(pairs: 200).generate(using: &rng)
/// (pool.pairCount, pool.altruistCount)   // (200, 30)
/// ```
///
/// **Model** (Ashlagi, Jaillet and Manshadi, "Kidney exchange in dynamic sparse heterogeneous
/// pools", EC 2013; the parameters of `generate_heterogeneous_kep_graph` in KidneyExchange.jl,
/// Omer, Riazanov and Rodrigues, after J. P. Dickerson's Java generator):
///
/// * the first round(``easyFraction`` · *n*) pairs are *easy to match*: the probability of a
///   positive crossmatch against any given donor is ``easyCrossmatchProbability`` = 0.5;
/// * the other pairs are *highly sensitised*: that probability is 1 − 1/*n*, so a highly
///   sensitised patient receives about one arc in all (Ashlagi's constant/|V| density);
/// * blood types play no part (every donor and patient is O); there is no own-donor draw
///   (every pair is assumed incompatible);
/// * an arc *u* → *v* (*u* a pair's donor other than *v*'s, or an altruist) exists with
///   probability 1 − *pc*(*v*), independently; its weight is 1 or a uniform integer in 1...10.
///
/// The expected arc density into an easy patient is therefore 0.5 and into a highly sensitised
/// one 1/*n*. KidneyExchange.jl's loop marks pairs `1 ..< round(f n)` easy (one fewer than
/// round(*f n*)); this generator makes exactly round(*f n*) pairs easy. Its benchmark uses
/// round(0.15 *n*) altruists, the default here.
///
/// - Complexity: O((*n* + *a*) *n*) random draws for *n* pairs and *a* altruists, and
///   O(*E* log *d*) to build the pool from its *E* arcs.
public struct HeterogeneousGenerator: Sendable, Hashable {
  /// The probability of a positive crossmatch for an easy-to-match patient.
  public static let easyCrossmatchProbability = 0.5

  /// Incompatible pairs in the pool.
  public var pairCount: Int
  /// Altruists in the pool.
  public var altruistCount: Int
  /// The share of easy-to-match pairs, in [0, 1].
  public var easyFraction: Double
  public var weights: SaidmanGenerator.Weights

  /// A model of `pairs` pairs and `altruists` altruists (default round(0.15 · `pairs`), as
  /// KidneyExchange.jl's benchmark), a share `easyFraction` of them easy to match.
  ///
  /// - Precondition: `pairs >= 0`, `altruists >= 0`, `easyFraction` in [0, 1].
  public init(pairs: Int, altruists: Int? = nil, easyFraction: Double = 0.5, weights: SaidmanGenerator.Weights = .unit) {
    let a = altruists ?? SaidmanGenerator.altruists(pairs: pairs, fraction: 0.15)
    precondition(pairs >= 0 && a >= 0, "counts must be non-negative")
    precondition(easyFraction.isFinite && (0...1).contains(easyFraction), "the easy fraction must lie in [0, 1]")
    pairCount = pairs
    altruistCount = a
    self.easyFraction = easyFraction
    self.weights = weights
  }

  /// Easy-to-match pairs: round(``easyFraction`` · ``pairCount``), the pairs `0..<easyCount`.
  public var easyCount: Int { Int((easyFraction * Double(pairCount)).rounded(.toNearestOrEven)) }

  /// The probability of a positive crossmatch for a highly sensitised patient: 1 − 1/*n*.
  public var hardCrossmatchProbability: Double { pairCount > 0 ? 1 - 1 / Double(pairCount) : 1 }

  /// The crossmatch probability of pair `i`'s patient.
  public func crossmatchProbability(ofPair i: Int) -> Double {
    i < easyCount ? Self.easyCrossmatchProbability : hardCrossmatchProbability
  }

  /// A random pool.
  ///
  /// - Parameter rng: the generator; the pool depends only on its state and this model.
  /// - Returns: a pool of ``pairCount`` pairs (blood type O, ``KidneyPool/Pair/patientCPRA``
  ///   the crossmatch probability in percent) and ``altruistCount`` altruists.
  public func generate(using rng: inout SeededGenerator) -> KidneyPool {
    let n = pairCount
    let pc = (0..<n).map { crossmatchProbability(ofPair: $0) }
    var arcs: [KidneyPool.Arc] = []
    arcs.reserveCapacity(n * n / 4 + altruistCount * n / 4)
    let randomWeights = weights == .random
    func addArcs(from donor: KidneyPool.Donor, skipping own: Int) {
      for j in 0..<n where j != own && !(rng.unitDouble() < pc[j]) {
        let w = randomWeights ? Double(1 + rng.uniform(below: 10)) : 1
        arcs.append(KidneyPool.Arc(donor: donor, recipient: j, weight: w))
      }
    }
    for i in 0..<n { addArcs(from: .pair(i), skipping: i) }
    for a in 0..<altruistCount { addArcs(from: .altruist(a), skipping: -1) }
    let pairs = (0..<n).map { i in
      KidneyPool.Pair(
        id: String(i + 1), donorBloodType: .o, patientBloodType: .o,
        patientCPRA: (pc[i] * 100 * 10_000).rounded() / 10_000)
    }
    let altruists = (0..<altruistCount).map { KidneyPool.Altruist(id: String(n + $0 + 1), bloodType: .o) }
    do {
      return try KidneyPool(pairs: pairs, altruists: altruists, arcs: arcs)
    } catch {
      preconditionFailure("the heterogeneous generator built an invalid pool: \(error)")
    }
  }
}
