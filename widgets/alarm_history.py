"""The alarm history: the journal over any period, filtered and sorted, exported as CSV.

The journal is read on the thread pool, so a month of a busy plant never stalls the window;
the table then filters and sorts in memory. The newest entry comes first, as an operator
looking back from now expects.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.accounts.actors import Actor, Right, RightMissingError
from app.alarms.annunciation import priority_text
from app.alarms.history import History, alarm_history, write_history_csv
from app.audit.trail import AuditTrail
from app.site.alarm_rules import Priority
from storage.alarm_journal import AlarmJournal, JournalEntry
from widgets.background import run_in_background
from widgets.formatting import format_value
from widgets.table_model import FlatTableModel, Index

DAY_MS = 86_400_000
#: The periods offered at once, in days back from now.
RECENT_DAYS = (1, 7, 30)


class HistoryModel(FlatTableModel):
    TIME, PRIORITY, ALARM, MESSAGE, EVENT, STATE, VALUE, USER, COMMENT = range(9)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[JournalEntry] = []

    def show(self, entries: list[JournalEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.entries)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Time"),
            self.tr("Priority"),
            self.tr("Alarm"),
            self.tr("Message"),
            self.tr("Event"),
            self.tr("State after"),
            self.tr("Value"),
            self.tr("By"),
            self.tr("Comment"),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._texts(self.entries[index.row()])[index.column()]

    def _texts(self, e: JournalEntry) -> tuple[str, ...]:
        known = e.priority in set(Priority)
        return (
            f"{datetime.fromtimestamp(e.ts_ms / 1000):%Y-%m-%d %H:%M:%S}",
            priority_text(Priority(e.priority)) if known else e.priority,
            e.key,
            e.message,
            e.event,
            e.state_after,
            "" if e.value is None else format_value(e.value),
            e.user,
            e.comment,
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Times, priorities and values in their own order; the other columns as text."""
        ranks = {p.value: p.rank for p in Priority}
        keys: dict[int, Callable[[JournalEntry], object]] = {
            self.TIME: lambda e: e.ts_ms,
            self.PRIORITY: lambda e: ranks.get(e.priority, len(ranks)),
            self.VALUE: lambda e: (e.value is None, e.value or 0.0),
        }
        key = keys.get(column, lambda e: self._texts(e)[column].lower())
        self.layoutAboutToBeChanged.emit()
        self.entries.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


