@testable import MatchingCore
import Mechanisms
import Testing

/// The lottery depends on the seed and the students' names only: the same market with its
/// students and schools listed in another order gives every student the same school, under
/// every mechanism and both tie-breaking rules (issue 12).
struct LotteryOrderIndependenceTests {
  /// A market as data with names, in the order the "file" lists it.
  struct NamedData {
    var schoolNames: [String]
    var capacities: [Int]
    var studentNames: [String]
    var lists: [[Int]]        // school indices into schoolNames
    var classes: [[Int]]      // priority class at each listed school

    func market(_ rule: TieBreaking) throws -> SchoolChoiceMarket {
      try SchoolChoiceMarket(
        capacities: capacities, preferences: lists, priorities: classes, tieBreaking: rule,
        lotteryKeys: LotteryKeys(studentNames: studentNames, schoolNames: schoolNames))
    }

    /// The same market with students and schools listed in shuffled orders.
    func shuffled(seed: UInt64) -> NamedData {
      var rng = SeededGenerator(seed: seed)
      var schoolOrder = Array(0..<schoolNames.count)
      rng.shuffle(&schoolOrder)
      var newIndex = [Int](repeating: 0, count: schoolOrder.count)
      for (k, s) in schoolOrder.enumerated() { newIndex[s] = k }
      var studentOrder = Array(0..<studentNames.count)
      rng.shuffle(&studentOrder)
      return NamedData(
        schoolNames: schoolOrder.map { schoolNames[$0] }, capacities: schoolOrder.map { capacities[$0] },
        studentNames: studentOrder.map { studentNames[$0] },
        lists: studentOrder.map { lists[$0].map { newIndex[$0] } },
        classes: studentOrder.map { classes[$0] })
    }

    /// Who gets which school, by name.
    func assignment(_ m: Matching) -> [String: String] {
      var result: [String: String] = [:]
      for i in 0..<m.count { result[studentNames[i]] = m.partner(of: i).map { schoolNames[$0] } ?? "-" }
      return result
    }
  }

  /// A random market with many ties (few priority classes), so the lottery decides a lot.
  static func randomData(seed: UInt64, students: Int, schools: Int) -> NamedData {
    var rng = SeededGenerator(seed: seed)
    var lists: [[Int]] = []
    var classes: [[Int]] = []
    for _ in 0..<students {
      var all = Array(0..<schools)
      rng.shuffle(&all)
      let k = 1 + rng.uniform(below: min(4, schools))
      lists.append(Array(all.prefix(k)))
      classes.append((0..<k).map { _ in rng.uniform(below: 2) })
    }
    return NamedData(
      schoolNames: (0..<schools).map { "school-\($0)" }, capacities: (0..<schools).map { _ in 1 + rng.uniform(below: 3) },
      studentNames: (0..<students).map { "student \($0 * 7919 % 100_003)" }, lists: lists, classes: classes)
  }

  static let mechanisms: [(String, any SchoolChoiceMechanism)] = [
    ("da", DeferredAcceptance()), ("da-schools", DeferredAcceptance(proposing: .schools)),
    ("boston", ImmediateAcceptance()), ("ttc", SchoolChoiceTopTradingCycles()),
    ("rsd", SerialDictatorship(order: .random(seed: 5))),
  ]

  @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
  func rowOrderDoesNotChangeTheAssignment(seed: UInt64) throws {
    let data = Self.randomData(seed: seed, students: 60, schools: 7)
    let shuffled = data.shuffled(seed: seed &+ 100)
    for rule in [TieBreaking.single(seed: seed), .multiple(seed: seed)] {
      let a = try data.market(rule)
      let b = try shuffled.market(rule)
      for (name, mechanism) in Self.mechanisms {
        let left = data.assignment(try mechanism.match(a))
        let right = shuffled.assignment(try mechanism.match(b))
        #expect(left == right, "seed \(seed), \(rule), \(name)")
      }
    }
  }

  /// The keys matter: naming students by position (the library default) makes the lottery
  /// follow the row order, and the same shuffled market then gets another assignment. This
  /// shows the test above can fail.
  @Test func positionalNamesWouldDependOnRowOrder() throws {
    let data = Self.randomData(seed: 9, students: 60, schools: 7)
    let shuffled = data.shuffled(seed: 109)
    let a = try SchoolChoiceMarket(capacities: data.capacities, preferences: data.lists, priorities: data.classes, tieBreaking: .single(seed: 9))
    let b = try SchoolChoiceMarket(capacities: shuffled.capacities, preferences: shuffled.lists, priorities: shuffled.classes, tieBreaking: .single(seed: 9))
    #expect(data.assignment(DeferredAcceptance().match(a)) != shuffled.assignment(DeferredAcceptance().match(b)))
  }

