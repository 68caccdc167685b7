import Foundation
import KidneyExchange
import MatchingCore
import Testing

/// The Saidman pool generator: determinism, the shape of its pools, its distributions against
/// the model's probabilities computed here by hand, and a solve of a generated pool.
struct SaidmanGeneratorTests {
  static let seeds: [UInt64] = [1, 2, 3, 17, 99]

  // The model's parameters, written out again (not read from the generator).
  static let bloodProbability: [BloodType: Double] = [.o: 0.4814, .a: 0.3373, .b: 0.1428, .ab: 1 - 0.4814 - 0.3373 - 0.1428]
  /// Donor groups that can give to each patient group (ABO rule).
  static let compatibleDonors: [BloodType: [BloodType]] = [.o: [.o], .a: [.o, .a], .b: [.o, .b], .ab: [.o, .a, .b, .ab]]
  static let wifeProbability = 0.4090 * 0.4897
  static let bands: [(p: Double, pc: Double)] = [(0.7019, 0.05), (0.2, 0.45), (1 - 0.7019 - 0.2, 0.90)]
  static func spouse(_ pc: Double) -> Double { 1 - 0.75 * (1 - pc) }
  /// E[pc against the own donor] over sex, spouse and band.
  static var meanOwnCrossmatch: Double {
    bands.reduce(0) { $0 + $1.p * (wifeProbability * spouse($1.pc) + (1 - wifeProbability) * $1.pc) }
  }
  static func compatibleShare(_ patient: BloodType) -> Double {
    compatibleDonors[patient]!.reduce(0) { $0 + bloodProbability[$1]! }
  }
  /// P(a drawn pair with patient group t is incompatible).
  static func incompatibleGiven(_ t: BloodType) -> Double {
    let c = compatibleShare(t)
    return (1 - c) + c * meanOwnCrossmatch
  }

  @Test(arguments: seeds)
  func sameSeedGivesIdenticalPool(seed: UInt64) {
    let model = SaidmanGenerator(pairs: 60, weights: .random)
    var r1 = SeededGenerator(seed: seed, stream: 0)
    var r2 = SeededGenerator(seed: seed, stream: 0)
    let a = model.generate(using: &r1)
    let b = model.generate(using: &r2)
    #expect(a == b, "seed \(seed)")
    #expect(KidneyCSV.edgesCSV(a).bytes == KidneyCSV.edgesCSV(b).bytes, "seed \(seed)")
    var r3 = SeededGenerator(seed: seed &+ 1, stream: 0)
    let c = model.generate(using: &r3)
    #expect(a != c, "seeds \(seed) and \(seed + 1) gave the same pool")
    #expect(a.arcRecipient != c.arcRecipient || a.arcStart != c.arcStart, "seeds \(seed) and \(seed + 1) gave the same arcs")
  }

  @Test func altruistCountDefaultsToFivePercentRoundedLikePython() {
    #expect(SaidmanGenerator(pairs: 256).altruistCount == 13)
    #expect(SaidmanGenerator(pairs: 512).altruistCount == 26)
    #expect(SaidmanGenerator(pairs: 1024).altruistCount == 51)
    #expect(SaidmanGenerator(pairs: 10).altruistCount == 0)  // Python: round(0.5) == 0
    #expect(SaidmanGenerator(pairs: 30).altruistCount == 2)  // round(1.5) == 2
    #expect(SaidmanGenerator(pairs: 10, altruists: 4).altruistCount == 4)
    #expect(SaidmanGenerator.altruists(pairs: 100, fraction: 0.1) == 10)
  }

  @Test(arguments: seeds)
  func arcsAreABOCompatibleWithoutSelfArcsOrArcsIntoAltruists(seed: UInt64) {
    for weights in SaidmanGenerator.Weights.allCases {
      var rng = SeededGenerator(seed: seed, stream: 0)
      let pool = SaidmanGenerator(pairs: 80, altruists: 6, weights: weights).generate(using: &rng)
      let context = "seed \(seed), weights \(weights)"
      #expect(pool.pairCount == 80 && pool.altruistCount == 6, "\(context)")
      #expect(pool.pairs.map(\.id) == (1...80).map(String.init), "\(context)")
      #expect(pool.altruists.map(\.id) == (81...86).map(String.init), "\(context)")
      #expect(pool.arcCount > 0, "\(context)")
      for arc in pool.arcs {
        let recipient = pool.pairs[arc.recipient]
        #expect(arc.recipient >= 0 && arc.recipient < pool.pairCount, "arc into a non-pair; \(context)")
        let donorType: BloodType
        switch arc.donor {
        case .pair(let i):
          #expect(i != arc.recipient, "self-arc at pair \(i); \(context)")
          donorType = pool.pairs[i].donorBloodType!
        case .altruist(let a):
          donorType = pool.altruists[a].bloodType!
        }
        let patientType = recipient.patientBloodType!
        #expect(Self.compatibleDonors[patientType]!.contains(donorType), "\(donorType) -> \(patientType) arc; \(context)")
        switch weights {
        case .unit: #expect(arc.weight == 1, "\(context)")
        case .random: #expect((1...10).contains(arc.weight) && arc.weight == arc.weight.rounded(), "weight \(arc.weight); \(context)")
        }
        #expect(arc.successProbability == 1, "\(context)")
      }
    }
  }

