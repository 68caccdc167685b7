import MatchingIO

/// Reads a kidney-exchange pool from `pairs.csv` and `edges.csv`.
///
/// ```swift
/// let pool = try KidneyCSV.read(pairs: "pairs.csv", edges: "edges.csv")
/// pool.pairCount   // 64
/// ```
///
/// `pairs.csv` has the columns `id`, `donor_blood_type`, `patient_blood_type`,
/// `patient_cpra` (or `patient_pra`, as gen_kep.py writes it; percent, 0-100) and
/// `is_altruist` (0/1); an altruist's patient fields are empty. `edges.csv` has `donor_id`,
/// `recipient_id`, `weight` and optionally `success_probability` (an empty field means 1). Columns are found by
/// header name; extra columns are ignored. Ids are strings.
///
/// - Throws: ``InputError`` naming the file, line and column for a missing column, a
///   duplicate or unknown id, a blood type other than O/A/B/AB, a cPRA outside 0-100, an arc
///   into an altruist, a self-arc, a duplicate arc, a negative or non-finite weight, or a
///   probability outside [0, 1].
/// - Complexity: O(*V* + *E* log *E*) for *V* pairs and altruists and *E* arcs.
public enum KidneyCSV {
  public static func read(
    pairs pairsPath: String, edges edgesPath: String, delimiter: CSVDelimiter? = nil
  ) throws(InputError) -> KidneyPool {
    let csv = try CSVReader(path: pairsPath, delimiter: delimiter)
    let pairsPath = csv.path
    let idC = try csv.requireColumn("id")
    let donorC = try csv.requireColumn("donor_blood_type")
    let patientC = try csv.requireColumn("patient_blood_type")
    guard let praC = csv.column("patient_cpra") ?? csv.column("patient_pra") else {
      _ = try csv.requireColumn("patient_cpra")
      fatalError("unreachable")
    }
    let altC = try csv.requireColumn("is_altruist")
    var pairs: [KidneyPool.Pair] = []
    var altruists: [KidneyPool.Altruist] = []
    // id -> vertex: pair i, or altruist -(a + 1), through the ids' name table.
    var ids = NameTable()
    var vertexOf: [Int] = []
    while try csv.nextRecord() {
      let idBytes = trimmedBytes(csv.bytes(idC))
      guard idBytes.count > 0 else { throw csv.fieldError(idC, "empty id") }
      guard ids.intern(idBytes).isNew else { throw csv.fieldError(idC, "duplicate id '\(csv.quoted(idC))'") }
      let id = String(decoding: idBytes, as: UTF8.self)
      let altText = csv.trimmed(altC).lowercased()
      let isAltruist: Bool
      switch altText {
      case "1", "true", "yes": isAltruist = true
      case "0", "false", "no": isAltruist = false
      default: throw csv.fieldError(altC, "\"\(csv.quoted(altC))\" is not 0 or 1")
      }
      let donorText = csv.trimmed(donorC)
      guard let donorType = BloodType(donorText) else {
        throw csv.fieldError(donorC, "\"\(csv.quoted(donorC))\" is not a blood type (O, A, B or AB)")
      }
      if isAltruist {
        vertexOf.append(-(altruists.count + 1))
        altruists.append(.init(id: id, bloodType: donorType))
        continue
      }
      let patientText = csv.trimmed(patientC)
      guard let patientType = BloodType(patientText) else {
        throw csv.fieldError(patientC, "\"\(csv.quoted(patientC))\" is not a blood type (O, A, B or AB)")
      }
      var cpra: Double? = nil
      if !csv.isEmpty(praC) {
        let v = try csv.double(praC)
        guard v >= 0 && v <= 100 else { throw csv.fieldError(praC, "\(csv.quoted(praC)) is outside 0-100 (percent)") }
        cpra = v
      }
      vertexOf.append(pairs.count)
      pairs.append(.init(id: id, donorBloodType: donorType, patientBloodType: patientType, patientCPRA: cpra))
    }
    var arcs: [KidneyPool.Arc] = []
    var lines: [Int] = []
    let edges = try CSVReader(path: edgesPath, delimiter: delimiter)
    let edgesPath = edges.path
    let dC = try edges.requireColumn("donor_id")
    let rC = try edges.requireColumn("recipient_id")
    let wC = try edges.requireColumn("weight")
    let pC = edges.column("success_probability")
    while try edges.nextRecord() {
      guard let dv = ids.index(of: trimmedBytes(edges.bytes(dC))).map({ vertexOf[$0] }) else { throw edges.fieldError(dC, "unknown donor id '\(edges.quoted(dC))' (not in \(pairsPath))") }
      guard let rv = ids.index(of: trimmedBytes(edges.bytes(rC))).map({ vertexOf[$0] }) else { throw edges.fieldError(rC, "unknown recipient id '\(edges.quoted(rC))' (not in \(pairsPath))") }
      guard rv >= 0 else { throw edges.fieldError(rC, "'\(edges.quoted(rC))' is an altruist: an altruist has no patient to receive") }
      guard dv != rv else { throw edges.fieldError(rC, "self-arc: pair '\(edges.quoted(dC))' cannot give to its own patient") }
      let w = try edges.double(wC)
      guard w.isFinite && w >= 0 else { throw edges.fieldError(wC, "weight \(edges.quoted(wC)) must be a finite non-negative number") }
      var p = 1.0
      if let pC, !edges.isEmpty(pC) {
        p = try edges.double(pC)
        guard p >= 0 && p <= 1 else { throw edges.fieldError(pC, "probability \(edges.quoted(pC)) is outside [0, 1]") }
      }
      arcs.append(.init(donor: dv >= 0 ? .pair(dv) : .altruist(-dv - 1), recipient: rv, weight: w, successProbability: p))
      lines.append(edges.line)
    }
    do {
      return try KidneyPool(pairs: pairs, altruists: altruists, arcs: arcs)
    } catch {
      throw InputError(file: edgesPath, line: lines[error.arc], message: error.message)
    }
  }

  /// The bytes of a field without surrounding spaces and tabs (what `trimmed` cuts).
  static func trimmedBytes(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var lo = 0
    var hi = b.count
    while lo < hi && (b[lo] == 0x20 || b[lo] == 0x09) { lo += 1 }
    while hi > lo && (b[hi - 1] == 0x20 || b[hi - 1] == 0x09) { hi -= 1 }
    return UnsafeBufferPointer(rebasing: b[lo..<hi])
  }
}
