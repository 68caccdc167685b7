/// A seedable, platform-independent pseudo-random number generator (xoshiro256**).
///
/// Every random choice in MatchingMarkets (lotteries, random serial dictatorship, market
/// generators) draws from this generator, so the same seed gives the same result on every
/// machine and every Swift version: the standard library's `shuffle(using:)` and
/// `random(in:using:)` are implementation-defined, so the engine uses ``uniform(below:)`` and
/// ``shuffle(_:)`` defined here instead.
///
/// ```swift
/// var rng = SeededGenerator(seed: 42)
/// let x = rng.uniform(below: 10)   // the same number on every machine
/// ```
///
/// The state is seeded by SplitMix64 (Steele, Lea and Flood 2014), as the xoshiro authors
/// (Blackman and Vigna 2018) recommend.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
  @usableFromInline var s0: UInt64
  @usableFromInline var s1: UInt64
  @usableFromInline var s2: UInt64
  @usableFromInline var s3: UInt64

  /// Creates a generator whose whole stream is fixed by `seed`.
  public init(seed: UInt64) {
    var sm = seed
    s0 = SeededGenerator.splitMix(&sm)
    s1 = SeededGenerator.splitMix(&sm)
    s2 = SeededGenerator.splitMix(&sm)
    s3 = SeededGenerator.splitMix(&sm)
  }

  /// Creates an independent stream for a sub-task (a run, a school) of a seeded job.
  ///
  /// `SeededGenerator(seed: s, stream: k)` for distinct `k` are statistically independent;
  /// this is how a simulation gives run *k* the same numbers whichever core runs it.
  public init(seed: UInt64, stream: UInt64) {
    self.init(seed: SeededGenerator.mix(seed ^ SeededGenerator.mix(stream &+ 0x9E37_79B9_7F4A_7C15)))
  }

  @inlinable
  static func splitMix(_ x: inout UInt64) -> UInt64 {
    x &+= 0x9E37_79B9_7F4A_7C15
    return mix(x)
  }

  /// The SplitMix64 finaliser: a bijective 64-bit mixing function.
  @inlinable
  public static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  @inlinable
  public mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = (s3 << 45) | (s3 >> 19)
    return result
  }

  /// A uniform integer in `0..<bound` (Lemire's nearly-divisionless method).
  ///
  /// - Precondition: `bound > 0`.
  @inlinable
  public mutating func uniform(below bound: Int) -> Int {
    precondition(bound > 0, "uniform(below:) needs a positive bound")
    let b = UInt64(bound)
    var m = next().multipliedFullWidth(by: b)
    if m.low < b {
      let threshold = (0 &- b) % b
      while m.low < threshold { m = next().multipliedFullWidth(by: b) }
    }
    return Int(m.high)
  }

  /// A uniform `Double` in `[0, 1)` with 53 random bits.
  @inlinable
  public mutating func unitDouble() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A standard normal variate (Box-Muller; deterministic for a given stream).
  public mutating func standardNormal() -> Double {
    var u = unitDouble()
    while u <= .leastNonzeroMagnitude { u = unitDouble() }
    let v = unitDouble()
    return (-2 * _log(u)).squareRoot() * _cos(2 * .pi * v)
  }

  /// Shuffles `array` uniformly at random (Fisher-Yates), the same way on every platform.
  ///
  /// - Complexity: O(*n*) for *n* elements.
  @inlinable
  public mutating func shuffle<T>(_ array: inout [T]) {
    var i = array.count
    while i > 1 {
      let j = uniform(below: i)
      i -= 1
      array.swapAt(i, j)
    }
  }

  /// A uniformly random permutation of `0..<n`.
  public mutating func permutation(_ n: Int) -> [Int32] {
    var p = (0..<n).map { Int32($0) }
    shuffle(&p)
    return p
  }
}

#if canImport(Glibc)
import Glibc
@usableFromInline func _log(_ x: Double) -> Double { Glibc.log(x) }
@usableFromInline func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#elseif canImport(Darwin)
import Darwin
@usableFromInline func _log(_ x: Double) -> Double { Darwin.log(x) }
@usableFromInline func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#else
import Foundation
@usableFromInline func _log(_ x: Double) -> Double { Foundation.log(x) }
@usableFromInline func _cos(_ x: Double) -> Double { Foundation.cos(x) }
#endif
