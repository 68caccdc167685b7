// swift-tools-version: 6.1
import PackageDescription

/// Invariant checks (e.g. re-validating a matching after every mechanism run) are compiled in
/// only with `-Xswiftc -DMATCHING_INTERNAL_CHECKS`; see `Matching+Invariants.swift`.
let internalChecks: [SwiftSetting] = [
  .define("MATCHING_INTERNAL_CHECKS", .when(configuration: .debug)),
]

let package = Package(
  name: "MatchingMarkets",
  products: [
    // The umbrella: everything below, re-exported.
    .library(name: "MatchingMarkets", targets: ["MatchingMarkets"]),
    // A product per layer, so that a user who needs only DA builds only the model and the
    // mechanisms (no GLPK needed); only `KidneyExchange` links the GLPK system library.
    .library(name: "MatchingCore", targets: ["MatchingCore"]),
    .library(name: "Mechanisms", targets: ["Mechanisms"]),
    .library(name: "MatchingCheckers", targets: ["MatchingCheckers"]),
    .library(name: "MatchingIO", targets: ["MatchingIO"]),
    .library(name: "KidneyExchange", targets: ["KidneyExchange"]),
    .library(name: "ResidencyExact", targets: ["ResidencyExact"]),
    .library(name: "Simulation", targets: ["Simulation"]),
    .executable(name: "matchmarket", targets: ["matchmarket"]),
    .executable(name: "matchmarket-bench", targets: ["matchmarket-bench"]),
    .executable(name: "matchmarket-reference", targets: ["matchmarket-reference"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    // API documentation: `swift package generate-documentation` (see docs/API.md).
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // The model: dense integer agents, preference lists, markets, matchings, the protocol.
    .target(name: "MatchingCore", swiftSettings: internalChecks),
    // Deferred acceptance, immediate acceptance, serial dictatorship, top trading cycles.
    .target(name: "Mechanisms", dependencies: ["MatchingCore"], swiftSettings: internalChecks),
    // Stability, waste, IR, efficiency, core, and the manipulation search.
    .target(name: "MatchingCheckers", dependencies: ["MatchingCore"], swiftSettings: internalChecks),
    // CSV / JSON readers and writers; names live here, at the edge.
    .target(name: "MatchingIO", dependencies: ["MatchingCore"]),
    // GLPK: a system library (Debian libglpk-dev; no pkg-config file, the module map links glpk).
    .systemLibrary(name: "CGLPK", path: "Sources/CGLPK"),
    .target(name: "GLPKSolver", dependencies: ["CGLPK"]),
    .target(name: "KidneyExchange", dependencies: ["MatchingCore", "GLPKSolver", "MatchingIO"]),
    // Residency matching with couples solved exactly: an integer program through GLPK.
    .target(name: "ResidencyExact", dependencies: ["MatchingCore", "Mechanisms", "MatchingCheckers", "GLPKSolver"]),
    .target(
      name: "Simulation",
      dependencies: ["MatchingCore", "Mechanisms", "MatchingCheckers", "MatchingIO"]),
    .target(
      name: "MatchingMarkets",
      dependencies: [
        "MatchingCore", "Mechanisms", "MatchingCheckers", "MatchingIO", "KidneyExchange",
        "Simulation",
        "ResidencyExact",
      ]),
    .target(
      name: "BenchmarkSuite",
      dependencies: [
        "MatchingMarkets", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "benchmarks/Sources/BenchmarkSuite"),
    .executableTarget(
      name: "matchmarket",
      dependencies: [
        "MatchingMarkets", "BenchmarkSuite",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "matchmarket-bench",
      dependencies: [
        "BenchmarkSuite", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "benchmarks/Sources/matchmarket-bench"),
    // Engine vs the C references of ../shared/bench, same market, same run.
    .executableTarget(
      name: "matchmarket-reference",
      dependencies: [
        "MatchingCore", "Mechanisms", "MatchingIO",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "benchmarks/Sources/matchmarket-reference"),

    .target(
      name: "_MatchingTestSupport",
      dependencies: ["MatchingCore", "Mechanisms"],
      path: "Tests/_MatchingTestSupport"),
    .testTarget(
      name: "MatchingCoreTests",
      dependencies: ["MatchingCore", "_MatchingTestSupport"]),
    .testTarget(
      name: "MechanismsTests",
      dependencies: [
        "MatchingCore", "Mechanisms", "MatchingCheckers", "_MatchingTestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]),
    .testTarget(
      name: "MatchingCheckersTests",
      dependencies: ["MatchingCore", "Mechanisms", "MatchingCheckers", "_MatchingTestSupport"]),
    .testTarget(
      name: "MatchingIOTests",
      dependencies: ["MatchingCore", "MatchingIO", "Mechanisms"]),
    .testTarget(
      name: "KidneyExchangeTests",
      dependencies: ["KidneyExchange", "GLPKSolver", "MatchingCore", "Mechanisms"]),
    .testTarget(
      name: "SimulationTests",
      dependencies: ["Simulation", "MatchingCore", "Mechanisms", "MatchingCheckers", "MatchingIO"]),
    .testTarget(
      name: "ResidencyExactTests",
      dependencies: ["ResidencyExact", "MatchingCheckers", "MatchingCore", "Mechanisms", "_MatchingTestSupport"]),
    .testTarget(
      name: "matchmarketTests",
      dependencies: ["MatchingMarkets"]),
  ]
)
