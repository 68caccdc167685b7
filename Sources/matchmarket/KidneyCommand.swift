import ArgumentParser

// Being written in this session; replaced by the real command.
struct KidneyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "kidney", abstract: "(in progress)")
  func run() throws { throw ValidationError("'kidney' is not available yet") }
}
