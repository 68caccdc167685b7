import MatchingCore

/// An exact fraction on Int (small markets only; every operation checks for overflow).
struct Fraction: Hashable, Comparable, CustomStringConvertible {
  var num: Int
  var den: Int

  init(_ n: Int, _ d: Int = 1) {
    precondition(d != 0)
    let g = Fraction.gcd(abs(n), abs(d))
    let sign = d < 0 ? -1 : 1
    num = sign * n / max(g, 1)
    den = sign * d / max(g, 1)
  }
  static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? max(a, 1) : gcd(b, a % b) }
  static func mul(_ a: Int, _ b: Int) -> Int {
    let (r, o) = a.multipliedReportingOverflow(by: b)
    precondition(!o, "fraction overflow")
    return r
  }
  static func + (a: Fraction, b: Fraction) -> Fraction { Fraction(mul(a.num, b.den) + mul(b.num, a.den), mul(a.den, b.den)) }
  static func - (a: Fraction, b: Fraction) -> Fraction { Fraction(mul(a.num, b.den) - mul(b.num, a.den), mul(a.den, b.den)) }
  static func * (a: Fraction, b: Fraction) -> Fraction { Fraction(mul(a.num, b.num), mul(a.den, b.den)) }
  static func / (a: Fraction, b: Fraction) -> Fraction { Fraction(mul(a.num, b.den), mul(a.den, b.num)) }
  static func < (a: Fraction, b: Fraction) -> Bool { mul(a.num, b.den) < mul(b.num, a.den) }
  var double: Double { Double(num) / Double(den) }
  var description: String { den == 1 ? "\(num)" : "\(num)/\(den)" }
}

/// The eating algorithm written the plain way, in exact fractions: at each step every
/// student eats her best school with supply left, the step lasts until the first school runs
/// out (or time 1), and everything is recomputed. `result[i][k]` is student i's share of her
/// k-th choice.
func exactEating(_ market: SchoolChoiceMarket) -> [[Fraction]] {
  let n = market.studentCount
  var remaining = market.capacities.map { Fraction(Int($0)) }
  var shares = (0..<n).map { [Fraction](repeating: Fraction(0), count: market.preferenceList(of: $0).count) }
  var t = Fraction(0)
  while t < Fraction(1) {
    var eating = [Int?](repeating: nil, count: n)
    var eaters = [Int](repeating: 0, count: market.schoolCount)
    for i in 0..<n {
      let list = market.preferenceList(of: i)
      if let k = list.firstIndex(where: { Fraction(0) < remaining[$0] }) {
        eating[i] = k
        eaters[list[k]] += 1
      }
    }
    if eating.allSatisfy({ $0 == nil }) { break }
    var step = Fraction(1) - t
    for s in 0..<market.schoolCount where eaters[s] > 0 {
      step = min(step, remaining[s] / Fraction(eaters[s]))
    }
    for i in 0..<n {
      guard let k = eating[i] else { continue }
      shares[i][k] = shares[i][k] + step
    }
    for s in 0..<market.schoolCount where eaters[s] > 0 {
      remaining[s] = remaining[s] - Fraction(eaters[s]) * step
    }
    t = t + step
  }
  return shares
}

/// Every permutation of 0..<n, by recursion (independent of the mechanism's Heap's algorithm).
func allOrders(_ n: Int) -> [[Int]] {
  if n == 0 { return [[]] }
  var out: [[Int]] = []
  for rest in allOrders(n - 1) {
    for k in 0...rest.count {
      var o = rest
      o.insert(n - 1, at: k)
      out.append(o)
    }
  }
  return out
}

/// The Bogomolnaia-Moulin (2001) four-agent example: agents 0, 1 rank a > b > c > d, agents 2, 3
/// rank b > a > d > c (schools a..d = 0..3, one seat each).
func bogomolnaiaMoulinMarket() -> SchoolChoiceMarket {
  try! SchoolChoiceMarket(
    capacities: [1, 1, 1, 1],
    preferences: [[0, 1, 2, 3], [0, 1, 2, 3], [1, 0, 3, 2], [1, 0, 3, 2]])
}
