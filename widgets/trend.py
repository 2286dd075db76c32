"""A trend of one point: the last minutes from the live buffers, or a longer span from the historian.

Live, the curve is the newest samples of the ring buffer. Over a longer span the
historian answers with min/mean/max buckets, loaded off the GUI thread and drawn as a
mean line inside a shaded min-max band, so a one-second spike stays visible in a year.
Gaps are drawn as gaps in both.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.historian.trends import Span, trend_spans
from app.pipeline.live_buffers import LiveBuffers
from app.site.config import PointInfo
from storage.queries import Envelope
from widgets.background import run_in_background
from widgets.theme import palette

#: Loads (path, seconds) from the historian; runs on a worker thread.
HistoryLoader = Callable[[str, int], Envelope | None]
#: How often a history span is loaded again while shown, so it keeps up with the present.
RELOAD_S = 10.0


class TrendView(QWidget):
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
        self._point: PointInfo | None = None
        spans = trend_spans()
        self._spans = spans if history is not None else spans[:1]  # without a historian, live only
        self._request = 0  # the newest history request; older answers are dropped
        self._loaded_at = -RELOAD_S
        self._loading = False

        self._title = QLabel(objectName="trendTitle")
        self.span_box = QComboBox()
        self.span_box.setToolTip(self.tr("How far back the trend reaches"))
        for span in self._spans:
            self.span_box.addItem(span.label)
        self.span_box.setVisible(history is not None)
        self.span_box.currentIndexChanged.connect(lambda _index: self._start_over())
        self._status = QLabel(objectName="trendStatus")

        self._plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        look = palette()
        self._plot.setBackground(look.trend_background)
        self._plot.showGrid(x=True, y=True, alpha=0.25)
        for axis in ("left", "bottom"):
            self._plot.getAxis(axis).setTextPen(look.muted_text)
            self._plot.getAxis(axis).setPen(look.muted_text)
        self._plot.setMouseEnabled(x=False, y=True)
        # The band's edges are plotted so that a spike sets the range; the fill itself is left
        # out of it, since the NaN of a gap spoils its bounds.
        self._low = self._plot.plot(pen=pg.mkPen(look.trend_band), connect="finite")
        self._high = self._plot.plot(pen=pg.mkPen(look.trend_band), connect="finite")
        self._band = pg.FillBetweenItem(self._low, self._high, brush=pg.mkBrush(look.trend_band))
        self._plot.addItem(self._band, ignoreBounds=True)
        self._curve = self._plot.plot(
            pen=pg.mkPen(look.trend_line, width=2), connect="finite", skipFiniteCheck=True
        )
        self._curve.setDownsampling(auto=True, method="peak")
        self._curve.setClipToView(True)

        header = QHBoxLayout()
        header.addWidget(self._title, 1)
        header.addWidget(self._status)
        header.addWidget(self.span_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self._plot)

    @property
    def point(self) -> PointInfo | None:
        return self._point

    @property
    def span(self) -> Span:
        return self._spans[max(0, self.span_box.currentIndex())]

    def show_point(self, point: PointInfo) -> None:
        self._point = point
        unit = f" [{point.unit}]" if point.unit else ""
        self._title.setText(self.tr("Trend: {path}{unit}").format(path=point.path, unit=unit))
        self._plot.setLabel("left", point.unit)
        self._start_over()

    def samples_shown(self) -> int:
        """How many finite values the trend currently draws."""
        _, y = self.curve_data()
        return int(np.count_nonzero(np.isfinite(y)))

    def curve_data(self) -> tuple[np.ndarray, np.ndarray]:
        """The line given to the plot (before clipping to the view): UTC seconds and values."""
        x, y = self._curve.xData, self._curve.yData
        return (np.empty(0), np.empty(0)) if x is None or y is None else (x, y)

    def refresh(self) -> None:
        if self._point is None or not self.isVisible():
            return
        if self.span.seconds == 0:
            times, values = self._live.window(self._ids[self._point.path], self._window)
            self._curve.setData(times, values, connect="finite", skipFiniteCheck=True)
        elif not self._loading and time.monotonic() - self._loaded_at >= RELOAD_S:
            self._load_history()

    def _start_over(self) -> None:
        """A new point or span: clear what belongs to the old one and draw afresh."""
        self._request += 1
        self._loading = False
        self._loaded_at = -RELOAD_S
        self._clear()
        self._band.setVisible(self.span.seconds > 0)
        self._status.setText("")
        self.refresh()

    def _clear(self) -> None:
        for item in (self._curve, self._low, self._high):
            item.setData([], [])

    def _load_history(self) -> None:
        assert self._point is not None and self._history is not None
        self._loading = True
        request, path, seconds, load = self._request, self._point.path, self.span.seconds, self._history
        if self._loaded_at < 0:  # the first load of this point and span; reloads replace quietly
            self._status.setText(self.tr("Loading…"))
        run_in_background(
            lambda: load(path, seconds), lambda result: self._show_history(request, result), self
        )

    def _show_history(self, request: int, result: object) -> None:
        if request != self._request:
            return  # the operator moved on to another point or span meanwhile
        self._loading = False
        self._loaded_at = time.monotonic()
        if isinstance(result, Exception):
            self._status.setText(self.tr("History unavailable: {error}").format(error=result))
            return
        if result is None or not len(result):  # type: ignore[arg-type]
            self._status.setText(self.tr("Nothing recorded in this span"))
            self._clear()
            return
        envelope: Envelope = result  # type: ignore[assignment]
        seconds = (envelope.start_ms + envelope.bucket_ms // 2) / 1000.0
        self._curve.setData(seconds, envelope.mean, connect="finite")
        self._low.setData(seconds, envelope.minimum, connect="finite")
        self._high.setData(seconds, envelope.maximum, connect="finite")
        self._status.setText("")
