import Dispatch
import MatchingCore
import Synchronization

/// The assignment probabilities of random serial dictatorship (random priority): exact, by
/// enumerating every order, or estimated by seeded Monte Carlo draws with a standard error
/// per entry.
///
/// ```swift
/// let market = try SchoolChoiceMarket(capacities: [1, 1], preferences: [[0, 1], [0, 1]])
/// let p = RandomSerialDictatorshipProbabilities().match(market)   // exact: 2 students
/// p.probability(of: 0, at: 0)   // 0.5
/// ```
///
/// Serial dictatorship in a uniformly random order; each order's outcome is a deterministic
/// matching, and the probability of an entry is the share of orders that give it.
///
/// - **Exact** (``Method/exact``, and ``Method/automatic(draws:seed:)`` with at most
///   ``exactLimit`` students): all *n*! orders; probabilities are counts divided by *n*!.
/// - **Monte Carlo** (``Method/monteCarlo(draws:seed:)``): draw *d* gets the order of the
///   students by `mix(key ^ salt(seed, d))`, where a student's key is given
///   (``studentKeys``, e.g. a hash of her name, so the result does not depend on the order
///   rows appear in) or her index. Draws are split into fixed blocks handed to the cores;
///   each block adds integer counts, and integer sums do not depend on how blocks were
///   shared, so the result is the same for any number of threads. The standard error of
///   entry *p̂* is `sqrt(p̂ (1 - p̂) / (d - 1))` (the sample standard deviation of the
///   draws' indicators over `sqrt(d)`).
///
/// ## Guarantees
/// - **Ex post efficient**: every order gives a Pareto-efficient matching (Abdulkadiroglu
///   and Sonmez 1998).
/// - **Sd-strategy-proof**: truthful reporting gives a lottery that stochastically dominates
///   every misreport's, since it does order by order.
/// - **Not sd-efficient** in general: the four-student example of Bogomolnaia and Moulin
///   (2001) has a random assignment that every student prefers in the sd sense.
/// - Equal treatment of equals (exactly for the exact method; in expectation for Monte Carlo).
///
/// - Complexity: exact: O(*n*! · (*n* + *E*)); Monte Carlo: O(*d* · (*n* log *n* + *E*))
///   divided by the number of cores, for *n* students, total list length *E* and *d* draws.
public struct RandomSerialDictatorshipProbabilities: MatchingMechanism {
  /// How the probabilities are computed.
  public enum Method: Sendable, Hashable {
    /// Every order (at most ``RandomSerialDictatorshipProbabilities/exactLimit`` students).
    case exact
    /// `draws` seeded random orders.
    case monteCarlo(draws: Int, seed: UInt64)
    /// Exact up to ``RandomSerialDictatorshipProbabilities/exactLimit`` students, Monte Carlo
    /// beyond.
    case automatic(draws: Int, seed: UInt64)
  }

  /// The largest market the exact method enumerates (8! = 40,320 orders).
  public static let exactLimit = 8

  /// How the probabilities are computed.
  public var method: Method
  /// Each student's lottery key (by index); `nil` uses the index itself.
  public var studentKeys: [UInt64]?
  /// Worker threads for Monte Carlo; the result does not depend on it.
  public var workers: Int

  /// Creates the mechanism.
  ///
  /// - Parameters:
  ///   - method: exact, Monte Carlo, or automatic (default: exact up to 8 students, else
  ///     1,000 draws with seed 1).
  ///   - studentKeys: lottery keys by student, e.g. ``SeededNameHash`` of the names.
  ///   - workers: threads for Monte Carlo, at least 1 (default: active cores).
  public init(method: Method = .automatic(draws: 1_000, seed: 1), studentKeys: [UInt64]? = nil, workers: Int? = nil) {
    precondition(workers == nil || workers! >= 1, "workers must be at least 1")
    self.method = method
    self.studentKeys = studentKeys
    self.workers = workers ?? max(1, activeProcessorCount())
  }

  public var name: String { "rsd" }

  /// The probabilities (without standard errors).
  public func match(_ market: SchoolChoiceMarket) -> RandomAssignment { estimate(market).assignment }

  /// What an estimate holds: the probabilities and, for Monte Carlo, the standard errors.
  public struct Estimate: Sendable, Equatable {
    /// Rows aligned with the students' lists.
    public var assignment: RandomAssignment
    /// Per entry, aligned with `assignment.probabilities`; all zero for the exact method.
    public var standardErrors: [Double]
    /// Orders enumerated (exact: *n*!) or drawn.
    public var draws: Int
    /// Whether every order was enumerated.
    public var isExact: Bool
  }

  /// Computes the probabilities.
  public func estimate(_ market: SchoolChoiceMarket) -> Estimate {
    switch method {
    case .exact:
      return exact(market)
    case .monteCarlo(let draws, let seed):
      return monteCarlo(market, draws: draws, seed: seed)
    case .automatic(let draws, let seed):
      return market.studentCount <= Self.exactLimit ? exact(market) : monteCarlo(market, draws: draws, seed: seed)
    }
  }

  /// Rows aligned with the lists: offsets and schools.
  static func layout(_ market: SchoolChoiceMarket) -> (rowStart: [Int32], schools: [Int32]) {
    let n = market.studentCount
    var rowStart = [Int32](repeating: 0, count: n + 1)
    for i in 0..<n { rowStart[i + 1] = rowStart[i] + market.listLength[i] }
    var schools = [Int32](repeating: 0, count: Int(rowStart[n]))
    for i in 0..<n {
      for k in 0..<Int(market.listLength[i]) {
        schools[Int(rowStart[i]) + k] = market.entries[Int(market.listStart[i]) + k].school
      }
    }
    return (rowStart, schools)
  }

