import MatchingCheckers
import MatchingCore
import Mechanisms
import Simulation
import Testing

/// The NRMP-like generator: seeded, valid, with the requested couple share.
struct ResidencyModelTests {
  @Test func sameSeedSameMarketAndTheRequestedShape() throws {
    let model = ResidencyModel(applicantCount: 2_000, programCount: 200, coupleShare: 0.05)
    var r1 = SeededGenerator(seed: 7)
    var r2 = SeededGenerator(seed: 7)
    let a = try model.generate(using: &r1).market()
    let b = try model.generate(using: &r2).market()
    #expect(a == b)
    #expect(a.applicantCount == 2_000 && a.programCount == 200)
    #expect(a.coupleCount == 50)
    var r3 = SeededGenerator(seed: 8)
    #expect(try model.generate(using: &r3).market() != a)
    // Singles list at most 10 programs; couples list at most 20 pairs plus 2 fallbacks.
    #expect((0..<a.applicantCount).allSatisfy { a.listRange(of: $0).count <= 10 })
    #expect((0..<a.coupleCount).allSatisfy { a.coupleListRange(of: $0).count <= 22 })
    let outcome = RothPeranson().match(a)
    #expect((outcome.status == .stable) == a.isStable(try #require(outcome.matching)))
  }
}
