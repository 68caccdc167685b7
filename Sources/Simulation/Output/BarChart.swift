/// A grouped bar chart rendered as a self-contained SVG document: a title, labelled axes with
/// tick labels, a legend, optional error bars and value labels.
///
/// ```swift
/// var chart = BarChart(title: "First choice", xLabel: "Mechanism", yLabel: "Share (%)",
///                      categories: ["All students"])
/// chart.series = [.init(name: "DA", values: [45.2]), .init(name: "Boston", values: [61.0])]
/// let svg = chart.svg()   // "<svg xmlns=..."
/// ```
///
/// Coordinates are printed with one decimal by ``Fixed``, so the same chart is the same bytes
/// on every machine.
public struct BarChart: Sendable, Hashable {
  /// One coloured set of bars, one bar per category.
  public struct Series: Sendable, Hashable {
    public var name: String
    public var values: [Double]
    /// Half-lengths of error bars (e.g. one standard deviation), aligned with `values`.
    public var errors: [Double]?
    public init(name: String, values: [Double], errors: [Double]? = nil) {
      self.name = name
      self.values = values
      self.errors = errors
    }
  }

  public var title: String
  public var subtitle: String?
  public var xLabel: String
  public var yLabel: String
  /// The groups along the x-axis.
  public var categories: [String]
  public var series: [Series] = []
  /// Print each bar's value above it (best for few bars).
  public var valueLabels = false
  /// Decimals of value labels and y tick labels.
  public var valuePlaces = 1
  /// A fixed upper end of the y-axis; `nil` picks one from the data.
  public var yMaximum: Double?
  public var width = 960.0
  public var height = 540.0

  /// Colour-blind-safe palette (Okabe and Ito 2008).
  public static let palette = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
  ]

  public init(title: String, subtitle: String? = nil, xLabel: String, yLabel: String, categories: [String]) {
    self.title = title
    self.subtitle = subtitle
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.categories = categories
  }

  /// A "nice" tick step (1, 2, 2.5 or 5 times a power of ten) giving about five to eight
  /// ticks up to `maximum`.
  static func tickStep(for maximum: Double) -> Double {
    guard maximum > 0 else { return 1 }
    var power = 1.0
    while power * 10 <= maximum { power *= 10 }
    while power > maximum { power /= 10 }
    for multiple in [0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0] {
      let step = multiple * power
      if maximum / step <= 8 { return step }
    }
    return 10 * power
  }

  /// The SVG document.
  public func svg() -> String {
    let f = ChartFrame.f
    var dataMax = 0.0
    for s in series {
      for (j, v) in s.values.enumerated() { dataMax = max(dataMax, v + (s.errors?[j] ?? 0)) }
    }
    let scale = ChartFrame.yScale(dataMax: dataMax, headroom: valueLabels ? 1.12 : 1.04, fixed: yMaximum)
    let frame = ChartFrame(
      title: title, subtitle: subtitle, xLabel: xLabel, yLabel: yLabel, legend: series.map(\.name),
      width: width, height: height, yMax: scale.max, step: scale.step)
    let (left, top, plotW, plotH) = (frame.left, frame.top, frame.plotW, frame.plotH)
    let y = frame.y
    var out = frame.prologue()

    // Bars.
    let groupW = plotW / Double(max(categories.count, 1))
    let barW = groupW * 0.8 / Double(max(series.count, 1))
    for (si, s) in series.enumerated() {
      let color = Self.palette[si % Self.palette.count]
      out += "<g id=\"series-\(si)\" fill=\"\(color)\">\n"
      for (j, v) in s.values.enumerated() where j < categories.count {
        let x = left + groupW * Double(j) + groupW * 0.1 + barW * Double(si)
        let top = y(max(v, 0))
        let h = y(0) - top
        out += "<rect x=\"\(f(x))\" y=\"\(f(top))\" width=\"\(f(max(barW - 1, 1)))\" height=\"\(f(h))\"><title>\(Fixed.xml(s.name)), \(Fixed.xml(categories[j])): \(Fixed.decimal(v, places: valuePlaces))</title></rect>\n"
        var labelY = top - 5
        if let e = s.errors?[j], e > 0 {
          let cx = x + barW / 2
          let hi = y(v + e)
          let lo = y(max(v - e, 0))
          out += "<path d=\"M\(f(cx)) \(f(lo))V\(f(hi))M\(f(cx - 4)) \(f(hi))H\(f(cx + 4))M\(f(cx - 4)) \(f(lo))H\(f(cx + 4))\" stroke=\"#222222\" stroke-width=\"1.2\" fill=\"none\"/>\n"
          labelY = hi - 5
        }
        if valueLabels {
          out += "<text x=\"\(f(x + barW / 2))\" y=\"\(f(labelY))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#222222\">\(Fixed.decimal(v, places: valuePlaces))</text>\n"
        }
      }
      out += "</g>\n"
    }
    // Category tick labels.
    out += "<g id=\"x-axis\" font-size=\"13\" fill=\"#333333\" text-anchor=\"middle\">\n"
    for (j, c) in categories.enumerated() {
      let cx = left + groupW * (Double(j) + 0.5)
      out += "<line x1=\"\(f(cx))\" y1=\"\(f(top + plotH))\" x2=\"\(f(cx))\" y2=\"\(f(top + plotH + 5))\" stroke=\"#333333\"/>\n"
      out += "<text x=\"\(f(cx))\" y=\"\(f(top + plotH + 22))\">\(Fixed.xml(c))</text>\n"
    }
    out += "</g>\n"
    return out + frame.epilogue()
  }
}
