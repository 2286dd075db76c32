"""Changing one's own password: the current one, then the new one twice."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.accounts.passwords import MIN_LENGTH, PasswordRejectedError
from app.accounts.service import AccountError, AccountService, Session


class PasswordDialog(QDialog):
    def __init__(self, accounts: AccountService, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change password"))
        self._accounts = accounts
        self._session = session
        self.current = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.new = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Current password"), self.current)
        form.addRow(self.tr("New password"), self.new)
        form.addRow(self.tr("New password again"), self.again)
        rule = QLabel(
            self.tr(
                "At least {minimum} characters; a few unrelated words are strong and easy to remember."
            ).format(minimum=MIN_LENGTH),
            wordWrap=True,
        )
        self.message = QLabel(wordWrap=True)
        save = QPushButton(self.tr("Change password"))
        save.setDefault(True)
        save.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(rule)
        layout.addWidget(self.message)
        layout.addWidget(save)

    def save(self) -> None:
        if self.new.text() != self.again.text():
            self.message.setText(self.tr("The two new passwords differ."))
            return
        try:
            self._accounts.change_password(self._session, self.current.text(), self.new.text())
        except (AccountError, PasswordRejectedError) as exc:
            self.message.setText(str(exc))
            return
        self.accept()
