import ArgumentParser
import MatchingMarkets

/// Checks that every output a command will write can be written, before any long work:
/// a missing or unwritable directory, a directory given as a file, or an unwritable special
/// file is reported now, naming the path, with exit status 73 (`EX_CANTCREAT`), and nothing
/// is written. `nil` entries (options not given) and `-` (standard output) pass.
///
/// ```swift
/// try preflightOutputs(files: [output, summary])        // at the top of run()
/// try preflightOutputs(directories: [outputDir])
/// ```
func preflightOutputs(files: [String?] = [], directories: [String?] = []) throws {
  try reportingOutputErrors {
    for path in files.compactMap({ $0 }) { try OutputTarget(path).preflight() }
    for path in directories.compactMap({ $0 }) { try OutputDirectory(path).preflight() }
  }
}

/// Runs `body`, turning an output that cannot be written into a message naming the path on
/// stderr and exit status 73 (`EX_CANTCREAT`).
func reportingOutputErrors<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as OutputError {
    printError("error: \(error)")
    throw ExitCode(OutputError.exitStatus)
  }
}
