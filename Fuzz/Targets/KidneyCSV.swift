// libFuzzer target: the kidney CSV reader (pairs.csv + edges.csv), then the CSV writers on
// the pool it accepts.
import KidneyExchange
import MatchingIO

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let (first, second) = FuzzInput.split(data, size)
  let pairs = FuzzInput.write(first, as: "pairs.csv")
  let edges = FuzzInput.write(second, as: "edges.csv")
  do {
    let pool = try KidneyCSV.read(pairs: pairs, edges: edges)
    _ = KidneyCSV.pairsCSV(pool)
    _ = KidneyCSV.edgesCSV(pool)
  } catch {
    FuzzInput.expectNamesFile(error.description, [pairs, edges])
  }
  return 0
}
