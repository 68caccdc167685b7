import MatchingIO

/// Reads a PrefLib kidney pool: a `.wmd` weighted directed graph, in either of PrefLib's two
/// layouts, and optionally the `.dat` table of pair data.
///
/// ```swift
/// let pool = try PrefLibKidney.read(wmd: "MD-00001-00000001.wmd", dat: "MD-00001-00000001.dat")
/// ```
///
/// **Older layout** (the MD-00001-* files of PrefLib's kidney data, used by most kidney papers
/// and by KidneyExchange.jl and kidney_solver): a first line `vertices,arcs`; one
/// `number,name` line per vertex, numbered from 1 (`Pair 1`, ..., `Altruist 65`; some files
/// spell it `Alturist`); then one `source,target,weight` line per arc with vertices numbered
/// **from 0** (vertex *k* of the arcs is vertex *k* + 1 of the names).
///
/// **Newer layout** (PrefLib's 2022 files, data set 00036): `#` header lines
/// (`# NUMBER ALTERNATIVES: n`, `# NUMBER EDGES: m`, `# ALTERNATIVE NAME i: Pair i`), then
/// one `source, target, weight` line per arc with vertices numbered from 1.
///
/// `.dat`: CSV with `Pair,Patient,Donor,Wife-P?,%Pra,Out-Deg,Altruist`: the vertex number
/// (from 1), the patient's and the donor's blood types, whether the patient is the donor's
/// wife, the patient's PRA (0..1), the donor's out-degree, and 1 for an altruist
/// (non-directed donor), whose patient fields are placeholders. Without a `.dat`, a vertex
/// is an altruist when its name says so (`Altruist`, `Alturist`, `NDD`), a pair when it
/// says `Pair`; the pool then carries no blood types.
///
/// Arcs of weight 0 are absent (PrefLib gives every pair a weight-0 arc to every altruist as
/// a placeholder, and KidneyExchange.jl drops every weight-0 arc); any other arc into an
/// altruist is an error. Vertices are named by their PrefLib number, counted from 1 in both
/// layouts.
///
/// - Parameters:
///   - wmd: the `.wmd` file (`-` for standard input).
///   - dat: the `.dat` file, or `nil` to tell altruists by their names.
///   - delimiter: the `.dat`'s field delimiter; `nil` detects it.
/// - Throws: ``InputError`` with file and line: a count line that is not two integers, a
///   name line out of order, a vertex outside the declared range, an arc count that differs
///   from the first line's, a self-arc, a duplicate arc, a weight that is negative or not a
///   number, an arc into an altruist, a `.dat` that does not list exactly the vertices of
///   the `.wmd`.
/// - Complexity: O(*V* + *E* log *E*) for *V* vertices and *E* arcs.
public enum PrefLibKidney {
  /// The most vertices a file may declare (a guard against a corrupt count).
  public static let vertexLimit = 1 << 24

  public static func read(wmd: String, dat: String? = nil, delimiter: CSVDelimiter? = nil) throws(InputError) -> KidneyPool {
    let graph = try readGraph(wmd)
    let vertices: [Vertex]
    if let dat {
      vertices = try readDat(dat, vertexCount: graph.vertexCount, wmd: graph.path, delimiter: delimiter)
    } else {
      vertices = try graph.names.enumerated().map { (k, name) throws(InputError) -> Vertex in
        guard let name else { return Vertex(altruist: false) }
        let folded = name.text.lowercased()
        if folded.hasPrefix("pair") { return Vertex(altruist: false) }
        if folded.hasPrefix("altruist") || folded.hasPrefix("alturist") || folded.hasPrefix("ndd") {
          return Vertex(altruist: true)
        }
        throw InputError(
          file: graph.path, line: name.line,
          message: "cannot tell whether vertex \(k + 1) ('\(InputError.show(name.text))') is a pair or an altruist: give the .dat file")
      }
    }
    // Vertex number (from 1) -> pair or altruist index.
    var index = [Int](repeating: 0, count: vertices.count)
    var pairs: [KidneyPool.Pair] = []
    var altruists: [KidneyPool.Altruist] = []
    for (k, v) in vertices.enumerated() {
      if v.altruist {
        index[k] = -(altruists.count + 1)
        altruists.append(.init(id: String(k + 1), bloodType: v.donor))
      } else {
        index[k] = pairs.count
        pairs.append(.init(id: String(k + 1), donorBloodType: v.donor, patientBloodType: v.patient, patientCPRA: v.pra))
      }
    }
    var arcs: [KidneyPool.Arc] = []
    var lines: [Int] = []
    for arc in graph.arcs {
      if arc.weight == 0 { continue }  // absent (PrefLib's placeholder)
      let t = index[arc.target]
      guard t >= 0 else {
        throw InputError(
          file: graph.path, line: arc.line, column: "target",
          message: "arc into altruist \(arc.target + 1) with weight \(arc.weightText): an altruist has no patient to receive")
      }
      let s = index[arc.source]
      arcs.append(.init(donor: s >= 0 ? .pair(s) : .altruist(-s - 1), recipient: t, weight: arc.weight))
      lines.append(arc.line)
    }
    do {
      return try KidneyPool(pairs: pairs, altruists: altruists, arcs: arcs)
    } catch {
      throw InputError(file: graph.path, line: lines[error.arc], message: error.message)
    }
  }

