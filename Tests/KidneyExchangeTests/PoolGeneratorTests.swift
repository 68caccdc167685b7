import Foundation
import KidneyExchange
import MatchingCore
import Testing

/// The heterogeneous and sparse pool generators: determinism per seed, and arc densities
/// against the statistics their documentation states, computed here from the models'
/// parameters (written out again, not read from the generators).
struct PoolGeneratorTests {
  static let seeds: [UInt64] = [1, 2, 3, 4, 5, 6, 7, 8]

  @Test(arguments: KidneyPoolModel.allCases)
  func sameSeedGivesIdenticalPoolAndAnotherSeedADifferentOne(model: KidneyPoolModel) {
    for seed in Self.seeds.prefix(3) {
      var r1 = SeededGenerator(seed: seed, stream: 0)
      var r2 = SeededGenerator(seed: seed, stream: 0)
      let a = model.generate(pairs: 70, weights: .random, using: &r1)
      let b = model.generate(pairs: 70, weights: .random, using: &r2)
      #expect(a == b, "\(model) seed \(seed)")
      #expect(KidneyCSV.edgesCSV(a).bytes == KidneyCSV.edgesCSV(b).bytes)
      var r3 = SeededGenerator(seed: seed &+ 100, stream: 0)
      let c = model.generate(pairs: 70, weights: .random, using: &r3)
      #expect(a.arcRecipient != c.arcRecipient || a.arcStart != c.arcStart, "\(model): seeds gave the same arcs")
    }
  }

  @Test func modelsUseTheirDocumentedAltruistShares() {
    var rng = SeededGenerator(seed: 1)
    #expect(KidneyPoolModel.saidman.generate(pairs: 200, using: &rng).altruistCount == 10)
    #expect(KidneyPoolModel.heterogeneous.generate(pairs: 200, using: &rng).altruistCount == 30)
    #expect(KidneyPoolModel.sparse.generate(pairs: 200, using: &rng).altruistCount == 30)
    #expect(HeterogeneousGenerator(pairs: 10, altruists: 3).altruistCount == 3)
  }

  /// Easy patients receive an arc from each other donor with probability 0.5; highly
  /// sensitised ones with probability 1/n, so about one arc each from the pairs.
  @Test func heterogeneousArcDensitiesMatchTheModel() {
    let n = 200
    let model = HeterogeneousGenerator(pairs: n, altruists: 20)
    #expect(model.easyCount == 100)
    var easyArcs = 0, hardArcs = 0, altruistEasyArcs = 0
    for seed in Self.seeds {
      var rng = SeededGenerator(seed: seed, stream: 3)
      let pool = model.generate(using: &rng)
      #expect(pool.pairs.allSatisfy { $0.patientBloodType == .o && $0.donorBloodType == .o })
      for v in 0..<(n + 20) {
        for k in pool.arcStart[v]..<pool.arcStart[v + 1] {
          let r = Int(pool.arcRecipient[k])
          if v >= n {
            if r < 100 { altruistEasyArcs += 1 }
          } else if r < 100 { easyArcs += 1 } else { hardArcs += 1 }
        }
      }
    }
    let s = Double(Self.seeds.count)
    // Easy: 100 x 199 Bernoulli(0.5) draws per seed; sd of the mean 0.0013 over 8 seeds.
    let easyDensity = Double(easyArcs) / (s * 100 * 199)
    #expect(abs(easyDensity - 0.5) < 0.01, "easy density \(easyDensity)")
    let altruistDensity = Double(altruistEasyArcs) / (s * 20 * 100)
    #expect(abs(altruistDensity - 0.5) < 0.03, "altruist density \(altruistDensity)")
    // Hard: each of 100 patients has 199 Bernoulli(1/200) draws: mean in-degree 0.995, sd of
    // the mean over 800 patients 0.035.
    let hardInDegree = Double(hardArcs) / (s * 100)
    #expect(abs(hardInDegree - 199.0 / 200) < 0.15, "hard in-degree \(hardInDegree)")
  }

