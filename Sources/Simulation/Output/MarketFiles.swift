import MatchingCore
import MatchingIO

/// Writes generated markets in the CSV formats `matchmarket match` reads, so a generated
/// market can be inspected, edited and run again.
///
/// ```swift
/// var rng = SeededGenerator(seed: 1, stream: 0)
/// let data = SchoolChoiceModel(studentCount: 3_000, schoolCount: 30).generateData(using: &rng)
/// try MarketFiles.writeSchoolChoice(data, toDirectory: "market")
/// // market/schools.csv       school,capacity
/// // market/applications.csv  student,school,rank,priority
/// ```
///
/// Agents are named by their dense index (`0`, `1`, ...), so the names read back map to the
/// same indices. `rank` starts at 1 (first choice); `priority` is the school's weak priority
/// class for the student (smaller is higher; equal is a tie, broken at match time).
public enum MarketFiles {
  /// Writes `schools.csv` and `applications.csv` into `directory` (created if needed), with
  /// ``SchoolChoiceCSV/writeMarket(_:schools:applications:)``.
  public static func writeSchoolChoice(
    _ data: GeneratedSchoolChoice, toDirectory directory: String
  ) throws(OutputError) {
    try OutputDirectory(directory).create()
    let market = data.market()
    let named = NamedSchoolChoiceMarket(
      market: market, studentNames: (0..<market.studentCount).map(String.init),
      schoolNames: (0..<market.schoolCount).map(String.init))
    do {
      try SchoolChoiceCSV.writeMarket(
        named, schools: directory + "/schools.csv", applications: directory + "/applications.csv")
    } catch let error as InputError {
      throw OutputError(path: error.file, message: error.message)
    } catch {
      throw OutputError(path: directory, message: "\(error)")
    }
  }

  /// Writes `endowments.csv` (agent,house) and `preferences.csv` (agent,house,rank) into
  /// `directory`; each list is the market's, ending with the agent's own house.
  public static func writeHousing(
    _ market: HousingMarket, toDirectory directory: String
  ) throws(OutputError) {
    let dir = OutputDirectory(directory)
    try dir.create()
    var endowments = ByteWriter()
    endowments.append("agent,house\n")
    var preferences = ByteWriter()
    preferences.append("agent,house,rank\n")
    for a in 0..<market.agentCount {
      endowments.append(a)
      endowments.append(",")
      endowments.append(market.endowment(of: a))
      endowments.append("\n")
      let range = market.listRange(of: a)
      for e in range {
        preferences.append(a)
        preferences.append(",")
        preferences.append(Int(market.houses[e]))
        preferences.append(",")
        preferences.append(e - range.lowerBound + 1)
        preferences.append("\n")
      }
    }
    try dir.file("endowments.csv").write(endowments.bytes)
    try dir.file("preferences.csv").write(preferences.bytes)
  }
}

/// An append-only byte buffer for writing large CSV files fast.
struct ByteWriter {
  var bytes: [UInt8] = []

  mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

  mutating func append(_ value: Int) {
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    var v = value.magnitude
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
      repeat {
        buffer[count] = UInt8(ascii: "0") + UInt8(v % 10)
        v /= 10
        count += 1
      } while v > 0
      while count > 0 {
        count -= 1
        bytes.append(buffer[count])
      }
    }
  }
}
