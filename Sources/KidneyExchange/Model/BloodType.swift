/// An ABO blood group.
///
/// ```swift
/// BloodType("AB")?.canDonate(to: .a)   // false
/// BloodType.o.canDonate(to: .ab)       // true
/// ```
public enum BloodType: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  case o, a, b, ab

  /// Parses `O`, `A`, `B` or `AB` (any case, surrounding spaces ignored); `nil` otherwise.
  public init?(_ text: some StringProtocol) {
    switch text.uppercased().trimmed() {
    case "O": self = .o
    case "A": self = .a
    case "B": self = .b
    case "AB": self = .ab
    default: return nil
    }
  }

  /// Whether a donor of this group is ABO-compatible with a patient of group `patient`.
  public func canDonate(to patient: BloodType) -> Bool {
    switch self {
    case .o: true
    case .a: patient == .a || patient == .ab
    case .b: patient == .b || patient == .ab
    case .ab: patient == .ab
    }
  }

  public var description: String {
    switch self {
    case .o: "O"
    case .a: "A"
    case .b: "B"
    case .ab: "AB"
    }
  }
}

