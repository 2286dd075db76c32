"""The audit viewer's records as text: the table model and the details as one line.

Records name people by their pseudonymous ref; these show the email while the account
exists and the bare ref after it was deleted. Everything people typed goes on screen
through ``printable``, so a newline in it cannot fake a second record, and into CSV through
``spreadsheet_safe``, so it cannot run as a formula. Kept apart from the window so that it
reads as its filters, buttons and checks.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QDateTime, QObject, Qt
from PySide6.QtGui import QFont

from app.audit.text import printable
from app.audit.trail import AuditRecord
from widgets.table_model import FlatTableModel, Index

#: Outcomes that need a reader's attention; shown in capitals and bold, never by colour alone.
ABNORMAL = frozenset({"refused", "broken"})


def details_text(details: dict[str, object] | None) -> str:
    """Compact JSON of a record's details, its strings kept as typed (the caller escapes the whole).

    Not ``json.dumps``: its escapes would be escaped again by ``printable``, so a typed newline
    would read as backslash, backslash, n. Here ``printable`` alone shows it, as backslash, n.
    Empty details show as nothing rather than ``{}``.
    """
    if not details:
        return ""
    return _compact(details)


def _compact(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "{" + ",".join(f"{_compact(str(k))}:{_compact(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(_compact(v) for v in value) + "]"
    return json.dumps(value)


class AuditModel(FlatTableModel):
    SEQ, TIME, ACTOR, ACTION, TARGET, OUTCOME, DETAILS, WORKSTATION = range(8)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditRecord] = []
        self._names: dict[str, str] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    def refresh(self, records: list[AuditRecord], names: dict[str, str]) -> None:
        self.beginResetModel()
        self._rows = records
        self._names = names
        self.endResetModel()

    def records(self) -> list[AuditRecord]:
        return list(self._rows)

    def row_of(self, seq: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.seq == seq), None)

    def row_count(self) -> int:
        return len(self._rows)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("#"),
            self.tr("Time"),
            self.tr("Actor"),
            self.tr("Action"),
            self.tr("Target"),
            self.tr("Outcome"),
            self.tr("Details"),
            self.tr("Workstation"),
        )

    def name(self, ref: str) -> str:
        """The email of a ref while its account exists, else the ref as stored."""
        return self._names.get(ref, ref)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        record = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(record, column)
        if role == Qt.ItemDataRole.FontRole:
            if column == self.OUTCOME and record.outcome in ABNORMAL:
                return self._bold
            if column in (self.DETAILS, self.WORKSTATION) and record.erased:
                return self._italic
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SEQ:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def text(self, record: AuditRecord, column: int) -> str:
        if column == self.DETAILS:
            return self.tr("erased") if record.details is None else printable(details_text(record.details))
        cells = (
            str(record.seq),
            QDateTime.fromMSecsSinceEpoch(record.ts_ms).toString("yyyy-MM-dd HH:mm:ss"),
            printable(self.name(record.actor)),
            printable(record.action),
            printable(self.name(record.target)),
            self.outcome_text(record.outcome),
            "",
            self.tr("erased") if record.workstation is None else printable(record.workstation),
        )
        return cells[column]

    def outcome_text(self, outcome: str) -> str:
        texts = {"ok": self.tr("ok"), "refused": self.tr("REFUSED"), "broken": self.tr("BROKEN")}
        return texts.get(outcome, printable(outcome.upper()))
