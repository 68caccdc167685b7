import MatchingCore

/// A couple and an entry of its joint list that block a matching: the couple prefers the pair
/// to what it holds, and each program of the pair would take its member.
///
/// ```swift
/// // CoupleBlocking(couple: 0, entry: 0, programA: 3, programB: nil, displaced: [7])
/// ```
public struct CoupleBlocking: Hashable, Sendable, CustomStringConvertible {
  /// The couple.
  public var couple: Int
  /// The position of the pair in the couple's list (0 = first choice).
  public var entry: Int
  /// Member a's program in the pair (`nil`: member a would be unmatched).
  public var programA: SchoolID?
  /// Member b's program in the pair.
  public var programB: SchoolID?
  /// Applicants the programs would drop to take the members (none when seats are free).
  public var displaced: [StudentID]

  public init(couple: Int, entry: Int, programA: SchoolID?, programB: SchoolID?, displaced: [StudentID]) {
    self.couple = couple
    self.entry = entry
    self.programA = programA
    self.programB = programB
    self.displaced = displaced
  }

  public var description: String {
    func p(_ s: SchoolID?) -> String { s.map { "program \($0)" } ?? "unmatched" }
    var text = "couple \(couple) prefers its choice \(entry + 1) (\(p(programA)), \(p(programB))) and both programs would take its members"
    if !displaced.isEmpty { text += " (displacing \(displaced.map(String.init).joined(separator: ", ")))" }
    return text
  }
}

/// A matching that is not a matching of the residency market.
public enum ResidencyViolation: Hashable, Sendable, CustomStringConvertible {
  /// A single holds a program not on her list (or one that does not rank her).
  case unlistedProgram(applicant: StudentID, program: SchoolID)
  /// A couple holds a pair of programs not on its joint list.
  case unlistedPair(couple: Int, programA: SchoolID?, programB: SchoolID?)
  /// A program holds more applicants than it has seats.
  case overCapacity(program: SchoolID, held: Int, capacity: Int)
  /// The matching names a program out of range, or has the wrong number of applicants.
  case malformed(String)

  public var description: String {
    switch self {
    case .unlistedProgram(let i, let s): "applicant \(i) holds program \(s), which is not on her list"
    case .unlistedPair(let c, let a, let b):
      "couple \(c) holds (\(a.map(String.init) ?? "unmatched"), \(b.map(String.init) ?? "unmatched")), which is not on its list"
    case .overCapacity(let s, let h, let c): "program \(s) holds \(h) applicants for \(c) seats"
    case .malformed(let text): text
    }
  }
}

/// The stability of a matching in a market with couples: counts, and witnesses up to a limit.
///
/// The definition (Roth and Peranson 1999; Biró, Manlove and McBride 2014) is in
/// ``MatchingCore/ResidencyMarket/stabilityReport(of:limit:)``.
public struct ResidencyStabilityReport: Sendable, Hashable {
  /// Why the matching is not a matching of the market (stability is not assessed then).
  public var violations: [ResidencyViolation]
  /// Blocking (single, program) pairs.
  public var blockingSingleCount: Int
  /// Blocking (couple, entry) pairs.
  public var blockingCoupleCount: Int
  /// The first blocking singles found, in applicant order.
  public var singleWitnesses: [BlockingPair]
  /// The first blocking couples found, in couple order.
  public var coupleWitnesses: [CoupleBlocking]

  /// All blocking coalitions: singles' pairs plus couples' entries.
  public var blockingCount: Int { blockingSingleCount + blockingCoupleCount }
  /// A valid matching with no blocking single and no blocking couple.
  public var isStable: Bool { violations.isEmpty && blockingCount == 0 }
}