  /// The strict ranks are exactly the order of (priority class, lottery number, name order),
  /// recomputed here by a plain sort from the published number functions: this checks the
  /// radix sort, the packing of the top 32 bits and the re-sort of tied runs.
  @Test(arguments: [UInt64(21), 22, 23, 24])
  func strictRanksFollowTheLotteryNumbers(seed: UInt64) throws {
    var data = Self.randomData(seed: seed, students: 300, schools: 4)
    // Make some keys collide, so the name order is exercised too.
    let keys = LotteryKeys(studentNames: data.studentNames, schoolNames: data.schoolNames)
    var students = keys.students
    for i in stride(from: 0, to: students.count - 1, by: 50) { students[i + 1] = students[i] }
    let colliding = LotteryKeys(
      students: students, schools: keys.schools,
      studentTies: LotteryKeys.collisionRanks(keys: students, names: data.studentNames))
    data.classes = data.classes.map { $0.map { $0 % 2 } }
    for rule in [TieBreaking.single(seed: seed), .multiple(seed: seed)] {
      let market = try SchoolChoiceMarket(
        capacities: data.capacities, preferences: data.lists, priorities: data.classes, tieBreaking: rule,
        lotteryKeys: colliding)
      for s in 0..<market.schoolCount {
        var applicants: [(student: Int, entry: Int)] = []
        for i in 0..<market.studentCount {
          for e in market.listRange(of: i) where Int(market.entries[e].school) == s { applicants.append((i, e)) }
        }
        func number(_ i: Int) -> UInt64 {
          switch rule {
          case .single(let sd): colliding.singleLotteryNumber(of: i, seed: sd)
          case .multiple(let sd): colliding.multipleLotteryNumber(of: i, at: s, seed: sd)
          case .given: 0
          }
        }
        let expected = applicants.sorted { a, b in
          let ca = market.priorities[a.entry], cb = market.priorities[b.entry]
          if ca != cb { return ca < cb }
          let na = number(a.student), nb = number(b.student)
          if na != nb { return na < nb }
          return colliding.precedesOnEqualNumbers(a.student, b.student)
        }
        let actual = applicants.sorted { market.entries[$0.entry].rank < market.entries[$1.entry].rank }
        #expect(expected.map(\.student) == actual.map(\.student), "seed \(seed), \(rule), school \(s)")
      }
    }
  }

  /// Random serial dictatorship on a housing market draws its order from the agents' names:
  /// agents and houses listed in another order get the same houses.
  @Test(arguments: [UInt64(31), 32, 33])
  func housingRandomSerialDictatorshipIgnoresRowOrder(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let n = 40
    let agentNames = (0..<n).map { "agent-\($0 * 13 % 41)" }
    let houseNames = (0..<n).map { "house-\($0)" }
    let lists: [[Int]] = (0..<n).map { _ in
      var all = Array(0..<n)
      rng.shuffle(&all)
      return Array(all.prefix(1 + rng.uniform(below: 5)))
    }
    var order = Array(0..<n)   // agent order in the shuffled copy; agent a owns house a
    rng.shuffle(&order)
    var newIndex = [Int](repeating: 0, count: n)
    for (k, a) in order.enumerated() { newIndex[a] = k }
    let a = try HousingMarket(
      endowments: (0..<n).map(Int32.init), listOffsets: Self.offsets(lists), houses: lists.joined().map(Int32.init),
      lotteryKeys: LotteryKeys(studentNames: agentNames, schoolNames: houseNames))
    let shuffledLists = order.map { lists[$0].map { newIndex[$0] } }
    let b = try HousingMarket(
      endowments: (0..<n).map(Int32.init), listOffsets: Self.offsets(shuffledLists),
      houses: shuffledLists.joined().map(Int32.init),
      lotteryKeys: LotteryKeys(studentNames: order.map { agentNames[$0] }, schoolNames: order.map { houseNames[$0] }))
    let rsd = SerialDictatorship(order: .random(seed: seed))
    let left = rsd.match(a), right = rsd.match(b)
    for x in 0..<n {
      let y = newIndex[x]
      #expect(left.partner(of: x).map { houseNames[$0] } == right.partner(of: y).map { houseNames[order[$0]] }, "seed \(seed), agent \(x)")
    }
  }

  static func offsets(_ lists: [[Int]]) -> [Int32] {
    var result: [Int32] = [0]
    for l in lists { result.append(result.last! + Int32(l.count)) }
    return result
  }

  /// Adding a student changes no other student's single-lottery number.
  @Test func aNumberDependsOnTheSeedAndTheNameOnly() {
    let few = LotteryKeys(studentNames: ["ana", "ben"], schoolNames: ["x"])
    let more = LotteryKeys(studentNames: ["cy", "ben", "ana"], schoolNames: ["y", "x"])
    #expect(few.singleLotteryNumber(of: 0, seed: 3) == more.singleLotteryNumber(of: 2, seed: 3))
    #expect(few.multipleLotteryNumber(of: 1, at: 0, seed: 3) == more.multipleLotteryNumber(of: 1, at: 1, seed: 3))
    #expect(few.singleLotteryNumber(of: 0, seed: 3) != few.singleLotteryNumber(of: 0, seed: 4))
  }

