import MatchingCore

/// A seeded random kidney-exchange pool in the model of Saidman et al. (2006), with the
/// parameters of the CMU generator behind the PrefLib kidney data.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let pool = SaidmanGenerator(pairs: 256).generate(using: &rng)
/// (pool.pairCount, pool.altruistCount)   // (256, 13)
/// ```
///
/// **Model** (Saidman, Roth, Sönmez, Ünver and Delmonico, "Increasing the opportunity of live
/// kidney donation by matching for two- and three-way exchanges", Transplantation 81(5), 2006):
///
/// * every patient's and donor's blood type independently: O 0.4814, A 0.3373, B 0.1428,
///   AB 0.0385 (the rest);
/// * the patient is female with probability 0.4090 and her donor is her spouse with
///   probability 0.4897 (a *wife patient*: both);
/// * the patient's PRA band is low (probability 0.7019), medium (0.2) or high (the rest), with
///   probability 0.05, 0.45 or 0.90 of a positive crossmatch against a given donor;
/// * a wife patient's crossmatch probability *pc* becomes 1 − 0.75 (1 − *pc*) (she may be
///   sensitised by pregnancies); with ``SpouseScope/all`` (the default, as the CMU generator
///   and PrefLib) this value is used for every crossmatch of hers, with ``SpouseScope/own``
///   only against her own husband;
/// * a drawn pair enters the pool only if it is incompatible: ABO-incompatible, or a positive
///   crossmatch with its own donor; draws continue until there are `pairCount` pairs;
/// * altruists (non-directed donors) draw a blood type from the same distribution;
/// * an arc *u* → *v* (*u* ≠ *v*; *u* a pair's donor or an altruist, *v* a pair) exists iff the
///   donor is ABO-compatible with *v*'s patient and a fresh crossmatch draw is negative
///   (probability 1 − *pc*(*v*)); its weight is 1, or a uniform integer in 1...10.
///
/// This is the model of `gen_kep.py` (`/work/shared/bench`), draw for draw in the same order,
/// but driven by ``SeededGenerator`` rather than Python's `random`: the same seed gives a
/// different pool from gen_kep.py's (with the same distribution), and the same pool on every
/// machine. Pairs are named "1"..."n" and altruists "n+1"..."n+a", as gen_kep.py names them;
/// a pair's ``KidneyPool/Pair/patientCPRA`` is its crossmatch probability in percent (rounded
/// to 4 decimals, as gen_kep.py writes it).
///
/// - Complexity: O(*n* / *q* + (*n* + *a*) *n*) random draws for *n* pairs, *a* altruists and
///   *q* the probability that a drawn pair is incompatible (about 0.6); O(*E* log *d*) to build
///   the pool from its *E* arcs.
public struct SaidmanGenerator: Sendable, Hashable {
  /// Which crossmatches of a wife patient use her raised crossmatch probability.
  public enum SpouseScope: String, Sendable, Hashable, CaseIterable {
    /// Every crossmatch (CMU generator, PrefLib, gen_kep.py's default).
    case all
    /// Only the one against her own husband; other donors see her band's probability.
    case own
  }

  /// Arc weights.
  public enum Weights: String, Sendable, Hashable, CaseIterable {
    /// Every arc weighs 1.
    case unit
    /// A uniform integer in 1...10 per arc.
    case random
  }

  /// A patient's PRA band.
  public enum PRABand: String, Sendable, Hashable, CaseIterable {
    case low, medium, high

    /// The probability of a positive crossmatch against a given donor (before the spouse
    /// effect).
    public var crossmatchProbability: Double {
      switch self {
      case .low: 0.05
      case .medium: 0.45
      case .high: 0.90
      }
    }
  }

  /// Why a drawn pair's donor cannot give to its own patient.
  public enum Incompatibility: Sendable, Hashable {
    /// The donor's blood type is not ABO-compatible with the patient's (no crossmatch drawn).
    case bloodType
    /// ABO-compatible, but the crossmatch with the own donor came out positive.
    case positiveCrossmatch
  }

  /// One draw of a patient and her donor, before the incompatibility filter.
  public struct DrawnPair: Sendable, Hashable {
    public var patientBloodType: BloodType
    public var donorBloodType: BloodType
    /// Female patient whose donor is her spouse.
    public var isWifePatient: Bool
    public var band: PRABand
    /// The crossmatch probability against her own donor (spouse effect included).
    public var ownCrossmatchProbability: Double
    /// The crossmatch probability against every other donor in the pool.
    public var poolCrossmatchProbability: Double
    /// Why the pair is incompatible, or `nil` when it is compatible (and does not enter).
    public var incompatibility: Incompatibility?
  }

  /// A generated pool with the draws behind it.
  public struct Result: Sendable, Hashable {
    public var pool: KidneyPool
    /// The pool's pairs as drawn (index = pair index in ``pool``).
    public var pairs: [DrawnPair]
    /// Pairs drawn in all, compatible ones (which do not enter) included.
    public var drawCount: Int
  }

  /// Blood-type probabilities of O, A and B (AB is the rest).
  public static let bloodTypeProbabilities: (o: Double, a: Double, b: Double) = (0.4814, 0.3373, 0.1428)
  public static let femaleProbability = 0.4090
  public static let spouseProbability = 0.4897
  /// Probabilities of the low and medium PRA bands (high is the rest).
  public static let bandProbabilities: (low: Double, medium: Double) = (0.7019, 0.2)
  /// A wife patient keeps this share of her probability of a negative crossmatch.
  public static let spouseNegativeShare = 0.75

