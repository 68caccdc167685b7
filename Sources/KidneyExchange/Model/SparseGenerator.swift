import MatchingCore

/// A seeded random kidney-exchange pool in the sparse, UNOS-like variant of the Saidman model
/// (Dickerson, Procaccia and Sandholm), as KidneyExchange.jl generates it: many highly
/// sensitised patients, so few arcs.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let pool = SparseGenerator(pairs: 200).generate(using: &rng)
/// (pool.pairCount, pool.altruistCount)   // (200, 30)
/// ```
///
/// **Model**: the Saidman model (see ``SaidmanGenerator``) with the probabilities that
/// J. P. Dickerson fitted, very roughly, to the UNOS pool of 15 April 2013 (KPD Work Group
/// Data Analysis, CMR report, June 2013; Dickerson, Procaccia and Sandholm, "Optimizing kidney
/// exchange with transplant chains: theory and reality", AAMAS 2012), as in
/// `SparseUNOSSaidmanPoolGenerator` of KidneyExchange.jl:
///
/// * patient blood type: O 0.651, A 0.200, B 0.124, AB the rest (0.025);
/// * donor (and altruist) blood type: O 0.345, A 0.459, B 0.197; these sum to 1.001, so (as in
///   the source) a donor is never AB;
/// * the patient is female with probability 0.4090 and her donor is her spouse with
///   probability 0.4897;
/// * PRA band low 0.216, medium 0.16, high the rest (0.624), with probability 0.50, 0.80 or
///   0.98 of a positive crossmatch against a given donor; a wife patient's probability *pc*
///   becomes 1 − 0.75 (1 − *pc*), for every donor;
/// * a drawn pair enters only if incompatible (ABO-incompatible or a positive own crossmatch);
/// * an arc *u* → *v* exists iff ABO-compatible and a fresh crossmatch is negative
///   (probability 1 − *pc*(*v*)); its weight is 1 or a uniform integer in 1...10.
///
/// KidneyExchange.jl's sparse benchmark uses round(0.15 *n*) altruists, the default here.
///
/// - Complexity: O(*n* / *q* + (*n* + *a*) *n*) random draws for *n* pairs, *a* altruists and
///   *q* the probability that a drawn pair is incompatible; O(*E* log *d*) to build the pool.
public struct SparseGenerator: Sendable, Hashable {
  /// Patient blood-type probabilities of O, A and B (AB is the rest).
  public static let patientBloodTypeProbabilities: (o: Double, a: Double, b: Double) = (0.651, 0.200, 0.124)
  /// Donor blood-type probabilities of O, A and B (they leave nothing for AB).
  public static let donorBloodTypeProbabilities: (o: Double, a: Double, b: Double) = (0.345, 0.459, 0.197)
  public static let femaleProbability = 0.4090
  public static let spouseProbability = 0.4897
  /// Probabilities of the low and medium PRA bands (high is the rest).
  public static let bandProbabilities: (low: Double, medium: Double) = (0.216, 0.16)
  /// Positive-crossmatch probabilities of the low, medium and high bands.
  public static let bandCrossmatchProbabilities: (low: Double, medium: Double, high: Double) = (0.50, 0.80, 0.98)
  /// A wife patient keeps this share of her probability of a negative crossmatch.
  public static let spouseNegativeShare = 0.75

  /// Incompatible pairs in the pool.
  public var pairCount: Int
  /// Altruists in the pool.
  public var altruistCount: Int
  public var weights: SaidmanGenerator.Weights

  /// A model of `pairs` pairs and `altruists` altruists (default round(0.15 · `pairs`)).
  ///
  /// - Precondition: `pairs >= 0`, `altruists >= 0`.
  public init(pairs: Int, altruists: Int? = nil, weights: SaidmanGenerator.Weights = .unit) {
    let a = altruists ?? SaidmanGenerator.altruists(pairs: pairs, fraction: 0.15)
    precondition(pairs >= 0 && a >= 0, "counts must be non-negative")
    pairCount = pairs
    altruistCount = a
    self.weights = weights
  }

  static func draw(_ p: (o: Double, a: Double, b: Double), _ u: Double) -> BloodType {
    if u < p.o { return .o }
    if u < p.o + p.a { return .a }
    if u < p.o + p.a + p.b { return .b }
    return .ab
  }

  /// One drawn pair: patient and donor blood types, the crossmatch probability, and whether
  /// the pair is incompatible (and enters the pool).
  public func drawPair(using rng: inout SeededGenerator) -> (patient: BloodType, donor: BloodType, crossmatchProbability: Double, isIncompatible: Bool) {
    let patient = Self.draw(Self.patientBloodTypeProbabilities, rng.unitDouble())
    let donor = Self.draw(Self.donorBloodTypeProbabilities, rng.unitDouble())
    let wife = rng.unitDouble() < Self.femaleProbability && rng.unitDouble() < Self.spouseProbability
    let u = rng.unitDouble()
    let b = Self.bandProbabilities
    let x = Self.bandCrossmatchProbabilities
    let base = u < b.low ? x.low : u < b.low + b.medium ? x.medium : x.high
    let pc = wife ? 1 - Self.spouseNegativeShare * (1 - base) : base
    let incompatible = !donor.canDonate(to: patient) || rng.unitDouble() < pc
    return (patient, donor, pc, incompatible)
  }

  /// A random pool.
  ///
  /// - Parameter rng: the generator; the pool depends only on its state and this model.
  /// - Returns: a pool of ``pairCount`` incompatible pairs and ``altruistCount`` altruists.
  public func generate(using rng: inout SeededGenerator) -> KidneyPool {
    let n = pairCount
    var patientType: [BloodType] = []
    var donorType: [BloodType] = []
    var pc: [Double] = []
    patientType.reserveCapacity(n)
    donorType.reserveCapacity(n)
    pc.reserveCapacity(n)
    while pc.count < n {
      let d = drawPair(using: &rng)
      guard d.isIncompatible else { continue }
      patientType.append(d.patient)
      donorType.append(d.donor)
      pc.append(d.crossmatchProbability)
    }
    let altruistTypes = (0..<altruistCount).map { _ in Self.draw(Self.donorBloodTypeProbabilities, rng.unitDouble()) }
    var arcs: [KidneyPool.Arc] = []
    let randomWeights = weights == .random
    func addArcs(from donor: KidneyPool.Donor, bloodType: BloodType, skipping own: Int) {
      for j in 0..<n where j != own {
        if bloodType.canDonate(to: patientType[j]) && !(rng.unitDouble() < pc[j]) {
          let w = randomWeights ? Double(1 + rng.uniform(below: 10)) : 1
          arcs.append(KidneyPool.Arc(donor: donor, recipient: j, weight: w))
        }
      }
    }
    for i in 0..<n { addArcs(from: .pair(i), bloodType: donorType[i], skipping: i) }
    for (a, t) in altruistTypes.enumerated() { addArcs(from: .altruist(a), bloodType: t, skipping: -1) }
    let pairs = (0..<n).map { i in
      KidneyPool.Pair(
        id: String(i + 1), donorBloodType: donorType[i], patientBloodType: patientType[i],
        patientCPRA: (pc[i] * 100 * 10_000).rounded() / 10_000)
    }
    let altruists = altruistTypes.enumerated().map { KidneyPool.Altruist(id: String(n + $0 + 1), bloodType: $1) }
    do {
      return try KidneyPool(pairs: pairs, altruists: altruists, arcs: arcs)
    } catch {
      preconditionFailure("the sparse generator built an invalid pool: \(error)")
    }
  }
}
