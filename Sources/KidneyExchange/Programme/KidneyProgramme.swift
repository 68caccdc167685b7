#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MatchingCore

/// A kidney-exchange programme over time: pairs and altruists arrive, patients leave, a
/// match run plans exchanges on the pool every few days, and crossmatch tests may fail.
///
/// ```swift
/// let programme = KidneyProgramme(model: .saidman, arrivalsPerWeek: 5, weeks: 52, matchEveryDays: 7)
/// let run = try programme.run(seed: 1, index: 0)
/// run.transplants.count   // transplants over the year
/// ```
///
/// **Model of one run** (all draws from ``SeededGenerator``(`seed`, stream: `index`), so a run
/// depends only on the programme, the seed and its index):
///
/// 1. Each day brings Poisson(*A*/7) pairs and Poisson(*B*/7) altruists.
/// 2. The compatibility graph of everyone who will ever arrive is drawn once from the pool
///    model (pair *i* is the *i*-th to arrive); every arc then draws once whether its
///    crossmatch test would fail (probability ``arcFailure``).
/// 3. A waiting pair leaves (the patient is transplanted elsewhere, too ill, or dies) with
///    daily hazard ``departureRatePerWeek``/7: each pair draws its departure day on arrival.
///    Altruists and bridge donors do not leave.
/// 4. At the end of every ``matchEveryDays``-th day, after that day's departures, the
///    optimiser (cycles up to ``maxCycle`` pairs, chains up to ``maxChain`` transplants, the
///    objective ``objective``) plans on the waiting pairs, the unused altruists and bridge
///    donors, and every arc not yet known to fail. Then the plan is tested: a cycle with a
///    failed arc is cancelled (its pairs stay); a chain is carried out up to its first failed
///    arc. A tested arc that failed is known and left out of later runs. The donor of the
///    last patient of a chain becomes a bridge donor, who starts a chain in a later run like
///    an altruist.
///
/// - Complexity: per match run, the optimiser's cost on the waiting pool plus O(*E*) to
///   build it, for *E* arcs among the people present.
public struct KidneyProgramme: Sendable, Hashable {
  public var model: KidneyPoolModel
  /// Mean pair arrivals per week (*A*).
  public var arrivalsPerWeek: Double
  /// Mean altruist arrivals per week (*B*).
  public var altruistsPerWeek: Double
  public var weeks: Int
  public var matchEveryDays: Int
  public var maxCycle: Int
  public var maxChain: Int
  public var objective: KidneyObjective
  /// Probability that a planned transplant's crossmatch test fails.
  public var arcFailure: Double
  /// Expected departures per waiting pair per week (daily hazard this / 7).
  public var departureRatePerWeek: Double

  /// - Precondition: rates finite and non-negative, `arcFailure` and
  ///   `departureRatePerWeek / 7` in [0, 1], `weeks >= 1`, `matchEveryDays >= 1`.
  public init(
    model: KidneyPoolModel, arrivalsPerWeek: Double, altruistsPerWeek: Double = 0, weeks: Int,
    matchEveryDays: Int = 7, maxCycle: Int = 3, maxChain: Int = 3, objective: KidneyObjective = .transplants,
    arcFailure: Double = 0, departureRatePerWeek: Double = 0
  ) {
    precondition(arrivalsPerWeek.isFinite && arrivalsPerWeek >= 0 && altruistsPerWeek.isFinite && altruistsPerWeek >= 0, "arrival rates must be non-negative")
    precondition(weeks >= 1 && matchEveryDays >= 1, "weeks and the match interval must be positive")
    precondition((0...1).contains(arcFailure), "the arc failure probability must lie in [0, 1]")
    precondition(departureRatePerWeek.isFinite && (0...7).contains(departureRatePerWeek), "the departure rate must lie in [0, 7] per week")
    self.model = model
    self.arrivalsPerWeek = arrivalsPerWeek
    self.altruistsPerWeek = altruistsPerWeek
    self.weeks = weeks
    self.matchEveryDays = matchEveryDays
    self.maxCycle = maxCycle
    self.maxChain = maxChain
    self.objective = objective
    self.arcFailure = arcFailure
    self.departureRatePerWeek = departureRatePerWeek
  }

  /// A Poisson(`mean`) count (Knuth's product of uniforms; the means here are small).
  static func poisson(_ mean: Double, using rng: inout SeededGenerator) -> Int {
    guard mean > 0 else { return 0 }
    if mean > 30 {  // normal approximation keeps the loop short for large means
      return max(0, Int((mean + mean.squareRoot() * rng.standardNormal()).rounded()))
    }
    let limit = exp(-mean)
    var k = 0
    var p = rng.unitDouble()
    while p > limit {
      k += 1
      p *= rng.unitDouble()
    }
    return k
  }

  /// Simulates run `index` of `seed`.
  ///
  /// - Throws: what the optimiser throws.
  public func run(seed: UInt64, index: Int) throws -> KidneyProgrammeRun {
    var rng = SeededGenerator(seed: seed, stream: UInt64(index))
    let days = weeks * 7
    var pairDay: [Int] = []
    var altruistDay: [Int] = []
    for d in 0..<days {
      for _ in 0..<Self.poisson(arrivalsPerWeek / 7, using: &rng) { pairDay.append(d) }
      for _ in 0..<Self.poisson(altruistsPerWeek / 7, using: &rng) { altruistDay.append(d) }
    }
    let n = pairDay.count
    let m = altruistDay.count
    let pool = model.generate(pairs: n, altruists: m, using: &rng)
    let fails = (0..<pool.arcCount).map { _ in rng.unitDouble() < arcFailure }
    let hazard = departureRatePerWeek / 7
    let departDay: [Int] = pairDay.map { d in
      guard hazard > 0 else { return Int.max }
      if hazard >= 1 { return d + 1 }
      // Days until departure ~ Geometric(hazard), >= 1.
      let u = 1 - rng.unitDouble()
      return d + 1 + Int((log(u) / log(1 - hazard)).rounded(.down))
    }
    return try simulate(pool: pool, pairDay: pairDay, altruistDay: altruistDay, departDay: departDay, fails: fails)
  }
}