  /// Incompatible pairs in the pool.
  public var pairCount: Int
  /// Altruists in the pool.
  public var altruistCount: Int
  public var weights: Weights
  public var spouseScope: SpouseScope

  /// A model of `pairs` pairs and `altruists` altruists (default round(0.05 · `pairs`), as
  /// gen_kep.py).
  ///
  /// - Precondition: `pairs >= 0`, `altruists >= 0`.
  public init(pairs: Int, altruists: Int? = nil, weights: Weights = .unit, spouseScope: SpouseScope = .all) {
    let a = altruists ?? Self.altruists(pairs: pairs, fraction: 0.05)
    precondition(pairs >= 0 && a >= 0, "counts must be non-negative")
    pairCount = pairs
    altruistCount = a
    self.weights = weights
    self.spouseScope = spouseScope
  }

  /// round(`fraction` · `pairs`), halves to even as Python's `round` in gen_kep.py
  /// (0.05 · 10 = 0.5 gives 0; 0.05 · 256 = 12.8 gives 13).
  public static func altruists(pairs: Int, fraction: Double) -> Int {
    precondition(fraction.isFinite && fraction >= 0, "the altruist fraction must be a non-negative number")
    return Int((fraction * Double(pairs)).rounded(.toNearestOrEven))
  }

  /// A blood type from the model's distribution (one uniform draw).
  public static func drawBloodType(using rng: inout SeededGenerator) -> BloodType {
    let u = rng.unitDouble()
    let p = bloodTypeProbabilities
    if u < p.o { return .o }
    if u < p.o + p.a { return .a }
    if u < p.o + p.a + p.b { return .b }
    return .ab
  }

  /// One patient and donor drawn from the model, compatible or not: patient and donor blood
  /// types, sex and spouse, PRA band, then (only if ABO-compatible) the own crossmatch.
  public func drawPair(using rng: inout SeededGenerator) -> DrawnPair {
    let patient = Self.drawBloodType(using: &rng)
    let donor = Self.drawBloodType(using: &rng)
    let wife = rng.unitDouble() < Self.femaleProbability && rng.unitDouble() < Self.spouseProbability
    let u = rng.unitDouble()
    let band: PRABand =
      u < Self.bandProbabilities.low ? .low
      : u < Self.bandProbabilities.low + Self.bandProbabilities.medium ? .medium : .high
    let base = band.crossmatchProbability
    let own = wife ? 1 - Self.spouseNegativeShare * (1 - base) : base
    let incompatibility: Incompatibility?
    if !donor.canDonate(to: patient) {
      incompatibility = .bloodType
    } else {
      incompatibility = rng.unitDouble() < own ? .positiveCrossmatch : nil
    }
    return DrawnPair(
      patientBloodType: patient, donorBloodType: donor, isWifePatient: wife, band: band,
      ownCrossmatchProbability: own, poolCrossmatchProbability: spouseScope == .all ? own : base,
      incompatibility: incompatibility)
  }

  /// A random pool.
  ///
  /// - Parameter rng: the generator; the pool depends only on its state and this model.
  /// - Returns: a pool of ``pairCount`` incompatible pairs and ``altruistCount`` altruists.
  public func generate(using rng: inout SeededGenerator) -> KidneyPool {
    generateWithDraws(using: &rng).pool
  }

  /// A random pool with the draws behind it (blood types, bands, why each pair is
  /// incompatible). ``generate(using:)`` gives the same pool for the same generator state.
  public func generateWithDraws(using rng: inout SeededGenerator) -> Result {
    let n = pairCount
    var drawn: [DrawnPair] = []
    drawn.reserveCapacity(n)
    var draws = 0
    while drawn.count < n {
      draws += 1
      let pair = drawPair(using: &rng)
      if pair.incompatibility != nil { drawn.append(pair) }
    }
    let altruistTypes = (0..<altruistCount).map { _ in Self.drawBloodType(using: &rng) }

    let patientType = drawn.map(\.patientBloodType)
    let pc = drawn.map(\.poolCrossmatchProbability)
    var arcs: [KidneyPool.Arc] = []
    arcs.reserveCapacity(n * n / 4)
    let randomWeights = weights == .random
    func addArcs(from donor: KidneyPool.Donor, bloodType: BloodType, skipping own: Int) {
      for j in 0..<n where j != own {
        if bloodType.canDonate(to: patientType[j]) && !(rng.unitDouble() < pc[j]) {
          let w = randomWeights ? Double(1 + rng.uniform(below: 10)) : 1
          arcs.append(KidneyPool.Arc(donor: donor, recipient: j, weight: w))
        }
      }
    }
    for i in 0..<n { addArcs(from: .pair(i), bloodType: drawn[i].donorBloodType, skipping: i) }
    for (a, t) in altruistTypes.enumerated() { addArcs(from: .altruist(a), bloodType: t, skipping: -1) }

    let pairs = drawn.enumerated().map { i, p in
      KidneyPool.Pair(
        id: String(i + 1), donorBloodType: p.donorBloodType, patientBloodType: p.patientBloodType,
        patientCPRA: (p.poolCrossmatchProbability * 100 * 10_000).rounded() / 10_000)
    }
    let altruists = altruistTypes.enumerated().map { a, t in KidneyPool.Altruist(id: String(n + a + 1), bloodType: t) }
    let pool: KidneyPool
    do {
      pool = try KidneyPool(pairs: pairs, altruists: altruists, arcs: arcs)
    } catch {
      preconditionFailure("the Saidman generator built an invalid pool: \(error)")
    }
    return Result(pool: pool, pairs: drawn, drawCount: draws)
  }
}
