import MatchingCore
@testable import Simulation
import Testing

struct GeneratorTests {
  static let seeds: [UInt64] = [1, 2, 3, 17, 2024]

  @Test(arguments: seeds)
  func sameSeedAndStreamGiveTheSameMarket(seed: UInt64) {
    let model = SchoolChoiceModel(studentCount: 300, schoolCount: 12, listLength: 5, beta: 1)
    var a = SeededGenerator(seed: seed, stream: 4)
    var b = SeededGenerator(seed: seed, stream: 4)
    #expect(model.generateData(using: &a) == model.generateData(using: &b), "seed \(seed)")
    #expect(a == b, "the generators must end in the same state (seed \(seed))")
  }

  @Test(arguments: seeds)
  func differentStreamsGiveDifferentMarkets(seed: UInt64) {
    let model = SchoolChoiceModel(studentCount: 300, schoolCount: 12, listLength: 5)
    var a = SeededGenerator(seed: seed, stream: 0)
    var b = SeededGenerator(seed: seed, stream: 1)
    let x = model.generateData(using: &a)
    let y = model.generateData(using: &b)
    #expect(x.schools != y.schools, "seed \(seed)")
    #expect(x.tieBreaking != y.tieBreaking, "seed \(seed)")
  }

  @Test(arguments: seeds)
  func schoolChoiceMarketsFollowTheModel(seed: UInt64) {
    let model = SchoolChoiceModel(
      studentCount: 500, schoolCount: 20, listLength: 6, alpha: 0.3, beta: 2, seatsRatio: 0.9,
      siblingProbability: 0.3, walkRadius: 0.2, tieBreaking: .multiple)
    var rng = SeededGenerator(seed: seed, stream: 0)
    let data = model.generateData(using: &rng)
    #expect(data.capacities.count == 20)
    #expect(data.capacities.allSatisfy { $0 >= 1 })
    #expect(data.capacities.reduce(0) { $0 + Int($1) } == 450, "seats = round(0.9 * 500), seed \(seed)")
    guard case .multiple = data.tieBreaking else {
      Issue.record("expected multiple tie-breaking")
      return
    }
    var siblings = 0
    var walk = 0
    for i in 0..<500 {
      let list = Array(data.schools[Int(data.listOffsets[i])..<Int(data.listOffsets[i + 1])])
      #expect(list.count == 6, "student \(i), seed \(seed)")
      #expect(Set(list).count == 6, "student \(i) lists a school twice, seed \(seed)")
      let classes = data.priorityClasses[Int(data.listOffsets[i])..<Int(data.listOffsets[i + 1])]
      #expect(classes.allSatisfy { (0...2).contains($0) })
      let zeros = classes.filter { $0 == 0 }.count
      #expect(zeros <= 1, "at most one sibling school, student \(i), seed \(seed)")
      siblings += zeros
      walk += classes.filter { $0 == 1 }.count
    }
    // 30% have a sibling: 150 expected; a binomial(500, 0.3) is within 150 ± 60 with
    // overwhelming probability, and the seeds are fixed.
    #expect((90...210).contains(siblings), "siblings \(siblings), seed \(seed)")
    #expect(walk > 0, "some students live within the walk radius, seed \(seed)")
    let market = data.market()
    #expect(market.studentCount == 500 && market.schoolCount == 20)
  }

  @Test func lotteryPrioritiesPutEveryoneInOneClass() {
    let model = SchoolChoiceModel(studentCount: 100, schoolCount: 5, listLength: 3, priority: .lottery)
    var rng = SeededGenerator(seed: 9, stream: 0)
    let data = model.generateData(using: &rng)
    #expect(data.priorityClasses.allSatisfy { $0 == 0 })
  }

  @Test func commonQualityMakesListsAgree() {
    // With alpha = 1 and no distance, everyone ranks schools by the same qualities.
    let model = SchoolChoiceModel(studentCount: 50, schoolCount: 8, listLength: 4, alpha: 1)
    var rng = SeededGenerator(seed: 3, stream: 0)
    let data = model.generateData(using: &rng)
    let first = Array(data.schools[0..<4])
    for i in 1..<50 {
      #expect(Array(data.schools[(4 * i)..<(4 * i + 4)]) == first, "student \(i)")
    }
  }

