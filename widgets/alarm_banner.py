"""The alarm banner, always visible: what waits for acknowledgement, the flood state, the sound.

It shows the most urgent unacknowledged alarm in its priority's colour, how many others
wait, the alarm rate of the last ten minutes (with FLOOD and the burst's first-out above
the threshold), and the mute button with the number of sounds missed while muted.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.alarms.annunciation import Annunciator, priority_text
from app.alarms.service import AlarmService
from app.alarms.states import AlarmState
from widgets.theme import palette, text_scale


class AlarmBanner(QFrame):
    def __init__(
        self, service: AlarmService, annunciator: Annunciator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("alarmBanner")
        self._service = service
        self._annunciator = annunciator
        self.summary = QLabel(objectName="alarmSummary")
        self.flood = QLabel(objectName="alarmFlood")
        self.mute = QPushButton(self.tr("Mute"))
        self.mute.setCheckable(True)
        self.mute.toggled.connect(self._on_mute)
        layout = QHBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.flood)
        layout.addWidget(self.mute)
        self.refresh()

    def _on_mute(self, muted: bool) -> None:
        self._annunciator.set_muted(muted)
        self.refresh()

    def refresh(self) -> None:
        alarms = self._service.alarms()
        waiting = [a for a in alarms if a.state in (AlarmState.UNACK_ACTIVE, AlarmState.UNACK_RETURNED)]
        waiting.sort(key=lambda a: (a.priority.rank, -(a.activated_ms or 0)))
        if waiting:
            top = waiting[0]
            colour = self._service.settings.style(top.priority).colour
            more = self.tr(" (+{count} more)").format(count=len(waiting) - 1) if len(waiting) > 1 else ""
            self.summary.setText(
                self.tr("{priority}: {message}{more}").format(
                    priority=priority_text(top.priority), message=top.message or top.key, more=more
                )
            )
            self.setStyleSheet(_style(colour))
        else:
            standing = sum(a.state is not AlarmState.NORMAL for a in alarms)
            self.summary.setText(
                self.tr("No unacknowledged alarms ({count} standing)").format(count=standing)
            )
            self.setStyleSheet(_style(palette().panel))
        flood = self._service.flood_status()
        text = self.tr("{rate} alarms / 10 min").format(rate=flood.rate_per_10min)
        if flood.flood:
            text = self.tr("FLOOD: {text}, first out: {first}").format(text=text, first=flood.first_out)
        self.flood.setText(text)
        self.flood.setProperty("flood", flood.flood)
        mute = self.tr("Muted ({missed} missed)").format(missed=self._annunciator.missed_while_muted)
        self.mute.setText(mute if self._annunciator.muted else self.tr("Mute"))
        if self._annunciator.sound_failures:
            self.mute.setToolTip(self.tr("Sounds cannot be played on this computer"))

    @property
    def in_flood(self) -> bool:
        return bool(self.flood.property("flood"))


def _style(background: str) -> str:
    return (
        f"QFrame#alarmBanner {{ background: {background}; }}"
        " QFrame#alarmBanner QLabel { background: transparent; font-weight: bold;"
        f" font-size: {round(13 * text_scale())}pt; }}"
    )
