"""The tables of the privacy panel, apart so the panel reads as its tabs.

The "My data" document holds times as ISO 8601 UTC and what people typed exactly as typed;
these tables show local times, and every typed text through ``printable`` so a comment
holding a newline cannot pose as a second row. The register of requests is in
``privacy_register``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDateTime, QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
)

from app.accounts.actors import RightMissingError
from app.audit.text import printable
from app.i18n import translate
from app.privacy.laws import RequestKind
from app.privacy.service import PrivacyError
from widgets.table_model import FlatTableModel, Index

#: What the privacy service raises when it refuses; each text says why.
REFUSALS = (PrivacyError, RightMissingError, ValueError, OSError)
#: The background of an overdue request's state cell; the word "OVERDUE" says it first.
OVERDUE_BACKGROUND = QColor("#e6c89a")
#: The look of a line about something abnormal (an overdue request, a law not met): text first.
WARNING_STYLE = "background: #e6c89a; padding: 6px; border: 1px solid #b59a6a;"


def local_time(iso: str | None) -> str:
    """An ISO 8601 UTC time from the document as the reader's local date and time, to the minute."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return printable(iso)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def local_date(ts_ms: int | None) -> str:
    """A UTC millisecond time as the reader's local date: the register counts in days."""
    return "" if ts_ms is None else QDateTime.fromMSecsSinceEpoch(ts_ms).toString("yyyy-MM-dd")


def kind_label(kind: str) -> str:
    """A request kind in words; an unknown one (from a newer version) as it is stored."""
    try:
        return RequestKind(kind).label
    except ValueError:
        return printable(kind)


def text_table(model: FlatTableModel) -> QTableView:
    """A read-only, row-selecting table in the window's look, its last column stretched."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view


class DocumentTable(FlatTableModel):
    """One list of the "My data" document (sessions, audit records…) as text columns.

    Each column is a title and a function from the document's entry to the cell's text;
    the functions already make typed text printable and times local.
    """

    def __init__(
        self,
        columns: Sequence[tuple[str, Callable[[dict[str, Any]], str]]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[dict[str, Any]] = []

    def refresh(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_count(self) -> int:
        return len(self._rows)

    def headers(self) -> tuple[str, ...]:
        return tuple(title for title, _ in self._columns)

    def text(self, row: int, column: int) -> str:
        return self._columns[column][1](self._rows[row])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(index.row(), index.column())
        return None


def typed(key: str) -> Callable[[dict[str, Any]], str]:
    """A cell showing what someone typed (or a stored name) without its control characters."""
    return lambda entry: printable("" if entry.get(key) is None else str(entry[key]))


def when(key: str) -> Callable[[dict[str, Any]], str]:
    """A cell showing one of the document's times in local time."""
    return lambda entry: local_time(entry.get(key))


def my_data_tables(parent: QObject) -> list[tuple[str, str, DocumentTable]]:
    """The lists of the document shown on "My data": its key, the tab title (with {count}), the model."""

    def kind(entry: dict[str, Any]) -> str:
        return kind_label(str(entry.get("kind", "")))

    columns: list[tuple[str, str, list[tuple[str, Callable[[dict[str, Any]], str]]]]] = [
        (
            "sessions",
            translate("PrivacyPanel", "Sign-ins ({count})"),
            [
                (translate("PrivacyPanel", "Started"), when("started")),
                (translate("PrivacyPanel", "Ended"), when("ended")),
                (translate("PrivacyPanel", "Kind"), typed("kind")),
                (translate("PrivacyPanel", "Workstation"), typed("workstation")),
                (translate("PrivacyPanel", "Desktop login"), typed("desktop_login")),
            ],
        ),
        (
            "audit_records",
            translate("PrivacyPanel", "Audit records naming me ({count})"),
            [
                (translate("PrivacyPanel", "Time"), when("at")),
                (translate("PrivacyPanel", "By"), typed("actor")),
                (translate("PrivacyPanel", "Action"), typed("action")),
                (translate("PrivacyPanel", "Target"), typed("target")),
                (translate("PrivacyPanel", "Outcome"), typed("outcome")),
            ],
        ),
        (
            "alarm_actions",
            translate("PrivacyPanel", "Alarm actions ({count})"),
            [
                (translate("PrivacyPanel", "Alarm"), typed("alarm")),
                (translate("PrivacyPanel", "Time"), when("at")),
                (translate("PrivacyPanel", "Event"), typed("event")),
                (translate("PrivacyPanel", "Comment"), typed("comment")),
            ],
        ),
        (
            "alerts_received",
            translate("PrivacyPanel", "Alerts sent to me ({count})"),
            [
                (translate("PrivacyPanel", "Decided"), when("decided")),
                (translate("PrivacyPanel", "Alarm"), typed("alarm")),
                (translate("PrivacyPanel", "Channel"), typed("channel")),
                (translate("PrivacyPanel", "Delivery"), typed("status")),
                (translate("PrivacyPanel", "Sent"), when("sent")),
            ],
        ),
        (
            "privacy_requests",
            translate("PrivacyPanel", "Privacy requests ({count})"),
            [
                (translate("PrivacyPanel", "Request"), kind),
                (translate("PrivacyPanel", "Received"), when("received")),
                (translate("PrivacyPanel", "Done"), when("done")),
                (translate("PrivacyPanel", "Due"), when("due")),
                (translate("PrivacyPanel", "Note"), typed("note")),
            ],
        ),
    ]
    return [(key, title, DocumentTable(cells, parent)) for key, title, cells in columns]
