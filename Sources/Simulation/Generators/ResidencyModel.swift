#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MatchingCore
import MatchingIO

/// A seeded NRMP-like residency market with couples.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1)
/// let data = ResidencyModel(applicantCount: 40_000, programCount: 4_000).generate(using: &rng)
/// let market = try data.market()      // 40,000 applicants, 5% of them in couples
/// ```
///
/// Programs belong to a specialty and a region and have a common quality; program sizes are
/// log-normal around `seatsRatio · applicants / programs` seats. Each applicant seeks one
/// specialty; a single draws candidate programs of her specialty (half in her home region),
/// values each at quality + a home-region bonus + idiosyncratic noise, and lists her
/// `listLength` best. Couple members share a region and usually seek different specialties
/// (as in the NRMP); each member's individual values make a short list, and the couple lists
/// the `coupleListLength` best pairs by the sum of the members' values (a pair at one
/// program is possible when they share a specialty), then one fallback per member alone. Programs rank everyone who applied by a common applicant score plus noise,
/// and leave each applicant unranked (unacceptable) with probability `unrankedShare`.
public struct ResidencyModel: Sendable, Hashable {
  public var applicantCount: Int
  public var programCount: Int
  /// The share of applicants in couples (0.05: 5%, so 2.5% of applicants are couples).
  public var coupleShare: Double
  /// Programs on a single's list.
  public var listLength: Int
  /// Pairs on a couple's list (before the two single-member fallbacks).
  public var coupleListLength: Int
  /// Total seats per applicant.
  public var seatsRatio: Double
  /// Regions.
  public var regionCount: Int
  /// Specialties (each program has one; each applicant seeks one).
  public var specialtyCount: Int
  /// Probability that a program does not rank an applicant who applied.
  public var unrankedShare: Double

  public init(
    applicantCount: Int, programCount: Int, coupleShare: Double = 0.05, listLength: Int = 10,
    coupleListLength: Int = 20, seatsRatio: Double = 1.0, regionCount: Int = 10, specialtyCount: Int = 10,
    unrankedShare: Double = 0.1
  ) {
    precondition(applicantCount >= 0 && programCount >= 1, "at least one program")
    precondition(coupleShare >= 0 && coupleShare <= 1, "coupleShare is a share")
    precondition(listLength >= 1 && coupleListLength >= 1 && regionCount >= 1, "positive lengths and regions")
    precondition(seatsRatio > 0 && unrankedShare >= 0 && unrankedShare < 1, "valid ratios")
    self.applicantCount = applicantCount
    self.programCount = programCount
    self.coupleShare = coupleShare
    self.listLength = listLength
    self.coupleListLength = coupleListLength
    self.seatsRatio = seatsRatio
    self.regionCount = regionCount
    precondition(specialtyCount >= 1, "at least one specialty")
    self.specialtyCount = specialtyCount
    self.unrankedShare = unrankedShare
  }

  /// The number of couples.
  public var coupleCount: Int { Int((Double(applicantCount) * coupleShare / 2).rounded()) }

