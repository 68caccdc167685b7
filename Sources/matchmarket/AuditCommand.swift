import ArgumentParser

// Being written in this session; replaced by the real command.
struct AuditCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "audit", abstract: "(in progress)")
  func run() throws { throw ValidationError("'audit' is not available yet") }
}