  @Test func heterogeneousEasyFractionMovesTheSplit() {
    var rng = SeededGenerator(seed: 9)
    let model = HeterogeneousGenerator(pairs: 100, altruists: 0, easyFraction: 0.2)
    let pool = model.generate(using: &rng)
    #expect(model.easyCount == 20)
    #expect(pool.pairs.prefix(20).allSatisfy { $0.patientCPRA == 50 })
    #expect(pool.pairs.dropFirst(20).allSatisfy { $0.patientCPRA == 99 })
  }

  // The sparse (UNOS-like) model's parameters, written out again.
  static let patientProbability: [(BloodType, Double)] = [(.o, 0.651), (.a, 0.2), (.b, 0.124), (.ab, 0.025)]
  static let donorProbability: [(BloodType, Double)] = [(.o, 0.345), (.a, 0.459), (.b, 1 - 0.345 - 0.459)]
  static let bands: [(p: Double, pc: Double)] = [(0.216, 0.5), (0.16, 0.8), (0.624, 0.98)]

  /// The expected pair-to-pair arc density of the sparse model, by enumerating every kind of
  /// drawn pair, weighting it by its chance of entering the pool (incompatible), and summing
  /// P(ABO-compatible) x P(negative crossmatch) over ordered couples of entered pairs.
  static var sparseExpectedDensity: Double {
    let wife = 0.4090 * 0.4897
    var kinds: [(weight: Double, patient: BloodType, donor: BloodType, pc: Double)] = []
    for (pt, a) in patientProbability {
      for (dt, b) in donorProbability {
        for (isWife, c) in [(true, wife), (false, 1 - wife)] {
          for band in bands {
            let pc = isWife ? 1 - 0.75 * (1 - band.pc) : band.pc
            let enter = dt.canDonate(to: pt) ? pc : 1
            kinds.append((a * b * c * band.p * enter, pt, dt, pc))
          }
        }
      }
    }
    let z = kinds.reduce(0) { $0 + $1.weight }
    var density = 0.0
    for x in kinds {
      for y in kinds where x.donor.canDonate(to: y.patient) { density += x.weight * y.weight * (1 - y.pc) }
    }
    return density / (z * z)
  }

  @Test func sparseArcDensityMatchesTheModel() {
    let expected = Self.sparseExpectedDensity
    #expect(abs(expected - 0.0554) < 0.0005, "the documented figure is 0.0554; computed \(expected)")
    let n = 300
    var arcs = 0
    for seed in Self.seeds {
      var rng = SeededGenerator(seed: seed, stream: 5)
      let pool = SparseGenerator(pairs: n, altruists: 0).generate(using: &rng)
      arcs += pool.arcCount
      #expect(pool.pairs.allSatisfy { $0.donorBloodType != .ab })
    }
    let density = Double(arcs) / (Double(Self.seeds.count) * Double(n * (n - 1)))
    // Pools vary in composition more than arcs do; the mean over 8 pools of 300 pairs has an
    // sd of about 0.002.
    #expect(abs(density - expected) < 0.006, "sparse density \(density), expected \(expected)")
  }

  /// Given the pool's own pairs, each arc is an independent draw: the arc count is within
  /// 4 sd of the sum of P(compatible) x (1 - cpra).
  @Test(arguments: [UInt64(1), 2, 3])
  func sparseArcCountMatchesItsConditionalExpectation(seed: UInt64) {
    var rng = SeededGenerator(seed: seed, stream: 1)
    let pool = SparseGenerator(pairs: 250, altruists: 30).generate(using: &rng)
    var mean = 0.0, variance = 0.0
    let donors: [BloodType] = pool.pairs.map { $0.donorBloodType! } + pool.altruists.map { $0.bloodType! }
    for (u, d) in donors.enumerated() {
      for (v, pair) in pool.pairs.enumerated() where u != v && d.canDonate(to: pair.patientBloodType!) {
        let p = 1 - pair.patientCPRA! / 100
        mean += p
        variance += p * (1 - p)
      }
    }
    #expect(abs(Double(pool.arcCount) - mean) < 4 * variance.squareRoot(), "arcs \(pool.arcCount), expected \(mean)")
    for arc in pool.arcs {
      let d = pool.vertex(of: arc.donor)
      #expect(donors[d].canDonate(to: pool.pairs[arc.recipient].patientBloodType!))
    }
  }
}
