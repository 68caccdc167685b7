/// Housing lists cut after each agent's own house, the part of a list that individual
/// rationality lets a mechanism use: shared by the housing market (every agent owns a house)
/// and the market with tenants (newcomers own none, and keep their whole list).
///
/// Agent *a*'s list is `houses[listOffsets[a] ..< listOffsets[a + 1]]`, most preferred
/// first; it keeps the houses up to and including her own, and her own house is appended
/// when she did not list it.
///
/// - Complexity: O(*n* + *h* + *E*) for *n* agents, *h* houses and *E* listed houses.
struct ListsUpToOwnHouse {
  /// Where each agent's cut list starts in ``entries``; `n + 1` values.
  var start: [Int32]
  /// The length of each agent's cut list.
  var lengths: [Int32]
  /// Every cut list, concatenated.
  var entries: [Int32]

  /// A list names a house that does not exist, or names one twice.
  enum Problem: Error {
    case houseOutOfRange(agent: Int, house: Int)
    case duplicateHouse(agent: Int, house: Int)
  }

  /// - Parameters:
  ///   - own: each agent's house, or a negative value for an agent who owns none.
  ///   - houseCount: the number of houses *h*.
  init(listOffsets: [Int32], houses: [Int32], own: [Int32], houseCount: Int) throws(Problem) {
    let n = own.count
    var start: [Int32] = [0]
    start.reserveCapacity(n + 1)
    var lengths = [Int32](repeating: 0, count: n)
    var out: [Int32] = []
    out.reserveCapacity(houses.count + n)
    var lastSeen = [Int32](repeating: -1, count: houseCount)
    for a in 0..<n {
      let mine = own[a]
      var sawOwn = false
      let begin = out.count
      for e in Int(listOffsets[a])..<Int(listOffsets[a + 1]) {
        let h = houses[e]
        guard h >= 0 && Int(h) < houseCount else { throw .houseOutOfRange(agent: a, house: Int(h)) }
        guard lastSeen[Int(h)] != Int32(a) else { throw .duplicateHouse(agent: a, house: Int(h)) }
        lastSeen[Int(h)] = Int32(a)
        if !sawOwn { out.append(h) }
        if h == mine { sawOwn = true }
      }
      if mine >= 0 && !sawOwn { out.append(mine) }
      lengths[a] = Int32(out.count - begin)
      start.append(Int32(out.count))
    }
    self.start = start
    self.lengths = lengths
    self.entries = out
  }
}