  /// Draws a market.
  ///
  /// - Complexity: O(*n* · *k* log *k* + *m* + *R* log *R*) for *n* applicants, list length
  ///   *k*, *m* programs and *R* ranked pairs.
  public func generate(using rng: inout SeededGenerator) -> GeneratedResidency {
    let n = applicantCount
    let m = programCount
    let couples = min(coupleCount, n / 2)
    let singles = n - 2 * couples
    // Programs: region, quality, capacity.
    let region = (0..<m).map { _ in rng.uniform(below: regionCount) }
    let specialty = (0..<m).map { _ in rng.uniform(below: specialtyCount) }
    var bySpecialty = [[Int32]](repeating: [], count: specialtyCount)
    var byCell = [[Int32]](repeating: [], count: specialtyCount * regionCount)
    for s in 0..<m {
      bySpecialty[specialty[s]].append(Int32(s))
      byCell[specialty[s] * regionCount + region[s]].append(Int32(s))
    }
    let quality = (0..<m).map { _ in rng.standardNormal() }
    let mean = max(1.0, seatsRatio * Double(n) / Double(m))
    let sigma = 0.6
    let capacities = (0..<m).map { _ in
      Int32(max(1, (mean * exp(sigma * rng.standardNormal() - sigma * sigma / 2)).rounded()))
    }
    let score = (0..<n).map { _ in rng.standardNormal() }

    /// An applicant's values for up to `count` candidate programs of her specialty, half
    /// from `home` (any program when her specialty has none).
    func candidates(home: Int, specialty sp: Int, count: Int) -> [(Int32, Double)] {
      var seen = Set<Int32>()
      var result: [(Int32, Double)] = []
      let local = byCell[sp * regionCount + home]
      let wide = bySpecialty[sp]
      for t in 0..<(2 * count) {
        let s: Int32
        if t % 2 == 0 && !local.isEmpty {
          s = local[rng.uniform(below: local.count)]
        } else if !wide.isEmpty {
          s = wide[rng.uniform(below: wide.count)]
        } else {
          s = Int32(rng.uniform(below: m))
        }
        guard seen.insert(s).inserted else { continue }
        let bonus = region[Int(s)] == home ? 1.0 : 0
        result.append((s, quality[Int(s)] + bonus + rng.standardNormal()))
      }
      result.sort { ($0.1, $1.0) > ($1.1, $0.0) }
      return result
    }

    var singleLists = [[Int32]](repeating: [], count: n)
    for i in 0..<singles {
      let home = rng.uniform(below: regionCount)
      let values = candidates(home: home, specialty: rng.uniform(below: specialtyCount), count: 2 * listLength)
      singleLists[i] = values.prefix(listLength).map(\.0)
    }
    var members: [(Int32, Int32)] = []
    var coupleLists: [[(Int32, Int32)]] = []
    let memberList = max(2, Int(Double(coupleListLength).squareRoot().rounded(.up)) + 1)
    for c in 0..<couples {
      let a = singles + 2 * c
      let b = a + 1
      members.append((Int32(a), Int32(b)))
      let home = rng.uniform(below: regionCount)
      let spA = rng.uniform(below: specialtyCount)
      // A different specialty for b, when there are two or more.
      let spB = specialtyCount == 1 ? spA : (spA + 1 + rng.uniform(below: specialtyCount - 1)) % specialtyCount
      let la = Array(candidates(home: home, specialty: spA, count: 2 * memberList).prefix(memberList))
      let lb = Array(candidates(home: home, specialty: spB, count: 2 * memberList).prefix(memberList))
      var pairs: [(Int32, Int32, Double)] = []
      for x in la { for y in lb { pairs.append((x.0, y.0, x.1 + y.1)) } }
      pairs.sort { ($0.2, $1.0, $1.1) > ($1.2, $0.0, $0.1) }
      var list = pairs.prefix(coupleListLength).map { ($0.0, $0.1) }
      list.append((la[0].0, -1))
      list.append((-1, lb[0].0))
      coupleLists.append(list)
    }
    // Programs' rankings over their applicants.
    var applied = [[Int32]](repeating: [], count: m)
    for i in 0..<singles { for s in singleLists[i] { applied[Int(s)].append(Int32(i)) } }
    for (c, (a, b)) in members.enumerated() {
      var seenA = Set<Int32>()
      var seenB = Set<Int32>()
      for (x, y) in coupleLists[c] {
        if x >= 0 && seenA.insert(x).inserted { applied[Int(x)].append(a) }
        if y >= 0 && seenB.insert(y).inserted { applied[Int(y)].append(b) }
      }
    }
    var rankings = [[Int32]](repeating: [], count: m)
    for s in 0..<m {
      var scored: [(Double, Int32)] = []
      for i in applied[s] where rng.unitDouble() >= unrankedShare {
        scored.append((score[Int(i)] + 0.5 * rng.standardNormal(), i))
      }
      scored.sort { ($0.0, $1.1) > ($1.0, $0.1) }
      rankings[s] = scored.map(\.1)
    }
    return GeneratedResidency(
      capacities: capacities, singleLists: singleLists, couples: members, coupleLists: coupleLists,
      programRankings: rankings)
  }
}

/// A generated residency market in nested form (applicants, programs and couples named by
/// index).
public struct GeneratedResidency: Sendable {
  public var capacities: [Int32]
  /// Singles' lists (empty for couple members).
  public var singleLists: [[Int32]]
  public var couples: [(Int32, Int32)]
  /// Couples' lists: (program of a, program of b), -1 for an unmatched member.
  public var coupleLists: [[(Int32, Int32)]]
  /// Each program's ranked applicants, best first.
  public var programRankings: [[Int32]]

