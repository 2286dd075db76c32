"""Account administration: who may sign in, with which role, on which sites, and how.

Every button calls the account service, which checks the administrator's right and audits
the change itself; this window only shows the answer. A refusal (the last administrator,
a guessable password, a missing right) is shown in plain words under the table and never
closes the window, so the administrator can correct and try again. The small forms
(``widgets.user_forms``) open without blocking (``open()``, not ``exec()``), so tests and
the idle lock can drive them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDateTime, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.accounts.actors import Actor, RightMissingError
from app.accounts.roles import Role
from app.accounts.service import Account, AccountError, AccountService
from app.audit.text import printable
from widgets.table_model import FlatTableModel, Index
from widgets.user_forms import AddUserForm, PasswordForm, RoleForm, UserForm, parse_sites

#: What the services raise when they refuse; the text says why (PasswordRejectedError is a ValueError).
REFUSALS = (AccountError, ValueError, RightMissingError)
#: What :meth:`UsersDialog._act` returns when the service refused.
REFUSED = object()
#: Local time to the minute: enough to tell when someone last came in.
DATE_TIME = "yyyy-MM-dd HH:mm"


def local_minute(ts_ms: int) -> str:
    """HH:MM of the minute a delay has ended by (rounded up, so "until" is never too early)."""
    return QDateTime.fromMSecsSinceEpoch(-(-ts_ms // 60_000) * 60_000).toString("HH:mm")


class UsersModel(FlatTableModel):
    EMAIL, ORGANISATION, ROLE, SITES, STATUS, FACTOR, LAST_SIGN_IN, DELAY = range(8)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Account] = []
        self._held: dict[str, int] = {}

    def refresh(self, accounts: list[Account], held: dict[str, int]) -> None:
        """Show ``accounts``; ``held`` gives, by email, when a sign-in delay ends (UTC ms)."""
        self.beginResetModel()
        self._rows = sorted(accounts, key=lambda a: a.email)
        self._held = held
        self.endResetModel()

    def account_at(self, row: int) -> Account:
        return self._rows[row]

    def row_of(self, email: str) -> int | None:
        return next((i for i, a in enumerate(self._rows) if a.email == email), None)

    def row_count(self) -> int:
        return len(self._rows)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Email"),
            self.tr("Organisation"),
            self.tr("Role"),
            self.tr("Sites"),
            self.tr("Status"),
            self.tr("Second factor"),
            self.tr("Last sign-in"),
            self.tr("Sign-in delay"),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        account = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(account, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return account.ref
        return None

    def text(self, account: Account, column: int) -> str:
        """What a cell shows; what people typed goes through ``printable`` so it cannot fake a row."""
        last, until = account.last_sign_in_ms, self._held.get(account.email)
        cells = (
            printable(account.email),
            printable(account.organisation),
            account.role.label,
            self.sites_text(account.sites),
            self.status_text(account.status),
            self.tr("yes") if account.mfa_enrolled else self.tr("no"),
            self.tr("never") if last is None else QDateTime.fromMSecsSinceEpoch(last).toString(DATE_TIME),
            "" if until is None else self.tr("held back until {time}").format(time=local_minute(until)),
        )
        return cells[column]

    def sites_text(self, sites: frozenset[str] | None) -> str:
        return self.tr("All sites") if sites is None else printable(", ".join(sorted(sites)))

    def status_text(self, status: str) -> str:
        texts = {
            "active": self.tr("active"),
            "disabled": self.tr("disabled"),
            "withdrawn": self.tr("withdrawn"),
        }
        return texts.get(status, printable(status))


class UsersDialog(QDialog):
    """Every account, and the administrator's buttons acting on the selected one for ``actor``."""

    def __init__(self, accounts: AccountService, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Users"))
        self.resize(1200, 600)
        self._accounts = accounts
        self._actor = actor
        #: The form or question open over this window, if any (tests drive it).
        self.form: UserForm | None = None
        self.confirmation: QMessageBox | None = None
        self.model = UsersModel(self)
        self.view = self._table()
        buttons = self._buttons()
        policy = self._policy()
        self.message = QLabel(wordWrap=True, objectName="usersMessage")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(policy)
        layout.addWidget(self.message)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        refused = self.refresh()
        if refused:
            self.message.setText(refused)

    def _table(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setWordWrap(False)
        view.verticalHeader().setVisible(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(UsersModel.ORGANISATION, QHeaderView.ResizeMode.Stretch)
        view.installEventFilter(self)
        view.doubleClicked.connect(lambda _index: self.change_role())
        return view

    def _buttons(self) -> QHBoxLayout:
        self.add_button = self._button(self.tr("Add…"), self.add_user)
        self.enable_button = self._button(self.tr("Disable"), self.toggle_enabled)
        self.unlock_button = self._button(self.tr("Lift sign-in delay"), self.unlock)
        self.reset_mfa_button = self._button(self.tr("Reset second factor"), self.reset_mfa)
        self.role_button = self._button(self.tr("Change role…"), self.change_role)
        self.password_button = self._button(self.tr("Set password…"), self.set_password)
        #: The buttons that act on the selected account (disabled while none is).
        self.row_buttons = (self.enable_button, self.unlock_button, self.reset_mfa_button)
        self.row_buttons += (self.role_button, self.password_button)
        buttons = QHBoxLayout()
        for button in (self.add_button, *self.row_buttons):
            buttons.addWidget(button)
        buttons.addStretch(1)
        return buttons

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)  # Enter belongs to the table (Change role…), not to a button
        button.clicked.connect(slot)
        return button

    def _policy(self) -> QGroupBox:
        self.mfa_boxes: dict[Role, QCheckBox] = {}
        policy = QGroupBox(self.tr("Second factor required for"))
        boxes = QHBoxLayout(policy)
        for role in Role:
            box = QCheckBox(role.label)
            box.toggled.connect(lambda checked, r=role: self.set_mfa_required(r, checked))
            self.mfa_boxes[role] = box
            boxes.addWidget(box)
        boxes.addStretch(1)
        return policy

    # Showing

    def refresh(self) -> str:
        """Reload every account and the policy, keeping the selected account selected.

        Returns why the accounts cannot be listed ("" when they can): the caller decides
        whether that or the refusal of its own action is the news.
        """
        chosen = self.selected()
        refused = ""
        try:
            accounts = self._accounts.users(self._actor)
        except REFUSALS as exc:
            accounts = []
            refused = str(exc)
        held = {a.email: until for a in accounts if (until := self._accounts.throttled_until(a.email))}
        self.model.refresh(accounts, held)
        row = None if chosen is None else self.model.row_of(chosen.email)
        if row is not None:
            self.view.selectRow(row)
        roles = self._accounts.mfa_roles()
        for role, box in self.mfa_boxes.items():
            box.blockSignals(True)
            box.setChecked(role in roles)
            box.blockSignals(False)
        self._update_buttons()
        return refused

    def selected(self) -> Account | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.account_at(rows[0].row()) if rows else None

    def select(self, email: str) -> None:
        row = self.model.row_of(email)
        if row is not None:
            self.view.selectRow(row)

    def _update_buttons(self) -> None:
        account = self.selected()
        for button in self.row_buttons:
            button.setEnabled(account is not None)
        disabled = account is not None and account.status == "disabled"
        self.enable_button.setText(self.tr("Enable") if disabled else self.tr("Disable"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on a row changes its role, Delete disables it; other keys go to the table."""
        if watched is self.view and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            keys = {Qt.Key.Key_Return: self.change_role, Qt.Key.Key_Enter: self.change_role}
            act = {**keys, Qt.Key.Key_Delete: self.disable}.get(Qt.Key(event.key()))
            if act is not None:
                act()
                return True
        return super().eventFilter(watched, event)

    def _act(self, work: Callable[[], object], done: str, form: UserForm | None = None) -> object:
        """Run one service call and refresh; show ``done``, or the refusal (in the open form, if any).

        Returns what the call returned, or ``REFUSED``.
        """
        try:
            result = work()
        except REFUSALS as exc:
            (form.message if form is not None else self.message).setText(str(exc))
            self.refresh()
            return REFUSED
        if form is not None:
            form.accept()
            self.form = None
        self.message.setText(done)
        self.refresh()
        return result

    def _open(self, form: UserForm, apply: Callable[[], None]) -> None:
        if self.form is not None:
            self.form.reject()
        self.form = form
        form.buttons.accepted.connect(apply)
        form.rejected.connect(lambda: setattr(self, "form", None) if self.form is form else None)
        form.setModal(True)
        form.open()

    # Acting on accounts

    def add_user(self) -> None:
        """Open the form for a new account; its OK calls :meth:`apply_add`."""
        form = AddUserForm(self)
        self._open(form, lambda: self.apply_add(form))

    def apply_add(self, form: AddUserForm) -> None:
        if form.passwords_differ():
            return
        email, organisation, password = form.email.text(), form.organisation.text(), form.password.text()
        role, sites = Role(form.role.currentData()), parse_sites(form.sites.text())
        added = self._act(
            lambda: self._accounts.add_user(self._actor, email, organisation, role, password, sites=sites),
            self.tr("{email} can now sign in as {role}.").format(email=printable(email), role=role.label),
            form,
        )
        if isinstance(added, Account):
            self.select(added.email)

    def toggle_enabled(self) -> None:
        account = self.selected()
        self._set_enabled(account is not None and account.status == "disabled")

    def disable(self) -> None:
        self._set_enabled(False)

    def _set_enabled(self, enabled: bool) -> None:
        account = self.selected()
        if account is None or (not enabled and account.status == "disabled"):
            return  # Delete on a disabled account: nothing to do, nothing to record
        done = self.tr("{email} is enabled.") if enabled else self.tr("{email} is disabled.")
        self._act(
            lambda: self._accounts.set_enabled(self._actor, account.email, enabled),
            done.format(email=printable(account.email)),
        )

    def unlock(self) -> None:
        account = self.selected()
        if account is None:
            return
        lifted = self._act(lambda: self._accounts.unlock(self._actor, account.email), "")
        if lifted is not REFUSED:
            text = (
                self.tr("{email} may sign in again now.")
                if lifted
                else self.tr("{email} had no sign-in delay.")
            )
            self.message.setText(text.format(email=printable(account.email)))

    def reset_mfa(self) -> None:
        """Ask first: the person must set the second factor up again at their next sign-in."""
        account = self.selected()
        if account is None:
            return
        question = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Reset second factor"),
            self.tr(
                "Forget the second factor of {email}? They set it up again at their next sign-in. "
                "Do this only when you are sure who asked (a lost phone)."
            ).format(email=printable(account.email)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        question.setDefaultButton(QMessageBox.StandardButton.No)
        self.confirmation = question

        def answered(answer: int) -> None:
            self.confirmation = None
            if answer == QMessageBox.StandardButton.Yes:
                self._act(
                    lambda: self._accounts.reset_mfa(self._actor, account.email),
                    self.tr("The second factor of {email} is reset.").format(email=printable(account.email)),
                )

        question.finished.connect(answered)
        question.open()

    def change_role(self) -> None:
        """Open the role form for the selected account; its OK calls :meth:`apply_role`."""
        account = self.selected()
        if account is not None:
            form = RoleForm(account, self)
            self._open(form, lambda: self.apply_role(account, form))

    def apply_role(self, account: Account, form: RoleForm) -> None:
        role, sites = Role(form.role.currentData()), parse_sites(form.sites.text())
        self._act(
            lambda: self._accounts.set_role(self._actor, account.email, role, sites),
            self.tr("{email} is now {role} on {sites}.").format(
                email=printable(account.email), role=role.label, sites=self.model.sites_text(sites)
            ),
            form,
        )

    def set_password(self) -> None:
        """Open the password form for the selected account; its OK calls :meth:`apply_password`."""
        account = self.selected()
        if account is not None:
            form = PasswordForm(account, self)
            self._open(form, lambda: self.apply_password(account, form))

    def apply_password(self, account: Account, form: PasswordForm) -> None:
        if form.passwords_differ():
            return
        self._act(
            lambda: self._accounts.set_password(self._actor, account.email, form.password.text()),
            self.tr("{email} has a new password; tell them in person.").format(
                email=printable(account.email)
            ),
            form,
        )

    def set_mfa_required(self, role: Role, required: bool) -> None:
        done = (
            self.tr("A second factor is now required for the role {role}.")
            if required
            else self.tr("A second factor is no longer required for the role {role}.")
        )
        self._act(
            lambda: self._accounts.set_mfa_required(self._actor, role, required), done.format(role=role.label)
        )
