import Foundation
import MatchingMarkets

/// Wall-clock timing, peak memory and machine facts for the benchmark suite.
public enum BenchmarkClock {
  /// Seconds taken by `body`, by the monotonic clock.
  @inline(never)
  public static func seconds<R>(_ body: () throws -> R) rethrows -> (R, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try body()
    let d = clock.now - start
    return (result, DurationText.seconds(d))
  }

  /// The minimum and the median of `values`.
  public static func minAndMedian(_ values: [Double]) -> (min: Double, median: Double) {
    let s = values.sorted()
    guard !s.isEmpty else { return (0, 0) }
    let median = s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    return (s[0], median)
  }
}

/// The process's peak resident memory, from Linux's `/proc/self/status`.
public enum PeakMemory {
  /// `VmHWM` (the resident-set high-water mark) in bytes, or `nil` where /proc is absent.
  public static func bytes() -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      let digits = line.filter(\.isNumber)
      return Int(digits).map { $0 * 1024 }
    }
    return nil
  }

  /// Resets the high-water mark to the current resident size (writing `5` to
  /// `/proc/self/clear_refs`), so the next reading is the peak of what follows.
  public static func reset() {
    if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
      handle.write(Data("5".utf8))
      try? handle.close()
    }
  }
}

/// What the benchmarks ran on.
public struct MachineInfo: Sendable, Hashable {
  public var cpu: String
  public var cores: Int
  public var memoryGB: Double
  public var os: String
  public var swift: String

  /// Reads the CPU model, core count and memory from /proc, the OS from /etc/os-release.
  public static func current() -> MachineInfo {
    var cpu = "unknown CPU"
    if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
      let colon = line.firstIndex(of: ":")
    {
      cpu = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    var memory = 0.0
    if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") })
    {
      memory = Double(Int(line.filter(\.isNumber)) ?? 0) / 1_048_576
    }
    var os = "unknown OS"
    if let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") })
    {
      os = String(line.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }
    #if compiler(>=6.3)
    let swift = "Swift 6.3 (release build)"
    #elseif compiler(>=6.2)
    let swift = "Swift 6.2 (release build)"
    #else
    let swift = "Swift 6 (release build)"
    #endif
    return MachineInfo(
      cpu: cpu, cores: ProcessInfo.processInfo.activeProcessorCount, memoryGB: memory, os: os,
      swift: swift)
  }

  public var summary: String {
    "\(cpu), \(cores) cores, \(Self.oneDecimal(memoryGB)) GB RAM, \(os), \(swift)"
  }

  static func oneDecimal(_ x: Double) -> String {
    let v = (x * 10).rounded() / 10
    return String(describing: v)
  }
}
