"""What the window shows when nobody is signed in: the alarm count and the sign-in form.

The alarm banner above it stays live (horn, mute, most urgent alarm): an alarm is never
hidden behind a sign-in, only acknowledging it waits for one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.accounts.service import AccountService
from app.alarms.service import AlarmService
from app.alarms.states import AlarmState
from widgets.sign_in_form import SignInForm

_UNACKNOWLEDGED = (AlarmState.UNACK_ACTIVE, AlarmState.UNACK_RETURNED)


class LockScreen(QWidget):
    def __init__(self, accounts: AccountService, alarms: AlarmService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._alarms = alarms
        self.title = QLabel(self.tr("Locked"), objectName="lockTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.alarm_count = QLabel(objectName="lockAlarms")
        self.alarm_count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(
            self.tr("Sign in to acknowledge alarms and see the plant. Collection goes on meanwhile."),
            wordWrap=True,
        )
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.form = SignInForm(accounts)
        card = QFrame(objectName="lockCard")
        card.setFixedWidth(520)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 20, 28, 24)
        inner.setSpacing(12)
        inner.addWidget(self.title)
        inner.addWidget(self.alarm_count)
        inner.addWidget(self.hint)
        inner.addWidget(self.form)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.refresh()

    def set_title(self, text: str) -> None:
        self.title.setText(text)

    def refresh(self) -> None:
        standing = [a for a in self._alarms.alarms() if a.state is not AlarmState.NORMAL]
        waiting = sum(1 for a in standing if a.state in _UNACKNOWLEDGED)
        if not standing:
            self.alarm_count.setText(self.tr("No standing alarms"))
        else:
            self.alarm_count.setText(
                self.tr("{standing} standing alarms, {waiting} unacknowledged").format(
                    standing=len(standing), waiting=waiting
                )
            )
