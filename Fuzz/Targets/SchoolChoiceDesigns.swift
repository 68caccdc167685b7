// libFuzzer target: the design files of school choice read against a fixed market (schools
// A, B, C; students x, y, z, w): consent.csv (`match --mechanism eadam --consent`),
// types.csv (`--types`) and the optional schools.csv columns `reserve` and `majority_quota`.
// Every input goes to all four readers, so each seed exercises them all.
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
  let path = FuzzInput.write(Array(UnsafeBufferPointer(start: data, count: size)), as: "design.csv")
  let n = market.studentNames.count
  let m = market.schoolNames.count
  do {
    let consent = try SchoolChoiceCSV.readConsent(path, for: market)
    precondition(consent.count == n, "consent: one flag per student")
  } catch {
    FuzzInput.expectNamesFile(error.description, [path])
  }
  do {
    let minority = try SchoolChoiceCSV.readTypes(path, for: market)
    precondition(minority.count == n, "types: one flag per student")
  } catch {
    FuzzInput.expectNamesFile(error.description, [path])
  }
  for (column, atMost) in [("reserve", true), ("majority_quota", false)] {
    do {
      if let values = try SchoolChoiceCSV.readSchoolColumn(path, column: column, for: market, atMostCapacity: atMost) {
        precondition(values.count == m, "\(column): one value per school")
      }
    } catch {
      FuzzInput.expectNamesFile(error.description, [path])
    }
  }
  return 0
}
