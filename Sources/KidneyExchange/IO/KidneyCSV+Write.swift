import MatchingIO

extension KidneyCSV {
  /// The pool's `pairs.csv`: `id,donor_blood_type,patient_blood_type,patient_cpra,is_altruist`,
  /// pairs first, then altruists (their patient fields empty), in index order.
  ///
  /// ```swift
  /// String(decoding: KidneyCSV.pairsCSV(pool).bytes, as: UTF8.self)
  /// // "id,donor_blood_type,patient_blood_type,patient_cpra,is_altruist\n1,A,O,5,0\n..."
  /// ```
  ///
  /// - Complexity: O(*V*) for *V* pairs and altruists.
  public static func pairsCSV(_ pool: KidneyPool) -> OutputBuffer {
    var out = OutputBuffer()
    out.append("id,donor_blood_type,patient_blood_type,patient_cpra,is_altruist\n")
    for p in pool.pairs {
      out.appendField(p.id)
      out.append(",\(p.donorBloodType?.description ?? ""),\(p.patientBloodType?.description ?? ""),")
      if let c = p.patientCPRA { out.append(KidneyPlanWriter.number(c)) }
      out.append(",0\n")
    }
    for a in pool.altruists {
      out.appendField(a.id)
      out.append(",\(a.bloodType?.description ?? ""),,,1\n")
    }
    return out
  }

  /// The pool's `edges.csv`: `donor_id,recipient_id,weight`, plus `success_probability` when
  /// some arc's probability is not 1; arcs donor by donor (pairs, then altruists), each
  /// donor's by recipient.
  ///
  /// - Complexity: O(*V* + *E*) for *E* arcs.
  public static func edgesCSV(_ pool: KidneyPool) -> OutputBuffer {
    var out = OutputBuffer()
    let probabilities = pool.arcProbability.contains { $0 != 1 }
    out.append(probabilities ? "donor_id,recipient_id,weight,success_probability\n" : "donor_id,recipient_id,weight\n")
    for v in 0..<(pool.pairCount + pool.altruistCount) {
      let donorID = v < pool.pairCount ? pool.pairs[v].id : pool.altruists[v - pool.pairCount].id
      for k in pool.arcStart[v]..<pool.arcStart[v + 1] {
        out.appendField(donorID)
        out.append(",")
        out.appendField(pool.pairs[Int(pool.arcRecipient[k])].id)
        out.append(",")
        out.append(KidneyPlanWriter.number(pool.arcWeight[k]))
        if probabilities { out.append(",\(KidneyPlanWriter.number(pool.arcProbability[k]))") }
        out.append("\n")
      }
    }
    return out
  }

  /// Writes `pool` as `pairs.csv` and `edges.csv`, the files ``read(pairs:edges:)`` reads
  /// back into the same pool (ids, blood types, cPRA, arcs, weights, probabilities).
  ///
  /// ```swift
  /// try KidneyCSV.write(pool, pairs: "p.pairs.csv", edges: "p.edges.csv")
  /// try KidneyCSV.read(pairs: "p.pairs.csv", edges: "p.edges.csv") == pool   // true
  /// ```
  ///
  /// Each file is written atomically (``AtomicFile``: a temporary file renamed into place), so
  /// neither is ever left half-written; both are built in memory before either is written.
  ///
  /// - Throws: ``InputError`` naming the file that could not be written.
  /// - Complexity: O(*V* + *E*).
  public static func write(_ pool: KidneyPool, pairs pairsPath: String, edges edgesPath: String) throws(InputError) {
    let pairs = pairsCSV(pool)
    let edges = edgesCSV(pool)
    try AtomicFile.write(bytes: pairs.bytes, to: pairsPath)
    try AtomicFile.write(bytes: edges.bytes, to: edgesPath)
  }
}
