/// A kidney-exchange pool: incompatible patient-donor pairs, non-directed (altruistic)
/// donors, and the compatibility arcs between them.
///
/// ```swift
/// let pool = try KidneyPool(
///   pairs: [.init(id: "1"), .init(id: "2")], altruists: [.init(id: "N1")],
///   arcs: [.init(donor: .pair(0), recipient: 1), .init(donor: .pair(1), recipient: 0),
///          .init(donor: .altruist(0), recipient: 0)])
/// pool.arcCount   // 3
/// ```
///
/// Pairs are dense indices `0..<pairCount` (a ``PairID``), altruists `0..<altruistCount`;
/// their ids from the input are kept in ``pairs`` and ``altruists`` for output. An arc
/// `donor -> recipient` means the donor of `donor` (a pair's donor, or an altruist) can give
/// to the patient of pair `recipient`. Arcs are stored by donor in compressed sparse rows,
/// each donor's arcs sorted by recipient.
///
/// Invariants (checked by the initializer): no self-arcs, no duplicate arcs, no arcs into an
/// altruist (an altruist has no patient), weights finite and non-negative, success
/// probabilities in [0, 1].
public struct KidneyPool: Sendable, Hashable {
  /// A pair's patient-donor metadata (all optional: kidney_solver files carry none).
  public struct Pair: Sendable, Hashable {
    public var id: String
    public var donorBloodType: BloodType?
    public var patientBloodType: BloodType?
    /// Calculated panel-reactive antibody, in percent (0...100).
    public var patientCPRA: Double?
    public init(id: String, donorBloodType: BloodType? = nil, patientBloodType: BloodType? = nil, patientCPRA: Double? = nil) {
      self.id = id
      self.donorBloodType = donorBloodType
      self.patientBloodType = patientBloodType
      self.patientCPRA = patientCPRA
    }
  }

  /// A non-directed donor: starts a chain, receives nothing.
  public struct Altruist: Sendable, Hashable {
    public var id: String
    public var bloodType: BloodType?
    public init(id: String, bloodType: BloodType? = nil) {
      self.id = id
      self.bloodType = bloodType
    }
  }

  /// Who gives along an arc.
  public enum Donor: Sendable, Hashable {
    case pair(PairID)
    case altruist(Int)
  }

  /// A compatibility arc.
  public struct Arc: Sendable, Hashable {
    public var donor: Donor
    public var recipient: PairID
    public var weight: Double
    /// Probability that the transplant goes ahead if planned (1 when the input has none).
    public var successProbability: Double
    public init(donor: Donor, recipient: PairID, weight: Double = 1, successProbability: Double = 1) {
      self.donor = donor
      self.recipient = recipient
      self.weight = weight
      self.successProbability = successProbability
    }
  }

  public private(set) var pairs: [Pair]
  public private(set) var altruists: [Altruist]
  /// `arcStart[d]..<arcStart[d + 1]` are the arcs of donor vertex *d*, where pairs are
  /// vertices `0..<pairCount` and altruist *a* is vertex `pairCount + a`.
  public private(set) var arcStart: [Int]
  /// Recipient pair of each arc.
  public private(set) var arcRecipient: [Int32]
  /// Weight of each arc.
  public private(set) var arcWeight: [Double]
  /// Success probability of each arc.
  public private(set) var arcProbability: [Double]

  public var pairCount: Int { pairs.count }
  public var altruistCount: Int { altruists.count }
  public var arcCount: Int { arcRecipient.count }
  /// Whether every arc weight is an integer (then the weight objective is integral).
  public var hasIntegerWeights: Bool { arcWeight.allSatisfy { $0 == $0.rounded() } }

