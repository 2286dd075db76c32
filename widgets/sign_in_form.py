"""The sign-in form of the lock screen: email, password, and the code when the account has one.

Checking a password costs tens of milliseconds of hashing by design, so it runs on the
thread pool and the form waits without freezing the alarm banner above it. Paste is
allowed in every field (password managers), and the refusal says why in plain words.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.accounts.service import AccountService, Refusal, Session, SignInError
from widgets.background import run_in_background


class SignInForm(QWidget):
    signed_in = Signal(object)  # Session

    def __init__(self, accounts: AccountService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self.email = QLineEdit(placeholderText=self.tr("name@example.com"))
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.code = QLineEdit(placeholderText=self.tr("6-digit code, or a recovery code"))
        self.code_label = QLabel(self.tr("Code"))
        self.button = QPushButton(self.tr("Sign in"))
        self.button.setDefault(True)
        self.message = QLabel(objectName="signInMessage", wordWrap=True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        form.addRow(self.tr("Email"), self.email)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.code_label, self.code)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.button)
        layout.addWidget(self.message)
        self._show_code(False)
        self.button.clicked.connect(self.submit)
        for field in (self.email, self.password, self.code):
            field.returnPressed.connect(self.submit)
        self.busy = False

    def _show_code(self, shown: bool) -> None:
        self.code.setVisible(shown)
        self.code_label.setVisible(shown)

    def reset(self, email: str = "") -> None:
        """Empty the form (after a sign-in, a lock or a switch of user)."""
        self.email.setText(email)
        self.password.clear()
        self.code.clear()
        self._show_code(False)
        self.message.clear()
        (self.password if email else self.email).setFocus()

    def submit(self) -> None:
        if self.busy:
            return
        email, password = self.email.text(), self.password.text()
        code = self.code.text() if self.code.isVisible() else None
        if not email or not password:
            self.message.setText(self.tr("Enter your email and password."))
            return
        self.busy = True
        self.button.setEnabled(False)
        self.message.setText(self.tr("Checking…"))
        run_in_background(lambda: self._accounts.sign_in(email, password, code=code), self._done, self)

    def _done(self, result: object) -> None:
        self.busy = False
        self.button.setEnabled(True)
        if isinstance(result, Session):
            self.reset()
            self.signed_in.emit(result)
            return
        if isinstance(result, SignInError):
            if result.reason is Refusal.CODE_NEEDED:
                self._show_code(True)
                self.code.setFocus()
            elif result.reason is not Refusal.WRONG_CODE and result.reason is not Refusal.CODE_REUSED:
                self.password.clear()
                self.password.setFocus()
            self.code.clear()
            self.message.setText(str(result))
            return
        self.message.setText(self.tr("Sign-in failed: {problem}").format(problem=result))
