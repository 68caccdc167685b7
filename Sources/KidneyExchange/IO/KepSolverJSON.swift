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
/// - Throws: ``InputError`` at `file:line:character`: invalid JSON (the first syntax error),
///   and for a bad entry the position of the offending value: a missing or mistyped field,
///   an id that is not a string or a whole number of magnitude at most 2^53 (so 1e20 is
///   rejected, not converted), a score that is negative or not finite, a cPRA outside 0..1,
///   an unknown recipient, a self-arc, a recipient with two donors.
public enum KepSolverJSON {
  public static func read(_ path: String) throws(InputError) -> KidneyPool {
    let doc = try JSONDocument(bytes: try TextLines.readBytes(path), file: InputFile.displayName(path))
    typealias Node = JSONDocument.Node
    guard doc.root.members != nil else {
      throw doc.error(at: doc.root, "expected a JSON object at the top, found \(doc.root.kind)")
    }
    if let schema = doc.root["schema"] {
      throw doc.error(at: schema, "only kep_solver's schema 1 (\"data\" + \"recipients\") is supported")
    }
    guard let dataNode = doc.root["data"] else { throw doc.error(at: doc.root, "missing the \"data\" object of donors") }
    guard let data = dataNode.members else { throw doc.error(at: dataNode, "\"data\" must be an object of donors, found \(dataNode.kind)") }
    var recipients: [String: Node] = [:]
    if let r = doc.root["recipients"] {
      guard let members = r.members else { throw doc.error(at: r, "\"recipients\" must be an object, found \(r.kind)") }
      for m in members { recipients[m.key] = m.value }
    }

    /// An id: a string, or a whole number small enough to be exact.
    func id(_ node: Node, _ what: String) throws(InputError) -> String {
      if let t = node.string { return t }
      if node.number != nil {
        guard let n = node.exactInteger else {
          throw doc.error(at: node, "\(what): \(numberText(node)) is not a whole number usable as an id (too large, or not whole)")
        }
        return String(n)
      }
      throw doc.error(at: node, "\(what): expected an id (a string or a whole number), found \(node.kind)")
    }
    func numberText(_ node: Node) -> String {
      if case .number(_, let text) = node.value { return InputError.show(text) }
      return node.kind
    }
    func idOrder(_ x: String, _ y: String) -> Bool {
      if let a = Int(x), let b = Int(y) { return a < b }
      if (Int(x) != nil) != (Int(y) != nil) { return Int(x) != nil }
      return x < y
    }
    struct Donor {
      var id: String
      var node: Node
      var recipient: String?
      var blood: BloodType
      var matches: [(recipient: String, score: Double, node: Node)]
    }
    var donors: [Donor] = []
    var donorOf: [String: String] = [:]
    let entries = data.sorted { idOrder($0.key, $1.key) }
    for member in entries {
      let did = member.key
      let entry = member.value
      let name = "donor '\(InputError.show(did))'"
      guard entry.members != nil else { throw doc.error(at: entry, "\(name): expected an object, found \(entry.kind)") }
      guard let sourcesNode = entry["sources"] else { throw doc.error(at: entry, "\(name): missing \"sources\"") }
      guard let sources = sourcesNode.items else {
        throw doc.error(at: sourcesNode, "\(name): \"sources\" must be an array of recipient ids, found \(sourcesNode.kind)")
      }
      var srcs: [String] = []
      for s in sources { srcs.append(try id(s, "\(name): a source")) }
      guard srcs.count <= 1 else { throw doc.error(at: sourcesNode, "\(name): several paired recipients are not supported") }
      guard let bgNode = entry["bloodgroup"] else { throw doc.error(at: entry, "\(name): missing \"bloodgroup\"") }
      guard let bg = bgNode.string, let blood = BloodType(bg) else {
        throw doc.error(at: bgNode, "\(name): bloodgroup \(bgNode.string.map { "\"\(InputError.show($0))\"" } ?? bgNode.kind) is not O, A, B or AB")
      }
      var matches: [(recipient: String, score: Double, node: Node)] = []
      if let matchesNode = entry["matches"] {
        guard let list = matchesNode.items else {
          throw doc.error(at: matchesNode, "\(name): \"matches\" must be an array, found \(matchesNode.kind)")
        }
        for m in list {
          guard m.members != nil else { throw doc.error(at: m, "\(name): a match must be an object, found \(m.kind)") }
          guard let rNode = m["recipient"] else { throw doc.error(at: m, "\(name): a match has no recipient") }
          let r = try id(rNode, "\(name): a match's recipient")
          guard let scoreNode = m["score"] else { throw doc.error(at: m, "\(name): the match to '\(InputError.show(r))' has no score") }
          guard let score = scoreNode.number else {
            throw doc.error(at: scoreNode, "\(name): the score of the match to '\(InputError.show(r))' must be a number, found \(scoreNode.kind)")
          }
          guard score.isFinite && score >= 0 else {
            throw doc.error(at: scoreNode, "\(name): score \(numberText(scoreNode)) must be finite and non-negative")
          }
          matches.append((r, score, m))
        }
      }
      if let r = srcs.first {
        if let other = donorOf[r] {
          throw doc.error(at: sourcesNode, "recipient '\(InputError.show(r))' has two donors ('\(InputError.show(other))' and '\(InputError.show(did))'): not supported")
        }
        donorOf[r] = did
      }
      donors.append(Donor(id: did, node: entry, recipient: srcs.first, blood: blood, matches: matches))
    }
    var pairs: [KidneyPool.Pair] = []
    var pairIndex: [String: Int] = [:]
    for r in donorOf.keys.sorted(by: idOrder) {
      var patient: BloodType? = nil
      var cpra: Double? = nil
      let name = "recipient '\(InputError.show(r))'"
      if let info = recipients[r] {
        guard info.members != nil else { throw doc.error(at: info, "\(name): expected an object, found \(info.kind)") }
        if let bgNode = info["bloodgroup"] {
          guard let bg = bgNode.string, let t = BloodType(bg) else {
            throw doc.error(at: bgNode, "\(name): bloodgroup \(bgNode.string.map { "\"\(InputError.show($0))\"" } ?? bgNode.kind) is not O, A, B or AB")
          }
          patient = t
        }
        if let cNode = info["cPRA"] {
          guard let c = cNode.number, c >= 0 && c <= 1 else {
            throw doc.error(at: cNode, "\(name): cPRA \(numberText(cNode)) must be a number in 0..1")
          }
          cpra = c * 100
        }
      }
      pairIndex[r] = pairs.count
      pairs.append(.init(id: r, donorBloodType: donors.first { $0.recipient == r }?.blood, patientBloodType: patient, patientCPRA: cpra))
    }
    var alts: [KidneyPool.Altruist] = []
    var arcs: [KidneyPool.Arc] = []
    var owners: [(id: String, node: Node)] = []
    for d in donors {
      let donor: KidneyPool.Donor
      if let r = d.recipient {
        donor = .pair(pairIndex[r]!)
      } else {
        donor = .altruist(alts.count)
        alts.append(.init(id: d.id, bloodType: d.blood))
      }
      for m in d.matches {
        guard let t = pairIndex[m.recipient] else {
          throw doc.error(at: m.node, "donor '\(InputError.show(d.id))': recipient '\(InputError.show(m.recipient))' has no paired donor in the pool (or does not exist)")
        }
        if case .pair(let p) = donor, p == t {
          throw doc.error(at: m.node, "donor '\(InputError.show(d.id))': self-arc to its own recipient '\(InputError.show(m.recipient))'")
        }
        arcs.append(.init(donor: donor, recipient: t, weight: m.score))
        owners.append((d.id, m.node))
      }
    }
    do {
      return try KidneyPool(pairs: pairs, altruists: alts, arcs: arcs)
    } catch {
      let owner = owners[error.arc]
      throw doc.error(at: owner.node, "donor '\(InputError.show(owner.id))': \(error.message)")
    }
  }
}