  /// Students whose keys collide are ordered by their tie ranks (the reader's name order),
  /// whichever comes first in the input.
  @Test func collidingKeysAreOrderedByName() throws {
    for rule in [TieBreaking.single(seed: 1), .multiple(seed: 1), .single(seed: 2), .multiple(seed: 2)] {
      // Two students, one seat, tied; the same key 42, tie ranks say student "b" (rank 0) wins.
      let forward = try SchoolChoiceMarket(
        capacities: [1], preferences: [[0], [0]], tieBreaking: rule,
        lotteryKeys: LotteryKeys(students: [42, 42], schools: [7], studentTies: [1, 0]))
      let backward = try SchoolChoiceMarket(
        capacities: [1], preferences: [[0], [0]], tieBreaking: rule,
        lotteryKeys: LotteryKeys(students: [42, 42], schools: [7], studentTies: [0, 1]))
      #expect(DeferredAcceptance().match(forward).partner(of: 1) == 0, "\(rule)")
      #expect(DeferredAcceptance().match(backward).partner(of: 0) == 0, "\(rule)")
      #expect(SerialDictatorship(order: .random(seed: 3)).match(forward).partner(of: 1) == 0)
    }
  }

  /// Tie ranks from names: collisions are found and ranked by the names' bytes.
  @Test func collisionRanksFollowTheNames() {
    let ranks = LotteryKeys.collisionRanks(keys: [5, 9, 5, 5, 1], names: ["m", "q", "c", "x", "a"])
    #expect(ranks == [1, 0, 0, 2, 0])
    #expect(LotteryKeys.collisionRanks(keys: [3, 1, 2], names: ["a", "b", "c"]).isEmpty)
  }

  /// Random serial dictatorship with seed S is serial dictatorship in the order of the single
  /// lottery drawn with S, so it equals DA under single tie-breaking when every student is
  /// tied at every school (a common priority order is serial dictatorship's order).
  @Test(arguments: [UInt64(11), 12, 13])
  func randomSerialDictatorshipFollowsTheSingleLottery(seed: UInt64) throws {
    var data = Self.randomData(seed: seed, students: 40, schools: 6)
    data.classes = data.lists.map { [Int](repeating: 0, count: $0.count) }
    let market = try data.market(.single(seed: seed))
    #expect(SerialDictatorship(order: .random(seed: seed)).match(market) == DeferredAcceptance().match(market))
  }

  /// Given lottery numbers that tie are ordered by the students' keys, not by row order.
  @Test func tiedGivenNumbersAreOrderedByIdentity() throws {
    let names = ["ana", "ben", "cy"]
    let keys = LotteryKeys(studentNames: names, schoolNames: ["x"])
    let reversedKeys = LotteryKeys(studentNames: names.reversed(), schoolNames: ["x"])
    let a = try SchoolChoiceMarket(capacities: [1], preferences: [[0], [0], [0]], lotteryNumbers: [[4], [4], [4]], tieBreaking: .given, lotteryKeys: keys)
    let b = try SchoolChoiceMarket(capacities: [1], preferences: [[0], [0], [0]], lotteryNumbers: [[4], [4], [4]], tieBreaking: .given, lotteryKeys: reversedKeys)
    let winnerA = names[DeferredAcceptance().match(a).assignment.firstIndex(of: 0)!]
    let winnerB = names.reversed()[DeferredAcceptance().match(b).assignment.firstIndex(of: 0)!]
    #expect(winnerA == winnerB)
  }

  /// Unnamed agents are named by their index in decimal, and keys are stable across runs and
  /// machines (pinned values: a change of the hash changes every seeded assignment).
  @Test func keysAreStable() {
    for i in [0, 1, 9, 10, 99, 12345, 1 << 40] {
      #expect(LotteryKeys.key(ofIndex: i) == LotteryKeys.key(of: String(i)))
    }
    #expect(LotteryKeys.key(of: "") != LotteryKeys.key(of: "\u{0}"))
    #expect(LotteryKeys.key(of: "alice") == Self.pinnedAlice)
    #expect(LotteryKeys.key(of: "a much longer student identifier 123") == Self.pinnedLong)
  }

  // Computed independently from the definition (SplitMix64 finaliser over little-endian
  // 8-byte words, seeded with the length) by a 15-line Python script, not by this code.
  static let pinnedAlice: UInt64 = 16_500_086_006_921_490_864
  static let pinnedLong: UInt64 = 14_502_135_444_080_400_992
}
