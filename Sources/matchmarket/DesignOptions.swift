import ArgumentParser
import MatchingMarkets

/// The flags of the school-choice designs (issue 10), shared by `match`, `check` and
/// `audit`: consent for EADAM, student types for reserves and quotas, and the parallel
/// mechanism's *e*. Reserves and quotas come from optional `schools.csv` columns (`reserve`,
/// `majority_quota`); each mechanism ignores the data it does not use.
struct DesignOptions: ParsableArguments {
  @Option(help: "EADAM: consent.csv (student,consent with 1 or 0); default: everyone consents.")
  var consent: String?

  @Option(help: "Reserves and quotas: types.csv (student,type with minority or majority); default: everyone majority.")
  var types: String?

  @Option(name: .customLong("parallel-e"), help: "The Chinese parallel mechanism's choices per round, for a plain 'chinese-parallel' (or write chinese-parallel:E).")
  var parallelE: Int?

  func validate() throws {
    if let parallelE, parallelE < 1 { throw ValidationError("--parallel-e must be at least 1") }
  }

  /// The catalogue context for `named`, read from the files the flags and `schools.csv` name.
  func context(
    for named: NamedSchoolChoiceMarket, schools: String, seed: UInt64, delimiter: CSVDelimiter? = nil
  ) throws(InputError) -> MechanismContext {
    var context = MechanismContext(seed: seed, defaultParameter: parallelE)
    if let consent { context.consent = try SchoolChoiceCSV.readConsent(consent, for: named, delimiter: delimiter) }
    if let types { context.isMinority = try SchoolChoiceCSV.readTypes(types, for: named, delimiter: delimiter) }
    if let reserves = try SchoolChoiceCSV.readSchoolColumn(
      schools, column: "reserve", for: named, atMostCapacity: true, delimiter: delimiter)
    {
      context.reserves = reserves.map { $0 ?? 0 }
    }
    if let quotas = try SchoolChoiceCSV.readSchoolColumn(schools, column: "majority_quota", for: named, delimiter: delimiter) {
      context.majorityQuotas = quotas
    }
    return context
  }

  /// The school-choice mechanism `name` for the market, with its design data; bad data exits
  /// with status 65, a missing parameter with a usage error.
  func mechanism(
    _ name: MechanismName, for named: NamedSchoolChoiceMarket, schools: String, seed: UInt64,
    delimiter: CSVDelimiter? = nil
  ) throws -> any SchoolChoiceMechanism {
    let context = try reportingInputErrors {
      try self.context(for: named, schools: schools, seed: seed, delimiter: delimiter)
    }
    do {
      return try name.mechanism(in: context)
    } catch {
      throw ValidationError(error.description)
    }
  }
}
