"""A live trend of one point: the last minutes from the live buffers, gaps shown as gaps."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.config import PointInfo
from app.live_buffers import LiveBuffers
from widgets.theme import MUTED_TEXT, TREND_BACKGROUND, TREND_LINE


class TrendView(QWidget):
    def __init__(
        self,
        live: LiveBuffers,
        point_ids: dict[str, int],
        window_samples: int = 600,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._live = live
        self._ids = point_ids
        self._window = window_samples
        self._point: PointInfo | None = None
        self._title = QLabel(objectName="trendTitle")
        self._plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        self._plot.setBackground(TREND_BACKGROUND)
        self._plot.showGrid(x=True, y=True, alpha=0.25)
        for axis in ("left", "bottom"):
            self._plot.getAxis(axis).setTextPen(MUTED_TEXT)
            self._plot.getAxis(axis).setPen(MUTED_TEXT)
        self._plot.setMouseEnabled(x=False, y=True)
        self._curve = self._plot.plot(
            pen=pg.mkPen(TREND_LINE, width=2), connect="finite", skipFiniteCheck=True
        )
        self._curve.setDownsampling(auto=True, method="peak")
        self._curve.setClipToView(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._title)
        layout.addWidget(self._plot)

    @property
    def point(self) -> PointInfo | None:
        return self._point

    def show_point(self, point: PointInfo) -> None:
        self._point = point
        unit = f" [{point.unit}]" if point.unit else ""
        self._title.setText(self.tr("Trend: {path}{unit}").format(path=point.path, unit=unit))
        self._plot.setLabel("left", point.unit)
        self.refresh()

    def samples_shown(self) -> int:
        """How many finite values the trend currently draws."""
        _, y = self._curve.getData()
        return 0 if y is None else int(np.count_nonzero(np.isfinite(y)))

    def refresh(self) -> None:
        if self._point is None or not self.isVisible():
            return
        times, values = self._live.window(self._ids[self._point.path], self._window)
        self._curve.setData(times, values, connect="finite", skipFiniteCheck=True)
