/// The record of one simulated run of a ``KidneyProgramme``: who arrived, every transplant
/// and departure with its day, and weekly counts.
///
/// ```swift
/// let run = try KidneyProgramme(model: .saidman, arrivalsPerWeek: 5, weeks: 52).run(seed: 1, index: 0)
/// run.arrivals == run.transplants.count + run.departures.count + run.remaining   // true
/// ```
public struct KidneyProgrammeRun: Sendable, Hashable {
  /// One transplant: `donorVertex` is a pair *i* (`< pool.pairCount`) or altruist
  /// `pool.pairCount + a`; `arc` indexes ``pool``'s arcs.
  public struct Transplant: Sendable, Hashable {
    public var donorVertex: Int
    public var recipient: Int
    public var arc: Int
    public var day: Int
  }
  public struct Departure: Sendable, Hashable {
    public var pair: Int
    public var day: Int
  }
  /// Counts of one week.
  public struct Week: Sendable, Hashable {
    public init(arrivals: Int = 0, transplants: Int = 0, departures: Int = 0, poolSize: Int = 0) {
      self.arrivals = arrivals
      self.transplants = transplants
      self.departures = departures
      self.poolSize = poolSize
    }
    public var arrivals = 0
    public var transplants = 0
    public var departures = 0
    /// Waiting pairs at the end of the week.
    public var poolSize = 0
  }

  /// Everyone who arrives during the run, with every arc among them.
  public var pool: KidneyPool
  /// The arrival day of each pair (ascending) and altruist.
  public var arrivalDay: [Int]
  public var altruistArrivalDay: [Int]
  /// Whether each arc of ``pool`` fails its crossmatch test when tested.
  public var arcFails: [Bool]
  public var transplants: [Transplant]
  public var departures: [Departure]
  public var weeks: [Week]
  /// Pairs arrived by the end of the run.
  public var arrivals: Int
  /// Crossmatch tests that failed (each failed arc is tested once).
  public var failedTests: Int
  public var matchRuns: Int

  /// Pairs still waiting at the end.
  public var remaining: Int { arrivals - transplants.count - departures.count }

  /// Days from arrival to transplant, per transplant.
  public var waitingDays: [Int] { transplants.map { $0.day - arrivalDay[$0.recipient] } }
}
