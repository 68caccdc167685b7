// libFuzzer target: the housing-with-tenants reader (houses.csv, endowments.csv,
// preferences.csv and, when a fourth part is present, order.csv), then top trading cycles
// with tenants and the allocation writer on what it accepts.
import MatchingCore
import MatchingIO
import Mechanisms

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  // houses %% endowments %% preferences [%% order]: the order file only when a third
  // separator line is present (otherwise the lottery from the seed orders the agents).
  let parts = FuzzInput.split(data, size, into: 4)
  let houses = FuzzInput.write(parts[0], as: "houses.csv")
  let endowments = FuzzInput.write(parts[1], as: "endowments.csv")
  let preferences = FuzzInput.write(parts[2], as: "preferences.csv")
  let hasOrder = Array(UnsafeBufferPointer(start: data, count: size)).split(separator: 0x0A, omittingEmptySubsequences: false)
    .filter { $0.elementsEqual("%%".utf8) }.count >= 3
  let order = hasOrder ? FuzzInput.write(parts[3], as: "order.csv") : nil
  do {
    let named = try TenantHousingCSV.read(
      houses: houses, endowments: endowments, preferences: preferences, order: order, seed: UInt64(size))
    let matching = TopTradingCyclesWithTenants().match(named.market)
    _ = TenantHousingCSV.allocationBytes(matching, of: named)
  } catch {
    FuzzInput.expectNamesFile(error.description, [houses, endowments, preferences] + (order.map { [$0] } ?? []))
  }
  return 0
}