  /// What the `.dat` (or a vertex's name) says about a vertex.
  struct Vertex {
    var altruist: Bool
    var donor: BloodType? = nil
    var patient: BloodType? = nil
    var pra: Double? = nil
  }

  /// A `.wmd` file as read: vertices counted from 0 here, whatever the layout.
  struct Graph {
    struct Arc {
      var source: Int
      var target: Int
      var weight: Double
      var weightText: String
      var line: Int
    }
    var path: String
    var vertexCount: Int
    /// Each vertex's name line, where the file has one.
    var names: [(text: String, line: Int)?]
    var arcs: [Arc]
  }

  /// Reads either layout of a `.wmd` file.
  static func readGraph(_ path: String) throws(InputError) -> Graph {
    let text = try TextLines(path: path)
    let file = InputFile.displayName(path)
    func fail(_ line: Int, _ message: String, field: String? = nil) -> InputError {
      InputError(file: file, line: line, column: field, message: message)
    }
    var rows = text.lines.lazy.filter { !$0.text.allSatisfy { $0 == " " || $0 == "\t" } }.makeIterator()
    guard let first = rows.next() else { throw fail(0, "the file is empty: a header line is expected") }

    var vertexCount: Int? = nil
    var arcCount: Int? = nil
    var names: [(text: String, line: Int)?] = []
    var pending: (number: Int, text: Substring)? = nil  // the first arc line of the newer layout
    let base: Int  // the number of the first vertex in arc lines
    if first.text.hasPrefix("#") {
      base = 1
      var named: [Int: (String, Int)] = [:]
      var row: (number: Int, text: Substring)? = first
      while let r = row, r.text.hasPrefix("#") {
        let body = r.text.dropFirst().drop { $0 == " " || $0 == "\t" }
        if let colon = body.firstIndex(of: ":") {
          let key = body[..<colon].uppercased()
          let value = String(body[body.index(after: colon)...].fields(separatedBy: []).first ?? "")
          if key == "NUMBER ALTERNATIVES" {
            guard let n = Int(value), n >= 0, n <= vertexLimit else {
              throw fail(r.number, "NUMBER ALTERNATIVES: '\(InputError.show(value))' is not a vertex count in 0...\(vertexLimit)")
            }
            vertexCount = n
          } else if key == "NUMBER EDGES" {
            guard let m = Int(value), m >= 0 else {
              throw fail(r.number, "NUMBER EDGES: '\(InputError.show(value))' is not a non-negative integer")
            }
            arcCount = m
          } else if key.hasPrefix("ALTERNATIVE NAME ") {
            guard let i = Int(trim(key.dropFirst("ALTERNATIVE NAME ".count))), i >= 1 else {
              throw fail(r.number, "ALTERNATIVE NAME: expected a vertex number from 1")
            }
            named[i] = (value, r.number)
          }
        }
        row = rows.next()
      }
      pending = row
      guard let n = vertexCount else {
        throw fail(first.number, "missing the '# NUMBER ALTERNATIVES: n' header line")
      }
      if !named.isEmpty {
        names = (0..<n).map { named[$0 + 1].map { (text: $0.0, line: $0.1) } }
        if let outside = named.keys.first(where: { $0 > n }) {
          throw fail(named[outside]!.1, "ALTERNATIVE NAME \(outside) is outside 1...\(n)")
        }
      }
    } else {
      // The older layout: `vertices,arcs`, then the names.
      base = 0
      let f = first.text.fields(separatedBy: [","])
      guard f.count == 2, let n = Int(f[0]), let m = Int(f[1]), n >= 0, m >= 0 else {
        throw fail(first.number, "expected 'vertices,arcs' (two non-negative integers) or a '#' header")
      }
      guard n <= vertexLimit else { throw fail(first.number, "\(n) vertices is more than \(vertexLimit)") }
      vertexCount = n
      arcCount = m
      names.reserveCapacity(n)
      var lastLine = first.number
      for k in stride(from: 1, through: n, by: 1) {
        guard let r = rows.next() else {
          throw fail(lastLine, "the file ends after \(k - 1) of its \(n) vertex lines")
        }
        lastLine = r.number
        let parts = r.text.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
        guard let i = Int(trim(parts[0])), i == k else {
          throw fail(r.number, "expected vertex line '\(k),name' (vertices are numbered from 1 in this part)", field: "number")
        }
        let name = parts.count > 1 ? String(trim(parts[1])) : ""
        names.append((text: name, line: r.number))
      }
    }
    let n = vertexCount!
    var arcs: [Graph.Arc] = []
    var row = pending ?? rows.next()
    while let r = row {
      let f = r.text.fields(separatedBy: [","])
      guard f.count == 3, let s = Int(f[0]), let t = Int(f[1]) else {
        throw fail(r.number, "expected 'source,target,weight'")
      }
      guard let w = Double(f[2]), w.isFinite, w >= 0 else {
        throw fail(r.number, "weight '\(InputError.show(String(f[2])))' must be a finite non-negative number", field: "weight")
      }
      let range = base..<(base + n)
      guard range.contains(s) else {
        throw fail(r.number, "source vertex \(s) is outside \(base)...\(base + n - 1)\(base == 0 ? " (arcs count vertices from 0 in this layout)" : "")", field: "source")
      }
      guard range.contains(t) else {
        throw fail(r.number, "target vertex \(t) is outside \(base)...\(base + n - 1)\(base == 0 ? " (arcs count vertices from 0 in this layout)" : "")", field: "target")
      }
      guard s != t else { throw fail(r.number, "self-arc: vertex \(s) cannot give to its own patient", field: "target") }
      arcs.append(.init(source: s - base, target: t - base, weight: w, weightText: String(f[2]), line: r.number))
      row = rows.next()
    }
    if let m = arcCount, m != arcs.count {
      throw fail(arcs.last?.line ?? first.number, "the header announces \(m) arcs but the file has \(arcs.count)")
    }
    if names.isEmpty { names = [(text: String, line: Int)?](repeating: nil, count: n) }
    return Graph(path: file, vertexCount: n, names: names, arcs: arcs)
  }

