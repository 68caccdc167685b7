import MatchingIO

/// Reads a PrefLib kidney pool (data set 00036 style): a `.wmd` weighted directed graph and
/// the `.dat` table that says which vertices are altruists.
///
/// ```swift
/// let pool = try PrefLibKidney.read(wmd: "MD-00001-00000001.wmd", dat: "MD-00001-00000001.dat")
/// ```
///
/// `.wmd`: `#` header lines (`# NUMBER ALTERNATIVES: n`, `# ALTERNATIVE NAME i: ...`), then
/// one `source, target, weight` line per arc with 1-based vertices. The older PrefLib layout
/// (a vertex count, one `i,name` line per vertex, a `vertices,arcs,...` line, then the arcs)
/// is read too. `.dat`: CSV with `Pair,Patient,Donor,Wife-P?,%Pra,Out-Deg,Altruist` (`%Pra`
/// in 0..1). PrefLib gives every pair a weight-0 arc to every altruist as a placeholder; those
/// are dropped (an altruist receives nothing), and any other arc into an altruist is an error.
/// Vertices are named by their PrefLib number.
///
/// - Throws: ``InputError`` with file and line.
public enum PrefLibKidney {
  public static func read(wmd: String, dat: String) throws(InputError) -> KidneyPool {
    // The .dat table first: vertex number -> (altruist?, blood types, PRA).
    let csv = try CSVReader(path: dat)
    let idC = try csv.requireColumn("Pair")
    let patientC = try csv.requireColumn("Patient")
    let donorC = try csv.requireColumn("Donor")
    let praC = try csv.requireColumn("%Pra")
    let altC = try csv.requireColumn("Altruist")
    struct Vertex { var altruist: Bool; var donor: BloodType?; var patient: BloodType?; var pra: Double? }
    var vertices: [Int: Vertex] = [:]
    var order: [Int] = []
    while try csv.nextRecord() {
      let id = try csv.int(idC)
      guard id >= 1 else { throw csv.fieldError(idC, "vertex numbers start at 1") }
      guard vertices[id] == nil else { throw csv.fieldError(idC, "duplicate vertex \(id)") }
      let alt = try csv.int(altC)
      guard alt == 0 || alt == 1 else { throw csv.fieldError(altC, "\(alt) is not 0 or 1") }
      let donorText = csv.trimmed(donorC)
      guard let donor = BloodType(donorText) else { throw csv.fieldError(donorC, "\"\(donorText)\" is not a blood type (O, A, B or AB)") }
      var patient: BloodType? = nil
      var pra: Double? = nil
      if alt == 0 {
        let p = csv.trimmed(patientC)
        guard let t = BloodType(p) else { throw csv.fieldError(patientC, "\"\(p)\" is not a blood type (O, A, B or AB)") }
        patient = t
        let v = try csv.double(praC)
        guard v >= 0 && v <= 1 else { throw csv.fieldError(praC, "\(v) is outside 0..1") }
        pra = v * 100
      }
      vertices[id] = Vertex(altruist: alt == 1, donor: donor, patient: patient, pra: pra)
      order.append(id)
    }
    order.sort()
    var pairIndex: [Int: Int] = [:]
    var altIndex: [Int: Int] = [:]
    var pairs: [KidneyPool.Pair] = []
    var alts: [KidneyPool.Altruist] = []
    for id in order {
      let v = vertices[id]!
      if v.altruist {
        altIndex[id] = alts.count
        alts.append(.init(id: String(id), bloodType: v.donor))
      } else {
        pairIndex[id] = pairs.count
        pairs.append(.init(id: String(id), donorBloodType: v.donor, patientBloodType: v.patient, patientCPRA: v.pra))
      }
    }

    let text = try TextLines(path: wmd)
    var arcs: [KidneyPool.Arc] = []
    var lines: [Int] = []
    var declaredVertices: Int? = nil
    var legacyNames = 0  // legacy layout: vertex-name lines still to skip
    var sawData = false
    var legacyHeaderPending = false
    for (number, line) in text.lines {
      let trimmed = line.fields(separatedBy: []).first ?? ""
      if trimmed.isEmpty { continue }
      if trimmed.hasPrefix("#") {
        if let r = trimmed.range(of: "NUMBER ALTERNATIVES:") {
          declaredVertices = Int(trimmed[r.upperBound...].fields(separatedBy: [" "]).first ?? "")
        }
        continue
      }
      let f = trimmed.fields(separatedBy: [","])
      if !sawData && declaredVertices == nil && f.count == 1 {
        // Legacy layout: the vertex count, then names, then a counts line.
        guard let n = Int(f[0]) else { throw text.error(number, "expected the number of vertices") }
        declaredVertices = n
        legacyNames = n
        legacyHeaderPending = true
        continue
      }
      if legacyNames > 0 { legacyNames -= 1; continue }
      if legacyHeaderPending { legacyHeaderPending = false; continue }
      sawData = true
      guard f.count == 3, let s = Int(f[0]), let t = Int(f[1]), let w = Double(f[2]) else {
        throw text.error(number, "expected 'source, target, weight'")
      }
      guard vertices[s] != nil else { throw text.error(number, "vertex \(s) is not in \(dat)") }
      guard vertices[t] != nil else { throw text.error(number, "vertex \(t) is not in \(dat)") }
      guard w.isFinite && w >= 0 else { throw text.error(number, "weight \(f[2]) must be a finite non-negative number") }
      if altIndex[t] != nil {
        if w == 0 { continue }  // PrefLib's placeholder arc into an altruist
        throw text.error(number, "arc into altruist \(t) with weight \(f[2]): an altruist has no patient to receive")
      }
      if s == t { throw text.error(number, "self-arc: pair \(s) cannot give to its own patient") }
      let donor: KidneyPool.Donor = altIndex[s].map { .altruist($0) } ?? .pair(pairIndex[s]!)
      arcs.append(.init(donor: donor, recipient: pairIndex[t]!, weight: w))
      lines.append(number)
    }
    guard sawData || declaredVertices != nil else {
      throw text.error(0, "no vertex count and no arcs: not a PrefLib .wmd file")
    }
    if let n = declaredVertices, n != vertices.count {
      throw text.error(0, "\(n) vertices declared but \(dat) lists \(vertices.count)")
    }
    do {
      return try KidneyPool(pairs: pairs, altruists: alts, arcs: arcs)
    } catch {
      throw InputError(file: wmd, line: lines[error.arc], message: error.message)
    }
  }
}
