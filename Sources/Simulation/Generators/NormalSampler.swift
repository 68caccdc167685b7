import MatchingCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard normal variates from a ``SeededGenerator`` by the ziggurat method (Marsaglia and
/// Tsang 2000, with Doornik's 2005 fix: the layer index and the abscissa come from disjoint
/// bits), 256 layers.
///
/// About 99% of draws cost one 64-bit random number, a multiply and a compare; the rest
/// evaluate the density or sample the tail (Marsaglia 1964). Deterministic for a given
/// generator state: the same stream gives the same variates.
@usableFromInline
struct NormalSampler {
  @usableFromInline let table: ZigguratTable

  @usableFromInline init() { table = zigguratTable }

  @inlinable
  func next(using rng: inout SeededGenerator) -> Double {
    let bits = rng.next()
    let i = Int(bits & 0xFF)
    let x = (Double(bits >> 11) * 0x1.0p-52 - 1) * table.x[i]  // uniform in [-x_i, x_i)
    if x.magnitude < table.x[i + 1] { return x }
    return slowPath(bits: bits, using: &rng)
  }

  /// The rest of a draw whose fast-path test with `bits` failed: the wedge test, the tail,
  /// or a fresh draw.
  @usableFromInline
  func slowPath(bits first: UInt64, using rng: inout SeededGenerator) -> Double {
    var bits = first
    while true {
      let i = Int(bits & 0xFF)
      let f = Double(bits >> 11) * 0x1.0p-52 - 1
      let x = f * table.x[i]
      if x.magnitude < table.x[i + 1] { return x }
      if i == 0 {
        // The tail beyond R (Marsaglia 1964).
        let r = table.x[1]
        while true {
          let a = -log(1 - rng.unitDouble()) / r
          let b = -log(1 - rng.unitDouble())
          if 2 * b >= a * a { return f < 0 ? -(r + a) : r + a }
        }
      }
      let y = table.f[i + 1] + (table.f[i] - table.f[i + 1]) * rng.unitDouble()
      if y < exp(-0.5 * x * x) { return x }
      bits = rng.next()
    }
  }
}

/// The ziggurat's layer edges `x` (decreasing, `x[1]` = R, `x[256]` = 0) and the density at
/// them `f`, computed once from R and the layer area V.
@usableFromInline
struct ZigguratTable: Sendable {
  @usableFromInline let x: [Double]
  @usableFromInline let f: [Double]

  init() {
    let r = 3.6541528853610088
    let v = 0.00492867323399
    var x = [Double](repeating: 0, count: 257)
    var f = [Double](repeating: 0, count: 257)
    x[1] = r
    f[1] = exp(-0.5 * r * r)
    x[0] = v / f[1]
    f[0] = exp(-0.5 * x[0] * x[0])
    for i in 1..<256 {
      let a = v / x[i] + f[i]
      x[i + 1] = a < 1 ? (-2 * log(a)).squareRoot() : 0
      f[i + 1] = exp(-0.5 * x[i + 1] * x[i + 1])
    }
    x[256] = 0
    f[256] = 1
    self.x = x
    self.f = f
  }
}

@usableFromInline
let zigguratTable = ZigguratTable()

/// Integer capacities of at least 1 summing to `total` (when `total >= count`), proportional
/// to weights drawn uniformly from [0.5, 1.5]; the seats left over by rounding down go to the
/// largest fractional parts (ties to the lower index).
func drawCapacities(count m: Int, total: Int, using rng: inout SeededGenerator) -> [Int32] {
  precondition(m > 0)
  var weights = [Double](repeating: 0, count: m)
  var sum = 0.0
  for s in 0..<m {
    weights[s] = 0.5 + rng.unitDouble()
    sum += weights[s]
  }
  let target = max(total, m)
  var caps = [Int32](repeating: 1, count: m)
  var fractions = [(Double, Int)]()
  fractions.reserveCapacity(m)
  var assigned = 0
  for s in 0..<m {
    let raw = weights[s] / sum * Double(target)
    let whole = max(1, Int(raw.rounded(.down)))
    caps[s] = Int32(whole)
    assigned += whole
    fractions.append((raw - raw.rounded(.down), s))
  }
  if assigned < target {
    fractions.sort { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
    var j = 0
    while assigned < target {
      caps[fractions[j % m].1] += 1
      assigned += 1
      j += 1
    }
  } else if assigned > target {
    // Only when rounding every school up to 1 overshoots: take seats back from the largest.
    var order = Array(0..<m)
    order.sort { caps[$0] > caps[$1] || (caps[$0] == caps[$1] && $0 < $1) }
    var j = 0
    while assigned > target && j < m {
      let s = order[j]
      let take = min(Int(caps[s]) - 1, assigned - target)
      caps[s] -= Int32(take)
      assigned -= take
      j += 1
    }
  }
  return caps
}
