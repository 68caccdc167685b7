// libFuzzer target: the kidney_solver reader (.input pair arcs, optional .ndds altruist arcs:
// the .ndds file is given only when the input has a second part).
import KidneyExchange
import MatchingIO

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let (first, second) = FuzzInput.split(data, size)
  let input = FuzzInput.write(first, as: "pool.input")
  let ndds = second.isEmpty ? nil : FuzzInput.write(second, as: "pool.ndds")
  do {
    let pool = try KidneySolverFormat.read(input: input, ndds: ndds)
    _ = KidneyCSV.edgesCSV(pool)
  } catch {
    FuzzInput.expectNamesFile(error.description, [input] + (ndds.map { [$0] } ?? []))
  }
  return 0
}