  @Test(arguments: seeds)
  func marriageMarketsHaveStrictCompleteLists(seed: UInt64) {
    var rng = SeededGenerator(seed: seed, stream: 0)
    let market = StableMarriageModel(size: 30).generate(using: &rng)
    #expect(market.capacities == [Int32](repeating: 1, count: 30))
    for i in 0..<30 {
      #expect(market.preferenceList(of: i).sorted() == Array(0..<30), "man \(i), seed \(seed)")
    }
    // Each woman's priorities over the men are a permutation of 0..<30 (strict).
    var seen = [Set<Int32>](repeating: [], count: 30)
    for e in 0..<market.entries.count {
      seen[Int(market.entries[e].school)].insert(market.priorities[e])
    }
    #expect(seen.allSatisfy { $0 == Set(0..<30) }, "seed \(seed)")
  }

  @Test(arguments: seeds)
  func housingListsEndWithTheOwnHouse(seed: UInt64) {
    for n in [5, 40, 400] {
      var rng = SeededGenerator(seed: seed, stream: 0)
      let market = HousingModel(agentCount: n, listLength: 6).generate(using: &rng)
      for a in 0..<n {
        let list = market.preferenceList(of: a)
        #expect(list.last == a, "agent \(a), n \(n), seed \(seed)")
        #expect(Set(list).count == list.count)
        #expect(list.count <= min(6, n) + 1)
      }
      var again = SeededGenerator(seed: seed, stream: 0)
      #expect(HousingModel(agentCount: n, listLength: 6).generate(using: &again) == market)
    }
  }

  @Test func capacitiesAlwaysSumToTheSeatsAsked() {
    for (m, n, ratio) in [(10, 100, 1.0), (7, 3, 1.0), (50, 1000, 1.37), (3, 1, 0.5)] {
      let model = SchoolChoiceModel(studentCount: n, schoolCount: m, listLength: 2, seatsRatio: ratio)
      var rng = SeededGenerator(seed: 5, stream: 0)
      let caps = model.generateData(using: &rng).capacities
      let expected = max(m, Int((ratio * Double(n)).rounded()))
      #expect(caps.reduce(0) { $0 + Int($1) } == expected, "m \(m) n \(n) ratio \(ratio)")
      #expect(caps.allSatisfy { $0 >= 1 })
    }
  }
}

struct NormalSamplerTests {
  @Test(arguments: [1, 2] as [UInt64])
  func zigguratDrawsLookStandardNormal(seed: UInt64) {
    let sampler = NormalSampler()
    var rng = SeededGenerator(seed: seed)
    let n = 200_000
    var sum = 0.0
    var squares = 0.0
    var beyondTwo = 0
    var beyondR = 0
    var negative = 0
    for _ in 0..<n {
      let x = sampler.next(using: &rng)
      sum += x
      squares += x * x
      if abs(x) > 2 { beyondTwo += 1 }
      if abs(x) > 3.6541528853610088 { beyondR += 1 }
      if x < 0 { negative += 1 }
    }
    let mean = sum / Double(n)
    let variance = squares / Double(n) - mean * mean
    // Standard errors: mean 0.0022, variance 0.0032, P(|x|>2) = 0.0455 (sd 0.00047).
    #expect(abs(mean) < 0.012, "mean \(mean), seed \(seed)")
    #expect(abs(variance - 1) < 0.016, "variance \(variance), seed \(seed)")
    #expect(abs(Double(beyondTwo) / Double(n) - 0.0455) < 0.0025, "P(|x|>2) \(Double(beyondTwo) / Double(n))")
    // The tail beyond R (P = 0.000258, about 52 of 200k) is sampled too.
    #expect((20...100).contains(beyondR), "tail draws \(beyondR)")
    #expect(abs(Double(negative) / Double(n) - 0.5) < 0.006)
  }
}