  @Test(arguments: seeds)
  func everyPairIsIncompatibleWithItsOwnDonor(seed: UInt64) {
    var rng = SeededGenerator(seed: seed, stream: 0)
    let result = SaidmanGenerator(pairs: 200).generateWithDraws(using: &rng)
    #expect(result.pairs.count == 200 && result.drawCount >= 200)
    for (i, drawn) in result.pairs.enumerated() {
      let pair = result.pool.pairs[i]
      let context = "seed \(seed), pair \(pair.id): \(drawn)"
      #expect(pair.patientBloodType == drawn.patientBloodType && pair.donorBloodType == drawn.donorBloodType, "\(context)")
      let abo = Self.compatibleDonors[drawn.patientBloodType]!.contains(drawn.donorBloodType)
      switch drawn.incompatibility {
      case .bloodType?: #expect(!abo, "ABO-compatible pair reported as ABO-incompatible; \(context)")
      case .positiveCrossmatch?: #expect(abo, "crossmatch reason on an ABO-incompatible pair; \(context)")
      case nil: Issue.record("a compatible pair entered the pool; \(context)")
      }
      // The crossmatch probability follows the band and the spouse effect ("all" scope).
      let base = drawn.band.crossmatchProbability
      let expected = drawn.isWifePatient ? Self.spouse(base) : base
      #expect(abs(drawn.ownCrossmatchProbability - expected) < 1e-12, "\(context)")
      #expect(drawn.poolCrossmatchProbability == drawn.ownCrossmatchProbability, "\(context)")
      #expect(abs(pair.patientCPRA! - expected * 100) < 1e-4, "\(context)")
    }
    // The pool's pairs are exactly the incompatible draws, in order.
    var replay = SeededGenerator(seed: seed, stream: 0)
    let model = SaidmanGenerator(pairs: 200)
    var incompatible: [SaidmanGenerator.DrawnPair] = []
    var draws = 0
    while incompatible.count < 200 {
      draws += 1
      let d = model.drawPair(using: &replay)
      if d.incompatibility != nil { incompatible.append(d) }
    }
    #expect(incompatible == result.pairs && draws == result.drawCount, "seed \(seed)")
  }

  @Test func ownSpouseScopeKeepsTheBandProbabilityForOtherDonors() {
    var rng = SeededGenerator(seed: 5, stream: 0)
    let result = SaidmanGenerator(pairs: 300, spouseScope: .own).generateWithDraws(using: &rng)
    let wives = result.pairs.filter(\.isWifePatient)
    #expect(!wives.isEmpty)
    for d in result.pairs {
      #expect(d.poolCrossmatchProbability == d.band.crossmatchProbability, "\(d)")
    }
  }

