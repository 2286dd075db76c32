"""The one main window of the application, built again when the operator changes its language.

Widgets read their texts when they are built, so a new language means a new window: the
host builds it with the same session, place, size and view, then retires the old one
without signing out. Collection, alarms and the session go on untouched.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QObject, QSettings

from app.accounts.service import Session
from app.i18n import LANGUAGES, apply_language, current_language
from app.pipeline.runtime import Runtime
from app.plant_control import PlantControl
from widgets.main_window import MainWindow

LANGUAGE_KEY = "language"


def preferred_language(settings: QSettings) -> str:
    """The language last chosen here, else Vietnamese on a Vietnamese desktop, else English."""
    chosen = settings.value(LANGUAGE_KEY)
    if chosen in LANGUAGES:
        return str(chosen)
    return "vi" if QLocale.system().language() == QLocale.Language.Vietnamese else "en"


class WindowHost(QObject):
    def __init__(
        self,
        runtime: Runtime,
        plant: PlantControl | None,
        settings: QSettings,
        *,
        session: Session | None = None,
    ) -> None:
        super().__init__()
        self._runtime = runtime
        self._plant = plant
        self._settings = settings
        apply_language(preferred_language(settings))
        self.window = self._open(session)

    def _open(self, session: Session | None, like: MainWindow | None = None) -> MainWindow:
        window = MainWindow(self._runtime, self._plant, session=session)
        window.language_requested.connect(self.change_language)
        if like is not None:
            window.setGeometry(like.geometry())
            window.tabs.setCurrentIndex(like.tabs.currentIndex())
            if like.isFullScreen():
                window.showFullScreen()
        window.show()
        return window

    def change_language(self, language: str) -> None:
        """Apply ``language``, remember it, and put a window built in it in place of the old one."""
        old = self.window
        if language == current_language():
            old.language_actions[language].setChecked(True)
            return
        apply_language(language)
        self._settings.setValue(LANGUAGE_KEY, language)
        self.window = self._open(old.session, like=old)  # before the old one closes: never no window
        old.hand_over()
        old.deleteLater()
