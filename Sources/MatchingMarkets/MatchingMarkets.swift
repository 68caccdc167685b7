// The umbrella module: `import MatchingMarkets` brings in the whole engine.
@_exported import MatchingCore
@_exported import Mechanisms
@_exported import MatchingCheckers
@_exported import MatchingIO
@_exported import KidneyExchange
@_exported import Simulation
@_exported import ResidencyExact