class AlarmHistoryDialog(QDialog):
    """The journal of a period for ``actor``, with filters and an audited CSV export."""

    def __init__(
        self,
        journal: AlarmJournal,
        trail: AuditTrail,
        names: Callable[[], dict[str, str]],
        actor: Actor,
        parent: QWidget | None,
    ) -> None:
        """``names`` reads who acted (email by account ref); it is called with each load, off the
        GUI thread, so that the window never waits on the accounts table."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Alarm history"))
        self.resize(1100, 640)
        self._journal, self._trail, self._names, self._actor = journal, trail, names, actor
        self.history = History([], cut=False)
        self.loading = False
        self.model = HistoryModel(self)
        self.view = self._table()
        self.filter = QLineEdit(placeholderText=self.tr("Filter: alarm, message, event, person or comment"))
        self.filter.setClearButtonEnabled(True)
        self.priority = QComboBox()
        self.priority.addItem(self.tr("All priorities"), None)
        for level in Priority:
            self.priority.addItem(priority_text(level), level.value)
        self.status = QLabel()
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setEnabled(actor.can(Right.EXPORT_DATA))
        filters = QHBoxLayout()
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.priority)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self._period_row())
        layout.addLayout(filters)
        layout.addWidget(self.view)
        layout.addLayout(bottom)
        self.filter.textChanged.connect(self._apply_filter)
        self.priority.currentIndexChanged.connect(self._apply_filter)
        self.export_button.clicked.connect(self._choose_export)
        self.load()

    def _period_row(self) -> QHBoxLayout:
        now = QDateTime.currentDateTime()
        self.since = QDateTimeEdit(now.addDays(-1), calendarPopup=True, displayFormat="yyyy-MM-dd HH:mm")
        self.until = QDateTimeEdit(now.addSecs(60), calendarPopup=True, displayFormat="yyyy-MM-dd HH:mm")
        self.recent = QComboBox()
        self.recent.addItem(self.tr("Chosen period"), 0)
        for days in RECENT_DAYS:
            label = self.tr("Last {days} days").format(days=days) if days > 1 else self.tr("Last 24 hours")
            self.recent.addItem(label, days)
        self.recent.setCurrentIndex(1)
        self.recent.currentIndexChanged.connect(self._recent_chosen)
        self.load_button = QPushButton(self.tr("Show"))
        self.load_button.setDefault(True)
        self.load_button.clicked.connect(self.load)
        row = QHBoxLayout()
        for widget in (QLabel(self.tr("From")), self.since, QLabel(self.tr("to")), self.until, self.recent):
            row.addWidget(widget)
        row.addWidget(self.load_button)
        row.addStretch(1)
        return row

    def _table(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        view.horizontalHeader().setSortIndicatorShown(True)
        view.horizontalHeader().sectionClicked.connect(self._sort)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (HistoryModel.MESSAGE, HistoryModel.COMMENT):
            view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        view.horizontalHeader().setSortIndicator(HistoryModel.TIME, Qt.SortOrder.DescendingOrder)
        return view

    def period(self) -> tuple[int, int]:
        return self.since.dateTime().toMSecsSinceEpoch(), self.until.dateTime().toMSecsSinceEpoch()

    def _recent_chosen(self) -> None:
        days = self.recent.currentData()
        if days:
            now = QDateTime.currentDateTime()
            self.since.setDateTime(now.addDays(-days))
            self.until.setDateTime(now.addSecs(60))
            self.load()

    def load(self) -> None:
        """Read the period's journal on the thread pool; the table fills when it is back."""
        start, end = self.period()
        if end <= start:
            self.status.setText(self.tr("The end of the period comes before its start."))
            return
        self.loading = True
        self.status.setText(self.tr("Reading the journal…"))
        journal, names, actor = self._journal, self._names, self._actor
        run_in_background(lambda: alarm_history(journal, names(), actor, start, end), self._loaded, self)

    def _loaded(self, result: object) -> None:
        self.loading = False
        if isinstance(result, Exception):
            self.status.setText(self.tr("The journal could not be read: {problem}").format(problem=result))
            return
        assert isinstance(result, History)
        self.history = result
        self.model.show(result.entries)
        self._apply_filter()

    def _apply_filter(self) -> None:
        words = self.filter.text().lower().split()
        priority = self.priority.currentData()
        shown = 0
        for row, e in enumerate(self.model.entries):
            haystack = f"{e.key} {e.message} {e.event} {e.state_after} {e.user} {e.comment} {e.point}".lower()
            visible = (priority is None or e.priority == priority) and all(w in haystack for w in words)
            self.view.setRowHidden(row, not visible)
            shown += visible
        text = self.tr("{shown} of {count} entries").format(shown=shown, count=len(self.model.entries))
        if self.history.cut:
            text += " · " + self.tr("the period holds more: the oldest are left out; choose a shorter one")
        self.status.setText(text)

    def _sort(self, column: int) -> None:
        header = self.view.horizontalHeader()
        self.model.sort(column, header.sortIndicatorOrder())
        self._apply_filter()

    def _choose_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the alarm history"), "", self.tr("CSV (*.csv)")
        )
        if name:
            self.export(Path(name))

    def export(self, path: Path) -> int | None:
        """Write the loaded history to ``path`` (audited); None, with the reason shown, when it cannot."""
        try:
            zone = datetime.now().astimezone().tzinfo
            assert zone is not None
            count = write_history_csv(
                self._trail, self._actor, self.history, path, zone=zone, period=self.period()
            )
        except (RightMissingError, OSError) as exc:
            self.status.setText(self.tr("Not exported: {problem}").format(problem=exc))
            return None
        self.status.setText(self.tr("{count} entries written to {file}.").format(count=count, file=path))
        return count
