import ArgumentParser
import MatchingMarkets

extension GenerateCommand {
  /// `matchmarket generate residency`: a seeded NRMP-like market with couples.
  struct Residency: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Residency with couples: schools.csv, applications.csv, rankings.csv, couples.csv, couple_applications.csv (the files `couples` reads).")

    @Option(help: "Applicants (singles and couple members).")
    var applicants: Int

    @Option(help: "Programs.")
    var programs: Int

    @Option(name: .customLong("couple-share"), help: "Share of applicants in couples (0.05 = 5%).")
    var coupleShare = 0.05

    @Option(name: .customLong("list-length"), help: "Programs on a single's list.")
    var listLength = 10

    @Option(name: .customLong("couple-list-length"), help: "Pairs on a couple's list (plus one fallback per member alone).")
    var coupleListLength = 20

    @Option(name: .customLong("seats-ratio"), help: "Total seats per applicant (program sizes are log-normal around the mean).")
    var seatsRatio = 1.0

    @Option(help: "Regions (singles and couples favour their home region).")
    var regions = 10

    @Option(help: "Specialties (each applicant seeks one; couple members seek different ones).")
    var specialties = 10

    @Option(name: .customLong("unranked-share"), help: "Probability that a program leaves an applicant who applied unranked.")
    var unrankedShare = 0.1

    @Option(help: "Seed. Same arguments and seed, byte-identical files.")
    var seed: UInt64 = 1

    @Option(help: "Output directory (created if needed).", transform: directoryPath)
    var out: String

    func validate() throws {
      guard applicants >= 2 && programs >= 1 else { throw ValidationError("need at least 2 applicants and 1 program") }
      guard coupleShare >= 0 && coupleShare <= 1 else { throw ValidationError("--couple-share must be in [0, 1]") }
      guard listLength >= 1 && coupleListLength >= 1 && regions >= 1 && specialties >= 1 else {
        throw ValidationError("--list-length, --couple-list-length, --regions and --specialties must be positive")
      }
      guard seatsRatio > 0 && unrankedShare >= 0 && unrankedShare < 1 else {
        throw ValidationError("--seats-ratio must be positive and --unranked-share in [0, 1)")
      }
    }

    func run() throws {
      let model = ResidencyModel(
        applicantCount: applicants, programCount: programs, coupleShare: coupleShare, listLength: listLength,
        coupleListLength: coupleListLength, seatsRatio: seatsRatio, regionCount: regions,
        specialtyCount: specialties, unrankedShare: unrankedShare)
      var rng = SeededGenerator(seed: seed)
      let data = model.generate(using: &rng)
      try data.write(toDirectory: out)
      var meta = "{\n  \"kind\": \"residency\",\n  \"generator\": \"matchmarket generate residency\",\n"
      meta += "  \"seed\": \(seed),\n  \"applicants\": \(applicants),\n  \"programs\": \(programs),\n"
      meta += "  \"couples\": \(data.couples.count),\n  \"couple_share\": \(Fixed.parameter(coupleShare)),\n"
      meta += "  \"list_length\": \(listLength),\n  \"couple_list_length\": \(coupleListLength),\n"
      meta += "  \"seats_ratio\": \(Fixed.parameter(seatsRatio)),\n  \"regions\": \(regions),\n  \"specialties\": \(specialties),\n"
      meta += "  \"unranked_share\": \(Fixed.parameter(unrankedShare)),\n"
      meta += "  \"total_capacity\": \(data.capacities.reduce(0) { $0 + Int($1) })\n}\n"
      try AtomicOutput.write(meta, to: out + "/market.json")
      print("wrote \(out): \(applicants) applicants (\(data.couples.count) couples), \(programs) programs, \(data.capacities.reduce(0) { $0 + Int($1) }) seats")
    }
  }
}
