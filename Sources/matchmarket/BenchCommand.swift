import ArgumentParser

// Being written in this session; replaced by the real command.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "bench", abstract: "(in progress)")
  func run() throws { throw ValidationError("'bench' is not available yet") }
}
