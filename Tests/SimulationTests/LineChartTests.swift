import Simulation
import Testing

/// The line chart: one path per series over its band, points placed on the axes, the same
/// bytes for the same chart.
struct LineChartTests {
  static var chart: LineChart {
    var c = LineChart(title: "Pool <size>", subtitle: "runs", xLabel: "Week", yLabel: "Pairs", x: [1, 2, 3, 4, 5])
    c.series = [
      .init(name: "Mean", values: [0, 5, 10, 5, 0], lower: [0, 4, 8, 4, 0], upper: [0, 6, 12, 6, 0]),
      .init(name: "Other", values: [1, 1, 1, 1, 1]),
    ]
    return c
  }

  @Test func drawsABandUnderEachLineAndALegend() {
    let svg = Self.chart.svg()
    #expect(svg == Self.chart.svg())
    #expect(svg.contains("<title>Pool &lt;size&gt;</title>"))
    #expect(svg.components(separatedBy: "<path id=\"band-").count == 2, "only the first series has a band")
    #expect(svg.components(separatedBy: "<path id=\"series-").count == 3)
    #expect(svg.range(of: "band-0")!.lowerBound < svg.range(of: "series-0")!.lowerBound, "bands are drawn first")
    #expect(svg.contains(">Mean</text>") && svg.contains(">Other</text>"))
  }

  /// The y-axis runs to 14 (a maximum of 12 with headroom, ticks of 2); with a subtitle the
  /// plot spans y 84...462 and x 86...844 (the legend takes the rest): the peak (x 3, y 10)
  /// sits in the middle; whole-number x positions get whole-number ticks.
  @Test func placesPointsOnTheAxes() {
    let svg = Self.chart.svg()
    let y10 = 462 - 10 / 14.0 * (462 - 84)
    #expect(svg.contains(">14</text>") && !svg.contains(">16</text>"))
    #expect(svg.contains("M86.0 462.0L275.5 \(Fixed.decimal(462 - 5 / 14.0 * 378, places: 1))L465.0 \(Fixed.decimal(y10, places: 1))L"))
    #expect(svg.contains(">5</text>") && !svg.contains(">1.5</text>"))
  }
}
