import MatchingIO

/// Reads the text format of kidney_solver (J. Trimble): a `.input` file of pair arcs and an
/// optional `.ndds` file of altruist arcs.
///
/// ```swift
/// let pool = try KidneySolverFormat.read(input: "pool.input", ndds: "pool.ndds")
/// ```
///
/// `.input`: a line `pairs arcs`, then `source target weight` per arc (0-based pair
/// indices), then `-1 -1 -1`. `.ndds`: a line `ndds arcs`, then `ndd target weight` per arc
/// (altruists numbered from 0), then `-1 -1 -1`. Fields are separated by tabs or spaces. The
/// format carries no blood types; pairs are named by their index as in the file ("0", "1",
/// ...), altruists "N0", "N1", ....
///
/// - Throws: ``InputError`` with file and line for a malformed line, an index out of range,
///   a count that does not match the lines, a self-arc, a duplicate arc, or a bad weight.
public enum KidneySolverFormat {
  public static func read(input: String, ndds: String?) throws(InputError) -> KidneyPool {
    var arcs: [KidneyPool.Arc] = []
    var where_: [(String, Int)] = []
    let (pairCount, _) = try readArcs(path: input, altruists: false, pairCount: nil, into: &arcs, where: &where_)
    var altruistCount = 0
    if let ndds {
      altruistCount = try readArcs(path: ndds, altruists: true, pairCount: pairCount, into: &arcs, where: &where_).0
    }
    let pairs = (0..<pairCount).map { KidneyPool.Pair(id: String($0)) }
    let alts = (0..<altruistCount).map { KidneyPool.Altruist(id: "N\($0)") }
    do {
      return try KidneyPool(pairs: pairs, altruists: alts, arcs: arcs)
    } catch {
      throw InputError(file: where_[error.arc].0, line: where_[error.arc].1, message: error.message)
    }
  }

  private static func readArcs(
    path: String, altruists: Bool, pairCount: Int?, into arcs: inout [KidneyPool.Arc], where: inout [(String, Int)]
  ) throws(InputError) -> (Int, Int) {
    let text = try TextLines(path: path)
    let separators: Set<Character> = [" ", "\t"]
    var header: (Int, Int)? = nil
    var arcCount = 0
    var ended = false
    for (number, line) in text.lines {
      let f = line.fields(separatedBy: separators)
      if f.isEmpty { continue }
      if ended { throw text.error(number, "text after the closing '-1 -1 -1' line") }
      guard let h = header else {
        guard f.count >= 2, let n = Int(f[0]), let m = Int(f[1]), n >= 0, m >= 0 else {
          throw text.error(number, "expected a header line '\(altruists ? "ndds" : "pairs")<TAB>arcs'")
        }
        // Every pair and altruist becomes a vertex with a name: a count beyond any real pool
        // is an error, not an allocation failure.
        guard n <= 10_000_000 else {
          throw text.error(number, "\(n) \(altruists ? "altruists" : "pairs") is more than 10,000,000")
        }
        header = (n, m)
        continue
      }
      guard f.count >= 3, let s = Int(f[0]), let t = Int(f[1]), let w = Double(f[2]) else {
        throw text.error(number, "expected 'source<TAB>target<TAB>weight'")
      }
      if s == -1 && t == -1 {
        ended = true
        continue
      }
      let sourceLimit = h.0
      let targetLimit = pairCount ?? h.0
      guard s >= 0 && s < sourceLimit else {
        throw text.error(number, "\(altruists ? "altruist" : "pair") index \(s) is outside 0..<\(sourceLimit)")
      }
      guard t >= 0 && t < targetLimit else { throw text.error(number, "pair index \(t) is outside 0..<\(targetLimit)") }
      guard w.isFinite && w >= 0 else { throw text.error(number, "weight \(f[2]) must be a finite non-negative number") }
      if !altruists && s == t { throw text.error(number, "self-arc: pair \(s) cannot give to its own patient") }
      arcs.append(.init(donor: altruists ? .altruist(s) : .pair(s), recipient: t, weight: w))
      `where`.append((path, number))
      arcCount += 1
    }
    guard let h = header else { throw text.error(0, "the file is empty: a header line is expected") }
    guard ended else { throw text.error(text.lines.count, "missing the closing '-1 -1 -1' line") }
    guard arcCount == h.1 else { throw text.error(1, "the header announces \(h.1) arcs but the file has \(arcCount)") }
    return h
  }
}
