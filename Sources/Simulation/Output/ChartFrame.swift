/// What every chart of this module shares: the canvas, the title, the y-axis with its grid
/// and tick labels, the axis labels and the legend. ``BarChart`` and ``LineChart`` draw
/// their marks and x-axis between ``prologue()`` and ``epilogue()``.
///
/// Coordinates are printed with one decimal by ``Fixed``, so the same chart is the same
/// bytes on every machine.
struct ChartFrame {
  var title: String
  var subtitle: String?
  var xLabel: String
  var yLabel: String
  /// The legend's entries, one per series, in palette order.
  var legend: [String]
  var width: Double
  var height: Double
  /// The top of the y-axis and the step between its ticks.
  var yMax: Double
  var step: Double

  let left = 86.0
  let bottom = 78.0
  var legendWidth: Double { 40.0 + 7.2 * Double(legend.map(\.count).max() ?? 0) }
  var right: Double { 24.0 + legendWidth + 16 }
  var top: Double { subtitle == nil ? 64.0 : 84.0 }
  var plotW: Double { width - left - right }
  var plotH: Double { height - top - bottom }

  static let font = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\""

  /// `x` with one decimal.
  static func f(_ x: Double) -> String { Fixed.decimal(x, places: 1) }

  /// The y-axis for data up to `dataMax`: `fixed` when given, else the data's maximum
  /// times `headroom` rounded up to a tick; at least 1 (ticks of 0.2) when the data are all 0.
  static func yScale(dataMax: Double, headroom: Double, fixed: Double?) -> (max: Double, step: Double) {
    var step = BarChart.tickStep(for: fixed ?? dataMax * headroom)
    var yMax = fixed ?? (dataMax * headroom / step).rounded(.up) * step
    if yMax <= 0 {
      yMax = 1
      step = 0.2
    }
    return (yMax, step)
  }

  /// The vertical position of the value `v`.
  func y(_ v: Double) -> Double { top + plotH - v / yMax * plotH }

  /// The document's opening, the title, the y-axis with its grid, and both axis labels.
  func prologue() -> String {
    let f = Self.f
    var out = """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" \(Self.font)>
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
    return out
  }

  /// The legend and the document's end.
  func epilogue() -> String {
    let f = Self.f
    let lx = width - right + 16
    var out = "<g id=\"legend\" font-size=\"13\" fill=\"#222222\">\n"
    out += "<rect x=\"\(f(lx - 8))\" y=\"\(f(top - 4))\" width=\"\(f(legendWidth + 8))\" height=\"\(f(Double(legend.count) * 24 + 8))\" fill=\"#ffffff\" stroke=\"#cccccc\"/>\n"
    for (si, name) in legend.enumerated() {
      let ly = top + 6 + Double(si) * 24
      out += "<rect x=\"\(f(lx))\" y=\"\(f(ly))\" width=\"14\" height=\"14\" fill=\"\(BarChart.palette[si % BarChart.palette.count])\"/>\n"
      out += "<text x=\"\(f(lx + 22))\" y=\"\(f(ly + 12))\">\(Fixed.xml(name))</text>\n"
    }
    out += "</g>\n</svg>\n"
    return out
  }
}
