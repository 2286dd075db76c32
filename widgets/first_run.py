"""The first start: a database without accounts asks for its administrator.

There is no default account and no default password: whoever installs Wattkeeper names
the first administrator here (or, headless, with ``wattkeeper users add EMAIL --role
admin``). The password rules are stated up front rather than discovered by refusals.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.accounts.passwords import MIN_LENGTH, PasswordRejectedError
from app.accounts.service import AccountError, AccountService, Session, SignInError


class FirstRunDialog(QDialog):
    def __init__(self, accounts: AccountService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to Wattkeeper"))
        self._accounts = accounts
        self.session: Session | None = None
        intro = QLabel(
            self.tr(
                "This workstation has no accounts yet. Create the administrator: they add the other "
                "accounts and choose who may do what. A password needs at least {minimum} characters; "
                "a few unrelated words make a strong one that is easy to remember."
            ).format(minimum=MIN_LENGTH),
            wordWrap=True,
        )
        self.email = QLineEdit(placeholderText=self.tr("name@example.com"))
        self.organisation = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Email"), self.email)
        form.addRow(self.tr("Organisation"), self.organisation)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Password again"), self.again)
        self.message = QLabel(wordWrap=True, objectName="firstRunMessage")
        self.create_button = QPushButton(self.tr("Create administrator"))
        self.create_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.create_button)
        self.create_button.clicked.connect(self.create)

    def create(self) -> None:
        if self.password.text() != self.again.text():
            self.message.setText(self.tr("The two passwords differ."))
            return
        email, password = self.email.text(), self.password.text()
        try:
            self._accounts.create_first_admin(email, self.organisation.text(), password)
            self.session = self._accounts.sign_in(email, password)
        except (AccountError, PasswordRejectedError, ValueError, SignInError) as exc:
            self.message.setText(str(exc))
            return
        self.accept()
