import Foundation
import MatchingCore
import Testing

/// `match` gives every student the same school whatever the order of the rows of
/// applications.csv and schools.csv (issue 12: with the same seed, reversing the students
/// used to change thousands of assignments).
struct LotteryOrderCLITests {
  /// A market with many ties: 150 students named out of order, 6 schools, two priority
  /// classes; returned as the rows of schools.csv and applications.csv (no headers).
  static func rows(seed: UInt64) -> (schools: [String], applications: [[String]]) {
    var rng = SeededGenerator(seed: seed)
    let schools = (0..<6).map { "School \($0)" }
    let schoolRows = schools.map { "\($0),\(4 + rng.uniform(below: 20))" }
    var students: [[String]] = []
    for i in 0..<150 {
      var all = Array(0..<schools.count)
      rng.shuffle(&all)
      let k = 1 + rng.uniform(below: 4)
      students.append((0..<k).map { r in "s\(i * 37 % 151),\(schools[all[r]]),\(r + 1),\(rng.uniform(below: 2))" })
    }
    return (schoolRows, students)
  }

  @Test func shuffledRowsGiveTheSameAssignment() throws {
    let (schools, students) = Self.rows(seed: 4)
    var rng = SeededGenerator(seed: 44)
    // Students in another order, each student's rows also shuffled (ranks say the order),
    // and the schools file reversed.
    var shuffledStudents = students.map { rows -> [String] in
      var r = rows
      rng.shuffle(&r)
      return r
    }
    rng.shuffle(&shuffledStudents)
    let header = "student,school,rank,priority\n"
    let w = Workspace([
      "schools.csv": "school,capacity\n" + schools.joined(separator: "\n") + "\n",
      "applications.csv": header + students.joined().joined(separator: "\n") + "\n",
      "schools-reversed.csv": "school,capacity\n" + schools.reversed().joined(separator: "\n") + "\n",
      "applications-shuffled.csv": header + shuffledStudents.joined().joined(separator: "\n") + "\n",
    ])
    for mechanism in ["da", "da-schools", "boston", "ttc", "rsd"] {
      for rule in ["single", "multiple"] {
        let common = ["match", "--mechanism", mechanism, "--tie-breaking", rule, "--seed", "7", "--quiet"]
        let a = try CLI.run(common + ["--schools", "schools.csv", "--applications", "applications.csv"], in: w.url)
        let b = try CLI.run(common + ["--schools", "schools-reversed.csv", "--applications", "applications-shuffled.csv"], in: w.url)
        #expect(a.status == 0 && b.status == 0, "\(mechanism) \(rule): \(a.stderr) \(b.stderr)")
        let left = a.stdout.split(separator: "\n").sorted()
        let right = b.stdout.split(separator: "\n").sorted()
        #expect(left.count == 151)
        #expect(left == right, "\(mechanism) under \(rule) tie-breaking depends on row order")
      }
    }
  }

  @Test func shuffledHousingRowsGiveTheSameAllocation() throws {
    var rng = SeededGenerator(seed: 5)
    let n = 60
    var endowments = (0..<n).map { "a\($0),h\($0)" }
    var preferences: [String] = []
    for a in 0..<n {
      var all = Array(0..<n)
      rng.shuffle(&all)
      for r in 0..<(1 + rng.uniform(below: 4)) { preferences.append("a\(a),h\(all[r]),\(r + 1)") }
    }
    let w1 = "agent,house\n" + endowments.joined(separator: "\n") + "\n"
    let p1 = "agent,house,rank\n" + preferences.joined(separator: "\n") + "\n"
    rng.shuffle(&endowments)
    rng.shuffle(&preferences)
    let w = Workspace([
      "e.csv": w1, "p.csv": p1,
      "e2.csv": "agent,house\n" + endowments.joined(separator: "\n") + "\n",
      "p2.csv": "agent,house,rank\n" + preferences.joined(separator: "\n") + "\n",
    ])
    for mechanism in ["rsd", "ttc"] {
      let common = ["match", "--mechanism", mechanism, "--seed", "9", "--quiet"]
      let a = try CLI.run(common + ["--endowments", "e.csv", "--preferences", "p.csv"], in: w.url)
      let b = try CLI.run(common + ["--endowments", "e2.csv", "--preferences", "p2.csv"], in: w.url)
      #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
      #expect(a.stdout.split(separator: "\n").count == n + 1)
      #expect(a.stdout.split(separator: "\n").sorted() == b.stdout.split(separator: "\n").sorted(), "\(mechanism)")
    }
  }
}
