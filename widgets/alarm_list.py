"""The standing alarms: a table of every alarm that is not normal, and the operator's buttons.

The table refreshes from the service's snapshot at most once per display frame, however
many alarms arrive, so a flood of a thousand alarms costs one model reset, not a thousand.
Most urgent first, newest first within a priority (ISA-101 practice).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.accounts.actors import Actor, Right
from app.alarms.annunciation import priority_text
from app.alarms.service import AlarmService, AlarmView
from app.alarms.states import AlarmError, AlarmState
from app.site.alarm_rules import AlarmSettings
from app.timefmt import local_clock
from widgets.formatting import format_value
from widgets.table_model import FlatTableModel, Index

SHELVE_S = 3600.0


def state_text(state: AlarmState) -> str:
    from PySide6.QtCore import QCoreApplication

    texts = {
        AlarmState.NORMAL: QCoreApplication.translate("AlarmState", "Normal"),
        AlarmState.UNACK_ACTIVE: QCoreApplication.translate("AlarmState", "Unacknowledged"),
        AlarmState.ACK_ACTIVE: QCoreApplication.translate("AlarmState", "Acknowledged"),
        AlarmState.UNACK_RETURNED: QCoreApplication.translate("AlarmState", "Returned, unacknowledged"),
        AlarmState.SHELVED: QCoreApplication.translate("AlarmState", "Shelved"),
        AlarmState.SUPPRESSED: QCoreApplication.translate("AlarmState", "Suppressed"),
        AlarmState.OUT_OF_SERVICE: QCoreApplication.translate("AlarmState", "Out of service"),
    }
    return texts[state]


class AlarmListModel(FlatTableModel):
    PRIORITY, TIME, MESSAGE, POINT, VALUE, STATE = range(6)

    def __init__(self, service: AlarmService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._settings: AlarmSettings = service.settings
        self._rows: list[AlarmView] = []
        self._bold = QFont()
        self._bold.setBold(True)
        #: Which alarms the signed-in account may see (by the point's site).
        self.visible: Callable[[str], bool] = lambda _point: True

    def refresh(self) -> None:
        rows = [
            a for a in self._service.alarms() if a.state is not AlarmState.NORMAL and self.visible(a.point)
        ]
        rows.sort(key=lambda a: (a.priority.rank, -(a.activated_ms or 0), a.id))
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def alarm_at(self, row: int) -> AlarmView:
        return self._rows[row]

    def row_of(self, key: str) -> int | None:
        return next((i for i, a in enumerate(self._rows) if a.key == key), None)

    def row_count(self) -> int:
        return len(self._rows)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Priority"),
            self.tr("Time"),
            self.tr("Alarm"),
            self.tr("Point"),
            self.tr("Value"),
            self.tr("State"),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        alarm = self._rows[index.row()]
        column = index.column()
        unacknowledged = alarm.state in (AlarmState.UNACK_ACTIVE, AlarmState.UNACK_RETURNED)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(alarm, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == self.PRIORITY:
            return QColor(self._settings.style(alarm.priority).colour)
        if role == Qt.ItemDataRole.FontRole and unacknowledged:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return alarm.key
        return None

    def _text(self, alarm: AlarmView, column: int) -> str:
        if column == self.PRIORITY:
            return priority_text(alarm.priority)
        if column == self.TIME:
            return local_clock(alarm.activated_ms) if alarm.activated_ms is not None else ""
        if column == self.MESSAGE:
            flags = (" ⟳" if alarm.chattering else "") + (" ①" if alarm.first_out else "")
            return (alarm.message or alarm.key) + flags
        if column == self.POINT:
            return alarm.point
        if column == self.VALUE:
            return format_value(alarm.value) if alarm.value is not None else ""
        return state_text(alarm.state)


class AlarmPanel(QWidget):
    """The alarm list with Acknowledge and Shelve buttons acting for the signed-in ``actor``."""

    def __init__(self, service: AlarmService, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._actor = actor
        self.model = AlarmListModel(service, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setSectionResizeMode(
            AlarmListModel.MESSAGE, QHeaderView.ResizeMode.Stretch
        )
        self.ack_button = QPushButton(self.tr("Acknowledge"))
        self.shelve_button = QPushButton(self.tr("Shelve 1 h"))
        self.message = QLabel(objectName="alarmMessage")
        buttons = QHBoxLayout()
        buttons.addWidget(self.ack_button)
        buttons.addWidget(self.shelve_button)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.ack_button.clicked.connect(self.acknowledge_selected)
        self.shelve_button.clicked.connect(self.shelve_selected)

    def set_actor(self, actor: Actor) -> None:
        """Act for ``actor`` from now on, and show only the alarms of the sites it may see."""
        self._actor = actor
        self.model.visible = actor.sees_path
        self.ack_button.setEnabled(actor.can(Right.ACKNOWLEDGE))
        self.shelve_button.setEnabled(actor.can(Right.SHELVE))
        self.message.clear()
        self.refresh()

    def refresh(self) -> None:
        """Reload the rows, keeping the operator's selection."""
        keys = {a.key for a in self.selected()}
        self.model.refresh()
        for key in keys:
            row = self.model.row_of(key)
            if row is not None:
                self.view.selectionModel().select(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
                )

    def selected(self) -> list[AlarmView]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.alarm_at(r) for r in rows]

    def acknowledge_selected(self) -> None:
        self._each_selected(lambda a: self._service.acknowledge(a.id, self._actor))

    def shelve_selected(self) -> None:
        self._each_selected(lambda a: self._service.shelve(a.id, self._actor, SHELVE_S))

    def _each_selected(self, action: object) -> None:
        problems = []
        for alarm in self.selected():
            try:
                action(alarm)  # type: ignore[operator]
            except AlarmError as exc:
                problems.append(exc.message)
        self.message.setText("; ".join(problems))
