// libFuzzer target: the kep_solver JSON reader (schema 1: data + recipients).
import KidneyExchange
import MatchingIO

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let path = FuzzInput.write(Array(UnsafeBufferPointer(start: data, count: size)), as: "pool.json")
  do {
    let pool = try KepSolverJSON.read(path)
    _ = KidneyCSV.pairsCSV(pool)
  } catch {
    FuzzInput.expectNamesFile(error.description, [path])
  }
  return 0
}
