import Foundation
import MatchingCore
import MatchingIO
import Simulation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

struct SimulationStudyTests {
  static func study(runs: Int = 12, audit: Int = 0, mechanisms: [SimulatedMechanism] = [.da, .boston, .ttc, .rsd]) -> SimulationStudy {
    SimulationStudy(
      model: SchoolChoiceModel(studentCount: 400, schoolCount: 15, listLength: 5, beta: 0.5),
      mechanisms: mechanisms, seed: 42, runCount: runs, auditSample: audit)
  }

  /// Every output the report renders, in a fixed order.
  static func outputs(_ result: SimulationResult) -> [String] {
    let report = StudyReport(result: result)
    return [
      report.runsCSV(), report.summaryCSV(), report.summaryJSON(), report.rankDistributionSVG(),
      report.comparisonSVG(), report.table(),
    ]
  }

  @Test func outputIsByteIdenticalForOneAndTwoThreads() {
    let study = Self.study()
    let one = study.run(threads: 1)
    let two = study.run(threads: 2)
    let three = study.run(threads: 3)
    #expect(one == two)
    #expect(one == three)
    #expect(Self.outputs(one) == Self.outputs(two))
    #expect(Self.outputs(one) == Self.outputs(three))
  }

  @Test func mergedShardsEqualTheUnshardedRun() throws {
    let study = Self.study()
    let full = study.run(threads: 2)
    // Shards run separately, written to shard files, read back and merged out of order.
    let shards = [0..<5, 5..<6, 6..<12].map { study.run(runs: $0, threads: 1) }
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("simulation-shards-\(ProcessInfo.processInfo.processIdentifier)").path
    try OutputDirectory(directory).create()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var read: [SimulationResult] = []
    for shard in shards.reversed() {
      let path = directory + "/" + SimulationResult.shardFileName(shard.runs)
      try OutputTarget(path).write(shard.shardJSON())
      read.append(try SimulationResult.readShard(path: path))
    }
    let merged = try SimulationResult.merge(read)
    #expect(merged == full)
    #expect(Self.outputs(merged) == Self.outputs(full))

    // The files written by the report are the same bytes too.
    let a = directory + "/full"
    let b = directory + "/merged"
    try StudyReport(result: full).write(toDirectory: a)
    try StudyReport(result: merged).write(toDirectory: b)
    for name in StudyReport.fileNames {
      let x = FileManager.default.contents(atPath: a + "/" + name)
      let y = FileManager.default.contents(atPath: b + "/" + name)
      #expect(x != nil && x == y, "\(name)")
    }
  }

