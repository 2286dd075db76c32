"""Vector charts for the PDF: bar charts and the hour-by-day heat map.

Drawn with reportlab.graphics, so they stay sharp when printed and their labels are text
in the PDF. Series differ in grey level and are named in a legend, and the heat map
prints its scale, so a greyscale printout reads the same as the screen.
"""

from __future__ import annotations

import math

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors

from reports.document import Bars, HeatMap, Labels
from reports.fonts import REGULAR
from reports.numbers import number

#: Fills of the series, far enough apart in lightness to tell apart on a greyscale printout.
GREYS = (colors.Color(0.25, 0.25, 0.25), colors.Color(0.62, 0.62, 0.62), colors.Color(0.85, 0.85, 0.85))
INK = colors.Color(0.1, 0.1, 0.1)


def _nice_top(value: float) -> float:
    """The smallest 1, 2 or 5 × 10ⁿ at or above ``value``, so the axis reads in round steps."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def bar_chart(chart: Bars, width: float, labels: Labels, height: float = 190) -> Drawing:
    drawing = Drawing(width, height)
    bars = VerticalBarChart()
    bars.x, bars.y = 46, 34
    bars.width, bars.height = width - 60, height - 70
    bars.data = [[0.0 if v is None else v for v in s.values] for s in chart.series]
    bars.categoryAxis.categoryNames = list(chart.categories)
    every = max(1, math.ceil(len(chart.categories) / 24))
    bars.categoryAxis.categoryNames = [c if i % every == 0 else "" for i, c in enumerate(chart.categories)]
    bars.categoryAxis.labels.fontName = REGULAR
    bars.categoryAxis.labels.fontSize = 6.5
    bars.categoryAxis.labels.angle = 0 if len(chart.categories) <= 16 else 90
    bars.categoryAxis.labels.boxAnchor = "n" if len(chart.categories) <= 16 else "e"
    top = _nice_top(max((v for s in chart.series for v in s.values if v is not None), default=0.0))
    bars.valueAxis.valueMin, bars.valueAxis.valueMax = 0, top
    bars.valueAxis.valueStep = top / 5
    bars.valueAxis.labels.fontName = REGULAR
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.labelTextFormat = lambda v: number(v, 0 if top >= 10 else 1, labels)
    bars.valueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    bars.valueAxis.visibleGrid = True
    bars.barSpacing = 0.5
    bars.groupSpacing = 2 if len(chart.categories) > 40 else 4
    for i in range(len(chart.series)):
        bars.bars[i].fillColor = GREYS[i % len(GREYS)]
        bars.bars[i].strokeColor = INK
        bars.bars[i].strokeWidth = 0.3
    drawing.add(bars)
    drawing.add(String(4, height - 12, chart.title, fontName=REGULAR, fontSize=9, fillColor=INK))
    drawing.add(String(4, height - 24, chart.unit, fontName=REGULAR, fontSize=7, fillColor=INK))
    if len(chart.series) > 1:
        legend = Legend()
        legend.x, legend.y = width - 10, height - 6
        legend.alignment = "right"
        legend.boxAnchor = "ne"
        legend.columnMaximum = 1
        legend.fontName = REGULAR
        legend.fontSize = 7
        legend.colorNamePairs = [(GREYS[i % len(GREYS)], s.label) for i, s in enumerate(chart.series)]
        legend.deltax = 70
        drawing.add(legend)
    return drawing


def heat_map(chart: HeatMap, width: float, labels: Labels) -> Drawing:
    """One cell per day × hour; darker for more, the scale's two ends printed with their values."""
    rows, columns = len(chart.rows), len(chart.columns)
    left, top_margin, bottom = 58, 30, 34
    cell_w = (width - left - 8) / max(columns, 1)
    # Rows thin out with the days so that a year still fits one page (1.5 pt a day).
    cell_h = min(12.0, 560 / max(rows, 1))
    height = top_margin + rows * cell_h + bottom
    drawing = Drawing(width, height)
    drawing.add(String(4, height - 12, chart.title, fontName=REGULAR, fontSize=9, fillColor=INK))
    present = [v for row in chart.values for v in row if v is not None]
    high = max(present, default=0.0) or 1.0
    label_every = max(1, math.ceil(rows / 31))
    for r, (name, values) in enumerate(zip(chart.rows, chart.values, strict=True)):
        y = height - top_margin - (r + 1) * cell_h
        if r % label_every == 0:
            drawing.add(String(left - 4, y + 1, name, fontName=REGULAR, fontSize=6, textAnchor="end"))
        for c, value in enumerate(values):
            x = left + c * cell_w
            if value is None:
                fill, stroke = colors.white, colors.Color(0.8, 0.8, 0.8)
            else:
                level = 1.0 - 0.85 * max(0.0, value) / high
                fill, stroke = colors.Color(level, level, level), None
            drawing.add(Rect(x, y, cell_w, cell_h, fillColor=fill, strokeColor=stroke, strokeWidth=0.2))
    for c, name in enumerate(chart.columns):
        if c % 3 == 0:
            x = left + (c + 0.5) * cell_w
            drawing.add(
                String(
                    x,
                    height - top_margin - rows * cell_h - 9,
                    name,
                    fontName=REGULAR,
                    fontSize=6,
                    textAnchor="middle",
                )
            )
    scale_y = 4
    for i in range(11):
        level = 1.0 - 0.85 * i / 10
        drawing.add(
            Rect(left + i * 14, scale_y, 14, 8, fillColor=colors.Color(level, level, level), strokeWidth=0.2)
        )
    drawing.add(
        String(left - 4, scale_y + 1, number(0, 0, labels), fontName=REGULAR, fontSize=6, textAnchor="end")
    )
    drawing.add(
        String(
            left + 158, scale_y + 1, f"{number(high, 1, labels)} {chart.unit}", fontName=REGULAR, fontSize=6
        )
    )
    return drawing
