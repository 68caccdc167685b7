import MatchingCheckers
import Testing

/// The misreport spaces: sizes, validity, distinctness, order.
struct AuditMisreportSpaceTests {
  /// Every ordered subset of 0..<k by brute force: all k-ary strings of length ≤ k over
  /// 0..<k with distinct letters.
  static func bruteForceOrderedSubsets(_ k: Int) -> Set<[Int]> {
    var result: Set<[Int]> = [[]]
    var frontier: [[Int]] = [[]]
    for _ in 0..<k {
      frontier = frontier.flatMap { s in (0..<k).filter { !s.contains($0) }.map { s + [$0] } }
      result.formUnion(frontier)
    }
    return result
  }

  @Test func orderedSubsetCountsMatchTheIssue() {
    #expect((0...7).map(MisreportSpace.orderedSubsetCount) == [1, 2, 5, 16, 65, 326, 1957, 13700])
  }

  @Test(arguments: 0...6)
  func exhaustiveSpaceIsEveryOrderedSubsetButTheTruth(k: Int) {
    let space = MisreportSpace.exhaustive(maxOptions: 6).misreports(forLength: k)
    let positions = space.map(\.positions)
    #expect(positions.count + 1 == MisreportSpace.orderedSubsetCount(k))
    #expect(Set(positions).count == positions.count)
    var expected = Self.bruteForceOrderedSubsets(k)
    expected.remove(Array(0..<k))
    #expect(Set(positions) == expected)
    // By length, then lexicographic; indices count up.
    for (a, b) in zip(positions, positions.dropFirst()) {
      #expect(a.count < b.count || (a.count == b.count && a.lexicographicallyPrecedes(b)))
    }
    // Members of the heuristic family are labelled as such; the others by their index.
    let heuristic = Dictionary(
      uniqueKeysWithValues: MisreportSpace.heuristic.misreports(forLength: k).map { ($0.positions, $0.kind) })
    for (index, m) in space.enumerated() {
      #expect(m.kind == (heuristic[m.positions] ?? .orderedSubset(index: index)))
    }
  }

  @Test(arguments: 0...12)
  func heuristicFamilyIsDistinctAndNamed(k: Int) {
    let space = MisreportSpace.heuristic.misreports(forLength: k)
    #expect(space.count == (k < 2 ? 0 : 4 * k - 5))
    let positions = space.map(\.positions)
    #expect(Set(positions).count == positions.count, "duplicates at k = \(k)")
    #expect(!positions.contains(Array(0..<k)))
    let identity = Array(0..<k)
    for m in space {
      #expect(Set(m.positions).count == m.positions.count)
      #expect(m.positions.allSatisfy { (0..<k).contains($0) })
      switch m.kind {
      case .truncation(let l): #expect(m.positions == Array(0..<l))
      case .drop(let p): #expect(m.positions == identity.filter { $0 != p })
      case .swap(let p):
        var s = identity
        s.swapAt(p, p + 1)
        #expect(m.positions == s)
      case .promote(let p): #expect(m.positions == [p] + identity.filter { $0 != p })
      case .orderedSubset: Issue.record("exhaustive kind in the heuristic family")
      }
    }
    // Every family is complete (up to the documented duplicates).
    if k >= 2 {
      let truncations = space.filter { if case .truncation = $0.kind { true } else { false } }
      #expect(truncations.count == k - 1)
      #expect(space.contains { $0.positions == identity.filter { $0 != k - 1 } })  // drop last
      #expect(space.contains { $0.positions == [1, 0] + identity.dropFirst(2) })  // promote 2nd
    }
  }

  @Test func exhaustiveFallsBackToHeuristicForLongLists() {
    let space = MisreportSpace.exhaustive(maxOptions: 4)
    #expect(space.isExhaustive(forLength: 4))
    #expect(!space.isExhaustive(forLength: 5))
    #expect(space.misreports(forLength: 5) == MisreportSpace.heuristic.misreports(forLength: 5))
  }

  @Test func misreportAppliesPositions() {
    let m = Misreport(kind: .promote(position: 2), positions: [2, 0, 1])
    #expect(m.apply(to: [7, 4, 9]) == [9, 7, 4])
  }

  @Test func responsiveComparison() {
    let truth = ResponsiveOutcome(ranks: [1, 4])
    #expect(ResponsiveOutcome(ranks: [0, 4]).isImprovement(over: truth))
    #expect(ResponsiveOutcome(ranks: [1, 3]).isImprovement(over: truth))
    #expect(ResponsiveOutcome(ranks: [1, 4, 6]).isImprovement(over: truth))
    #expect(!ResponsiveOutcome(ranks: [1, 4]).isImprovement(over: truth))
    #expect(!ResponsiveOutcome(ranks: [0]).isImprovement(over: truth))  // ambiguous: not counted
    #expect(!ResponsiveOutcome(ranks: [0, 5]).isImprovement(over: truth))  // ambiguous
    #expect(!ResponsiveOutcome(ranks: [0, 1], unacceptable: 1).isImprovement(over: truth))
    // One seat: a better option, or any listed option instead of none.
    #expect(ResponsiveOutcome(ranks: [2]).isImprovement(over: ResponsiveOutcome(ranks: [])))
    #expect(ResponsiveOutcome(ranks: [0]).isImprovement(over: ResponsiveOutcome(ranks: [3])))
    #expect(!ResponsiveOutcome(ranks: []).isImprovement(over: ResponsiveOutcome(ranks: [3])))
    #expect(ResponsiveOutcome(ranks: [0]).isBest(capacity: 1, listed: 4))
    #expect(ResponsiveOutcome(ranks: [0, 1]).isBest(capacity: 3, listed: 2))
    #expect(!ResponsiveOutcome(ranks: [0, 1]).isBest(capacity: 3, listed: 5))
    #expect(ResponsiveOutcome(ranks: []).isBest(capacity: 1, listed: 0))
  }
}
