import MatchingCore

/// Serial dictatorship: students choose one at a time, in a fixed order, each taking her most
/// preferred school that still has a seat.
///
/// ```swift
/// let market = try SchoolChoiceMarket(capacities: [1, 1], preferences: [[0, 1], [0, 1]])
/// SerialDictatorship(order: .explicit([1, 0])).match(market).assignment   // [1, 0]
/// ```
///
/// With a uniformly random order it is **random serial dictatorship** (random priority).
///
/// ## Guarantees
/// - **Strategy-proof** and **Pareto efficient** for every fixed order (Satterthwaite and
///   Sonnenschein 1981; Svensson 1999); random serial dictatorship is ex-post efficient and
///   equivalent to core-from-random-endowments (Abdulkadiroglu and Sonmez 1998).
/// - When every school ranks students by one common order, serial dictatorship in that order
///   is the student-proposing DA outcome and the TTC outcome (all three coincide).
/// - School priorities are ignored, so it is not stable in general.
///
/// - Complexity: O(*n* + *E*) for *n* students and total list length *E*.
public struct SerialDictatorship: MatchingMechanism {
  public typealias Market = SchoolChoiceMarket
  /// The order in which students choose.
  public enum Order: Sendable, Hashable {
    /// Student 0 first, then 1, and so on (input order).
    case inputOrder
    /// The given order: a permutation of the students (students missing from it choose
    /// last, in input order).
    case explicit([StudentID])
    /// A uniformly random order drawn from the seed: random serial dictatorship. Students
    /// choose in the order of the single lottery drawn with the same seed
    /// (``LotteryKeys/singleLotteryOrder(seed:)``): smallest number first, a number that
    /// depends on the seed and the student's key (a hash of her name) only, so the order
    /// does not depend on the order of the input.
    case random(seed: UInt64)
  }

  /// The choosing order.
  public var order: Order

  /// Creates the mechanism.
  public init(order: Order = .inputOrder) { self.order = order }

  public var name: String {
    if case .random = order { return "rsd" }
    return "sd"
  }

  /// The concrete order for `market`'s students (a random order draws from its lottery
  /// keys).
  ///
  /// - Complexity: O(*n*) for *n* students.
  public func sequence(for market: SchoolChoiceMarket) -> [Int32] {
    sequence(for: market.studentCount, keys: market.lotteryKeys)
  }

  /// The concrete order for `n` students named by their indices (``LotteryKeys/init(studentCount:schoolCount:)``).
  public func sequence(for n: Int) -> [Int32] {
    sequence(for: n, keys: nil)
  }

  func sequence(for n: Int, keys: LotteryKeys?) -> [Int32] {
    switch order {
    case .inputOrder:
      return (0..<n).map { Int32($0) }
    case .explicit(let list):
      var seen = [Bool](repeating: false, count: n)
      var result: [Int32] = []
      result.reserveCapacity(n)
      for i in list where i >= 0 && i < n && !seen[i] {
        seen[i] = true
        result.append(Int32(i))
      }
      for i in 0..<n where !seen[i] { result.append(Int32(i)) }
      return result
    case .random(let seed):
      return (keys ?? LotteryKeys(studentCount: n, schoolCount: 0)).singleLotteryOrder(seed: seed)
    }
  }

  /// Runs serial dictatorship.
  public func match(_ market: SchoolChoiceMarket) -> Matching {
    var seats = market.capacities
    var assignment = [Int32](repeating: unassigned, count: market.studentCount)
    for i32 in sequence(for: market) {
      let i = Int(i32)
      for e in market.listRange(of: i) {
        let s = Int(market.entries[e].school)
        if seats[s] > 0 {
          seats[s] -= 1
          assignment[i] = Int32(s)
          break
        }
      }
    }
    return Matching(assignment: assignment)
  }
}

/// Serial dictatorship on a housing market: agents choose in order among the houses still
/// available (ignoring endowments, so it is not individually rational).
extension SerialDictatorship {
  /// Runs serial dictatorship on a housing market's lists.
  public func match(_ market: HousingMarket) -> Matching {
    var taken = [Bool](repeating: false, count: market.agentCount)
    var assignment = [Int32](repeating: unassigned, count: market.agentCount)
    for a32 in sequence(for: market.agentCount, keys: market.lotteryKeys) {
      let a = Int(a32)
      for e in market.listRange(of: a) where !taken[Int(market.houses[e])] {
        taken[Int(market.houses[e])] = true
        assignment[a] = market.houses[e]
        break
      }
    }
    return Matching(assignment: assignment)
  }
}
