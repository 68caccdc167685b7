import MatchingCore
import Testing

/// `lowerBound(of:)` against a linear scan, on seeded sorted arrays with repeats and on slices.
struct SortedSearchTests {
  @Test(arguments: Array(UInt64(0)..<20))
  func lowerBoundIsTheFirstIndexNotBelow(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    let values = (0..<rng.uniform(below: 40)).map { _ in UInt32(rng.uniform(below: 12)) }.sorted()
    for probe in UInt32(0)...13 {
      #expect(values.lowerBound(of: probe) == values.firstIndex { $0 >= probe } ?? values.count, "seed \(seed), \(probe)")
      let from = values.count / 3
      let slice = values[from...]
      #expect(slice.lowerBound(of: probe) == slice.firstIndex { $0 >= probe } ?? values.count, "seed \(seed), slice")
    }
  }
}
