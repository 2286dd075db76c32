"""A trend of several points: the last minutes from the live buffers, or a longer span from the historian.

Live, each pen is the newest samples of its ring buffer. Over a longer span the historian
answers with min/mean/max buckets, loaded off the GUI thread and drawn as a mean line inside
a shaded min-max band, so a one-second spike stays visible in a year. Gaps are drawn as gaps.

Pens of one unit share a chart; each other unit gets its own chart below, all on one time
axis, so kilowatts and volts are never read off one scale. Pens differ in line pattern as
well as colour (greyscale print, colour blindness). A cursor reads every pen at one time.
"""

from __future__ import annotations

import csv
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QPixmap
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from app.historian.trends import Span, trend_spans
from app.pipeline.live_buffers import LiveBuffers
from app.site.config import PointInfo
from storage.queries import Envelope
from widgets.background import run_in_background
from widgets.formatting import format_value, quantity_label
from widgets.theme import palette

#: Loads (path, seconds, end in UTC ms or None for now) from the historian; runs on a worker thread.
HistoryLoader = Callable[[str, int, int | None], Envelope | None]
#: How far back the live span reaches, for its comparison with an earlier day.
LIVE_S = 600
#: How often a history span is loaded again while shown, so it keeps up with the present.
RELOAD_S = 10.0
#: A live trend is drawn again at most this often, and at least this often (seconds).
LIVE_REDRAW_MIN_S, LIVE_REDRAW_MAX_S = 0.05, 1.0  # the fastest is the window's display frame
#: The live trends of this program, in the order they were made: they share out the redraw
#: interval evenly, so that many never draw in one frame.
_LIVE_VIEWS: list[weakref.ref[TrendView]] = []
#: A pan or zoom loads history once the axis has been still this long.
PAN_SETTLE_MS = 300
#: Line colour and pattern of each pen in turn: told apart without colour too.
PEN_STYLES = (
    ("#3b3b3b", Qt.PenStyle.SolidLine),
    ("#2166ac", Qt.PenStyle.DashLine),
    ("#b2182b", Qt.PenStyle.DotLine),
    ("#1b7837", Qt.PenStyle.DashDotLine),
    ("#762a83", Qt.PenStyle.DashDotDotLine),
)
MAX_PENS = len(PEN_STYLES)
#: A value in view: UTC seconds, point path, value, and the bucket's min and max over a history span.
TrendRow = tuple[float, str, float | None, float | None, float | None]
#: What a point dragged from the point table carries.
POINT_MIME = "application/x-wattkeeper-point"


@dataclass
class Pen:
    point: PointInfo
    style: int
    chart: pg.PlotItem
    curve: pg.PlotDataItem
    low: pg.PlotDataItem
    high: pg.PlotDataItem
    band: pg.FillBetweenItem
    #: The same span an earlier day or week, shifted onto this one, drawn faint.
    earlier: pg.PlotDataItem
    #: The last history answer drawn: UTC seconds, min, max (empty while live).
    envelope: tuple[np.ndarray, np.ndarray, np.ndarray] = field(
        default_factory=lambda: (np.empty(0), np.empty(0), np.empty(0))
    )


