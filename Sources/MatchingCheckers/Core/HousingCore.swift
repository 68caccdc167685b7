import MatchingCore

/// A coalition that blocks a housing-market allocation: by trading only their own houses
/// among themselves, every member does at least as well and one does strictly better.
///
/// ```swift
/// // BlockingCoalition(members: [0, 2], houses: [2, 0]): agents 0 and 2 swap their own
/// // houses and both like that at least as much as what they were given.
/// ```
public struct BlockingCoalition: Hashable, Sendable, CustomStringConvertible {
  /// The members, in trading order.
  public var members: [AgentID]
  /// `houses[k]` is the house member `members[k]` takes: the endowment of the next member.
  public var houses: [HouseID]

  public var description: String {
    zip(members, houses).map { "agent \($0) takes house \($1)" }.joined(separator: ", ")
  }
}

extension HousingMarket {
  /// A coalition that blocks `matching` (weakly: all members at least as well off, one
  /// strictly better), or `nil` when `matching` is in the strict core.
  ///
  /// ```swift
  /// market.blockingCoalition(against: TopTradingCycles().match(market))   // nil
  /// ```
  ///
  /// With strict preferences the strict core has exactly one allocation, the TTC outcome
  /// (Roth and Postlewaite 1977). The test: draw an arc *a* -> *b* when agent *a* likes
  /// *b*'s own house at least as much as what she holds; a coalition blocks exactly when some
  /// strict arc lies on a cycle, that is, inside one strongly connected component.
  ///
  /// - Complexity: O(*n* + *E*) (Tarjan's strongly connected components).
  public func blockingCoalition(against matching: Matching) -> BlockingCoalition? {
    let n = agentCount
    // Arcs a -> owner(h) for houses h at least as good as a's holding; strict if better.
    var start = [Int32](repeating: 0, count: n + 1)
    var to: [Int32] = []
    var strict: [Bool] = []
    for a in 0..<n {
      let held = matching.partner(of: a)
      for e in listRange(of: a) {
        let h = Int(houses[e])
        let better = h != held
        to.append(owners[h])
        strict.append(better)
        if !better { break }
      }
      // An agent holding nothing, or a house off her list, prefers her own house strictly:
      // her list ends with it, so the loop above already added that arc as strict.
      start[a + 1] = Int32(to.count)
    }
    let component = StronglyConnectedComponents(vertexCount: n, start: start, targets: to).component
    // A strict arc inside a component closes a blocking cycle.
    for a in 0..<n {
      for k in Int(start[a])..<Int(start[a + 1]) where strict[k] {
        let b = Int(to[k])
        guard component[b] == component[a] else { continue }
        if b == a {  // she prefers her own house to what she holds
          return BlockingCoalition(members: [a], houses: [endowment(of: a)])
        }
        // A path b -> ... -> a inside the component (breadth-first), closed by a -> b.
        var previous = [Int32](repeating: -1, count: n)
        previous[b] = Int32(b)
        var queue = [b]
        var head = 0
        while head < queue.count && previous[a] < 0 {
          let v = queue[head]
          head += 1
          for j in Int(start[v])..<Int(start[v + 1]) {
            let w = Int(to[j])
            if component[w] == component[a] && previous[w] < 0 {
              previous[w] = Int32(v)
              queue.append(w)
            }
          }
        }
        var path = [a]
        var x = a
        while x != b {
          x = Int(previous[x])
          path.append(x)
        }
        path.reverse()  // b, ..., a
        // a takes b's house; every other member takes the house of the next one on the path.
        let members = [a] + path.dropLast()
        let houses = members.indices.map { k in endowment(of: members[(k + 1) % members.count]) }
        return BlockingCoalition(members: members, houses: houses)
      }
    }
    return nil
  }

  /// Whether `matching` is in the (strict) core.
  public func isInCore(_ matching: Matching) -> Bool { blockingCoalition(against: matching) == nil }
}