  /// Builds a pool and checks its invariants.
  ///
  /// - Throws: ``KidneyPoolError`` naming the first offending arc (by its index in `arcs`).
  /// - Complexity: O(*E* log *E*) for *E* arcs.
  public init(pairs: [Pair], altruists: [Altruist], arcs: [Arc]) throws(KidneyPoolError) {
    self.pairs = pairs
    self.altruists = altruists
    let p = pairs.count
    let vertexCount = p + altruists.count
    var counts = [Int](repeating: 0, count: vertexCount + 1)
    for (k, arc) in arcs.enumerated() {
      let d: Int
      switch arc.donor {
      case .pair(let i):
        guard i >= 0 && i < p else { throw KidneyPoolError(arc: k, "donor pair \(i) does not exist") }
        d = i
      case .altruist(let a):
        guard a >= 0 && a < altruists.count else { throw KidneyPoolError(arc: k, "altruist \(a) does not exist") }
        d = p + a
      }
      guard arc.recipient >= 0 && arc.recipient < p else {
        throw KidneyPoolError(arc: k, "recipient pair \(arc.recipient) does not exist")
      }
      if case .pair(let i) = arc.donor, i == arc.recipient {
        throw KidneyPoolError(arc: k, "self-arc: pair '\(pairs[i].id)' cannot give to its own patient")
      }
      guard arc.weight.isFinite && arc.weight >= 0 else {
        throw KidneyPoolError(arc: k, "weight \(arc.weight) must be a finite non-negative number")
      }
      guard arc.successProbability >= 0 && arc.successProbability <= 1 else {
        throw KidneyPoolError(arc: k, "success probability \(arc.successProbability) is outside [0, 1]")
      }
      counts[d + 1] += 1
    }
    for v in 0..<vertexCount { counts[v + 1] += counts[v] }
    arcStart = counts
    var order = [Int](repeating: 0, count: arcs.count)
    var fill = counts
    for (k, arc) in arcs.enumerated() {
      let d: Int
      switch arc.donor {
      case .pair(let i): d = i
      case .altruist(let a): d = p + a
      }
      order[fill[d]] = k
      fill[d] += 1
    }
    for v in 0..<vertexCount where counts[v + 1] - counts[v] > 1 {
      order[counts[v]..<counts[v + 1]].sort { (arcs[$0].recipient, $0) < (arcs[$1].recipient, $1) }
      for s in (counts[v] + 1)..<counts[v + 1] where arcs[order[s]].recipient == arcs[order[s - 1]].recipient {
        let k = max(order[s], order[s - 1])
        throw KidneyPoolError(arc: k, "duplicate arc to recipient '\(pairs[arcs[k].recipient].id)'")
      }
    }
    arcRecipient = order.map { Int32(arcs[$0].recipient) }
    arcWeight = order.map { arcs[$0].weight }
    arcProbability = order.map { arcs[$0].successProbability }
  }

  /// The donor vertex of pair *i* (`i`) or altruist *a* (`pairCount + a`).
  @inlinable
  public func vertex(of donor: Donor) -> Int {
    switch donor {
    case .pair(let i): i
    case .altruist(let a): pairCount + a
    }
  }

  /// The index of the arc `donor -> recipient`, or `nil` (binary search).
  public func arc(from donor: Donor, to recipient: PairID) -> Int? {
    let v = vertex(of: donor)
    var lo = arcStart[v]
    var hi = arcStart[v + 1]
    let r = Int32(recipient)
    while lo < hi {
      let mid = (lo + hi) / 2
      if arcRecipient[mid] < r { lo = mid + 1 } else { hi = mid }
    }
    return lo < arcStart[v + 1] && arcRecipient[lo] == r ? lo : nil
  }

  /// The arcs as values, donor by donor.
  public var arcs: [Arc] {
    var result: [Arc] = []
    result.reserveCapacity(arcCount)
    for v in 0..<(pairCount + altruistCount) {
      let donor: Donor = v < pairCount ? .pair(v) : .altruist(v - pairCount)
      for k in arcStart[v]..<arcStart[v + 1] {
        result.append(Arc(donor: donor, recipient: Int(arcRecipient[k]), weight: arcWeight[k], successProbability: arcProbability[k]))
      }
    }
    return result
  }
}

/// A dense pair index `0..<pairCount`.
public typealias PairID = Int

/// A pool's arcs break an invariant of ``KidneyPool``.
public struct KidneyPoolError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The offending arc's index in the array given to ``KidneyPool/init(pairs:altruists:arcs:)``.
  public var arc: Int
  public var message: String
  public init(arc: Int, _ message: String) {
    self.arc = arc
    self.message = message
  }
  public var description: String { "arc \(arc): \(message)" }
}