class TrendView(QWidget):
    #: A point path dropped on the trend (from the point table): the window adds it as a pen.
    pen_requested = Signal(str)
    #: "csv" or "png": the operator asks for what the trend shows as a file.
    export_requested = Signal(str)

    def __init__(
        self,
        live: LiveBuffers,
        point_ids: dict[str, int],
        history: HistoryLoader | None = None,
        window_samples: int = 600,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._live = live
        self._ids = point_ids
        self._history = history
        self._window = window_samples
        self.pens: list[Pen] = []
        self._charts: dict[str, pg.PlotItem] = {}
        self._cursors: dict[str, pg.InfiniteLine] = {}
        self.cursor_s: float | None = None
        spans = trend_spans()
        self._spans = spans if history is not None else spans[:1]  # without a historian, live only
        self._request = 0  # the newest history request; older answers are dropped
        self._loaded_at = -RELOAD_S
        self._loading = False
        #: Live pens drawn as each pixel column's lowest and highest sample (a day of one-second
        #: samples is 86,400 points; a chart is a thousand or two columns wide).
        self.decimate = True
        #: When the live pens are next worth drawing (monotonic seconds), at this trend's own phase
        #: of the interval, so that many trends do not all draw in the same frame.
        self._next_live_draw = 0.0
        _LIVE_VIEWS.append(weakref.ref(self))
        #: A fixed stretch of history the operator panned or zoomed to (UTC ms), or None: follow now.
        self.viewing: tuple[int, int] | None = None
        self._moved = QTimer(self, singleShot=True, interval=PAN_SETTLE_MS)
        self._moved.timeout.connect(self._view_moved)

        self._title = QLabel(objectName="trendTitle")
        self._status = QLabel(objectName="trendStatus")
        self.readout = QLabel(objectName="trendReadout")
        self.pen_bar = QHBoxLayout()
        self._graphs = pg.GraphicsLayoutWidget()
        self._graphs.setBackground(palette().trend_background)
        self._graphs.scene().sigMouseMoved.connect(self._mouse_moved)
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._header(history is not None))
        pens = QHBoxLayout()  # a row of its own: five pens' names never squeeze the window's other panes
        pens.addWidget(self._title)
        pens.addLayout(self.pen_bar)
        pens.addStretch(1)
        layout.addLayout(pens)
        layout.addWidget(self._graphs, 1)
        layout.addWidget(self.readout)

    def _header(self, with_history: bool) -> QHBoxLayout:
        """The pens' chips, the span, the comparison and the export buttons."""
        self.span_box = QComboBox()
        self.span_box.setToolTip(self.tr("How far back the trend reaches"))
        for span in self._spans:
            self.span_box.addItem(span.label)
        self.span_box.setVisible(with_history)
        self.span_box.currentIndexChanged.connect(lambda _index: self._start_over())
        self.compare_box = QComboBox()
        self.compare_box.setToolTip(self.tr("Draw the same span an earlier day, faint, for comparison"))
        self.compare_box.addItem(self.tr("No comparison"), 0)
        self.compare_box.addItem(self.tr("Same time yesterday"), 86_400)
        self.compare_box.addItem(self.tr("Same time last week"), 7 * 86_400)
        self.compare_box.setVisible(with_history)
        self.compare_box.currentIndexChanged.connect(lambda _index: self._start_over())
        self.csv_button = QToolButton(text=self.tr("CSV…"))
        self.csv_button.setToolTip(self.tr("The values now in view, as a CSV file"))
        self.csv_button.clicked.connect(lambda: self.export_requested.emit("csv"))
        self.png_button = QToolButton(text=self.tr("PNG…"))
        self.png_button.setToolTip(self.tr("The charts as a picture"))
        self.png_button.clicked.connect(lambda: self.export_requested.emit("png"))
        self.now_button = QToolButton(text=self.tr("Back to now"))
        self.now_button.setToolTip(self.tr("Follow the present again after panning or zooming into history"))
        self.now_button.clicked.connect(self.follow_now)
        self.now_button.hide()
        header = QHBoxLayout()
        header.addStretch(1)
        for widget in (
            self._status,
            self.now_button,
            self.span_box,
            self.compare_box,
            self.csv_button,
            self.png_button,
        ):
            header.addWidget(widget)
        return header

    # The pens

    @property
    def point(self) -> PointInfo | None:
        """The first pen's point."""
        return self.pens[0].point if self.pens else None

    @property
    def span(self) -> Span:
        return self._spans[max(0, self.span_box.currentIndex())]

    def show_point(self, point: PointInfo) -> None:
        """Trend ``point`` alone."""
        self._remove_all()
        self.add_pen(point)

    def add_pen(self, point: PointInfo) -> bool:
        """Add ``point`` as a pen (at most ``MAX_PENS``, each once); whether it was added."""
        if any(p.point.path == point.path for p in self.pens) or len(self.pens) >= MAX_PENS:
            self._status.setText(
                self.tr("At most {count} pens").format(count=MAX_PENS) if len(self.pens) >= MAX_PENS else ""
            )
            return False
        used = {p.style for p in self.pens}
        style = next(i for i in range(MAX_PENS) if i not in used)
        colour, pattern = PEN_STYLES[style]
        chart = self._chart(point.unit)
        look = palette()
        low = chart.plot(pen=pg.mkPen(look.trend_band), connect="finite")
        high = chart.plot(pen=pg.mkPen(look.trend_band), connect="finite")
        band = pg.FillBetweenItem(low, high, brush=pg.mkBrush(look.trend_band))
        chart.addItem(band, ignoreBounds=True)
        earlier = chart.plot(pen=pg.mkPen(colour, width=1, style=Qt.PenStyle.DotLine), connect="finite")
        earlier.setOpacity(0.55)
        curve = chart.plot(
            pen=pg.mkPen(colour, width=2, style=pattern), connect="finite", skipFiniteCheck=True
        )
        self.pens.append(Pen(point, style, chart, curve, low, high, band, earlier))
        self._redraw_header()
        self._start_over()
        return True

    def remove_pen(self, path: str) -> None:
        pen = next((p for p in self.pens if p.point.path == path), None)
        if pen is None:
            return
        for item in (pen.curve, pen.low, pen.high, pen.band, pen.earlier):
            pen.chart.removeItem(item)
        self.pens.remove(pen)
        if not any(p.chart is pen.chart for p in self.pens):
            unit = next(u for u, c in self._charts.items() if c is pen.chart)
            self._graphs.removeItem(pen.chart)
            del self._charts[unit]
            del self._cursors[unit]
            self._relink()
        self._redraw_header()
        self._start_over()

    def _remove_all(self) -> None:
        for pen in list(self.pens):
            self.remove_pen(pen.point.path)

    def _chart(self, unit: str) -> pg.PlotItem:
        """The chart of ``unit``, below the others, sharing the first one's time axis."""
        if unit in self._charts:
            return self._charts[unit]
        look = palette()
        chart = self._graphs.addPlot(
            row=len(self._charts), col=0, axisItems={"bottom": pg.DateAxisItem(orientation="bottom")}
        )
        chart.showGrid(x=True, y=True)
        chart.setLabel("left", unit)
        for axis in ("left", "bottom"):
            chart.getAxis(axis).setTextPen(look.muted_text)
            chart.getAxis(axis).setPen(look.muted_text)
            # An opaque grid colour rather than a see-through one: blending every grid pixel
            # was the largest part of painting a live chart. Half way to the background, so the
            # grid stays faint behind the pens.
            chart.getAxis(axis).setTickPen(_halfway(look.grid, look.trend_background))
            chart.getAxis(axis).setStyle(maxTickLevel=1, tickAlpha=255)
        chart.setMouseEnabled(x=self._history is not None, y=True)
        chart.sigXRangeChanged.connect(lambda *_args: self._moved.start())
        cursor = pg.InfiniteLine(
            angle=90, movable=False, pen=pg.mkPen(look.muted_text, style=Qt.PenStyle.DashLine)
        )
        cursor.setVisible(False)
        chart.addItem(cursor, ignoreBounds=True)
        self._charts[unit] = chart
        self._cursors[unit] = cursor
        self._relink()
        return chart

    def _relink(self) -> None:
        charts = list(self._charts.values())
        for chart in charts[1:]:
            chart.setXLink(charts[0])

    def _redraw_header(self) -> None:
        while self.pen_bar.count():
            widget = self.pen_bar.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        names = []
        for pen in self.pens:
            colour, pattern = PEN_STYLES[pen.style]
            name = f"{pen.point.device} · {pen.point.name or quantity_label(pen.point.quantity)}"
            names.append(name)
            chip = QToolButton(text=f"{_PATTERN_MARKS[pattern]} {name}  ✕")
            chip.setToolTip(self.tr("{path}: click to remove this pen").format(path=pen.point.path))
            chip.setStyleSheet(f"color: {colour}; font-weight: bold;")
            chip.clicked.connect(lambda _checked=False, path=pen.point.path: self.remove_pen(path))
            self.pen_bar.addWidget(chip)
        self._title.setText(self.tr("Trend:") if self.pens else self.tr("Trend: drop a point here"))

    # Drawing

    def samples_shown(self) -> int:
        """How many finite values the first pen currently draws."""
        _, y = self.curve_data()
        return int(np.count_nonzero(np.isfinite(y)))

    def curve_data(self, path: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The line given to the plot for ``path`` (the first pen by default): UTC seconds and values."""
        pen = (
            self.pens[0]
            if path is None and self.pens
            else next((p for p in self.pens if p.point.path == path), None)
        )
        if pen is None:
            return np.empty(0), np.empty(0)
        x, y = pen.curve.xData, pen.curve.yData
        return (np.empty(0), np.empty(0)) if x is None or y is None else (x, y)

    def refresh(self) -> bool:
        """Draw what is new; whether anything was redrawn (the window paints only what changed)."""
        if not self.pens or not self.isVisible():
            return False
        drawn = False
        now = time.monotonic()
        if self.span.seconds == 0 and self.viewing is None and now >= self._next_live_draw:
            columns = max(100, self._graphs.width())
            for pen in self.pens:
                times, values = self._live.window(self._ids[pen.point.path], self._window)
                if self.decimate:
                    times, values = decimate(times, values, columns)
                pen.curve.setData(times, values, connect="finite", skipFiniteCheck=True)
            for chart in self._charts.values():
                # Fitted and transformed now, not while painting: a view whose transform changes
                # during a paint tells its items, which ask the view for a second paint.
                chart.vb.updateAutoRange()
                chart.vb.updateMatrix()
                chart.vb.updateAutoRange()
            self._update_readout()
            interval = self._live_draw_interval(columns)
            wait = interval - (now - self._phase() * interval) % interval if interval > 0 else 0.0
            self._next_live_draw = now + wait
            drawn = True
        if (
            (self.span.seconds or self.shift_s)
            and self.viewing is None
            and not self._loading
            and time.monotonic() - self._loaded_at >= RELOAD_S
        ):
            self._load_history()
        return drawn

    def _phase(self) -> float:
        """Where in the redraw interval this trend draws: the k-th of n trends alive at k / n."""
        _LIVE_VIEWS[:] = [ref for ref in _LIVE_VIEWS if ref() is not None]
        mine = next(i for i, ref in enumerate(_LIVE_VIEWS) if ref() is self)
        return mine / len(_LIVE_VIEWS)

    def _live_draw_interval(self, columns: int) -> float:
        """Seconds until a live trend is worth drawing again: when a pixel column's worth of time has
        passed (a day on 480 pixels: 3 minutes), but at least once a second, and never faster than
        the display frame. Without decimation (a naive chart) every frame draws."""
        if not self.decimate:
            return 0.0
        window_s = self._window * self._sample_period_s()
        return min(LIVE_REDRAW_MAX_S, max(LIVE_REDRAW_MIN_S, window_s / columns))

    def _sample_period_s(self) -> float:
        """The first pen's usual time between samples, from its buffer (1 s until it has two)."""
        times, _ = self._live.window(self._ids[self.pens[0].point.path], 2)
        return float(times[1] - times[0]) if len(times) == 2 and times[1] > times[0] else 1.0

    # Panning and zooming through history

    def _view_moved(self) -> None:
        """The operator dragged or zoomed the time axis: show that stretch of history at screen resolution."""
        charts = list(self._charts.values())
        if not charts or self._history is None or charts[0].vb.state["autoRange"][0]:
            return  # the plot fitting itself to new data, not the operator
        left, right = charts[0].vb.viewRange()[0]
        view = (round(left * 1000), round(right * 1000))
        if view == self.viewing or view[1] <= view[0]:
            return
        self.viewing = view
        self.now_button.show()
        self._request += 1
        self._load_history()

    def follow_now(self) -> None:
        """Leave the stretch of history and follow the present again."""
        self.viewing = None
        self.now_button.hide()
        for chart in self._charts.values():
            chart.enableAutoRange(axis="x")
        self._start_over()

    @property
    def shift_s(self) -> int:
        """How far back the comparison reaches (0: none)."""
        return int(self.compare_box.currentData() or 0)

    def _start_over(self) -> None:
        """New pens or a new span: clear what belongs to the old and draw afresh."""
        self._request += 1
        self._loading = False
        self._loaded_at = -RELOAD_S
        for pen in self.pens:
            for item in (pen.curve, pen.low, pen.high, pen.earlier):
                item.setData([], [])
            pen.envelope = (np.empty(0), np.empty(0), np.empty(0))
            pen.band.setVisible(self.span.seconds > 0)
        self._status.setText("")
        self._next_live_draw = 0.0  # new pens or span: draw them at once
        if self.viewing is not None and self._history is not None and self.pens:
            self._load_history()  # the stretch panned to stays; only what is drawn in it changed
        else:
            self.refresh()

    def _load_history(self) -> None:
        """The span (or the stretch panned to) and, if asked, the same earlier: loaded on the thread pool."""
        assert self._history is not None
        self._loading = True
        request, span, shift, load = self._request, self.span.seconds, self.shift_s, self._history
        end = None
        if self.viewing is not None:
            span, end = max(1, (self.viewing[1] - self.viewing[0]) // 1000), self.viewing[1]
        paths = [p.point.path for p in self.pens]
        if self._loaded_at < 0 or self.viewing is not None:  # reloads of the present replace quietly
            self._status.setText(self.tr("Loading…"))

        def work() -> tuple[list[Envelope | None], list[Envelope | None]]:
            until = end if end is not None else time.time_ns() // 1_000_000
            current = [load(path, span, end) for path in paths] if span else []
            earlier = [load(path, span or LIVE_S, until - shift * 1000) for path in paths] if shift else []
            return current, earlier

        run_in_background(work, lambda result: self._show_history(request, result), self)

    def _show_history(self, request: int, result: object) -> None:
        if request != self._request:
            return  # the operator moved on to other pens or another span meanwhile
        self._loading = False
        self._loaded_at = time.monotonic()
        if isinstance(result, Exception):
            self._status.setText(self.tr("History unavailable: {error}").format(error=result))
            return
        assert isinstance(result, tuple)
        current, earlier = result
        for pen, envelope in zip(self.pens, earlier, strict=False):
            if envelope is None or not len(envelope):
                pen.earlier.setData([], [])
                continue
            moved = (envelope.start_ms + envelope.bucket_ms // 2) / 1000.0 + self.shift_s
            pen.earlier.setData(moved, envelope.mean, connect="finite")
        if not self.span.seconds and self.viewing is None:
            return
        empty = 0
        for pen, envelope in zip(self.pens, current, strict=True):
            if envelope is None or not len(envelope):
                empty += 1
                for item in (pen.curve, pen.low, pen.high):
                    item.setData([], [])
                continue
            seconds = (envelope.start_ms + envelope.bucket_ms // 2) / 1000.0
            pen.curve.setData(seconds, envelope.mean, connect="finite")
            pen.low.setData(seconds, envelope.minimum, connect="finite")
            pen.high.setData(seconds, envelope.maximum, connect="finite")
            pen.envelope = (np.asarray(seconds), envelope.minimum, envelope.maximum)
            pen.band.setVisible(True)
        self._status.setText(self.tr("Nothing recorded in this span") if empty == len(self.pens) else "")
        self._update_readout()

    def earlier_data(self, path: str) -> tuple[np.ndarray, np.ndarray]:
        """The comparison line drawn for ``path``: UTC seconds (shifted onto the present span) and values."""
        pen = next((p for p in self.pens if p.point.path == path), None)
        x, y = (None, None) if pen is None else (pen.earlier.xData, pen.earlier.yData)
        return (np.empty(0), np.empty(0)) if x is None or y is None else (x, y)

    # Layouts

    def layout_state(self) -> dict[str, object]:
        """The pens, span and comparison, to be saved under a name and shown again."""
        return {
            "pens": [p.point.path for p in self.pens],
            "span": self.span_box.currentIndex(),
            "compare": self.compare_box.currentIndex(),
        }

    def restore_layout(
        self, state: dict[str, object], points: Callable[[str], PointInfo | None]
    ) -> list[str]:
        """Show a saved layout; the paths it names that ``points`` no longer knows are returned."""
        self._remove_all()
        missing = []
        for path in state.get("pens", []):  # type: ignore[union-attr]
            point = points(str(path))
            if point is None:
                missing.append(str(path))
            else:
                self.add_pen(point)
        self.span_box.setCurrentIndex(int(state.get("span", 0)))  # type: ignore[call-overload]
        self.compare_box.setCurrentIndex(int(state.get("compare", 0)))  # type: ignore[call-overload]
        return missing

    # The cursor

    def _mouse_moved(self, position: object) -> None:
        charts = list(self._charts.values())
        if not charts:
            return
        for chart in charts:
            if chart.sceneBoundingRect().contains(position):  # type: ignore[arg-type]
                self.set_cursor(chart.vb.mapSceneToView(position).x())
                return

    def set_cursor(self, seconds: float | None) -> None:
        """Put the cursor at UTC ``seconds`` on every chart (None hides it) and read every pen there."""
        self.cursor_s = seconds
        for cursor in self._cursors.values():
            cursor.setVisible(seconds is not None)
            if seconds is not None:
                cursor.setPos(seconds)
        self._update_readout()

    def values_at(self, seconds: float) -> list[tuple[Pen, float | None]]:
        """Each pen's value at the sample nearest ``seconds`` (None where it has none)."""
        found = []
        for pen in self.pens:
            x, y = self.curve_data(pen.point.path)
            if not len(x):
                found.append((pen, None))
                continue
            at = int(np.clip(np.searchsorted(x, seconds), 0, len(x) - 1))
            if at > 0 and abs(x[at - 1] - seconds) < abs(x[at] - seconds):
                at -= 1
            value = float(y[at])
            found.append((pen, None if not np.isfinite(value) else value))
        return found

    def _update_readout(self) -> None:
        if self.cursor_s is None or not self.pens:
            self.readout.setText("")
            return
        parts = [f"{datetime.fromtimestamp(self.cursor_s):%Y-%m-%d %H:%M:%S}"]
        for pen, value in self.values_at(self.cursor_s):
            unit = f" {pen.point.unit}" if pen.point.unit else ""
            shown = "—" if value is None else format_value(value) + unit
            mark = _PATTERN_MARKS[PEN_STYLES[pen.style][1]]
            parts.append(f"{mark} {pen.point.name or quantity_label(pen.point.quantity)} {shown}")
        self.readout.setText("   ".join(parts))

    # What is shown, for export

    def visible_rows(self) -> list[TrendRow]:
        """(UTC seconds, path, value, min, max) of every pen within the time now in view."""
        charts = list(self._charts.values())
        if not charts:
            return []
        left, right = charts[0].vb.viewRange()[0]
        rows: list[TrendRow] = []
        for pen in self.pens:
            x, y = self.curve_data(pen.point.path)
            env_x, low, high = pen.envelope
            inside = (x >= left) & (x <= right)
            for i in np.nonzero(inside)[0].tolist():
                value = float(y[i]) if np.isfinite(y[i]) else None
                lo = hi = None
                if len(env_x) == len(x):
                    lo = float(low[i]) if np.isfinite(low[i]) else None
                    hi = float(high[i]) if np.isfinite(high[i]) else None
                rows.append((float(x[i]), pen.point.path, value, lo, hi))
        rows.sort()
        return rows

    def chart_viewport(self) -> QWidget:
        """The widget the charts are painted on (to time their paints)."""
        return self._graphs.viewport()

    def grab_chart(self) -> QPixmap:
        return self._graphs.grab()

    # Dropping points

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(POINT_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = bytes(event.mimeData().data(POINT_MIME).data()).decode("utf-8")
        if path:
            self.pen_requested.emit(path)
            event.acceptProposedAction()


def _halfway(colour: str, other: str) -> QColor:
    a, b = QColor(colour), QColor(other)
    return QColor((a.red() + b.red()) // 2, (a.green() + b.green()) // 2, (a.blue() + b.blue()) // 2)


def decimate(times: np.ndarray, values: np.ndarray, columns: int) -> tuple[np.ndarray, np.ndarray]:
    """At most ``2 × columns`` points: each group's lowest and highest value, so a one-sample spike
    stays visible; a group with no finite value stays a gap. The newest samples set the grouping."""
    n = len(values)
    if n <= 2 * columns:
        return times, values
    per = -(-n // columns)
    used = n // per * per
    t = times[n - used :].reshape(-1, per)
    v = values[n - used :].reshape(-1, per)
    x = np.column_stack((t[:, 0], t[:, -1])).ravel()
    y = np.column_stack((np.fmin.reduce(v, axis=1), np.fmax.reduce(v, axis=1))).ravel()
    return x, y


#: A mark per line pattern, in the pen chips and the readout.
_PATTERN_MARKS = {
    Qt.PenStyle.SolidLine: "━",
    Qt.PenStyle.DashLine: "╍",
    Qt.PenStyle.DotLine: "┈",
    Qt.PenStyle.DashDotLine: "╌·",
    Qt.PenStyle.DashDotDotLine: "╌··",
}


def write_trend_csv(path: Path, rows: list[TrendRow]) -> None:
    """The rows of ``TrendView.visible_rows`` as CSV: local time with its offset, point, value, min, max."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(("time", "point", "value", "min", "max"))
        for seconds, point, value, low, high in rows:
            when = datetime.fromtimestamp(seconds).astimezone().isoformat(timespec="milliseconds")
            writer.writerow((when, point, value, low, high))
