import MatchingCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard normal variates from a ``SeededGenerator`` by the polar Box-Muller method
/// (Marsaglia and Bray 1964), keeping the second variate of each pair.
///
/// Deterministic for a given generator state: the same stream gives the same variates.
@usableFromInline
struct NormalSampler {
  @usableFromInline var spare: Double = 0
  @usableFromInline var hasSpare = false

  @usableFromInline init() {}

  @inlinable
  mutating func next(using rng: inout SeededGenerator) -> Double {
    if hasSpare {
      hasSpare = false
      return spare
    }
    while true {
      let u = 2 * rng.unitDouble() - 1
      let v = 2 * rng.unitDouble() - 1
      let s = u * u + v * v
      if s > 0 && s < 1 {
        let f = (-2 * log(s) / s).squareRoot()
        spare = v * f
        hasSpare = true
        return u * f
      }
    }
  }
}

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