  /// Patients' blood groups among pool pairs follow P(t) P(incompatible | t) / P(incompatible),
  /// the draws' follow P(t), and ABO-incompatibility's share and the draws per pair match the
  /// model; 6000 pairs, tolerance 0.02 (over 4 standard deviations of a proportion).
  @Test func bloodTypeFrequenciesMatchTheModel() {
    let model = SaidmanGenerator(pairs: 0)
    var rng = SeededGenerator(seed: 2024, stream: 0)
    let target = 6000
    var pool: [SaidmanGenerator.DrawnPair] = []
    var drawnPatients: [BloodType: Int] = [:]
    var drawnDonors: [BloodType: Int] = [:]
    var draws = 0
    while pool.count < target {
      let d = model.drawPair(using: &rng)
      draws += 1
      drawnPatients[d.patientBloodType, default: 0] += 1
      drawnDonors[d.donorBloodType, default: 0] += 1
      if d.incompatibility != nil { pool.append(d) }
    }
    let pIncompatible = BloodType.allCases.reduce(0) { $0 + Self.bloodProbability[$1]! * Self.incompatibleGiven($1) }
    for t in BloodType.allCases {
      let p = Self.bloodProbability[t]!
      let drawnP = Double(drawnPatients[t, default: 0]) / Double(draws)
      let drawnD = Double(drawnDonors[t, default: 0]) / Double(draws)
      #expect(abs(drawnP - p) < 0.02, "patients drawn \(t): \(drawnP) vs model \(p)")
      #expect(abs(drawnD - p) < 0.02, "donors drawn \(t): \(drawnD) vs model \(p)")
      let inPool = Double(pool.filter { $0.patientBloodType == t }.count) / Double(target)
      let expected = p * Self.incompatibleGiven(t) / pIncompatible
      #expect(abs(inPool - expected) < 0.02, "pool patients \(t): \(inPool) vs model \(expected)")
    }
    let aboShare = Double(pool.filter { $0.incompatibility == .bloodType }.count) / Double(target)
    let aboExpected = BloodType.allCases.reduce(0) { $0 + Self.bloodProbability[$1]! * (1 - Self.compatibleShare($1)) } / pIncompatible
    #expect(abs(aboShare - aboExpected) < 0.02, "ABO-incompatible share \(aboShare) vs model \(aboExpected)")
    let perPair = Double(draws) / Double(target)
    #expect(abs(perPair - 1 / pIncompatible) < 0.05, "draws per pair \(perPair) vs model \(1 / pIncompatible)")
    let wives = Double(pool.filter(\.isWifePatient).count) / Double(target)
    #expect(wives > Self.wifeProbability, "wife patients are over-represented among incompatible pairs (\(wives))")
  }

  @Test func altruistBloodTypesAndArcDensityMatchTheModel() {
    var rng = SeededGenerator(seed: 7, stream: 0)
    let pool = SaidmanGenerator(pairs: 300, altruists: 5000).generate(using: &rng)
    for t in BloodType.allCases {
      let share = Double(pool.altruists.filter { $0.bloodType == t }.count) / 5000
      #expect(abs(share - Self.bloodProbability[t]!) < 0.025, "altruists \(t): \(share)")
    }
    // Pair arcs: each ABO-compatible ordered pair (u, v) is an arc with probability
    // 1 - pc(v); the count must lie within 5 standard deviations of its mean.
    var mean = 0.0
    var variance = 0.0
    for u in 0..<pool.pairCount {
      for v in 0..<pool.pairCount where v != u {
        guard Self.compatibleDonors[pool.pairs[v].patientBloodType!]!.contains(pool.pairs[u].donorBloodType!) else { continue }
        let q = 1 - pool.pairs[v].patientCPRA! / 100
        mean += q
        variance += q * (1 - q)
      }
    }
    let pairArcs = Double(pool.arcStart[pool.pairCount])
    #expect(abs(pairArcs - mean) < 5 * variance.squareRoot(), "pair arcs \(pairArcs), expected \(mean) ± \(variance.squareRoot())")
  }

  @Test(arguments: seeds)
  func smallGeneratedPoolSolvesToTheBruteForceOptimum(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed, stream: 0)
    let pool = SaidmanGenerator(pairs: 14, altruists: 2).generate(using: &rng)
    let context = "seed \(seed), pool: \(describe(pool))"
    for (k, l) in [(3, 3), (3, 0)] {
      let plan = try KidneyExchangeOptimizer(maxCycle: k, maxChain: l).match(pool)
      #expect(pool.feasibilityViolation(of: plan.exchanges, maxCycle: k, maxChain: l) == nil, "K=\(k) L=\(l); \(context)")
      #expect(plan.status == .optimal, "K=\(k) L=\(l); \(context)")
      let best = bruteForceOptimum(pool, maxCycle: k, maxChain: l, criteria: [.transplants])[0]
      #expect(Double(plan.transplants) == best, "plan \(plan.transplants), brute force \(best), K=\(k) L=\(l); \(context)")
      #expect(plan.objective == plan.bound, "K=\(k) L=\(l); \(context)")
    }
  }

  @Test(arguments: [UInt64(1), 2])
  func writtenCSVReadsBackAsTheSamePool(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed, stream: 0)
    let pool = SaidmanGenerator(pairs: 40, altruists: 3, weights: .random).generate(using: &rng)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saidman-\(getpid())-\(seed)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try KidneyCSV.write(pool, pairs: dir + "/p.pairs.csv", edges: dir + "/p.edges.csv")
    let back = try KidneyCSV.read(pairs: dir + "/p.pairs.csv", edges: dir + "/p.edges.csv")
    #expect(back == pool, "seed \(seed)")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    #expect(files == ["p.edges.csv", "p.pairs.csv"], "temporary files left: \(files)")
  }
}
