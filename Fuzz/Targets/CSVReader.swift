// libFuzzer target: the generic CSV reader under every reader above, with a block size drawn
// from the input (64..127 bytes) so records straddle block boundaries and outgrow blocks.
import MatchingIO

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size >= 1 else { return 0 }
  let blockSize = 64 + Int(data[0] % 64)
  let path = FuzzInput.write(Array(UnsafeBufferPointer(start: data + 1, count: size - 1)), as: "generic.csv")
  do {
    let csv = try CSVReader(path: path, blockSize: blockSize)
    let width = csv.header.count
    var lastLine = 0
    // Half the inputs through the field accessors, half through the bulk path.
    if data[0] & 0x40 == 0 {
      while try csv.nextRecord() {
        precondition(csv.line > lastLine, "lines must increase")
        lastLine = csv.line
        for i in 0...width {
          _ = csv.string(i)
          _ = csv.trimmed(i)
          _ = try? csv.int(i)
          _ = try? csv.double(i)
        }
      }
    } else {
      try csv.forEachRecord { (row) throws(InputError) in
        precondition(row.line > lastLine, "lines must increase")
        lastLine = row.line
        for i in 0...row.count {
          _ = row.int(i)
          _ = row.string(i)
        }
      }
    }
  } catch {
    FuzzInput.expectNamesFile(error.description, [path])
  }
  return 0
}
