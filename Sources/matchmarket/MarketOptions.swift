import ArgumentParser
import MatchingMarkets

#if canImport(Glibc)
import Glibc
#endif

/// The mechanisms the CLI knows, by the names users type (`da`, `da-schools`, `boston`,
/// `ttc`, `sd`, `rsd`): the simulation library's catalogue, so every command accepts the same
/// names.
typealias MechanismName = SimulatedMechanism

extension SimulatedMechanism: ExpressibleByArgument {}

extension MechanismName {
  /// The mechanism for a school-choice market. `sd` chooses in input order (the order of
  /// first appearance in the applications file); `rsd` in an order drawn from `seed`.
  func schoolChoice(seed: UInt64) -> any SchoolChoiceMechanism {
    mechanism(orderSeed: seed)
  }

  /// The mechanism for a housing market, where only TTC and serial dictatorship apply.
  func housing(seed: UInt64) throws -> HousingMechanism {
    switch self {
    case .ttc: HousingMechanism(name: rawValue, kind: .topTradingCycles)
    case .sd: HousingMechanism(name: rawValue, kind: .serialDictatorship(SerialDictatorship(order: .inputOrder)))
    case .rsd:
      HousingMechanism(name: rawValue, kind: .serialDictatorship(SerialDictatorship(order: .random(seed: seed))))
    default:
      throw ValidationError(
        "mechanism '\(rawValue)' needs a school-choice market (--schools and --applications); housing markets take ttc, sd or rsd")
    }
  }

  /// Parses a comma-separated list such as `da,boston,ttc`; `parallelE` completes a plain
  /// `chinese-parallel`.
  static func list(_ text: String, parallelE: Int? = nil) throws -> [MechanismName] {
    do {
      return try parseList(text, defaultParameter: parallelE)
    } catch {
      throw ValidationError("\(error)")
    }
  }
}

/// A mechanism for housing markets (TTC or serial dictatorship), behind the matching
/// protocol so the audit and the checkers take it like any other.
struct HousingMechanism: MatchingMechanism {
  enum Kind: Sendable {
    case topTradingCycles
    case serialDictatorship(SerialDictatorship)
  }
  let name: String
  let kind: Kind

  func match(_ market: HousingMarket) -> Matching {
    switch kind {
    case .topTradingCycles: TopTradingCycles().match(market)
    case .serialDictatorship(let sd): sd.match(market)
    }
  }
}

/// How the CLI spells tie-breaking rules.
enum TieBreakingName: String, ExpressibleByArgument, CaseIterable, Sendable {
  case single
  case multiple
}

/// The market flags shared by `match`, `check` and `audit`.
struct MarketOptions: ParsableArguments {
  @Option(help: "School-choice market: schools.csv (school,capacity).")
  var schools: String?

  @Option(help: "School-choice market: applications.csv (student,school,rank[,priority][,lottery]).")
  var applications: String?

  @Option(help: "School-choice market: rankings.csv (school,student,rank; strict, 1 = best; unranked = unacceptable). The schools' own orders replace priorities and lotteries.")
  var rankings: String?

  @Option(help: "Housing market: endowments.csv (agent,house).")
  var endowments: String?

  @Option(help: "Housing market: preferences.csv (agent,house,rank).")
  var preferences: String?

  @Option(
    name: .customLong("tie-breaking"),
    help: "How ties in priorities are broken: single (one lottery for all schools) or multiple (one per school). A lottery column in the applications overrides it.")
  var tieBreaking: TieBreakingName = .single

  @Option(help: "Seed of the lottery (and of rsd's order). Same input and seed, same output.")
  var seed: UInt64 = 1

  @Option(help: "Field delimiter of the CSV inputs: comma, semicolon or tab (default: detected from each file's header line). Any input may be - for standard input (one at most).")
  var delimiter: CSVDelimiter?
  @Option(help: "Roommates market (check only): prefs.csv (agent,partner,rank).")
  var roommates: String?

  func validate() throws {
    if roommates != nil {
      if schools != nil || applications != nil || endowments != nil || preferences != nil {
        throw ValidationError("--roommates takes no other market flags")
      }
      return
    }
    let school = schools != nil || applications != nil
    let housing = endowments != nil || preferences != nil
    if school && housing {
      throw ValidationError("give either --schools/--applications or --endowments/--preferences, not both")
    }
    if school && (schools == nil || applications == nil) {
      throw ValidationError("a school-choice market needs both --schools and --applications")
    }
    if housing && (endowments == nil || preferences == nil) {
      throw ValidationError("a housing market needs both --endowments and --preferences")
    }
    if rankings != nil && !school {
      throw ValidationError("--rankings needs a school-choice market (--schools and --applications)")
    }
    if !school && !housing {
      throw ValidationError("no market given: use --schools and --applications, or --endowments and --preferences")
    }
    try validateStandardInput([schools, applications, endowments, preferences])
  }

  /// At most one input may be `-` (standard input is read once).
  func validateStandardInput(_ paths: [String?]) throws {
    if paths.filter({ $0.map(InputFile.isStandardInput) ?? false }).count > 1 {
      throw ValidationError("at most one input may be - (standard input)")
    }
  }

  var rule: TieBreaking {
    switch tieBreaking {
    case .single: .single(seed: seed)
    case .multiple: .multiple(seed: seed)
    }
  }

  /// Reads the market the flags name.
  func load() throws(InputError) -> LoadedMarket {
    if let roommates {
      throw InputError(file: roommates, line: 0, message: "a roommates market is solved by `matchmarket roommates` and checked by `matchmarket check --roommates`")
    }
    if let schools, let applications, let rankings {
      let read = try RankingsCSV.read(schools: schools, applications: applications, rankings: rankings)
      printError("rankings: \(read.summary.keptApplications) applications kept, \(read.summary.droppedApplications) dropped (the school does not rank the student)")
      return .schoolChoice(read.market)
    }
    if let schools, let applications {
      return .schoolChoice(
        try SchoolChoiceCSV.read(schools: schools, applications: applications, tieBreaking: rule, delimiter: delimiter))
    }
    return .housing(try HousingCSV.read(endowments: endowments!, preferences: preferences!, delimiter: delimiter))
  }
}

extension CSVDelimiter: ExpressibleByArgument {
  public init?(argument: String) { self.init(argument) }
  public static var allValueStrings: [String] { ["comma", "semicolon", "tab"] }
}

/// A market as read from files, with its names.
enum LoadedMarket {
  case schoolChoice(NamedSchoolChoiceMarket)
  case housing(NamedHousingMarket)
}

/// Runs `body`, turning bad input into a message naming file, line and column on stderr and
/// exit status 65 (data error), instead of a crash.
func reportingInputErrors<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as InputError {
    printError("error: \(error)")
    throw ExitCode(65)
  }
}

/// Writes a line to standard error.
func printError(_ text: String) {
  let line = text + "\n"
  _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
}

extension Substring {
  /// The one trimmer (``MatchingIO``'s `trimmed(_:)`) under the name the commands use.
  func trimmingCharacters(in set: Character) -> String { trimmed(String(set)) }
}

/// A directory argument without trailing slashes (`out/` -> `out`), so file names join cleanly.
func directoryPath(_ text: String) -> String {
  var s = Substring(text)
  while s.count > 1 && s.hasSuffix("/") { s = s.dropLast() }
  return String(s)
}
