"""The two outputs the annunciator needs from a desktop: a notification and a sound.

PySide6-Essentials has no multimedia module, so sounds are played by the desktop's own
player (PipeWire, PulseAudio or ALSA), started without waiting; without one, the
terminal bell is rung and the failure reported, so the operator sees that sounds are off.
Notifications use the system tray where there is one; the alarm banner is always there.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from app.alarms.annunciation import Announcement

PLAYERS = ("pw-play", "paplay", "aplay")


def play_sound(path: Path) -> bool:
    """Start playing ``path``; False (after a bell) when this desktop cannot play sounds."""
    player = next((p for p in map(shutil.which, PLAYERS) if p), None)
    if player is None or not path.exists():
        QApplication.beep()
        return False
    try:
        subprocess.Popen(  # noqa: S603 - a fixed player and a file path, no shell
            [player, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    except OSError:
        QApplication.beep()
        return False
    return True


class TrayNotifier:
    """Desktop notifications through the system tray, when the desktop has one."""

    def __init__(self, parent: QWidget) -> None:
        self._tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            pixmap = QPixmap(32, 32)
            pixmap.fill(QColor("#c0392b"))
            self._tray = QSystemTrayIcon(QIcon(pixmap), parent)
            self._tray.show()
        self.shown = 0

    def __call__(self, announcement: Announcement) -> None:
        self.shown += 1
        if self._tray is not None:
            icon = (
                QSystemTrayIcon.MessageIcon.Critical
                if announcement.priority.rank <= 1
                else QSystemTrayIcon.MessageIcon.Warning
            )
            self._tray.showMessage(announcement.title, announcement.text, icon, 10_000)