  /// Serial dictatorship in `order`, adding 1 to the count of each chosen entry.
  @inline(__always)
  static func dictate(
    order: UnsafeBufferPointer<Int32>, rowStart: UnsafeBufferPointer<Int32>,
    schools: UnsafeBufferPointer<Int32>, seats: UnsafeMutableBufferPointer<Int32>,
    counts: UnsafeMutableBufferPointer<Int32>
  ) {
    for i32 in order {
      let i = Int(i32)
      for e in Int(rowStart[i])..<Int(rowStart[i + 1]) {
        let s = Int(schools[e])
        if seats[s] > 0 {
          seats[s] -= 1
          counts[e] += 1
          break
        }
      }
    }
  }

  func exact(_ market: SchoolChoiceMarket) -> Estimate {
    let n = market.studentCount
    precondition(n <= Self.exactLimit + 2, "exact random serial dictatorship enumerates n! orders; use Monte Carlo")
    let (rowStart, schools) = Self.layout(market)
    var counts = [Int32](repeating: 0, count: schools.count)
    var order = (0..<n).map { Int32($0) }
    var seats = market.capacities
    var orders = 0
    // Heap's algorithm, iterative: every permutation once.
    var c = [Int](repeating: 0, count: n)
    func visit() {
      for s in 0..<seats.count { seats[s] = market.capacities[s] }
      order.withUnsafeBufferPointer { o in
        rowStart.withUnsafeBufferPointer { r in
          schools.withUnsafeBufferPointer { sc in
            seats.withUnsafeMutableBufferPointer { st in
              counts.withUnsafeMutableBufferPointer { ct in
                Self.dictate(order: o, rowStart: r, schools: sc, seats: st, counts: ct)
              }
            }
          }
        }
      }
      orders += 1
    }
    visit()
    var i = 1
    while i < n {
      if c[i] < i {
        if i % 2 == 0 { order.swapAt(0, i) } else { order.swapAt(c[i], i) }
        visit()
        c[i] += 1
        i = 1
      } else {
        c[i] = 0
        i += 1
      }
    }
    let total = Double(orders)
    let probabilities = counts.map { Double($0) / total }
    return Estimate(
      assignment: RandomAssignment(
        schoolCount: market.schoolCount, rowStart: rowStart, schools: schools,
        probabilities: probabilities),
      standardErrors: [Double](repeating: 0, count: counts.count), draws: orders, isExact: true)
  }

  /// The order of draw `draw`: students sorted by their mixed keys (ties, about 2^-50 per
  /// pair, by index).
  static func order(
    keys: [UInt64], seed: UInt64, draw: Int, indexBits: Int, into packed: inout [UInt64],
    order: inout [Int32]
  ) {
    let salt = SeededGenerator.mix(seed ^ SeededGenerator.mix(UInt64(draw) &+ 0xA076_1D64_78BD_642F))
    let mask: UInt64 = indexBits == 0 ? 0 : (1 << UInt64(indexBits)) - 1
    for i in 0..<keys.count {
      packed[i] = (SeededGenerator.mix(keys[i] ^ salt) & ~mask) | UInt64(i)
    }
    packed.sort()
    for i in 0..<keys.count { order[i] = Int32(truncatingIfNeeded: packed[i] & mask) }
  }

  func monteCarlo(_ market: SchoolChoiceMarket, draws: Int, seed: UInt64) -> Estimate {
    precondition(draws >= 2, "Monte Carlo needs at least 2 draws")
    let n = market.studentCount
    let (rowStart, schools) = Self.layout(market)
    let keys = studentKeys ?? (0..<n).map { UInt64($0) }
    precondition(keys.count == n, "one key per student")
    let indexBits = n <= 1 ? 1 : 64 - UInt64(n - 1).leadingZeroBitCount
    let block = 8
    let blocks = (draws + block - 1) / block
    let next = Atomic<Int>(0)
    let merged = Mutex<[Int64]>([Int64](repeating: 0, count: schools.count))
    let capacities = market.capacities
    DispatchQueue.concurrentPerform(iterations: max(1, min(workers, blocks))) { _ in
      var counts = [Int32](repeating: 0, count: schools.count)
      var packed = [UInt64](repeating: 0, count: n)
      var order = [Int32](repeating: 0, count: n)
      var seats = capacities
      while true {
        let b = next.add(1, ordering: .relaxed).oldValue
        if b >= blocks { break }
        for d in (b * block)..<min(draws, (b + 1) * block) {
          Self.order(keys: keys, seed: seed, draw: d, indexBits: indexBits, into: &packed, order: &order)
          for s in 0..<seats.count { seats[s] = capacities[s] }
          order.withUnsafeBufferPointer { o in
            rowStart.withUnsafeBufferPointer { r in
              schools.withUnsafeBufferPointer { sc in
                seats.withUnsafeMutableBufferPointer { st in
                  counts.withUnsafeMutableBufferPointer { ct in
                    Self.dictate(order: o, rowStart: r, schools: sc, seats: st, counts: ct)
                  }
                }
              }
            }
          }
        }
      }
      merged.withLock { total in
        for e in 0..<counts.count { total[e] += Int64(counts[e]) }
      }
    }
    let totals = merged.withLock { $0 }
    let d = Double(draws)
    var probabilities = [Double](repeating: 0, count: totals.count)
    var errors = [Double](repeating: 0, count: totals.count)
    for e in 0..<totals.count {
      let p = Double(totals[e]) / d
      probabilities[e] = p
      errors[e] = (p * (1 - p) / (d - 1)).squareRoot()
    }
    return Estimate(
      assignment: RandomAssignment(
        schoolCount: market.schoolCount, rowStart: rowStart, schools: schools,
        probabilities: probabilities),
      standardErrors: errors, draws: draws, isExact: false)
  }
}

