/// A line chart over a numeric x-axis rendered as a self-contained SVG document: one line
/// per series with an optional shaded band (such as the spread over runs), sharing its
/// title, y-axis and legend with ``BarChart``.
///
/// ```swift
/// var chart = LineChart(title: "Pool size", xLabel: "Week", yLabel: "Pairs waiting", x: [1, 2, 3])
/// chart.series = [.init(name: "Weekly", values: [4, 6, 7], lower: [3, 5, 5], upper: [5, 7, 9])]
/// let svg = chart.svg()   // "<?xml version=..."
/// ```
///
/// Coordinates are printed with one decimal by ``Fixed``, so the same chart is the same bytes
/// on every machine.
///
/// - Complexity: O(*s* · *p*) for *s* series of *p* points.
public struct LineChart: Sendable, Hashable {
  /// One coloured line, one value per x position, with an optional band around it.
  public struct Series: Sendable, Hashable {
    public var name: String
    public var values: [Double]
    /// The band's lower and upper edges, aligned with `values` (both or neither).
    public var lower: [Double]?
    public var upper: [Double]?
    public init(name: String, values: [Double], lower: [Double]? = nil, upper: [Double]? = nil) {
      self.name = name
      self.values = values
      self.lower = lower
      self.upper = upper
    }
  }

  public var title: String
  public var subtitle: String?
  public var xLabel: String
  public var yLabel: String
  /// The x position of each point, ascending.
  public var x: [Double]
  public var series: [Series] = []
  /// A fixed upper end of the y-axis; `nil` picks one from the data.
  public var yMaximum: Double?
  public var width = 960.0
  public var height = 540.0

  public init(title: String, subtitle: String? = nil, xLabel: String, yLabel: String, x: [Double]) {
    self.title = title
    self.subtitle = subtitle
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.x = x
  }

  /// The SVG document.
  public func svg() -> String {
    let f = ChartFrame.f
    var dataMax = 0.0
    for s in series {
      for v in s.values + (s.upper ?? []) where v.isFinite { dataMax = max(dataMax, v) }
    }
    let scale = ChartFrame.yScale(dataMax: dataMax, headroom: 1.04, fixed: yMaximum)
    let frame = ChartFrame(
      title: title, subtitle: subtitle, xLabel: xLabel, yLabel: yLabel, legend: series.map(\.name),
      width: width, height: height, yMax: scale.max, step: scale.step)
    let (left, top, plotW, plotH) = (frame.left, frame.top, frame.plotW, frame.plotH)
    let xMin = x.first ?? 0
    let xSpan = max((x.last ?? 1) - xMin, 1)
    let px = { (v: Double) in left + (v - xMin) / xSpan * plotW }
    let py = { (v: Double) in frame.y(min(max(v, 0), frame.yMax)) }
    var out = frame.prologue()

    // Bands first, so every line is drawn over every band.
    for (si, s) in series.enumerated() {
      guard let lower = s.lower, let upper = s.upper, !x.isEmpty else { continue }
      let n = min(x.count, lower.count, upper.count)
      guard n > 0 else { continue }
      var d = "M\(f(px(x[0]))) \(f(py(upper[0])))"
      for j in 1..<n { d += "L\(f(px(x[j]))) \(f(py(upper[j])))" }
      for j in stride(from: n - 1, through: 0, by: -1) { d += "L\(f(px(x[j]))) \(f(py(lower[j])))" }
      out += "<path id=\"band-\(si)\" d=\"\(d)Z\" fill=\"\(BarChart.palette[si % BarChart.palette.count])\" fill-opacity=\"0.18\" stroke=\"none\"/>\n"
    }
    for (si, s) in series.enumerated() {
      let n = min(x.count, s.values.count)
      guard n > 0 else { continue }
      var d = "M\(f(px(x[0]))) \(f(py(s.values[0])))"
      for j in 1..<n { d += "L\(f(px(x[j]))) \(f(py(s.values[j])))" }
      out += "<path id=\"series-\(si)\" d=\"\(d)\" fill=\"none\" stroke=\"\(BarChart.palette[si % BarChart.palette.count])\" stroke-width=\"2\" stroke-linejoin=\"round\"/>\n"
    }
    // Numeric x ticks.
    out += "<g id=\"x-axis\" font-size=\"13\" fill=\"#333333\" text-anchor=\"middle\">\n"
    out += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#333333\"/>\n"
    // Whole-number positions (weeks, days) get whole-number ticks.
    let integral = x.allSatisfy { $0 == $0.rounded() }
    let step = integral ? max(BarChart.tickStep(for: xSpan), 1) : BarChart.tickStep(for: xSpan)
    let places = step.rounded() == step ? 0 : 1
    var tick = (xMin / step).rounded(.up) * step
    while tick <= xMin + xSpan + step * 1e-9 {
      let cx = px(tick)
      out += "<line x1=\"\(f(cx))\" y1=\"\(f(top + plotH))\" x2=\"\(f(cx))\" y2=\"\(f(top + plotH + 5))\" stroke=\"#333333\"/>\n"
      out += "<text x=\"\(f(cx))\" y=\"\(f(top + plotH + 22))\">\(Fixed.decimal(tick, places: places))</text>\n"
      tick += step
    }
    out += "</g>\n"
    return out + frame.epilogue()
  }
}
