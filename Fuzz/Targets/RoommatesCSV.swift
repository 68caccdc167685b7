// libFuzzer target: the roommates reader (preferences.csv), then Irving's algorithm and the
// matching writer on what it accepts.
import MatchingCore
import MatchingIO
import Mechanisms

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let path = FuzzInput.write(Array(UnsafeBufferPointer(start: data, count: size)), as: "preferences.csv")
  do {
    let named = try RoommatesCSV.read(preferences: path)
    if let matching = StableRoommates().match(named.market).matching {
      _ = RoommatesCSV.matchingBytes(matching, of: named)
    }
  } catch {
    FuzzInput.expectNamesFile(error.description, [path])
  }
  return 0
}
