// libFuzzer target: the school-choice reader (schools.csv + applications.csv, with the
// optional priority and lottery columns), then deferred acceptance on what it accepts.
import MatchingCore
import MatchingIO
import Mechanisms

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let (first, second) = FuzzInput.split(data, size)
  let schools = FuzzInput.write(first, as: "schools.csv")
  let applications = FuzzInput.write(second, as: "applications.csv")
  // The tie-breaking rule from the input's length, so both rules are exercised.
  let rule: TieBreaking = size % 2 == 0 ? .single(seed: 7) : .multiple(seed: 7)
  do {
    let named = try SchoolChoiceCSV.read(schools: schools, applications: applications, tieBreaking: rule)
    precondition(named.studentNames.count == named.market.studentCount)
    precondition(named.schoolNames.count == named.market.schoolCount)
    let matching = DeferredAcceptance().match(named.market)
    _ = SchoolChoiceCSV.assignmentBytes(matching, of: named)
  } catch {
    FuzzInput.expectNamesFile(error.description, [schools, applications])
  }
  return 0
}
