import Foundation
import MatchingMarkets

/// What `matchmarket assign` reports: the checks of a random assignment with witnesses by
/// name, as deterministic JSON (sorted keys, no timings) and as one stderr line.
struct RandomAssignmentReport {
  struct Move: Encodable {
    var student: String
    var gives: String?
    var receives: String?
    var amount: Double
  }
  struct Trade: Encodable {
    var kind: String
    var moves: [Move]
  }
  struct Envy: Encodable {
    var student: String
    var envied: String
    var school: String
    var rank: Int
    var own_cumulative: Double
    var envied_cumulative: Double
  }
  struct Unequal: Encodable {
    var student: String
    var other: String
    var school: String?
    var probability: Double
    var other_probability: Double
  }
  /// The `--audit` result: students with a misreport that some expected utility consistent
  /// with their ranking prefers, and the first such witness.
  struct Audit: Encodable {
    struct Witness: Encodable {
      var student: String
      var true_list: [String]
      var misreport: [String]
      var cut: Int
      var truthful_cumulative: Double
      var manipulated_cumulative: Double
      var utility: [Double]
      var truthful_expected_utility: Double
      var manipulated_expected_utility: Double
    }
    var comparison = "some-expected-utility"
    var students_audited: Int
    var manipulable_students: Int
    var witness: Witness?

    init(_ witnesses: [StochasticManipulationWitness], named: NamedSchoolChoiceMarket) {
      students_audited = named.market.studentCount
      manipulable_students = witnesses.count
      witness = witnesses.first.map { w in
        Witness(
          student: named.studentNames[w.student], true_list: w.trueList.map { named.schoolNames[$0] },
          misreport: w.misreport.map { named.schoolNames[$0] }, cut: w.cut + 1,
          truthful_cumulative: w.truthfulShares[0...w.cut].reduce(0, +),
          manipulated_cumulative: w.manipulatedShares[0...w.cut].reduce(0, +), utility: w.utility,
          truthful_expected_utility: w.truthfulExpectedUtility,
          manipulated_expected_utility: w.manipulatedExpectedUtility)
      }
    }
  }

  struct Summary: Encodable {
    var mechanism: String
    var method: String
    var draws: Int?
    var seed: UInt64
    var students: Int
    var schools: Int
    var expected_assigned: Double
    var max_standard_error: Double?
    var feasible: Bool
    var feasibility_violation: String?
    var sd_efficient: Bool
    var sd_efficiency_witness: Trade?
    var sd_envy_free: Bool
    var sd_envy_witness: Envy?
    var equal_treatment: Bool
    var equal_treatment_witness: Unequal?
    var lotteries: Int?
    var decomposition_max_error: Double?
    var sampled_lottery: Int?
    var audit: Audit?
  }

  var summary: Summary

  init(
    mechanism: String, method: String, draws: Int?, seed: UInt64, p: RandomAssignment,
    standardErrors: [Double]?, named: NamedSchoolChoiceMarket, workers: Int, lotteries: Int?,
    decompositionError: Double?, sampledLottery: Int?, audit: Audit? = nil
  ) {
    let market = named.market
    func school(_ s: Int?) -> String? { s.map { named.schoolNames[$0] } }
    let violation = p.feasibilityViolation(capacities: market.capacities)
    let trade = market.sdEfficiencyViolation(of: p)
    let envy = market.sdEnvy(in: p, workers: workers)
    let unequal = market.unequalTreatment(in: p)
    summary = Summary(
      mechanism: mechanism, method: method, draws: draws, seed: seed,
      students: market.studentCount, schools: market.schoolCount,
      expected_assigned: (p.expectedAssigned * 1e9).rounded() / 1e9,
      max_standard_error: standardErrors.map { $0.max() ?? 0 },
      feasible: violation == nil, feasibility_violation: violation.map { "\($0)" },
      sd_efficient: trade == nil,
      sd_efficiency_witness: trade.map { t in
        Trade(kind: t.kind.rawValue, moves: t.moves.map {
          Move(student: named.studentNames[$0.student], gives: school($0.gives), receives: school($0.receives), amount: $0.amount)
        })
      },
      sd_envy_free: envy == nil,
      sd_envy_witness: envy.map {
        Envy(student: named.studentNames[$0.student], envied: named.studentNames[$0.envied],
             school: named.schoolNames[$0.school], rank: $0.rank + 1, own_cumulative: $0.ownCumulative,
             envied_cumulative: $0.enviedCumulative)
      },
      equal_treatment: unequal == nil,
      equal_treatment_witness: unequal.map {
        Unequal(student: named.studentNames[$0.student], other: named.studentNames[$0.other],
                school: school($0.school), probability: $0.probability, other_probability: $0.otherProbability)
      },
      lotteries: lotteries, decomposition_max_error: decompositionError, sampled_lottery: sampledLottery,
      audit: audit)
  }

  func json() throws -> [UInt8] {
    try summaryJSON(summary)
  }

  var line: String {
    let s = summary
    var parts = ["\(s.mechanism) (\(s.method)\(s.draws.map { ", \($0) draws" } ?? "")): \(s.students) students"]
    parts.append("expected assigned \(RandomAssignmentCSV.decimal(s.expected_assigned))")
    parts.append(s.sd_efficient ? "sd-efficient" : "NOT sd-efficient")
    parts.append(s.sd_envy_free ? "sd-envy-free" : "NOT sd-envy-free")
    parts.append(s.equal_treatment ? "equal treatment of equals" : "unequal treatment of equals")
    if let l = s.lotteries { parts.append("\(l) assignments in the lottery") }
    if let a = s.audit { parts.append("\(a.manipulable_students) of \(a.students_audited) students can gain by misreporting (some expected utility)") }
    return parts.joined(separator: "; ")
  }
}
