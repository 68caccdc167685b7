/// What a study keeps of one simulated run of a ``KidneyProgramme``: the totals, the weekly
/// counts, and the transplants and waiting days of each patient group (blood type and
/// sensitisation). The full ``KidneyProgrammeRun`` (the pool and every transplant) is
/// dropped as soon as its record is made, so a study's memory does not grow with the pools.
///
/// ```swift
/// let record = KidneyProgrammeRecord(run: 0, try programme.run(seed: 1, index: 0))
/// record.arrivals == record.transplanted + record.departed + record.remaining   // true
/// ```
public struct KidneyProgrammeRecord: Sendable, Hashable {
  /// The transplants and total waiting days of one patient group.
  public struct Group: Sendable, Hashable {
    /// The patient's blood type (`O`, `A`, `B`, `AB`; empty when the pool has none).
    public var bloodType: String
    /// `high` for cPRA at or above ``KidneyProgrammeRecord/highSensitisation``, else `low`.
    public var sensitisation: String
    public var transplants: Int
    /// Days from arrival to transplant, summed over the group's transplants.
    public var waitDays: Int

    public init(bloodType: String, sensitisation: String, transplants: Int, waitDays: Int) {
      self.bloodType = bloodType
      self.sensitisation = sensitisation
      self.transplants = transplants
      self.waitDays = waitDays
    }

    /// The group's key, `bloodType,sensitisation`, by which groups are ordered.
    public var key: String { bloodType + "," + sensitisation }
  }

  /// The cPRA (in percent) from which a patient counts as highly sensitised.
  public static let highSensitisation = 80.0

  /// The run index *k* (stream *k* of the study's seed).
  public var run: Int
  public var arrivals: Int
  public var transplanted: Int
  public var departed: Int
  public var remaining: Int
  public var failedTests: Int
  public var matchRuns: Int
  /// Days from arrival to transplant, summed over every transplant.
  public var waitDays: Int
  /// One entry per simulated week.
  public var weeks: [KidneyProgrammeRun.Week]
  /// The groups with at least one transplant, ordered by ``Group/key``.
  public var groups: [Group]

  public init(
    run: Int, arrivals: Int, transplanted: Int, departed: Int, remaining: Int, failedTests: Int,
    matchRuns: Int, waitDays: Int, weeks: [KidneyProgrammeRun.Week], groups: [Group]
  ) {
    self.run = run
    self.arrivals = arrivals
    self.transplanted = transplanted
    self.departed = departed
    self.remaining = remaining
    self.failedTests = failedTests
    self.matchRuns = matchRuns
    self.waitDays = waitDays
    self.weeks = weeks
    self.groups = groups
  }

  /// The record of `record`, run `run` of its study.
  ///
  /// - Complexity: O(*T* log *g* + *W*) for *T* transplants, *g* groups and *W* weeks.
  public init(run: Int, _ record: KidneyProgrammeRun) {
    let waits = record.waitingDays
    var byKey: [String: Group] = [:]
    for (t, days) in zip(record.transplants, waits) {
      let pair = record.pool.pairs[t.recipient]
      let group = Group(
        bloodType: pair.patientBloodType.map { "\($0)" } ?? "",
        sensitisation: (pair.patientCPRA ?? 0) >= Self.highSensitisation ? "high" : "low",
        transplants: 0, waitDays: 0)
      byKey[group.key, default: group].transplants += 1
      byKey[group.key, default: group].waitDays += days
    }
    self.init(
      run: run, arrivals: record.arrivals, transplanted: record.transplants.count,
      departed: record.departures.count, remaining: record.remaining, failedTests: record.failedTests,
      matchRuns: record.matchRuns, waitDays: waits.reduce(0, +), weeks: record.weeks,
      groups: byKey.keys.sorted().map { byKey[$0]! })
  }
}
