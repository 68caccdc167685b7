// libFuzzer target: the PrefLib kidney reader (.wmd arcs + .dat vertex table, both layouts).
import KidneyExchange
import MatchingIO

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let (first, second) = FuzzInput.split(data, size)
  let wmd = FuzzInput.write(first, as: "pool.wmd")
  let dat = FuzzInput.write(second, as: "pool.dat")
  do {
    let pool = try PrefLibKidney.read(wmd: wmd, dat: dat)
    _ = KidneyCSV.edgesCSV(pool)
  } catch {
    FuzzInput.expectNamesFile(error.description, [wmd, dat])
  }
  return 0
}
