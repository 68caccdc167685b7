/// Which misreports the strategy-proofness audit tries for each agent.
///
/// ```swift
/// MisreportSpace.exhaustive().misreports(forLength: 5).count   // 325 (326 reports, less the truth)
/// MisreportSpace.heuristic.misreports(forLength: 10).count     // 35
/// ```
///
/// A misreport is an ordered subset of the agent's truthful report (she can leave options out
/// and reorder the rest; she cannot list an option she did not list truthfully, because the
/// data hold nothing about her at that option). The space depends only on the length *k* of
/// the truthful report, so misreports are positions into it.
///
/// - ``exhaustive(maxOptions:)``: every ordered subset, the empty report included: Σⱼ k!/(k−j)!
///   reports (16 at 3 options, 65 at 4, 326 at 5, 1957 at 6, 13700 at 7). Finding none proves
///   the agent has no profitable misreport of this kind. Agents with more than `maxOptions`
///   options get the heuristic family instead (the audit report counts them).
/// - ``heuristic``: the families that manipulations found in practice come from, 4*k*−5
///   distinct reports for *k* ≥ 2: truncations (keep the first *L* options, 1 ≤ *L* < *k*),
///   dropping one option, swapping two adjacent options, and promoting one option to the top
///   (positions ≥ 2; promoting the second is the first swap). Finding none proves nothing
///   about the reports outside the family.
public enum MisreportSpace: Sendable, Hashable, CustomStringConvertible {
  /// Every ordered subset of the truthful report, for reports of at most `maxOptions`
  /// options; longer reports get the heuristic family.
  case exhaustive(maxOptions: Int = 6)
  /// Truncations, one dropped option, adjacent swaps and promotions to the top.
  case heuristic

  public var description: String {
    switch self {
    case .exhaustive(let k): "exhaustive (up to \(k) options)"
    case .heuristic: "heuristic"
    }
  }

  /// Whether an agent whose truthful report has `length` options gets every ordered subset.
  public func isExhaustive(forLength length: Int) -> Bool {
    if case .exhaustive(let k) = self { return length <= k }
    return false
  }

  /// The misreports for a truthful report of `length` options, in the audit's fixed order
  /// (the truthful report itself excluded).
  ///
  /// - Complexity: O(*r* *k*) for *r* reports of at most *k* options.
  public func misreports(forLength length: Int) -> [Misreport] {
    isExhaustive(forLength: length)
      ? Self.orderedSubsets(of: length) : Self.heuristicFamily(of: length)
  }

  /// The number of ordered subsets of *k* options, the empty one and the full one included.
  ///
  /// ```swift
  /// MisreportSpace.orderedSubsetCount(5)   // 326
  /// ```
  public static func orderedSubsetCount(_ k: Int) -> Int {
    var total = 0
    var term = 1  // k! / (k - j)!
    for j in 0...k {
      total += term
      term *= (k - j)
    }
    return total
  }

  /// Every ordered subset of `0..<k` but the identity, by length, then lexicographically.
  static func orderedSubsets(of k: Int) -> [Misreport] {
    var result: [Misreport] = []
    result.reserveCapacity(orderedSubsetCount(k))
    var used = [Bool](repeating: false, count: k)
    var current: [Int] = []
    func extend(to length: Int) {
      if current.count == length {
        if length != k || current != Array(0..<k) {
          result.append(
            Misreport(kind: classify(current, of: k) ?? .orderedSubset(index: result.count), positions: current))
        }
        return
      }
      for p in 0..<k where !used[p] {
        used[p] = true
        current.append(p)
        extend(to: length)
        current.removeLast()
        used[p] = false
      }
    }
    for length in 0...k { extend(to: length) }
    return result
  }

