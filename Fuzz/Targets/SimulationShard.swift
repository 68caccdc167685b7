// libFuzzer target: the simulation shard reader (`simulate merge`'s input), then merging the
// shard it accepts and writing its report tables.
import Simulation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let path = FuzzInput.write(Array(UnsafeBufferPointer(start: data, count: size)), as: "shard-0-1.json")
  do {
    let shard = try SimulationResult.readShard(path: path)
    let merged = try SimulationResult.merge([shard])
    if merged.isComplete { _ = StudyReport(result: merged).table() }
  } catch {
    FuzzInput.expectNamesFile(error.description, [path])
  }
  return 0
}
