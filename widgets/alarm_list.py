"""The standing alarms: a table of every alarm that is not normal, and the operator's buttons.

The table refreshes from the service's snapshot at most once per display frame, however
many alarms arrive, so a flood of a thousand alarms costs one model reset, not a thousand.
Most urgent first, newest first within a priority (ISA-101 practice).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.accounts.actors import Actor, Right
from app.alarms.annunciation import priority_text
from app.alarms.service import AlarmService, AlarmView
from app.alarms.states import AlarmError, AlarmState
from app.site.alarm_rules import AlarmSettings, Priority
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


#: The shelving durations offered, in seconds: a quarter-hour, an hour, a shift, a day.
SHELVE_CHOICES = (900.0, 3600.0, 8 * 3600.0, 24 * 3600.0)


def matches(alarm: AlarmView, text: str, priority: str | None) -> bool:
    """Whether an alarm passes the list's filter: every word in its message, key or point; its priority."""
    if priority is not None and alarm.priority.value != priority:
        return False
    haystack = f"{alarm.message} {alarm.key} {alarm.point}".lower()
    return all(word in haystack for word in text.lower().split())


class AlarmPanel(QWidget):
    """The alarm list with its filter and a comment; Acknowledge and Shelve act for the signed-in ``actor``.

    Acknowledge acts on the selected alarms (F9), or on every alarm the filter shows (Shift+F9);
    F8 selects the next unacknowledged alarm. An action's comment goes into the journal with it.
    """

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
        self.filter = QLineEdit(placeholderText=self.tr("Filter alarms: message, alarm or point"))
        self.filter.setClearButtonEnabled(True)
        self.priority = QComboBox()
        self.priority.addItem(self.tr("All priorities"), None)
        for level in Priority:
            self.priority.addItem(priority_text(level), level.value)
        self.comment = QLineEdit(placeholderText=self.tr("Comment for the journal (optional)"))
        self.ack_button = QPushButton(self.tr("Acknowledge (F9)"))
        self.ack_all_button = QPushButton(self.tr("Acknowledge all shown (Shift+F9)"))
        self.shelve_button = QToolButton(text=self.tr("Shelve…"))
        self.shelve_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        shelve_menu = QMenu(self.shelve_button)
        for seconds in SHELVE_CHOICES:
            shelve_menu.addAction(duration_text(seconds), partial(self.shelve_selected, seconds))
        self.shelve_button.setMenu(shelve_menu)
        self.message = QLabel(objectName="alarmMessage")
        filters = QHBoxLayout()
        filters.addWidget(self.filter, 2)
        filters.addWidget(self.priority)
        filters.addWidget(self.comment, 2)
        buttons = QHBoxLayout()
        for button in (self.ack_button, self.ack_all_button, self.shelve_button):
            buttons.addWidget(button)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.ack_button.clicked.connect(self.acknowledge_selected)
        self.ack_all_button.clicked.connect(self.acknowledge_shown)
        self.filter.textChanged.connect(self._apply_filter)
        self.priority.currentIndexChanged.connect(self._apply_filter)
        for keys, slot in (
            (Qt.Key.Key_F9, self.acknowledge_selected),
            (Qt.Modifier.SHIFT | Qt.Key.Key_F9, self.acknowledge_shown),
            (Qt.Key.Key_F8, self.next_unacknowledged),
        ):
            shortcut = QShortcut(QKeySequence(keys), self, context=Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    def set_actor(self, actor: Actor) -> None:
        """Act for ``actor`` from now on, and show only the alarms of the sites it may see."""
        self._actor = actor
        self.model.visible = actor.sees_path
        self.ack_button.setEnabled(actor.can(Right.ACKNOWLEDGE))
        self.ack_all_button.setEnabled(actor.can(Right.ACKNOWLEDGE))
        self.shelve_button.setEnabled(actor.can(Right.SHELVE))
        self.message.clear()
        self.refresh()

    def refresh(self) -> None:
        """Reload the rows, keeping the operator's selection and filter."""
        keys = {a.key for a in self.selected()}
        self.model.refresh()
        for key in keys:
            row = self.model.row_of(key)
            if row is not None:
                self.view.selectionModel().select(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
                )
        self._apply_filter()

    def _apply_filter(self) -> None:
        text, priority = self.filter.text(), self.priority.currentData()
        for row in range(self.model.row_count()):
            self.view.setRowHidden(row, not matches(self.model.alarm_at(row), text, priority))

    def shown(self) -> list[AlarmView]:
        return [self.model.alarm_at(r) for r in range(self.model.row_count()) if not self.view.isRowHidden(r)]

    def selected(self) -> list[AlarmView]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.alarm_at(r) for r in rows if not self.view.isRowHidden(r)]

    def next_unacknowledged(self) -> None:
        """Select the next unacknowledged alarm the filter shows, after the current one (wrapping)."""
        rows = [
            r
            for r in range(self.model.row_count())
            if not self.view.isRowHidden(r)
            and self.model.alarm_at(r).state in (AlarmState.UNACK_ACTIVE, AlarmState.UNACK_RETURNED)
        ]
        if not rows:
            return
        current = self.view.currentIndex().row()
        row = next((r for r in rows if r > current), rows[0])
        self.view.selectRow(row)
        self.view.setFocus()

    def acknowledge_selected(self) -> None:
        self._each(self.selected(), lambda a, note: self._service.acknowledge(a.id, self._actor, note))

    def acknowledge_shown(self) -> None:
        waiting = [a for a in self.shown() if a.state in (AlarmState.UNACK_ACTIVE, AlarmState.UNACK_RETURNED)]
        self._each(waiting, lambda a, note: self._service.acknowledge(a.id, self._actor, note))

    def shelve_selected(self, seconds: float = SHELVE_S) -> None:
        self._each(self.selected(), lambda a, note: self._service.shelve(a.id, self._actor, seconds, note))

    def _each(self, chosen: list[AlarmView], action: Callable[[AlarmView, str], object]) -> None:
        problems = []
        note = self.comment.text().strip()
        for alarm in chosen:
            try:
                action(alarm, note)
            except AlarmError as exc:
                problems.append(exc.message)
        if chosen and not problems:
            self.comment.clear()
        self.message.setText("; ".join(problems))


def duration_text(seconds: float) -> str:
    from PySide6.QtCore import QCoreApplication

    if seconds < 3600:
        return QCoreApplication.translate("AlarmPanel", "for {minutes:g} minutes").format(
            minutes=seconds / 60
        )
    return QCoreApplication.translate("AlarmPanel", "for {hours:g} hours").format(hours=seconds / 3600)
