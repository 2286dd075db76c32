"""The alert outbox for administrators, and a test message per channel for those who set them up.

Every notification is a row: when it was decided, what became of it (sent, waiting for a
retry, failed, held back by quiet hours), after how many attempts, on which channel, to whom
(the account's e-mail while it exists, its pseudonymous ref after), for which alarm, and what
the far end answered. Failures come first in words and bold, never by colour alone. The
outbox is read and test messages are sent on the thread pool: a mail server that takes twenty
seconds to refuse must not freeze the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDateTime, QObject, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.accounts.actors import Actor, Right
from app.alerts.service import AlertService, Delivery
from app.audit.text import printable
from storage.notification_store import NotificationRow
from widgets.background import run_in_background
from widgets.table_model import FlatTableModel, Index

#: Statuses a reader must look at: shown in capitals and bold.
TROUBLE = frozenset({"failed", "pending"})


class OutboxModel(FlatTableModel):
    TIME, STATUS, ATTEMPTS, CHANNEL, RECIPIENT, EVENT, ALARM, RESULT = range(8)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[NotificationRow] = []
        self._names: dict[str, str] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def refresh(self, rows: list[NotificationRow], names: dict[str, str]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._names = names
        self.endResetModel()

    def row_count(self) -> int:
        return len(self._rows)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Decided"),
            self.tr("Status"),
            self.tr("Attempts"),
            self.tr("Channel"),
            self.tr("To"),
            self.tr("Event"),
            self.tr("Alarm"),
            self.tr("Answer or error"),
        )

    def status_text(self, status: str) -> str:
        words = {
            "new": self.tr("waiting to be sent"),
            "sent": self.tr("sent"),
            "pending": self.tr("WAITING TO RETRY"),
            "sending": self.tr("sending"),
            "failed": self.tr("FAILED"),
            "held": self.tr("held (quiet hours)"),
        }
        return words.get(status, status)

    def event_text(self, event: str) -> str:
        words = {
            "activated": self.tr("alarm started"),
            "escalated": self.tr("escalated"),
            "returned": self.tr("returned to normal"),
            "acknowledged": self.tr("acknowledged"),
            "test": self.tr("test message"),
        }
        return words.get(event, event)

    def text(self, row: NotificationRow, column: int) -> str:
        if column == self.STATUS:
            return self.status_text(row.status if row.attempts or row.status != "pending" else "new")
        cells = (
            QDateTime.fromMSecsSinceEpoch(row.created_ms).toString("yyyy-MM-dd HH:mm:ss"),
            "",
            str(row.attempts),
            row.channel,
            self._names.get(row.recipient, row.recipient) if row.recipient else self.tr("(machine)"),
            self.event_text(row.event),
            row.alarm,
            row.result or "",
        )
        return printable(cells[column])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.FontRole and index.column() == self.STATUS and row.status in TROUBLE:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.ATTEMPTS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


class AlertOutboxDialog(QDialog):
    def __init__(
        self,
        alerts: AlertService,
        actor: Actor,
        names: Callable[[], dict[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Alerts: outbox and channels"))
        self.resize(1100, 560)
        self._alerts = alerts
        self._actor = actor
        self._names = names
        self.model = OutboxModel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(self._test_row())
        self.counts = QLabel()
        layout.addWidget(self.counts)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table)
        self.message = QLabel(wordWrap=True)
        layout.addWidget(self.message)
        self.reload_button = QPushButton(self.tr("&Reload"))
        self.reload_button.clicked.connect(self.reload)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.reload)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reload_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.can_read = actor.can(Right.VIEW_AUDIT)
        self.table.setVisible(self.can_read)
        self.counts.setVisible(self.can_read)
        self.reload_button.setVisible(self.can_read)
        self.pending_loads = 0
        if self.can_read:
            self.reload()

    def _test_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Channel:")))
        self.channel = QComboBox()
        for channel in self._alerts.channels.values():
            self.channel.addItem(f"{channel.id} ({channel.kind})", channel.id)
        row.addWidget(self.channel)
        self.to = QLineEdit(placeholderText=self.tr("to the account (default: you)"))
        row.addWidget(self.to)
        self.test_button = QPushButton(self.tr("Send &test message"))
        self.test_button.clicked.connect(self.send_test)
        self.test_button.setVisible(self._actor.can(Right.CONFIGURE))
        self.channel.currentIndexChanged.connect(self._channel_changed)
        row.addWidget(self.test_button)
        self._channel_changed()
        return row

    def _channel_changed(self) -> None:
        channel = self._alerts.channels.get(self.channel.currentData())
        self.to.setEnabled(channel is not None and channel.kind in ("email", "sms"))

    def reload(self) -> None:
        self.pending_loads += 1
        alerts, actor, names = self._alerts, self._actor, self._names
        run_in_background(lambda: (alerts.outbox(actor), alerts.counts(), names()), self._loaded, self)

    def _loaded(self, result: object) -> None:
        self.pending_loads -= 1
        if isinstance(result, BaseException):
            self.message.setText(self.tr("The outbox cannot be read: {why}").format(why=result))
            return
        rows, counts, names = result  # type: ignore[misc]
        self.model.refresh(rows, names)
        words = [f"{self.model.status_text(status)} {n}" for status, n in sorted(counts.items())]
        self.counts.setText(
            self.tr("In the outbox: {counts}").format(counts=", ".join(words) or self.tr("nothing"))
        )

    def send_test(self) -> None:
        channel = self.channel.currentData()
        to = (self.to.text().strip() or None) if self.to.isEnabled() else None
        self.test_button.setEnabled(False)
        self.message.setText(self.tr("Sending a test message through {channel}…").format(channel=channel))
        alerts, actor = self._alerts, self._actor
        run_in_background(lambda: alerts.send_test(actor, channel, to), self._tested, self)

    def _tested(self, result: object) -> None:
        self.test_button.setEnabled(True)
        if isinstance(result, BaseException):
            why = result.args[0] if isinstance(result, KeyError) else result
            self.message.setText(self.tr("Not sent: {why}").format(why=why))
        else:
            assert isinstance(result, Delivery)
            text = (
                self.tr("Test message sent: {result}")
                if result.sent
                else self.tr("The test message was not sent: {result}")
            )
            self.message.setText(text.format(result=printable(result.result)))
        if self.can_read:
            self.reload()
