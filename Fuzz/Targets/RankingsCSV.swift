// libFuzzer target: the programs' rank lists (schools.csv %% applications.csv %%
// rankings.csv, `match --rankings`), then deferred acceptance and the assignment writer.
import MatchingCore
import MatchingIO
import Mechanisms

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let parts = FuzzInput.split(data, size, into: 3)
  let schools = FuzzInput.write(parts[0], as: "schools.csv")
  let applications = FuzzInput.write(parts[1], as: "applications.csv")
  let rankings = FuzzInput.write(parts[2], as: "rankings.csv")
  do {
    let (named, _) = try RankingsCSV.read(schools: schools, applications: applications, rankings: rankings)
    let matching = DeferredAcceptance().match(named.market)
    _ = SchoolChoiceCSV.assignmentBytes(matching, of: named)
  } catch {
    FuzzInput.expectNamesFile(error.description, [schools, applications, rankings])
  }
  return 0
}
