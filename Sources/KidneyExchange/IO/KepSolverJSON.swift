import Foundation
import MatchingIO

/// Reads a kep_solver JSON pool (its schema 1: `data` and `recipients`).
///
/// ```swift
/// let pool = try KepSolverJSON.read("pool.json")
/// ```
///
/// Each entry of `data` is a donor: `sources` lists its paired recipient (empty for a
/// non-directed donor), `bloodgroup` its blood group, `matches` its arcs
/// (`recipient`, `score`). `recipients` gives each recipient's `bloodgroup` and `cPRA`
/// (0..1). A pair is named by its recipient's id, an altruist by its donor id. Recipients
/// without a paired donor cannot take part and are left out; a recipient with several
/// donors is not supported (an error). Pairs and altruists are ordered by id (numerically
/// when ids are integers), so the pool does not depend on the JSON's key order.
///
/// - Throws: ``InputError`` naming the file and, for a bad entry, the line where the entry's
///   key first appears.
public enum KepSolverJSON {
  public static func read(_ path: String) throws(InputError) -> KidneyPool {
    let bytes = try TextLines.readBytes(path)
    let text = String(decoding: bytes, as: UTF8.self)
    func lineOf(_ key: String) -> Int {
      guard let r = text.range(of: "\"\(key)\"") else { return 0 }
      return text[..<r.lowerBound].reduce(1) { $0 + ($1 == "\n" ? 1 : 0) }
    }
    func fail(_ key: String?, _ message: String) -> InputError {
      InputError(file: path, line: key.map(lineOf) ?? 0, message: message)
    }
    let root: Any
    do {
      root = try JSONSerialization.jsonObject(with: Data(bytes))
    } catch {
      throw InputError(file: path, line: 0, message: "not valid JSON (\(error.localizedDescription))")
    }
    guard let top = root as? [String: Any] else { throw fail(nil, "expected a JSON object at the top") }
    if top["schema"] != nil { throw fail("schema", "only kep_solver's schema 1 (\"data\" + \"recipients\") is supported") }
    guard let data = top["data"] as? [String: Any] else { throw fail(nil, "missing the \"data\" object of donors") }
    let recipients = top["recipients"] as? [String: Any] ?? [:]

    func idOrder(_ x: String, _ y: String) -> Bool {
      if let a = Int(x), let b = Int(y) { return a < b }
      if (Int(x) != nil) != (Int(y) != nil) { return Int(x) != nil }
      return x < y
    }
    func number(_ v: Any?) -> Double? {
      if let n = v as? NSNumber { return n.doubleValue }
      return nil
    }
    struct Donor { var id: String; var recipient: String?; var blood: BloodType; var matches: [(String, Double)] }
    var donors: [Donor] = []
    var donorOf: [String: String] = [:]
    for id in data.keys.sorted(by: idOrder) {
      guard let entry = data[id] as? [String: Any] else { throw fail(id, "donor '\(id)': expected an object") }
      guard let sources = entry["sources"] as? [Any] else { throw fail(id, "donor '\(id)': missing \"sources\"") }
      let srcs = try sources.map { (s: Any) throws(InputError) -> String in
        if let t = s as? String { return t }
        if let n = number(s), let i = Int(exactly: n) { return String(i) }  // (1e20 is no Int)
        throw fail(id, "donor '\(id)': a source is not an id")
      }
      guard srcs.count <= 1 else { throw fail(id, "donor '\(id)': several paired recipients are not supported") }
      let bg = entry["bloodgroup"] as? String ?? ""
      guard let blood = BloodType(bg) else { throw fail(id, "donor '\(id)': bloodgroup \"\(bg)\" is not O, A, B or AB") }
      var matches: [(String, Double)] = []
      for m in entry["matches"] as? [Any] ?? [] {
        guard let m = m as? [String: Any] else { throw fail(id, "donor '\(id)': a match is not an object") }
        let r: String
        if let t = m["recipient"] as? String { r = t } else if let n = number(m["recipient"]), let i = Int(exactly: n) { r = String(i) } else {
          throw fail(id, "donor '\(id)': a match has no recipient")
        }
        guard let score = number(m["score"]) else { throw fail(id, "donor '\(id)': the match to '\(r)' has no numeric score") }
        matches.append((r, score))
      }
      if let r = srcs.first {
        if let other = donorOf[r] { throw fail(id, "recipient '\(r)' has two donors ('\(other)' and '\(id)'): not supported") }
        donorOf[r] = id
      }
      donors.append(Donor(id: id, recipient: srcs.first, blood: blood, matches: matches))
    }
    var pairs: [KidneyPool.Pair] = []
    var pairIndex: [String: Int] = [:]
    for r in donorOf.keys.sorted(by: idOrder) {
      var patient: BloodType? = nil
      var cpra: Double? = nil
      if let info = recipients[r] as? [String: Any] {
        if let bg = info["bloodgroup"] as? String {
          guard let t = BloodType(bg) else { throw fail(r, "recipient '\(r)': bloodgroup \"\(bg)\" is not O, A, B or AB") }
          patient = t
        }
        if let c = number(info["cPRA"]) {
          guard c >= 0 && c <= 1 else { throw fail(r, "recipient '\(r)': cPRA \(c) is outside 0..1") }
          cpra = c * 100
        }
      }
      pairIndex[r] = pairs.count
      pairs.append(.init(id: r, donorBloodType: donors.first { $0.recipient == r }?.blood, patientBloodType: patient, patientCPRA: cpra))
    }
    var alts: [KidneyPool.Altruist] = []
    var arcs: [KidneyPool.Arc] = []
    var owners: [String] = []
    for d in donors {
      let donor: KidneyPool.Donor
      if let r = d.recipient {
        donor = .pair(pairIndex[r]!)
      } else {
        donor = .altruist(alts.count)
        alts.append(.init(id: d.id, bloodType: d.blood))
      }
      for (r, score) in d.matches {
        guard let t = pairIndex[r] else {
          throw fail(d.id, "donor '\(d.id)': recipient '\(r)' has no paired donor in the pool (or does not exist)")
        }
        guard score.isFinite && score >= 0 else { throw fail(d.id, "donor '\(d.id)': score \(score) must be finite and non-negative") }
        if case .pair(let p) = donor, p == t { throw fail(d.id, "donor '\(d.id)': self-arc to its own recipient '\(r)'") }
        arcs.append(.init(donor: donor, recipient: t, weight: score))
        owners.append(d.id)
      }
    }
    do {
      return try KidneyPool(pairs: pairs, altruists: alts, arcs: arcs)
    } catch {
      throw fail(owners[error.arc], "donor '\(owners[error.arc])': \(error.message)")
    }
  }
}
