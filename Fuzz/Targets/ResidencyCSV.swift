// libFuzzer target: the residency reader with couples (schools.csv %% applications.csv %%
// rankings.csv %% couples.csv %% couple_applications.csv, `matchmarket couples`), then
// Roth-Peranson (with a small iteration limit) and the matching writer.
import MatchingCore
import MatchingIO
import Mechanisms

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let parts = FuzzInput.split(data, size, into: 5)
  let names = ["schools.csv", "applications.csv", "rankings.csv", "couples.csv", "couple_applications.csv"]
  let paths = zip(parts, names).map { FuzzInput.write($0, as: $1) }
  do {
    let named = try ResidencyCSV.read(
      schools: paths[0], applications: paths[1], rankings: paths[2], couples: paths[3], coupleApplications: paths[4])
    if let matching = RothPeranson(iterationLimit: 1000).match(named.market).matching {
      _ = ResidencyCSV.matchingBytes(matching, of: named)
    }
  } catch {
    FuzzInput.expectNamesFile(error.description, paths)
  }
  return 0
}
