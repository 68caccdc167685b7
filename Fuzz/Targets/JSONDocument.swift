// libFuzzer target: the generic JSON reader with positions (under the kep_solver and shard
// readers), on its own: any bytes give a document or an error at file:line:character; on
// success every node's position is computed and an error can be made at each.
import MatchingIO

/// Visits every node (iteratively: documents nest up to JSONDocument.depthLimit).
func walk(_ doc: JSONDocument) {
  var stack = [doc.root]
  var visited = 0
  while let node = stack.popLast() {
    visited += 1
    let (line, character) = doc.position(of: node.offset)
    precondition(line >= 1 && character >= 1, "a position before the file")
    if visited <= 64 { _ = doc.error(at: node, "x").description }
    switch node.value {
    case .array(let items): stack.append(contentsOf: items)
    case .object(let members):
      for member in members {
        _ = doc.position(of: member.keyOffset)
        stack.append(member.value)
      }
    case .number(let v, let text): precondition(!text.isEmpty && !v.isNaN, "a number without text")
    default: break
    }
  }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  do {
    walk(try JSONDocument(bytes: bytes, file: "doc.json"))
  } catch {
    FuzzInput.expectNamesFile(error.description, ["doc.json"])
  }
  return 0
}
