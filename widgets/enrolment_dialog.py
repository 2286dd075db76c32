"""Setting up the second factor: a QR code to scan, the secret to type, a code to prove it works.

Nothing is stored until a code from the new secret is right, so an abandoned set-up leaves
the account as it was. The ten recovery codes are shown once, on the last page.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.accounts.second_factor import Enrolment
from app.accounts.service import AccountService, Session, SignInError


class EnrolmentDialog(QDialog):
    def __init__(self, accounts: AccountService, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set up the second factor"))
        self._accounts = accounts
        self.session = session
        self.enrolment: Enrolment = accounts.begin_enrolment(session)
        self.recovery_codes: list[str] = []
        self.pages = QStackedWidget()
        self.pages.addWidget(self._scan_page())
        self.pages.addWidget(self._codes_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    def _scan_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            self.tr(
                "Scan this code with an authenticator app (Aegis, FreeOTP, Google or Microsoft "
                "Authenticator…), or type the secret below into it. Then enter the code it shows."
            ),
            wordWrap=True,
        )
        picture = QPixmap()
        picture.loadFromData(self.enrolment.qr_png(scale=5))
        self.qr = QLabel()
        self.qr.setPixmap(picture)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.secret = QLabel(self.enrolment.grouped_secret, objectName="enrolmentSecret")
        self.secret.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.secret.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code = QLineEdit(placeholderText=self.tr("6-digit code"))
        self.message = QLabel(wordWrap=True)
        self.confirm_button = QPushButton(self.tr("Confirm"))
        self.confirm_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        layout = QVBoxLayout(page)
        for widget in (intro, self.qr, self.secret, self.code, self.message, self.confirm_button, cancel):
            layout.addWidget(widget)
        self.confirm_button.clicked.connect(self.confirm)
        self.code.returnPressed.connect(self.confirm)
        cancel.clicked.connect(self.reject)
        return page

    def _codes_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            self.tr(
                "The second factor is ready. Keep these recovery codes somewhere safe, away from this "
                "computer: each one signs you in once if your phone is lost. They are not shown again."
            ),
            wordWrap=True,
        )
        self.codes_text = QPlainTextEdit(readOnly=True)
        copy = QPushButton(self.tr("Copy"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.codes_text.toPlainText()))
        done = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        done.accepted.connect(self.accept)
        layout = QVBoxLayout(page)
        for widget in (intro, self.codes_text, copy, done):
            layout.addWidget(widget)
        return page

    def confirm(self) -> None:
        try:
            self.session, self.recovery_codes = self._accounts.confirm_enrolment(
                self.session, self.enrolment, self.code.text()
            )
        except SignInError as exc:
            self.message.setText(str(exc))
            self.code.clear()
            return
        self.codes_text.setPlainText("\n".join(self.recovery_codes))
        self.pages.setCurrentIndex(1)
