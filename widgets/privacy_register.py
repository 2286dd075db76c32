"""The administrator's register of data-subject requests: its table, the form and the page.

The register shows "OVERDUE" in words, with a background only as a second cue (ISA-101:
colour for abnormal, never alone). Each action goes through the privacy service, which
checks the right and writes the audit record; a refusal is shown as a message, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.accounts.actors import Actor
from app.audit.text import printable
from app.privacy.laws import RequestKind
from app.privacy.requests import RequestView
from app.privacy.service import PrivacyError, PrivacyService
from widgets.privacy_tables import (
    OVERDUE_BACKGROUND,
    REFUSALS,
    WARNING_STYLE,
    kind_label,
    local_date,
    text_table,
)
from widgets.table_model import FlatTableModel, Index


class RequestsModel(FlatTableModel):
    """The register of data-subject requests, newest first, with who each is about by email."""

    ID, SUBJECT, KIND, RECEIVED, ANSWERED, DONE, DUE, STATE = range(8)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RequestView] = []
        self._overdue: set[int] = set()
        self._names: dict[str, str] = {}

    def refresh(self, rows: list[RequestView], overdue: set[int], names: dict[str, str]) -> None:
        """Show ``rows``; ``overdue`` holds the ids late now; ``names`` gives emails by ref."""
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda r: -r.id)
        self._overdue = overdue
        self._names = names
        self.endResetModel()

    def request_at(self, row: int) -> RequestView:
        return self._rows[row]

    def row_of(self, request_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == request_id), None)

    def email_of(self, request: RequestView) -> str | None:
        return self._names.get(request.row.subject)

    def row_count(self) -> int:
        return len(self._rows)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("No."),
            self.tr("Person"),
            self.tr("Request"),
            self.tr("Received"),
            self.tr("Answered"),
            self.tr("Done"),
            self.tr("Due"),
            self.tr("State"),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        request = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(request, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.detail(request)
        late = request.id in self._overdue
        if role == Qt.ItemDataRole.BackgroundRole and late and index.column() == self.STATE:
            return OVERDUE_BACKGROUND
        return None

    def text(self, request: RequestView, column: int) -> str:
        row = request.row
        if column == self.STATE:
            return self.state_text(request)
        if column == self.SUBJECT:
            return printable(self._names.get(row.subject, row.subject))
        if column == self.KIND:
            return kind_label(row.kind)
        times = (row.received_ms, row.acknowledged_ms, row.done_ms, row.due_ms)
        return str(row.id) if column == self.ID else local_date(times[column - self.RECEIVED])

    def late_answer(self, request: RequestView) -> bool:
        """Overdue for want of an answer (the law's first deadline), rather than of the work."""
        return (
            request.id in self._overdue
            and request.row.acknowledged_ms is None
            and request.acknowledge_by_ms is not None
        )

    def state_text(self, request: RequestView) -> str:
        """Open, done, or OVERDUE with which deadline was missed, in words."""
        if request.id not in self._overdue:
            return self.tr("done") if request.row.done_ms is not None else self.tr("open")
        return self.tr("OVERDUE (no answer)") if self.late_answer(request) else self.tr("OVERDUE (not done)")

    def detail(self, request: RequestView) -> str:
        """One line about a request: whose, which, the deadline missed, and its note."""
        row = request.row
        parts = [
            self.tr("Request {id}: {person}, {kind}.").format(
                id=row.id, person=self.text(request, self.SUBJECT), kind=kind_label(row.kind)
            )
        ]
        if self.late_answer(request):
            parts.append(
                self.tr("OVERDUE: the law asks for an answer by {date}.").format(
                    date=local_date(request.acknowledge_by_ms)
                )
            )
        elif request.id in self._overdue:
            parts.append(self.tr("OVERDUE: due by {date}.").format(date=local_date(row.due_ms)))
        if row.note:
            parts.append(self.tr("Note: {note}").format(note=printable(row.note)))
        return " ".join(parts)


class RequestForm(QDialog):
    """A request received by mail, phone or in person: whose, which right, and a note.

    OK is wired by the panel, which closes the form only once the service has taken it,
    so a refusal (an unknown email) stays in front of the administrator to correct.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Register a request"))
        self.email = QLineEdit(placeholderText=self.tr("name@example.com"))
        self.kind = QComboBox()
        for kind in RequestKind:
            self.kind.addItem(kind.label, kind.value)
        self.note = QLineEdit(placeholderText=self.tr("how it came in, reference of the letter…"))
        self.message = QLabel(wordWrap=True, objectName="formMessage")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Person's email"), self.email)
        form.addRow(self.tr("Request"), self.kind)
        form.addRow(self.tr("Note"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def chosen_kind(self) -> RequestKind:
        return RequestKind(self.kind.currentData())


class RegisterPage(QWidget):
    """The register of requests for an administrator: answer, complete, register, restore.

    ``message`` carries the outcome of each act in plain words to the panel's message line;
    ``restored`` tells the panel an account came back, so it reads that account again.
    """

    message = Signal(str)
    restored = Signal()

    def __init__(
        self,
        privacy: PrivacyService,
        actor: Actor,
        names: Callable[[], dict[str, str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._privacy = privacy
        self._actor = actor
        self._names = names
        self._withdrawn_refs: set[str] = set()
        self.request_form: RequestForm | None = None
        self.overdue_banner = QLabel(wordWrap=True, objectName="overdueBanner")
        self.overdue_banner.setStyleSheet(WARNING_STYLE)
        self.overdue_banner.hide()
        self.model = RequestsModel(self)
        self.view = text_table(self.model)
        self.acknowledge_button = QPushButton(self.tr("Mark answered"))
        self.complete_button = QPushButton(self.tr("Mark done"))
        self.restore_button = QPushButton(self.tr("Restore account"))
        self.register_button = QPushButton(self.tr("Register a request…"))
        buttons = QHBoxLayout()
        for button in (self.acknowledge_button, self.complete_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.register_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.overdue_banner)
        self.detail = QLabel(wordWrap=True, objectName="requestDetail")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.acknowledge_button.clicked.connect(self.acknowledge_selected)
        self.complete_button.clicked.connect(self.complete_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.register_button.clicked.connect(self.register_request)
        self._update_buttons()

    def refresh(self) -> None:
        """Read the register again, keeping the selected request; say how many are overdue."""
        selected = self.selected_request()
        try:
            rows = self._privacy.requests(self._actor)
            late = {r.id for r in self._privacy.overdue(self._actor)}
            names = self._names() if self._names is not None else {}
        except REFUSALS as exc:
            self.message.emit(str(exc))
            return
        self.model.refresh(rows, late, names)
        # A withdrawn account waits for its deletion: an open deletion request names it.
        self._withdrawn_refs = {
            r.row.subject for r in rows if r.row.kind == RequestKind.DELETION.value and r.row.done_ms is None
        }
        self.overdue_banner.setText(
            self.tr(
                "%n request(s) overdue: answer or complete them now; the law sets the due date.",
                "",
                len(late),
            )
        )
        self.overdue_banner.setVisible(bool(late))
        if selected is not None:
            self.select_request(selected.id)
        self._update_buttons()

    def selected_request(self) -> RequestView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.request_at(rows[0].row()) if rows else None

    def select_request(self, request_id: int) -> None:
        row = self.model.row_of(request_id)
        if row is not None:
            self.view.selectRow(row)

    def _update_buttons(self) -> None:
        request = self.selected_request()
        self.detail.setText(
            self.tr("Select a request to act on it.") if request is None else self.model.detail(request)
        )
        pending = request is not None and request.row.done_ms is None
        self.acknowledge_button.setEnabled(
            pending and request is not None and request.row.acknowledged_ms is None
        )
        self.complete_button.setEnabled(pending)
        self.restore_button.setEnabled(
            request is not None
            and request.row.subject in self._withdrawn_refs
            and self.model.email_of(request) is not None
        )

    def _on_selected(self, work: Callable[[RequestView], object], done: str) -> bool:
        request = self.selected_request()
        if request is None:
            self.message.emit(self.tr("Select a request first."))
            return False
        try:
            work(request)
        except REFUSALS as exc:
            self.message.emit(self.tr("Not done: {why}").format(why=exc))
            return False
        self.refresh()
        self.message.emit(done.format(id=request.id, email=printable(self.model.email_of(request) or "")))
        return True

    def acknowledge_selected(self) -> None:
        self._on_selected(
            lambda r: self._privacy.acknowledge_request(self._actor, r.id), self.tr("Request {id} answered.")
        )

    def complete_selected(self) -> None:
        self._on_selected(
            lambda r: self._privacy.complete_request(self._actor, r.id), self.tr("Request {id} done.")
        )

    def restore_selected(self) -> None:
        """Give the selected request's withdrawn account back, at the person's request."""

        def restore(request: RequestView) -> None:
            email = self.model.email_of(request)
            if email is None:
                raise PrivacyError(
                    self.tr("the email of {ref} is not known here").format(ref=request.row.subject)
                )
            self._privacy.restore(self._actor, email)

        if self._on_selected(restore, self.tr("The account {email} is restored.")):
            self.restored.emit()

    def register_request(self) -> RequestForm:
        """Open the form without blocking; OK registers the request (see ``apply_request``)."""
        form = RequestForm(self)
        form.ok_button.clicked.connect(lambda: self.apply_request(form))
        self.request_form = form
        form.open()
        return form

    def apply_request(self, form: RequestForm) -> bool:
        """Register what the form says; the form stays open with the reason if the service refuses."""
        try:
            request_id = self._privacy.receive_request(
                self._actor, form.email.text().strip(), form.chosen_kind(), form.note.text().strip()
            )
        except REFUSALS as exc:
            form.message.setText(self.tr("Not registered: {why}").format(why=exc))
            return False
        form.accept()
        self.request_form = None
        self.refresh()
        self.select_request(request_id)
        self.message.emit(self.tr("Request {id} registered.").format(id=request_id))
        return True
