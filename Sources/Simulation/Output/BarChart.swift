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
    let f = { (x: Double) in Fixed.decimal(x, places: 1) }
    let font = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\""
    let legendWidth = 40.0 + 7.2 * Double(series.map(\.name.count).max() ?? 0)
    let left = 86.0
    let right = 24.0 + legendWidth + 16
    let top = subtitle == nil ? 64.0 : 84.0
    let bottom = 78.0
    let plotW = width - left - right
    let plotH = height - top - bottom

    var dataMax = 0.0
    for s in series {
      for (j, v) in s.values.enumerated() { dataMax = max(dataMax, v + (s.errors?[j] ?? 0)) }
    }
    var step = Self.tickStep(for: yMaximum ?? dataMax * (valueLabels ? 1.12 : 1.04))
    var yMax = yMaximum ?? (dataMax * (valueLabels ? 1.12 : 1.04) / step).rounded(.up) * step
    if yMax <= 0 {
      yMax = 1
      step = 0.2
    }
    let y = { (v: Double) in top + plotH - v / yMax * plotH }

    var out = """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" \(font)>
      <title>\(Fixed.xml(title))</title>
      <rect x="0" y="0" width="\(f(width))" height="\(f(height))" fill="#ffffff"/>
      <text x="\(f(width / 2))" y="30" text-anchor="middle" font-size="20" font-weight="bold" fill="#222222">\(Fixed.xml(title))</text>

      """
    if let subtitle {
      out += "<text x=\"\(f(width / 2))\" y=\"54\" text-anchor=\"middle\" font-size=\"13\" fill=\"#555555\">\(Fixed.xml(subtitle))</text>\n"
    }
    // Grid lines and y tick labels.
    out += "<g id=\"y-axis\" font-size=\"13\" fill=\"#333333\">\n"
    var tick = 0.0
    var tickIndex = 0
    let tickPlaces = step.rounded() == step ? 0 : (step * 10).rounded() == step * 10 ? 1 : 2
    while tick <= yMax + step * 1e-9 {
      let ty = y(tick)
      out += "<line x1=\"\(f(left))\" y1=\"\(f(ty))\" x2=\"\(f(left + plotW))\" y2=\"\(f(ty))\" stroke=\"\(tickIndex == 0 ? "#333333" : "#dddddd")\" stroke-width=\"1\"/>\n"
      out += "<text x=\"\(f(left - 8))\" y=\"\(f(ty + 4.5))\" text-anchor=\"end\">\(Fixed.decimal(tick, places: tickPlaces))</text>\n"
      tickIndex += 1
      tick = Double(tickIndex) * step
    }
    out += "</g>\n"
    out += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#333333\" stroke-width=\"1\"/>\n"
    // Axis labels.
    out += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 22))\" text-anchor=\"middle\" font-size=\"15\" fill=\"#222222\">\(Fixed.xml(xLabel))</text>\n"
    let yLabelX = 24.0
    let yLabelY = top + plotH / 2
    out += "<text x=\"\(f(yLabelX))\" y=\"\(f(yLabelY))\" text-anchor=\"middle\" font-size=\"15\" fill=\"#222222\" transform=\"rotate(-90 \(f(yLabelX)) \(f(yLabelY)))\">\(Fixed.xml(yLabel))</text>\n"

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
    // Legend.
    let lx = width - right + 16
    out += "<g id=\"legend\" font-size=\"13\" fill=\"#222222\">\n"
    out += "<rect x=\"\(f(lx - 8))\" y=\"\(f(top - 4))\" width=\"\(f(legendWidth + 8))\" height=\"\(f(Double(series.count) * 24 + 8))\" fill=\"#ffffff\" stroke=\"#cccccc\"/>\n"
    for (si, s) in series.enumerated() {
      let ly = top + 6 + Double(si) * 24
      out += "<rect x=\"\(f(lx))\" y=\"\(f(ly))\" width=\"14\" height=\"14\" fill=\"\(Self.palette[si % Self.palette.count])\"/>\n"
      out += "<text x=\"\(f(lx + 22))\" y=\"\(f(ly + 12))\">\(Fixed.xml(s.name))</text>\n"
    }
    out += "</g>\n</svg>\n"
    return out
  }
}
