// libFuzzer target: the kidney-programme shard reader (`kidney simulate merge`'s input), then
// merging the shard it accepts and reading back what that shard writes.
import KidneyExchange

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let path = FuzzInput.write(Array(UnsafeBufferPointer(start: data, count: size)), as: "kidney-shard-0-1.json")
  do {
    let shard = try KidneyProgrammeResult.readShard(path: path)
    _ = try? KidneyProgrammeResult.merge([shard])
    // A shard the reader accepts is one the writer writes back identically.
    let again = FuzzInput.write(Array(shard.shardJSON().utf8), as: "kidney-shard-again.json")
    guard let reread = try? KidneyProgrammeResult.readShard(path: again), reread.shardJSON() == shard.shardJSON() else {
      fatalError("an accepted shard does not survive its own writer")
    }
  } catch {
    FuzzInput.expectNamesFile(error.description, [path])
  }
  return 0
}
