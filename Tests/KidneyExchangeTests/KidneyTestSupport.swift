import KidneyExchange
import MatchingCore

/// A small Saidman-like pool: blood types from the US distribution, a PRA band per patient,
/// arcs where ABO-compatible and a crossmatch draw is negative; weights integer 1...5 and
/// success probabilities in {0.5, 0.7, 0.9, 1} when asked.
func randomPool(
  seed: UInt64, pairs n: Int, altruists a: Int, weighted: Bool = false, probabilities: Bool = false,
  density: Double? = nil
) -> KidneyPool {
  var rng = SeededGenerator(seed: seed)
  func bloodType() -> BloodType {
    let u = rng.unitDouble()
    return u < 0.48 ? .o : u < 0.82 ? .a : u < 0.96 ? .b : .ab
  }
  var pairs: [KidneyPool.Pair] = []
  var pc: [Double] = []
  for i in 0..<n {
    pairs.append(.init(id: "p\(i + 1)", donorBloodType: bloodType(), patientBloodType: bloodType(), patientCPRA: nil))
    let u = rng.unitDouble()
    pc.append(u < 0.7 ? 0.05 : u < 0.9 ? 0.45 : 0.9)
  }
  let alts = (0..<a).map { KidneyPool.Altruist(id: "n\($0 + 1)", bloodType: bloodType()) }
  var arcs: [KidneyPool.Arc] = []
  func arc(_ donor: KidneyPool.Donor, _ blood: BloodType, _ j: Int) {
    let ok: Bool
    if let density { ok = rng.unitDouble() < density } else {
      ok = blood.canDonate(to: pairs[j].patientBloodType!) && rng.unitDouble() >= pc[j]
    }
    guard ok else { return }
    let w = weighted ? Double(1 + rng.uniform(below: 5)) : 1
    let p = probabilities ? [0.5, 0.7, 0.9, 1.0][rng.uniform(below: 4)] : 1
    arcs.append(.init(donor: donor, recipient: j, weight: w, successProbability: p))
  }
  for i in 0..<n { for j in 0..<n where j != i { arc(.pair(i), pairs[i].donorBloodType!, j) } }
  for k in 0..<a { for j in 0..<n { arc(.altruist(k), alts[k].bloodType!, j) } }
  return try! KidneyPool(pairs: pairs, altruists: alts, arcs: arcs)
}

/// Every exchange of a small pool: cycles of 2...maxCycle pairs (each once) and chains of
/// 1...maxChain transplants from each altruist, found by plain enumeration.
func allExchanges(_ pool: KidneyPool, maxCycle: Int, maxChain: Int) -> [KidneyPlan.Exchange] {
  var result: [KidneyPlan.Exchange] = []
  let n = pool.pairCount
  func out(_ v: Int) -> [Int] { (pool.arcStart[v]..<pool.arcStart[v + 1]).map { Int(pool.arcRecipient[$0]) } }
  func cycles(_ path: [Int]) {
    let last = path.last!
    for next in out(last) {
      if next == path[0] && path.count >= 2 { result.append(.init(kind: .cycle, pairs: path)) }
      if next > path[0] && !path.contains(next) && path.count < maxCycle { cycles(path + [next]) }
    }
  }
  if maxCycle >= 2 { for s in 0..<n { cycles([s]) } }
  func chains(_ alt: Int, _ path: [Int]) {
    result.append(.init(kind: .chain(altruist: alt), pairs: path))
    if path.count < maxChain {
      for next in out(path.last!) where !path.contains(next) { chains(alt, path + [next]) }
    }
  }
  if maxChain >= 1 {
    for alt in 0..<pool.altruistCount { for first in out(n + alt) { chains(alt, [first]) } }
  }
  return result
}

/// The lexicographically best vector of criterion values over all sets of disjoint exchanges
/// (dynamic programming over the set of decided vertices).
func bruteForceOptimum(_ pool: KidneyPool, maxCycle: Int, maxChain: Int, criteria: [KidneyCriterion]) -> [Double] {
  let exchanges = allExchanges(pool, maxCycle: maxCycle, maxChain: maxChain)
  let n = pool.pairCount
  let vertexCount = n + pool.altruistCount
  precondition(vertexCount <= 20)
  var byLowest = [[(mask: Int, value: [Double])]](repeating: [], count: vertexCount)
  for e in exchanges {
    var mask = 0
    for p in e.pairs { mask |= 1 << p }
    if case .chain(let alt) = e.kind { mask |= 1 << (n + alt) }
    byLowest[mask.trailingZeroBitCount].append((mask, criteria.map { pool.value(of: $0, for: e) }))
  }
  func better(_ x: [Double], _ y: [Double]) -> Bool {
    for (a, b) in zip(x, y) where abs(a - b) > 1e-9 { return a > b }
    return false
  }
  var memo: [Int: [Double]] = [:]
  func best(_ decided: Int) -> [Double] {
    if decided == (1 << vertexCount) - 1 { return [Double](repeating: 0, count: criteria.count) }
    if let m = memo[decided] { return m }
    let v = (~decided).trailingZeroBitCount
    var result = best(decided | (1 << v))
    for (mask, value) in byLowest[v] where mask & decided == 0 {
      let rest = best(decided | mask)
      let total = zip(value, rest).map { $0 + $1 }
      if better(total, result) { result = total }
    }
    memo[decided] = result
    return result
  }
  return best(0)
}

/// A printable description of a pool, for failure messages.
func describe(_ pool: KidneyPool) -> String {
  pool.arcs.map { arc -> String in
    let d: String
    switch arc.donor {
    case .pair(let p): d = pool.pairs[p].id
    case .altruist(let a): d = pool.altruists[a].id
    }
    return "\(d)->\(pool.pairs[arc.recipient].id)(w\(arc.weight),p\(arc.successProbability))"
  }.joined(separator: " ")
}