  /// The market (pairs a program does not rank are dropped, as the CSV reader does).
  public func market() throws(ResidencyError) -> ResidencyMarket {
    var position: [UInt64: UInt32] = [:]
    position.reserveCapacity(programRankings.reduce(0) { $0 + $1.count })
    for (s, list) in programRankings.enumerated() {
      for (r, i) in list.enumerated() { position[UInt64(s) << 32 | UInt64(UInt32(i))] = UInt32(r) }
    }
    func rank(_ s: Int32, _ i: Int32) -> UInt32? { position[UInt64(s) << 32 | UInt64(UInt32(i))] }
    var listStart: [Int32] = [0]
    var entries: [SchoolChoiceMarket.Entry] = []
    for (i, list) in singleLists.enumerated() {
      for s in list { if let r = rank(s, Int32(i)) { entries.append(.init(school: s, rank: r)) } }
      listStart.append(Int32(entries.count))
    }
    var memberArray: [Int32] = []
    var start: [Int32] = [0]
    var coupleEntries: [ResidencyMarket.CoupleEntry] = []
    for (c, (a, b)) in couples.enumerated() {
      memberArray += [a, b]
      for (x, y) in coupleLists[c] {
        let ra = x >= 0 ? rank(x, a) : 0
        let rb = y >= 0 ? rank(y, b) : 0
        guard let ra, let rb else { continue }
        coupleEntries.append(.init(programA: x, rankA: ra, programB: y, rankB: rb))
      }
      start.append(Int32(coupleEntries.count))
    }
    return try ResidencyMarket(
      capacities: capacities, rankBounds: programRankings.map { Int32($0.count) }, listStart: listStart,
      entries: entries, coupleMembers: memberArray, coupleListStart: start, coupleEntries: coupleEntries)
  }

  /// Writes `schools.csv`, `applications.csv`, `rankings.csv`, `couples.csv` and
  /// `couple_applications.csv` into `directory` (programs `p<k>`, applicants `a<k>`, couples
  /// `c<k>`), each atomically.
  public func write(toDirectory directory: String) throws(AtomicOutput.WriteError) {
    try AtomicOutput.makeDirectory(directory)
    var schools = OutputBuffer()
    schools.append("school,capacity\n")
    for (s, c) in capacities.enumerated() {
      schools.append("p\(s),")
      schools.append(Int(c))
      schools.append("\n")
    }
    var applications = OutputBuffer()
    applications.append("student,school,rank\n")
    for (i, list) in singleLists.enumerated() {
      for (k, s) in list.enumerated() {
        applications.append("a\(i),p\(s),")
        applications.append(k + 1)
        applications.append("\n")
      }
    }
    var rankings = OutputBuffer()
    rankings.append("school,student,rank\n")
    for (s, list) in programRankings.enumerated() {
      for (r, i) in list.enumerated() {
        rankings.append("p\(s),a\(i),")
        rankings.append(r + 1)
        rankings.append("\n")
      }
    }
    var couplesFile = OutputBuffer()
    couplesFile.append("couple,member_a,member_b\n")
    var coupleApplications = OutputBuffer()
    coupleApplications.append("couple,school_a,school_b,rank\n")
    for (c, (a, b)) in couples.enumerated() {
      couplesFile.append("c\(c),a\(a),a\(b)\n")
      for (k, (x, y)) in coupleLists[c].enumerated() {
        coupleApplications.append("c\(c),\(x >= 0 ? "p\(x)" : ""),\(y >= 0 ? "p\(y)" : ""),")
        coupleApplications.append(k + 1)
        coupleApplications.append("\n")
      }
    }
    for (name, buffer) in [
      ("schools.csv", schools), ("applications.csv", applications), ("rankings.csv", rankings),
      ("couples.csv", couplesFile), ("couple_applications.csv", coupleApplications),
    ] {
      do {
        try AtomicFile.write(bytes: buffer.bytes, to: directory + "/" + name)
      } catch {
        throw AtomicOutput.WriteError(path: error.file, message: error.message)
      }
    }
  }
}