  /// `s` without surrounding spaces and tabs.
  static func trim<S: StringProtocol>(_ s: S) -> Substring where S.SubSequence == Substring {
    var t = s[...]
    while let c = t.first, c == " " || c == "\t" { t = t.dropFirst() }
    while let c = t.last, c == " " || c == "\t" { t = t.dropLast() }
    return t
  }

  /// Reads the `.dat` table: exactly one row per vertex 1...`vertexCount`.
  static func readDat(
    _ dat: String, vertexCount n: Int, wmd: String, delimiter: CSVDelimiter? = nil
  ) throws(InputError) -> [Vertex] {
    let csv = try CSVReader(path: dat, delimiter: delimiter)
    let idC = try csv.requireColumn("Pair")
    let patientC = try csv.requireColumn("Patient")
    let donorC = try csv.requireColumn("Donor")
    let praC = try csv.requireColumn("%Pra")
    let altC = try csv.requireColumn("Altruist")
    var vertices = [Vertex?](repeating: nil, count: n)
    while try csv.nextRecord() {
      let id = try csv.int(idC)
      guard id >= 1 && id <= n else { throw csv.fieldError(idC, "vertex \(id) is outside 1...\(n) (the vertices of \(wmd))") }
      guard vertices[id - 1] == nil else { throw csv.fieldError(idC, "duplicate vertex \(id)") }
      let alt = try csv.int(altC)
      guard alt == 0 || alt == 1 else { throw csv.fieldError(altC, "\(alt) is not 0 or 1") }
      guard let donor = BloodType(csv.trimmed(donorC)) else {
        throw csv.fieldError(donorC, "\"\(csv.quoted(donorC))\" is not a blood type (O, A, B or AB)")
      }
      var v = Vertex(altruist: alt == 1, donor: donor)
      if alt == 0 {
        guard let t = BloodType(csv.trimmed(patientC)) else {
          throw csv.fieldError(patientC, "\"\(csv.quoted(patientC))\" is not a blood type (O, A, B or AB)")
        }
        v.patient = t
        let pra = try csv.double(praC)
        guard pra >= 0 && pra <= 1 else { throw csv.fieldError(praC, "\(csv.quoted(praC)) is outside 0..1") }
        v.pra = pra * 100
      }
      vertices[id - 1] = v
    }
    if let missing = vertices.firstIndex(where: { $0 == nil }) {
      throw InputError(
        file: csv.path, line: 0, column: "Pair",
        message: "vertex \(missing + 1) of \(wmd) has no row (\(wmd) declares \(n) vertices)")
    }
    return vertices.map { $0! }
  }
}
