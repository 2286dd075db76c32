"""The small forms of the users window: add an account, change its role, set its password.

They only collect what was typed; the users window wires OK to the account service and
closes a form only once the service has taken it, so a refusal (a guessable password, the
last administrator) stays in the form in front of the administrator to correct. Kept apart
from the window so that it reads as its table and buttons.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.accounts.passwords import MIN_LENGTH
from app.accounts.roles import Role
from app.accounts.service import Account
from app.audit.text import printable

W = TypeVar("W", bound=QWidget)


def parse_sites(text: str) -> frozenset[str] | None:
    """``"north, south"`` → both sites; an empty field means every site (None)."""
    sites = frozenset(part.strip() for part in text.split(",") if part.strip())
    return sites or None


class UserForm(QDialog):
    """A small form with a message line and OK / Cancel; OK is wired by the users window."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = QLabel(wordWrap=True, objectName="formMessage")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def row(self, label: str, widget: W) -> W:
        self.form.addRow(label, widget)
        return widget

    def role_and_sites(self, role: Role, sites: frozenset[str] | None) -> tuple[QComboBox, QLineEdit]:
        combo = self.row(self.tr("Role"), QComboBox())
        for each in Role:
            combo.addItem(each.label, each.value)
        combo.setCurrentIndex(combo.findData(role.value))
        edit = self.row(self.tr("Sites"), QLineEdit(", ".join(sorted(sites or ()))))
        edit.setPlaceholderText(self.tr("comma separated, empty = all"))
        return combo, edit

    def passwords(self, first: str, again: str) -> tuple[QLineEdit, QLineEdit]:
        password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        password.setPlaceholderText(self.tr("at least {minimum} characters").format(minimum=MIN_LENGTH))
        return self.row(first, password), self.row(again, QLineEdit(echoMode=QLineEdit.EchoMode.Password))

    def passwords_differ(self) -> bool:
        """Checked here, before the service: a typo in one of two hidden fields is not a refusal."""
        differ = self.password.text() != self.again.text()  # type: ignore[attr-defined]
        if differ:
            self.message.setText(self.tr("The two passwords differ."))
        return differ


class AddUserForm(UserForm):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add an account"), parent)
        self.email = self.row(self.tr("Email"), QLineEdit())
        self.organisation = self.row(self.tr("Organisation"), QLineEdit())
        self.role, self.sites = self.role_and_sites(Role.VIEWER, None)
        self.password, self.again = self.passwords(
            self.tr("Initial password"), self.tr("Initial password again")
        )


class RoleForm(UserForm):
    def __init__(self, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Change role of {email}").format(email=printable(account.email)), parent)
        self.role, self.sites = self.role_and_sites(account.role, account.sites)


class PasswordForm(UserForm):
    def __init__(self, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Set password of {email}").format(email=printable(account.email)), parent)
        self.password, self.again = self.passwords(self.tr("New password"), self.tr("New password again"))
