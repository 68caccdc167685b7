import Foundation
import KidneyExchange
import MatchingIO
import Testing

/// PrefLib's two `.wmd` layouts on real files (datasets/kidney/preflib), planned to the optima
/// other libraries publish, and the errors of malformed files.
struct PrefLibKidneyTests {
  static let directory: String = {
    let here = URL(fileURLWithPath: #filePath)
    return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("datasets/kidney/preflib").path
  }()

  func scratch() -> String {
    let dir = NSTemporaryDirectory() + "preflib-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  func write(_ text: String, _ path: String) { try! text.write(toFile: path, atomically: true, encoding: .utf8) }

  /// KidneyExchange.jl's test (test/runtests.jl) states the optimum of this older-layout pool
  /// for K = 3, L = 6: 51 transplants. Its .dat marks 19 altruists; 1,101 arcs, none into an
  /// altruist.
  @Test func theOlderLayoutPoolOfKidneyExchangeJlPlansToItsPublishedOptimum() throws {
    let d = Self.directory + "/sparse_128_19_1"
    let pool = try PrefLibKidney.read(wmd: d + ".wmd", dat: d + ".dat")
    #expect(pool.pairCount == 128)
    #expect(pool.altruistCount == 19)
    #expect(pool.arcCount == 1101)
    // Vertices keep their 1-based PrefLib numbers although the arcs count from 0: the file's
    // first arc is "0,10,1.0", from vertex 1 to vertex 11.
    #expect(pool.pairs[0].id == "1" && pool.altruists[0].id == "129")
    #expect(pool.arcs.first.map { pool.pairs[$0.recipient].id } == "11")
    #expect(pool.pairs[0].patientBloodType == .a && pool.pairs[0].donorBloodType == .b)
    let plan = try KidneyExchangeOptimizer(maxCycle: 3, maxChain: 6).match(pool)
    #expect(plan.transplants == 51)
    #expect(plan.status == .optimal)
    #expect(pool.feasibilityViolation(of: plan.exchanges, maxCycle: 3, maxChain: 6) == nil)
  }

  /// A real MD-00001 file in the older layout, without its .dat: the altruists are told by
  /// their names ("Alturist 65", as the file spells it). kidney_solver's README gives its
  /// converted form as 64 pairs with 1,025 arcs and 6 NDDs with 188 arcs (the other 384 arcs,
  /// pair to altruist, have weight 0); its test suite (tests/test_ip.py,
  /// `test_preflib_instance_with_zero_chain_cap`) states the optimum for cycles of at most 4
  /// and no chains: 39 transplants.
  @Test func aRealMD00001FileInTheOlderLayoutPlansToItsPublishedOptimum() throws {
    let pool = try PrefLibKidney.read(wmd: Self.directory + "/MD-00001-00000100.wmd")
    #expect(pool.pairCount == 64 && pool.altruistCount == 6)
    #expect(pool.arcStart[64] == 1025)  // arcs out of the 64 pairs
    #expect(pool.arcCount - pool.arcStart[64] == 188)  // arcs out of the altruists
    #expect(pool.altruists.map(\.id) == ["65", "66", "67", "68", "69", "70"])
    let plan = try KidneyExchangeOptimizer(maxCycle: 4, maxChain: 0).match(pool)
    #expect(plan.transplants == 39)
    #expect(plan.status == .optimal)
  }

  /// The .wmd's arcs agree with the .dat's Out-Deg column, vertex by vertex (the file is the
  /// one published, not a near copy).
  @Test func theOlderLayoutArcsMatchTheDatOutDegrees() throws {
    let d = Self.directory + "/sparse_128_19_1"
    let pool = try PrefLibKidney.read(wmd: d + ".wmd", dat: d + ".dat")
    let csv = try CSVReader(path: d + ".dat")
    let idC = try csv.requireColumn("Pair")
    let degreeC = try csv.requireColumn("Out-Deg")
    var rows = 0
    while try csv.nextRecord() {
      let vertex = try csv.int(idC)
      // Pairs are vertices 0..<128 of the pool, altruists follow.
      let out = pool.arcStart[vertex] - pool.arcStart[vertex - 1]
      #expect(out == (try csv.int(degreeC)), "vertex \(vertex)")
      rows += 1
    }
    #expect(rows == 147)
  }

  /// PrefLib 00036-00000001 is MD-00001-00000001 in the newer layout; KidneyExchange.jl's test
  /// states its optimum: 4 transplants for K = 3 and for K = 4 without chains. The brute force
  /// agrees.
  @Test(arguments: [3, 4])
  func theNewerLayoutPoolPlansToItsPublishedOptimum(maxCycle: Int) throws {
    let pool = try PrefLibKidney.read(wmd: Self.directory + "/00036-00000001.wmd")
    #expect(pool.pairCount == 16 && pool.altruistCount == 0 && pool.arcCount == 59)
    let plan = try KidneyExchangeOptimizer(maxCycle: maxCycle, maxChain: 0).match(pool)
    #expect(plan.transplants == 4)
    #expect(bruteForceOptimum(pool, maxCycle: maxCycle, maxChain: 0, criteria: [.transplants]) == [4])
  }

  /// The older layout without a .dat: altruists are told by their names, including the
  /// "Alturist" spelling of the MD-00001 files; weight-0 arcs are absent.
  @Test func theOlderLayoutWithoutDatTellsAltruistsByName() throws {
    let dir = scratch()
    write("4,7\n1,Pair 1 \n2,Pair 2 \n3,Pair 3 \n4,Alturist 4 \n0,1,1\n1,0,1\n1,2,1\n2,0,1\n0,3,0\n3,2,1\n3,0,0\n", dir + "/p.wmd")
    let pool = try PrefLibKidney.read(wmd: dir + "/p.wmd")
    #expect(pool.pairCount == 3 && pool.altruistCount == 1)
    #expect(pool.arcCount == 5)
    #expect(pool.altruists[0].id == "4")
    let plan = try KidneyExchangeOptimizer(maxCycle: 3, maxChain: 3).match(pool)
    #expect(Double(plan.transplants) == bruteForceOptimum(pool, maxCycle: 3, maxChain: 3, criteria: [.transplants])[0])
    #expect(plan.transplants == 3)
  }

  func expectError(_ wmd: String, dat: String? = nil, line: Int, containing text: String) {
    let dir = scratch()
    write(wmd, dir + "/x.wmd")
    if let dat { write(dat, dir + "/x.dat") }
    do {
      _ = try PrefLibKidney.read(wmd: dir + "/x.wmd", dat: dat == nil ? nil : dir + "/x.dat")
      Issue.record("expected an error mentioning '\(text)'")
    } catch {
      #expect(error.line == line, "\(error)")
      #expect(error.description.contains(text), "\(error)")
      #expect(error.description.contains("x.wmd") || error.description.contains("x.dat"), "\(error)")
    }
  }

  @Test func malformedOlderLayoutFilesAreRejectedWithTheirLine() {
    expectError("3\n1,Pair 1\n", line: 1, containing: "expected 'vertices,arcs'")
    expectError("2,1\n1,Pair 1\n", line: 2, containing: "ends after 1 of its 2 vertex lines")
    expectError("2,1\n2,Pair 2\n1,Pair 1\n0,1,1\n", line: 2, containing: "expected vertex line '1,name'")
    expectError("2,1\n1,Pair 1\n2,Pair 2\n1,2,1\n", line: 4, containing: "outside 0...1")
    expectError("2,2\n1,Pair 1\n2,Pair 2\n0,1,1\n", line: 4, containing: "announces 2 arcs but the file has 1")
    expectError("2,1\n1,Pair 1\n2,Pair 2\n0,0,1\n", line: 4, containing: "self-arc")
    expectError("2,1\n1,Pair 1\n2,Pair 2\n0,1,-1\n", line: 4, containing: "finite non-negative")
    expectError("2,1\n1,Pair 1\n2,Pair 2\n0,1,x\n", line: 4, containing: "finite non-negative")
    expectError("2,1\n1,Pair 1\n2,Someone\n0,1,1\n", line: 3, containing: "give the .dat file")
    expectError("2,1\n1,Pair 1\n2,Altruist 2\n0,1,1\n", line: 4, containing: "arc into altruist 2")
    expectError("99999999999999999999,1\n", line: 1, containing: "expected 'vertices,arcs'")
    expectError("2,2\n1,Pair 1\n2,Pair 2\n0,1,1\n0,1,1\n", line: 5, containing: "duplicate")
  }

  @Test func arcErrorsNameTheirField() {
    let dir = scratch()
    write("2,1\n1,Pair 1\n2,Pair 2\n0,2,1\n", dir + "/t.wmd")
    do {
      _ = try PrefLibKidney.read(wmd: dir + "/t.wmd")
      Issue.record("accepted a target out of range")
    } catch {
      #expect(error.column == "target", "\(error)")
      #expect(error.description.hasSuffix("t.wmd:4: column 'target': target vertex 2 is outside 0...1 (arcs count vertices from 0 in this layout)"), "\(error)")
    }
  }

  @Test func aDatThatDoesNotCoverTheVerticesIsRejected() {
    let dat = "Pair,Patient,Donor,Wife-P?,%Pra,Out-Deg,Altruist\n1,A,O,0,0.05,1,0\n"
    let wmd = "2,1\n1,Pair 1\n2,Pair 2\n0,1,1\n"
    let dir = scratch()
    write(wmd, dir + "/x.wmd")
    write(dat, dir + "/x.dat")
    #expect(throws: InputError.self) { try PrefLibKidney.read(wmd: dir + "/x.wmd", dat: dir + "/x.dat") }
    write(dat + "3,A,O,0,0.05,1,0\n", dir + "/x.dat")
    do {
      _ = try PrefLibKidney.read(wmd: dir + "/x.wmd", dat: dir + "/x.dat")
      Issue.record("vertex 3 is not in the .wmd")
    } catch {
      #expect(error.line == 3 && error.column == "Pair", "\(error)")
    }
  }
}
