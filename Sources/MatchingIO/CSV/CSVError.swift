/// Bad input: names the file, the line, and where known the column, so a user can fix it.
///
/// ```swift
/// // applications.csv:14: column 'rank': "x" is not an integer
/// ```
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file's path as given.
  public var file: String
  /// The 1-based line where the record starts (0 when the problem is the whole file).
  public var line: Int
  /// The column's header name, when one column is at fault.
  public var column: String?
  /// What is wrong, in words.
  public var message: String

  public init(file: String, line: Int, column: String? = nil, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  public var description: String {
    var s = file
    if line > 0 { s += ":\(line)" }
    if let column { s += ": column '\(column)'" }
    return s + ": " + message
  }
}