  /// The heuristic kind `positions` belongs to, if any (so exhaustive witnesses read as
  /// "truncate after choice 2" when that is what they are).
  static func classify(_ positions: [Int], of k: Int) -> MisreportKind? {
    guard k >= 2 else { return nil }
    let identity = Array(0..<k)
    if positions.count >= 1 && positions.count < k && positions == Array(0..<positions.count) {
      return .truncation(length: positions.count)
    }
    if positions.count == k - 1 {
      for p in 0..<k where positions == identity.filter({ $0 != p }) { return .drop(position: p) }
    }
    if positions.count == k && k >= 2 {
      for p in 0..<(k - 1) where positions[p] == p + 1 && positions[p + 1] == p {
        var swapped = identity
        swapped.swapAt(p, p + 1)
        if positions == swapped { return .swap(position: p) }
      }
      if positions[0] >= 2 && positions == [positions[0]] + identity.filter({ $0 != positions[0] }) {
        return .promote(position: positions[0])
      }
    }
    return nil
  }

  /// The heuristic family, distinct by construction (see the type's documentation).
  static func heuristicFamily(of k: Int) -> [Misreport] {
    guard k >= 2 else { return [] }
    var result: [Misreport] = []
    result.reserveCapacity(4 * k - 5)
    let identity = Array(0..<k)
    for length in stride(from: k - 1, through: 1, by: -1) {
      result.append(Misreport(kind: .truncation(length: length), positions: Array(0..<length)))
    }
    for p in 0..<(k - 1) {  // dropping the last option is the longest truncation
      var positions = identity
      positions.remove(at: p)
      result.append(Misreport(kind: .drop(position: p), positions: positions))
    }
    for p in 0..<(k - 1) {
      var positions = identity
      positions.swapAt(p, p + 1)
      result.append(Misreport(kind: .swap(position: p), positions: positions))
    }
    for p in 2..<k {  // promoting the second option is the first swap
      var positions = identity
      positions.remove(at: p)
      positions.insert(p, at: 0)
      result.append(Misreport(kind: .promote(position: p), positions: positions))
    }
    return result
  }
}

/// One misreport: which options of the truthful report are reported, in which order.
///
/// ```swift
/// let m = Misreport(kind: .swap(position: 0), positions: [1, 0, 2])
/// m.apply(to: [7, 4, 9])   // [4, 7, 9]
/// ```
public struct Misreport: Sendable, Hashable {
  /// How the report was made from the truthful one.
  public var kind: MisreportKind
  /// Positions (0-based) in the truthful report, in the reported order.
  public var positions: [Int]

  public init(kind: MisreportKind, positions: [Int]) {
    self.kind = kind
    self.positions = positions
  }

  /// The reported options, given the truthful report.
  public func apply(to truthful: [Int]) -> [Int] { positions.map { truthful[$0] } }
}

/// How a misreport was made from the truthful report (positions are 0-based).
public enum MisreportKind: Sendable, Hashable, CustomStringConvertible {
  /// Keep the first `length` options.
  case truncation(length: Int)
  /// Leave out the option at `position`.
  case drop(position: Int)
  /// Swap the options at `position` and `position + 1`.
  case swap(position: Int)
  /// Move the option at `position` to the top.
  case promote(position: Int)
  /// The `index`-th ordered subset in the exhaustive enumeration (one that is none of the
  /// above).
  case orderedSubset(index: Int)

  /// A short phrase, with 1-based positions as people count them.
  public var description: String {
    switch self {
    case .truncation(let l): "truncate after choice \(l)"
    case .drop(let p): "drop choice \(p + 1)"
    case .swap(let p): "swap choices \(p + 1) and \(p + 2)"
    case .promote(let p): "promote choice \(p + 1) to the top"
    case .orderedSubset: "reorder or drop choices"
    }
  }

  /// A machine-readable family name: `truncation`, `drop`, `swap`, `promote` or `subset`.
  public var family: String {
    switch self {
    case .truncation: "truncation"
    case .drop: "drop"
    case .swap: "swap"
    case .promote: "promote"
    case .orderedSubset: "subset"
    }
  }
}
