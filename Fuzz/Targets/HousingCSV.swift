// libFuzzer target: the housing-market reader (endowments.csv + preferences.csv), then top
// trading cycles on what it accepts.
import MatchingCore
import MatchingIO
import Mechanisms

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let (first, second) = FuzzInput.split(data, size)
  let endowments = FuzzInput.write(first, as: "endowments.csv")
  let preferences = FuzzInput.write(second, as: "preferences.csv")
  do {
    let named = try HousingCSV.read(endowments: endowments, preferences: preferences)
    let matching = TopTradingCycles().match(named.market)
    _ = HousingCSV.allocationBytes(matching, of: named)
  } catch {
    FuzzInput.expectNamesFile(error.description, [endowments, preferences])
  }
  return 0
}
