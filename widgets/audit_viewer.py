"""The audit trail for administrators: who did what to whom, whether the chain is intact, a CSV copy.

Reading the trail is itself a right (``audit.view``): it says who signed in where and what
they changed, so the window refuses to open without it. Records name people by their
pseudonymous ref; the window shows the email while the account exists and the bare ref
after it was deleted. Everything people typed (emails of failed sign-ins, comments,
names) is shown through ``printable``, so a newline in it cannot fake a second record,
and written to CSV through ``spreadsheet_safe``, so it cannot run as a formula.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.accounts.actors import Actor, Right, RightMissingError
from app.accounts.guard import require
from app.audit import reading
from app.audit.actions import Action
from app.audit.csv_file import write_csv
from app.audit.text import printable
from app.audit.trail import AuditRecord, AuditTrail, Verification
from app.timefmt import now_ms
from widgets.audit_records import AuditModel
from widgets.background import run_in_background

log = logging.getLogger(__name__)

#: More rows than anyone reads on screen; the count line says when filters cut the list.
LIMIT = 5000
DEFAULT_DAYS = 7
TIME_FORMAT = "yyyy-MM-dd HH:mm"
#: Widest a column starts (px), so that Details, the most telling one, keeps room; the tooltip has all.
MAX_WIDTH = {AuditModel.ACTOR: 240, AuditModel.TARGET: 220, AuditModel.WORKSTATION: 160}


class AuditViewer(QDialog):
    """Filters, the records newest first, and the Verify and Export buttons, for ``actor``.

    ``names`` gives email by ref (``AccountService.names``); ``clock`` sets what "the last
    seven days" of the default filter means (the services' clock in tests).
    """

    def __init__(
        self,
        trail: AuditTrail,
        names: Callable[[], dict[str, str]],
        actor: Actor,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], int] = now_ms,
    ) -> None:
        require(trail, actor, Right.VIEW_AUDIT, "audit")
        super().__init__(parent)
        self.setWindowTitle(self.tr("Audit trail"))
        self.resize(1200, 650)
        self._trail = trail
        self._names = names
        self._actor = actor
        self._seen_actors: set[str] = set()
        #: The save dialog of an export while it is open (tests choose the file in it).
        self.file_dialog: QFileDialog | None = None
        #: The last verification's result, once it has finished.
        self.verification: Verification | None = None

        filters = self._filters(QDateTime.fromMSecsSinceEpoch(clock()))
        self.model = AuditModel(self)
        self.view = self._table()
        #: The whole of the selected record, which the narrow Details column cuts short.
        self.detail = QLabel(objectName="auditDetail", wordWrap=True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        buttons = self._buttons()
        self.result = QLabel(objectName="auditVerification", wordWrap=True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        big = self.result.font()
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 1.2)
        self.result.setFont(big)
        self.problems = QLabel(objectName="auditProblems", wordWrap=True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.hide()
        self.message = QLabel(objectName="auditMessage", wordWrap=True)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addWidget(self.problems)
        layout.addWidget(self.message)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.reload)
        self.since.dateTimeChanged.connect(self.reload)
        self.until.dateTimeChanged.connect(self.reload)
        self.actor_filter.currentIndexChanged.connect(self.reload)
        self.action_filter.currentIndexChanged.connect(self.reload)
        self.reload()
        self.view.setFocus()  # the records, not the From field, are what one reads first

    def _filters(self, now: QDateTime) -> QHBoxLayout:
        """From a week ago to the end of today, anyone, any action: what an administrator checks first."""
        self.since = QDateTimeEdit(now.addDays(-DEFAULT_DAYS), calendarPopup=True)
        self.until = QDateTimeEdit(QDateTime(now.date(), QTime(23, 59)), calendarPopup=True)
        self.actor_filter = QComboBox()
        self.actor_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.action_filter = QComboBox()
        self._fill_actions()
        filters = QHBoxLayout()
        for label, widget in (
            (self.tr("From"), self.since),
            (self.tr("To"), self.until),
            (self.tr("Actor"), self.actor_filter),
            (self.tr("Action"), self.action_filter),
        ):
            if isinstance(widget, QDateTimeEdit):
                widget.setDisplayFormat(TIME_FORMAT)
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addStretch(1)
        return filters

    def _table(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setWordWrap(False)
        view.verticalHeader().setVisible(False)
        header = view.horizontalHeader()
        header.setResizeContentsPrecision(200)  # 5000 rows measured at every load would stall the window
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(AuditModel.DETAILS, QHeaderView.ResizeMode.Stretch)
        view.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        return view

    def _buttons(self) -> QHBoxLayout:
        self.count = QLabel(objectName="auditCount")
        self.verify_button = QPushButton(self.tr("Verify chain"))
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        buttons = QHBoxLayout()
        for button in (self.verify_button, self.export_button, self.refresh_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addWidget(self.count, 1)
        self.verify_button.clicked.connect(self.verify)
        self.export_button.clicked.connect(self.export_csv)
        self.refresh_button.clicked.connect(self.reload)
        return buttons

    # Filters

    def _fill_actions(self) -> None:
        """Any action, then each family (``auth.``…), then every single action."""
        self.action_filter.addItem(self.tr("Any action"), None)
        values = sorted(a.value for a in Action)
        for prefix in sorted({v.split(".", 1)[0] + "." for v in values}):
            self.action_filter.addItem(self.tr("{family}* (all)").format(family=prefix), prefix)
        for value in values:
            self.action_filter.addItem(value, value)

    def _fill_actors(self, names: dict[str, str]) -> None:
        """Anyone, then every account and every other actor seen so far; the choice is kept."""
        chosen = self.actor_filter.currentData()
        refs = self._seen_actors | set(names)
        self.actor_filter.blockSignals(True)
        self.actor_filter.clear()
        self.actor_filter.addItem(self.tr("Anyone"), None)
        for ref in sorted(refs, key=lambda r: (r not in names, names.get(r, r))):
            self.actor_filter.addItem(printable(names.get(ref, ref)), ref)
        self.actor_filter.setCurrentIndex(max(self.actor_filter.findData(chosen), 0))
        self.actor_filter.blockSignals(False)

    def choose_actor(self, ref: str) -> None:
        self.actor_filter.setCurrentIndex(self.actor_filter.findData(ref))

    def choose_action(self, value: str) -> None:
        """An action (``auth.sign_in``) or, ending in a dot, a family of them (``auth.``)."""
        self.action_filter.setCurrentIndex(self.action_filter.findData(value))

    def filters(self) -> dict[str, object]:
        """What the trail is asked for; the To time includes its whole minute."""
        found: dict[str, object] = {
            "since_ms": self.since.dateTime().toMSecsSinceEpoch(),
            "until_ms": self.until.dateTime().toMSecsSinceEpoch() + 60_000,
            "newest_first": True,
            "limit": LIMIT,
        }
        actor = self.actor_filter.currentData()
        if actor is not None:
            found["actors"] = [actor]
        action = self.action_filter.currentData()
        if action is not None:
            found["action_prefix"] = action
        return found

    # Records

    def reload(self) -> None:
        """Read the records the filters select; a refusal (the right was taken away) is shown."""
        try:
            records = reading.read_records(self._trail, self._actor, **self.filters())
        except RightMissingError as exc:
            self.message.setText(str(exc))
            return
        action = self.action_filter.currentData()
        if action is not None and not action.endswith("."):
            # The trail filters by prefix: auth.sign_in would also bring auth.sign_in_failed.
            records = [r for r in records if r.action == action]
        names = self._names()
        self._seen_actors |= {r.actor for r in records}
        self._fill_actors(names)
        chosen = self.selected()
        self.model.refresh(records, names)
        row = None if chosen is None else self.model.row_of(chosen.seq)
        if row is not None:
            self.view.selectRow(row)
        self._show_detail()
        for column in range(self.model.columnCount()):
            if column != AuditModel.DETAILS:
                self.view.resizeColumnToContents(column)
                widest = MAX_WIDTH.get(column, 320)
                self.view.setColumnWidth(column, min(self.view.columnWidth(column), widest))
        shown = len(records)
        self.count.setText(
            self.tr("{count} records shown").format(count=shown)
            if shown < LIMIT
            else self.tr(
                "The newest {count} records are shown; narrow the filters to see older ones."
            ).format(count=shown)
        )

    def selected(self) -> AuditRecord | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.records()[rows[0].row()] if rows else None

    def _show_detail(self) -> None:
        record, model = self.selected(), self.model
        if record is None:
            self.detail.clear()
            return
        self.detail.setText(
            " · ".join(
                model.text(record, c)
                for c in (model.SEQ, model.ACTION, model.TARGET, model.OUTCOME, model.DETAILS)
            )
        )

    def shown(self) -> list[AuditRecord]:
        return self.model.records()

    # Verifying

    def verify(self) -> None:
        """Walk the whole chain off the GUI thread (it hashes every record) and say what was found."""
        self.verify_button.setEnabled(False)
        self.result.setText(self.tr("Checking the chain…"))
        self.problems.hide()
        trail, actor = self._trail, self._actor

        def work() -> Verification:
            result = reading.verify_trail(trail, actor)
            try:  # as ``wattkeeper audit verify`` does: the check itself is on record
                trail.record(
                    actor,
                    Action.TRAIL_VERIFIED,
                    str(result.head),
                    details={"records": result.records, "problems": len(result.problems)},
                    outcome="ok" if result.intact else "broken",
                )
            except Exception:  # a trail that takes no more records must still show what was found
                log.exception("the verification of the audit trail could not be recorded")
            return result

        run_in_background(work, self._verified, self)

    def _verified(self, result: object) -> None:
        self.verify_button.setEnabled(True)
        if isinstance(result, Exception):
            self.result.setText(self.tr("The chain cannot be checked: {problem}").format(problem=result))
            return
        assert isinstance(result, Verification)
        self.verification = result
        if result.intact:
            text = self.tr("Intact: {count} records, head {head}").format(
                count=result.records, head=result.head
            )
            if result.erased:
                text += self.tr(" ({count} with details erased by retention or a deletion)").format(
                    count=result.erased
                )
            self.result.setText(text)
        else:
            first = result.problems[0]
            self.result.setText(
                self.tr("BROKEN at record {seq}: {problem}").format(seq=first.seq, problem=first.text)
            )
            rest = [f"{p.seq}: {p.text}" for p in result.problems[1:]]
            self.problems.setText(
                self.tr("Also found:") + "\n" + "\n".join(printable(line) for line in rest) if rest else ""
            )
            self.problems.setVisible(bool(rest))
        self.reload()

    # Exporting

    def export_csv(self) -> None:
        """Ask where to save; the chosen file gets the records shown now (:meth:`write_csv`)."""
        dialog = QFileDialog(self, self.tr("Export the audit records shown"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("CSV files (*.csv)"))
        dialog.setDefaultSuffix("csv")
        dialog.selectFile("audit.csv")
        dialog.fileSelected.connect(lambda path: self.write_csv(Path(path)))
        dialog.finished.connect(lambda _result: setattr(self, "file_dialog", None))
        self.file_dialog = dialog
        dialog.open()

    def write_csv(self, path: Path) -> int:
        """Write the records shown, in the columns of ``wattkeeper audit export``; how many.

        The export is recorded: a copy of the trail leaving the program is itself an event.
        """
        records = self.shown()
        names = self._names()
        try:
            write_csv(path, records, names)
        except OSError as exc:
            self.message.setText(
                self.tr("{file} cannot be written: {problem}").format(file=path, problem=exc.strerror)
            )
            return 0
        self._trail.record(
            self._actor,
            Action.TRAIL_EXPORTED,
            str(path),
            details={"records": len(records), "format": "csv"},
        )
        self.message.setText(
            self.tr("{count} records written to {file}").format(count=len(records), file=printable(str(path)))
        )
        self.reload()
        return len(records)
