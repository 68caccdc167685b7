// libFuzzer target: the probability-matrix reader (`assign --probabilities`) against a fixed
// market (schools A, B, C; students x, y, z, w), then the feasibility check and the
// probability writer on what it accepts.
import MatchingCore
import MatchingIO

/// The fixed market, read once from files in the scratch directory.
let market: NamedSchoolChoiceMarket = {
  let schools = FuzzInput.write(Array("school,capacity\nA,2\nB,1\nC,1\n".utf8), as: "market-schools.csv")
  let applications = FuzzInput.write(
    Array("student,school,rank\nx,A,1\nx,B,2\ny,B,1\ny,C,2\nz,A,1\nw,C,1\n".utf8), as: "market-applications.csv")
  do {
    return try SchoolChoiceCSV.read(schools: schools, applications: applications)
  } catch {
    fatalError("the fixed market is invalid: \(error)")
  }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let path = FuzzInput.write(Array(UnsafeBufferPointer(start: data, count: size)), as: "probabilities.csv")
  do {
    let p = try RandomAssignmentCSV.readProbabilities(path, for: market)
    _ = p.feasibilityViolation(capacities: market.market.capacities)
    _ = RandomAssignmentCSV.probabilityBytes(p, of: market)
  } catch {
    FuzzInput.expectNamesFile(error.description, [path])
  }
  return 0
}
