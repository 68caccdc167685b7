/// A kidney-exchange market in the model of Roth, Sönmez and Ünver (2004): each pair's
/// patient ranks the other pairs' donors, and may rank the waiting list *w* (priority on the
/// deceased-donor list in exchange for her donor's kidney) among them.
///
/// ```swift
/// let market = TTCCMarket(preferences: [[.kidney(1)], [.kidney(0), .waitlist]])
/// market.pairCount   // 2
/// ```
///
/// Pair *i*'s own kidney is implicitly last (after *w* when she lists it); choices after *w*
/// never matter (a patient who reaches *w* points to it) and are dropped.
public struct TTCCMarket: Sendable, Hashable {
  /// One entry of a patient's ranking.
  public enum Choice: Sendable, Hashable {
    /// The kidney of pair `j`'s donor.
    case kidney(Int)
    /// The waiting list: priority for the next deceased-donor kidney.
    case waitlist
  }

  /// `preferences[i]`: patient *i*'s ranking, best first, ending at *w* if she accepts it.
  public private(set) var preferences: [[Choice]]

  public var pairCount: Int { preferences.count }

  /// A market from the patients' rankings.
  ///
  /// - Precondition: every `.kidney(j)` names another pair `0..<n` at most once in a list.
  public init(preferences: [[Choice]]) {
    let n = preferences.count
    self.preferences = preferences.enumerated().map { i, list in
      var seen = Set<Int>()
      var out: [Choice] = []
      for c in list {
        switch c {
        case .waitlist:
          out.append(.waitlist)
          return out
        case .kidney(let j):
          precondition(j >= 0 && j < n && j != i, "patient \(i) ranks kidney \(j), not another pair's")
          // A repeated kidney adds nothing (its first place decides).
          if seen.insert(j).inserted { out.append(c) }
        }
      }
      return out
    }
  }

  /// Whether patient *i* ranks *w*.
  public func acceptsWaitlist(_ i: Int) -> Bool { preferences[i].last == .waitlist }

  /// When pairs join the waiting list in exchange for their donor's kidney.
  public enum WaitlistOption: String, Sendable, Hashable, CaseIterable {
    /// Nobody: TTCC is then Gale's top trading cycles on the pool.
    case none
    /// Every patient, below every compatible kidney (and above her own).
    case all
  }

  /// The market of a pool: patient *v* ranks the donors of the pairs with an arc into *v*,
  /// by weight (highest first), then success probability (highest first), then pair index;
  /// altruists take no part (RSÜ's model has none).
  ///
  /// - Complexity: O(*E* log *d*) for *E* arcs and in-degree *d*.
  public init(pool: KidneyPool, waitlist: WaitlistOption) {
    let n = pool.pairCount
    var incoming = [[(donor: Int, weight: Double, p: Double)]](repeating: [], count: n)
    for u in 0..<n {
      for k in pool.arcStart[u]..<pool.arcStart[u + 1] {
        incoming[Int(pool.arcRecipient[k])].append((u, pool.arcWeight[k], pool.arcProbability[k]))
      }
    }
    let lists: [[Choice]] = incoming.map { arcs in
      var list = arcs.sorted { a, b in
        a.weight != b.weight ? a.weight > b.weight : a.p != b.p ? a.p > b.p : a.donor < b.donor
      }.map { Choice.kidney($0.donor) }
      if waitlist == .all { list.append(.waitlist) }
      return list
    }
    self.init(preferences: lists)
  }
}
