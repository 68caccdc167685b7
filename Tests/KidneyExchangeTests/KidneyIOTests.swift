import Foundation
import KidneyExchange
import MatchingIO
import Testing

/// Readers of the five pool formats and the plan writers.
struct KidneyIOTests {
  static let dataset: String = {
    let here = URL(fileURLWithPath: #filePath)
    return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("datasets/kidney/saidman_n64_s1").path
  }()

  /// A temporary directory for one test.
  func scratch() -> String {
    let dir = NSTemporaryDirectory() + "kidney-io-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  func write(_ text: String, _ path: String) { try! text.write(toFile: path, atomically: true, encoding: .utf8) }

  @Test func everyFormatOfTheBundledPoolGivesTheSamePoolAndOptimum() throws {
    let d = Self.dataset
    let pools = [
      try KidneyCSV.read(pairs: d + ".pairs.csv", edges: d + ".edges.csv"),
      try PrefLibKidney.read(wmd: d + ".wmd", dat: d + ".dat"),
      try KepSolverJSON.read(d + ".json"),
      try KidneySolverFormat.read(input: d + ".input", ndds: d + ".ndds"),
    ]
    var optima: [Int] = []
    for pool in pools {
      #expect(pool.pairCount == 64)
      #expect(pool.altruistCount == 3)
      #expect(pool.arcCount == 1268)
      optima.append(try KidneyExchangeOptimizer(maxCycle: 3, maxChain: 3).match(pool).transplants)
    }
    #expect(Set(optima).count == 1, "optima \(optima)")
    // The CSV and PrefLib readers keep the generator's ids and blood types.
    #expect(pools[0].pairs.map(\.id) == pools[1].pairs.map(\.id))
    #expect(pools[0].pairs.map(\.patientBloodType) == pools[1].pairs.map(\.patientBloodType))
    #expect(pools[0].arcs == pools[1].arcs)
    #expect(pools[0].arcs == pools[2].arcs)
  }

  func expectInputError(_ file: String, line: Int, containing text: String, _ body: () throws -> Void) {
    do {
      try body()
      Issue.record("expected an error at \(file):\(line) mentioning '\(text)'")
    } catch let e as InputError {
      #expect(e.file.hasSuffix(file), "\(e)")
      #expect(e.line == line, "\(e)")
      #expect(e.description.contains(text), "\(e)")
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test(arguments: [
    ("1,2,1\n9,1,1\n", 3, "unknown donor id '9'"),
    ("1,2,1\n1,4,1\n", 3, "is an altruist"),
    ("1,1,1\n", 2, "self-arc"),
    ("1,2,1\n2,1,1\n1,2,3\n", 4, "duplicate arc"),
    ("1,2,-1\n", 2, "non-negative"),
    ("1,2,nan\n", 2, "finite"),
    ("1,2,1,1.5\n", 2, "outside [0, 1]"),
    ("1,2,1\n3,x,1\n", 3, "unknown recipient id 'x'"),
  ])
  func badEdgesAreRejectedWithFileAndLine(edges: String, line: Int, message: String) {
    let dir = scratch()
    write("id,donor_blood_type,patient_blood_type,patient_cpra,is_altruist\n1,O,A,5,0\n2,A,B,45,0\n3,B,O,90,0\n4,O,,,1\n", dir + "/pairs.csv")
    write("donor_id,recipient_id,weight,success_probability\n" + edges, dir + "/edges.csv")
    expectInputError("edges.csv", line: line, containing: message) {
      _ = try KidneyCSV.read(pairs: dir + "/pairs.csv", edges: dir + "/edges.csv")
    }
  }

  @Test(arguments: [
    ("1,O,C,5,0\n", 2, "not a blood type"),
    ("1,O,A,5,0\n1,A,B,5,0\n", 3, "duplicate id"),
    ("1,O,A,150,0\n", 2, "outside 0-100"),
    ("1,X,,,1\n", 2, "not a blood type"),
  ])
  func badPairsAreRejectedWithFileAndLine(pairs: String, line: Int, message: String) {
    let dir = scratch()
    write("id,donor_blood_type,patient_blood_type,patient_pra,is_altruist\n" + pairs, dir + "/pairs.csv")
    write("donor_id,recipient_id,weight\n", dir + "/edges.csv")
    expectInputError("pairs.csv", line: line, containing: message) {
      _ = try KidneyCSV.read(pairs: dir + "/pairs.csv", edges: dir + "/edges.csv")
    }
  }

  @Test func badKidneySolverAndPrefLibLinesAreRejected() {
    let dir = scratch()
    write("3\t2\n0\t1\t1\n1\t7\t1\n-1\t-1\t-1\n", dir + "/p.input")
    expectInputError("p.input", line: 3, containing: "outside 0..<3") { _ = try KidneySolverFormat.read(input: dir + "/p.input", ndds: nil) }
    write("3\t2\n0\t1\t1\n1\t1\t1\n-1\t-1\t-1\n", dir + "/q.input")
    expectInputError("q.input", line: 3, containing: "self-arc") { _ = try KidneySolverFormat.read(input: dir + "/q.input", ndds: nil) }
    write("Pair,Patient,Donor,Wife-P?,%Pra,Out-Deg,Altruist\n1,A,O,0,0.05,1,0\n2,B,A,0,0.05,0,0\n3,,O,0,0,1,1\n", dir + "/r.dat")
    write("# NUMBER ALTERNATIVES: 3\n1, 2, 1.0\n3, 1, 1.0\n2, 3, 0.0\n1, 3, 2.0\n", dir + "/r.wmd")
    expectInputError("r.wmd", line: 5, containing: "arc into altruist 3") { _ = try PrefLibKidney.read(wmd: dir + "/r.wmd", dat: dir + "/r.dat") }
    write("{\"data\": {\"1\": {\"sources\": [\"1\"], \"bloodgroup\": \"O\",\n \"matches\": [{\"recipient\": \"5\", \"score\": 1}]}},\n \"recipients\": {\"1\": {\"bloodgroup\": \"A\", \"cPRA\": 0.1}}}", dir + "/s.json")
    // The error points at the match itself (line 2, character 14), not at the donor's key.
    expectInputError("s.json", line: 2, containing: "s.json:2:14: donor '1': recipient '5'") { _ = try KepSolverJSON.read(dir + "/s.json") }
  }

  @Test func planFilesAreDeterministicAndListEveryDonation() throws {
    let d = Self.dataset
    let pool = try KidneyCSV.read(pairs: d + ".pairs.csv", edges: d + ".edges.csv")
    let a = try KidneyExchangeOptimizer().match(pool)
    let b = try KidneyExchangeOptimizer().match(pool)
    let csvA = KidneyPlanWriter.csv(a, pool: pool).bytes
    #expect(csvA == KidneyPlanWriter.csv(b, pool: pool).bytes)
    let text = String(decoding: csvA, as: UTF8.self)
    let rows = text.split(separator: "\n").dropFirst()
    #expect(rows.count == a.transplants)
    let summary = KidneyPlanWriter.summary(a, pool: pool, maxCycle: 3, maxChain: 3, objective: .transplants)
    let json = try JSONSerialization.jsonObject(with: Data(summary.utf8)) as! [String: Any]
    #expect(json["transplants"] as? Int == a.transplants)
    #expect(json["status"] as? String == "optimal")
    #expect((json["bound"] as? NSNumber)?.doubleValue == a.bound)
    let dot = KidneyPlanWriter.dot(a, pool: pool)
    #expect(dot.hasPrefix("digraph"))
    #expect(dot.components(separatedBy: "penwidth=2.5").count - 1 == a.transplants)
  }
}
