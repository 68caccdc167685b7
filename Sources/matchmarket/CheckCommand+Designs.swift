import MatchingMarkets

/// The fairness notions of the controlled-choice designs, as `check` reports them: stability
/// with minority reserves (when `schools.csv` has a `reserve` column) and with majority
/// quotas (a `majority_quota` column), given the students' types (`--types`).
struct ControlledChoiceSection: Encodable {
  var notion: String
  var stable: Bool
  var blockingPairCount: Int
  var blockingPairs: [CheckReport.Pair]
  var schoolsOverQuota: [String]

  enum CodingKeys: String, CodingKey {
    case notion, stable
    case blockingPairCount = "blocking_pair_count"
    case blockingPairs = "blocking_pairs"
    case schoolsOverQuota = "schools_over_quota"
  }

  /// One section per constraint the market's files define.
  static func sections(
    _ named: NamedSchoolChoiceMarket, _ m: Matching, context: MechanismContext, hasReserves: Bool,
    hasQuotas: Bool, limit: Int
  ) -> [ControlledChoiceSection] {
    var result: [ControlledChoiceSection] = []
    let s = named.studentNames
    let c = named.schoolNames
    func section(_ notion: String, _ constraint: DiversityConstraint) -> ControlledChoiceSection {
      let r = named.market.controlledChoiceReport(
        of: m, isMinority: context.isMinority, constraint: constraint, limit: limit)
      return ControlledChoiceSection(
        notion: notion, stable: r.isStable, blockingPairCount: r.blockingPairCount,
        blockingPairs: r.witnesses.map { CheckReport.Pair(student: s[$0.student], school: c[$0.school], displaced: $0.displaced.map { s[$0] }) },
        schoolsOverQuota: r.schoolsOverQuota.map { c[$0] })
    }
    if hasReserves { result.append(section("stable with minority reserves (Hafalir, Yenmez and Yildirim 2013)", .reserves(context.reserves))) }
    if hasQuotas { result.append(section("stable with majority quotas (Abdulkadiroglu and Sonmez 2003)", .majorityQuotas(context.majorityQuotas))) }
    return result
  }

  var text: String {
    var out = "\(notion): \(stable ? "yes" : "NO")\n"
    if !stable { out += "  \(blockingPairCount) blocking pairs\n" }
    for p in blockingPairs {
      if let d = p.displaced {
        out += "  - '\(p.student)' prefers '\(p.school)', which would choose her over '\(d)'\n"
      } else {
        out += "  - '\(p.student)' prefers '\(p.school)', which has a seat it would give her\n"
      }
    }
    for school in schoolsOverQuota { out += "  - '\(school)' holds more majority students than its quota\n" }
    return out
  }
}
