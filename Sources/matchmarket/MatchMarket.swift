import ArgumentParser

/// `matchmarket`: run, check and audit matching mechanisms; plan kidney exchanges; simulate
/// and benchmark.
@main
struct MatchMarket: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "matchmarket",
    abstract: "Matching markets without money: deferred acceptance, Boston, serial dictatorship, top trading cycles, kidney exchange.",
    discussion: """
      Markets are read from CSV (columns found by header name). Output files are written to a \
      temporary file and renamed, so a failed run never leaves a partial file; a symlink's \
      target is written (the link stays), and FIFOs, devices and - (standard output) are \
      written straight through. Every output location is checked before long work starts. \
      The same input and seed always give byte-identical output, whatever the row order. \
      Exit status: 65 for bad input, 73 (EX_CANTCREAT) for an output that cannot be written.
      """,
    version: "0.1.0",
    subcommands: [
      MatchCommand.self, CheckCommand.self, AuditCommand.self, GenerateCommand.self,
      SimulateCommand.self, KidneyCommand.self, BenchCommand.self,
      StableCommand.self, RoommatesCommand.self,
      AssignCommand.self,
      CouplesCommand.self,
    ])
}
