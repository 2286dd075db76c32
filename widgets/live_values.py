"""The live values table: one row per point of the selected device or site."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QMimeData, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.pipeline.live_buffers import Latest, LiveBuffers
from app.site.config import PointInfo
from app.timefmt import local_clock
from drivers.base import Quality
from widgets.formatting import format_value, quality_text, quantity_label
from widgets.table_model import FlatTableModel, Index
from widgets.theme import quality_background
from widgets.trend import POINT_MIME


class LiveValuesModel(FlatTableModel):
    POINT, DEVICE, VALUE, UNIT, QUALITY, UPDATED = range(6)

    def __init__(self, live: LiveBuffers, point_ids: dict[str, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._live = live
        self._ids = point_ids
        self._points: list[PointInfo] = []
        self._latest: list[Latest | None] = []
        self._value_font = QFont()
        self._value_font.setBold(True)
        self._value_font.setPointSizeF(self._value_font.pointSizeF() * 1.25)

    def show_points(self, points: Sequence[PointInfo]) -> None:
        self.beginResetModel()
        self._points = list(points)
        self._latest = [self._live.latest(self._ids[p.path]) for p in self._points]
        self.endResetModel()

    def refresh(self) -> None:
        """Pull the newest samples; repaint only the columns that change."""
        if not self._points:
            return
        self._latest = [self._live.latest(self._ids[p.path]) for p in self._points]
        self.dataChanged.emit(self.index(0, self.VALUE), self.index(len(self._points) - 1, self.UPDATED))

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [POINT_MIME]

    def mimeData(self, indexes: Sequence[Index]) -> QMimeData:
        """A dragged row carries its point's path, for the trend to add as a pen."""
        data = QMimeData()
        rows = sorted({i.row() for i in indexes})
        if rows:
            data.setData(POINT_MIME, QByteArray(self._points[rows[0]].path.encode("utf-8")))
        return data

    def point_at(self, row: int) -> PointInfo:
        return self._points[row]

    def row_of(self, path: str) -> int | None:
        return next((i for i, p in enumerate(self._points) if p.path == path), None)

    def row_count(self) -> int:
        return len(self._points)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Point"),
            self.tr("Device"),
            self.tr("Value"),
            self.tr("Unit"),
            self.tr("Quality"),
            self.tr("Last good reading"),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        point = self._points[index.row()]
        latest = self._latest[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(point, latest, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == self.VALUE:
            return self._value_font
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and latest is not None
            and column in (self.VALUE, self.QUALITY)
        ):
            return quality_background(latest.quality)
        if role == Qt.ItemDataRole.ToolTipRole:
            return point.path
        return None

    def _text(self, point: PointInfo, latest: Latest | None, column: int) -> str:
        fixed = {
            self.POINT: point.name or quantity_label(point.quantity),
            self.DEVICE: point.device,
            self.UNIT: point.unit,
        }
        if column in fixed:
            return fixed[column]
        if latest is None:
            return self.tr("Waiting") if column == self.QUALITY else ""
        if column == self.VALUE:
            return format_value(latest.value if latest.quality == Quality.GOOD else None)
        if column == self.QUALITY:
            return quality_text(latest.quality)
        return "—" if latest.good_ts_ms is None else local_clock(latest.good_ts_ms)


def matches(point: PointInfo, text: str) -> bool:
    """Whether a filter's words all appear in the point's name, quantity, device or path."""
    haystack = " ".join((point.name, quantity_label(point.quantity), point.device, point.path)).lower()
    return all(word in haystack for word in text.lower().split())


class LiveValuesView(QTableView):
    def __init__(self, model: LiveValuesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LiveValuesModel.POINT, QHeaderView.ResizeMode.Stretch)
        self.setWordWrap(False)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self._filter = ""

    def filter_rows(self, text: str | None = None) -> None:
        """Hide the rows whose point does not match ``text`` (the last filter when None)."""
        if text is not None:
            self._filter = text
        model = self.model()
        assert isinstance(model, LiveValuesModel)
        for row in range(model.row_count()):
            self.setRowHidden(row, not matches(model.point_at(row), self._filter))