  @Test func mergeRejectsGapsOverlapsAndOtherStudies() {
    let study = Self.study()
    let a = study.run(runs: 0..<4)
    let b = study.run(runs: 3..<8)
    let c = study.run(runs: 9..<12)
    #expect(throws: SimulationError.self) { try SimulationResult.merge([a, b]) }
    #expect(throws: SimulationError.self) { try SimulationResult.merge([a, c]) }
    var other = Self.study()
    other.seed = 43
    #expect(throws: SimulationError.self) {
      try SimulationResult.merge([a, other.run(runs: 4..<12)])
    }
    #expect(throws: SimulationError.self) { try SimulationResult.merge([]) }
  }

  @Test func aRunDependsOnlyOnItsIndex() {
    let study = Self.study()
    let full = study.run()
    #expect(study.run(7) == full.records[7])
    #expect(full.records.map(\.run) == Array(0..<12))
    // Different runs see different markets.
    #expect(full.records[0].metrics != full.records[1].metrics)
  }

  @Test func summaryAggregatesTheRunsInIntegers() {
    let result = Self.study().run(threads: 2)
    let summaries = result.summaries()
    for (index, summary) in summaries.enumerated() {
      let firsts = result.records.map { $0.metrics[index].firstChoice }
      #expect(summary.firstChoice.mean == Double(firsts.reduce(0, +)) / 12)
      let unassigned = result.records.map { $0.metrics[index].unassigned }
      #expect(summary.unassignedShare == Double(unassigned.reduce(0, +)) / Double(12 * 400))
      #expect(abs(summary.rankShares.reduce(summary.unassignedShare, +) - 1) < 1e-12)
    }
    // DA is stable in every run.
    #expect(summaries[0].blockingPairs.mean == 0)
    #expect(summaries[0].envyStudents.standardDeviation == 0)
  }

  @Test func theAuditFindsNoManipulationUnderStrategyProofMechanisms() {
    let study = SimulationStudy(
      model: SchoolChoiceModel(studentCount: 60, schoolCount: 6, listLength: 4, seatsRatio: 0.8),
      mechanisms: [.da, .boston, .ttc, .rsd], seed: 7, runCount: 4, auditSample: 15)
    let result = study.run(threads: 2)
    let summaries = result.summaries()
    for s in summaries {
      #expect(s.auditedPerRun == 15)
    }
    // DA, TTC and serial dictatorship are strategy-proof for students (Dubins-Freedman,
    // Abdulkadiroglu-Sonmez, Svensson); Boston is not, and crowded markets show it.
    #expect(summaries[0].manipulable!.mean == 0)
    #expect(summaries[2].manipulable!.mean == 0)
    #expect(summaries[3].manipulable!.mean == 0)
    #expect(summaries[1].manipulable!.mean > 0)
    let runs = StudyReport(result: result).runsCSV()
    #expect(runs.hasPrefix("run,mechanism,students,assigned,unassigned,first_choice,justified_envy_students,blocking_pairs,audited,manipulable,rank_1"))
    #expect(study.run(threads: 1) == result)
  }

  @Test func chartsAreWellFormedSVGWithAxesAndLegend() throws {
    let report = StudyReport(result: Self.study().run(threads: 2))
    for svg in [report.rankDistributionSVG(), report.comparisonSVG()] {
      #expect(svg.hasPrefix("<?xml"))
      #expect(svg.contains("id=\"legend\""))
      #expect(svg.contains("id=\"x-axis\"") && svg.contains("id=\"y-axis\""))
      #expect(svg.contains("DA (student-proposing)") && svg.contains("Boston") && svg.contains("TTC"))
      #expect(svg.contains("Students (%"))
      #expect(!svg.contains("nan") && !svg.contains("inf"))
      #if canImport(FoundationXML) || canImport(Darwin)
      let parser = XMLParser(data: Data(svg.utf8))
      let delegate = ElementCounter()
      parser.delegate = delegate
      #expect(parser.parse(), "XML error: \(String(describing: parser.parserError))")
      #expect(delegate.counts["svg"] == 1)
      #expect((delegate.counts["rect"] ?? 0) > 10)
      #expect((delegate.counts["text"] ?? 0) > 10)
      #endif
    }
  }

  @Test func fixedDecimalFormattingIsExact() {
    #expect(Fixed.decimal(0.45678, places: 3) == "0.457")
    #expect(Fixed.decimal(-2.5, places: 0) == "-3")
    #expect(Fixed.decimal(-0.0001, places: 2) == "0.00")
    #expect(Fixed.decimal(12, places: 2) == "12.00")
    #expect(Fixed.decimal(0.05, places: 1) == "0.1")
    #expect(Fixed.decimal(1234567.891, places: 1) == "1234567.9")
    #expect(Fixed.decimal(.nan, places: 1) == "nan")
    #expect(Fixed.grouped(10000) == "10,000")
    #expect(Fixed.grouped(999) == "999")
    #expect(Fixed.grouped(-1234567) == "-1,234,567")
    #expect(Fixed.parameter(0.5) == "0.5")
    #expect(Fixed.parameter(1) == "1")
    #expect(Fixed.jsonString("a\"b\n") == "\"a\\\"b\\n\"")
  }

  @Test func mechanismListsParse() throws {
    #expect(try SimulatedMechanism.parseList("da, boston,ttc") == [.da, .boston, .ttc])
    #expect(throws: SimulationError.self) { try SimulatedMechanism.parseList("da,gale") }
    #expect(throws: SimulationError.self) { try SimulatedMechanism.parseList("da,da") }
  }
}

#if canImport(FoundationXML) || canImport(Darwin)
final class ElementCounter: NSObject, XMLParserDelegate {
  var counts: [String: Int] = [:]
  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    counts[elementName, default: 0] += 1
  }
}
#endif
