/// A market that cannot be built: the data break one of the model's rules.
public enum MarketError: Error, Sendable, Equatable, CustomStringConvertible {
  case negativeCapacity(school: Int, capacity: Int)
  case schoolOutOfRange(student: Int, school: Int)
  case duplicateSchool(student: Int, school: Int)
  case missingLottery
  case houseOutOfRange(agent: Int, house: Int)
  case duplicateHouse(agent: Int, house: Int)
  case endowmentsNotABijection(detail: String)

  public var description: String {
    switch self {
    case .negativeCapacity(let s, let c): "school \(s) has capacity \(c); capacities must not be negative"
    case .schoolOutOfRange(let i, let s): "student \(i) lists school \(s), which does not exist"
    case .duplicateSchool(let i, let s): "student \(i) lists school \(s) twice"
    case .missingLottery: "given tie-breaking needs a lottery number for every application"
    case .houseOutOfRange(let a, let h): "agent \(a) lists house \(h), which does not exist"
    case .duplicateHouse(let a, let h): "agent \(a) lists house \(h) twice"
    case .endowmentsNotABijection(let d): "endowments must give each agent exactly one house: \(d)"
    }
  }
}
