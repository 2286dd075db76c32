"""The one main window of the application, built again when the operator changes its language or
look, or when a changed site file is put in force.

Widgets read their texts and the site's devices when they are built, so a new language or
configuration means a new window: the host builds it with the same session, place, size
and view, then retires the old one without signing out. Collection, alarms and the
session go on untouched.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QLocale, QObject, QSettings

from app.accounts.service import Session
from app.i18n import LANGUAGES, apply_language, current_language
from app.pipeline.runtime import Runtime
from app.plant_control import PlantControl
from widgets import gui_thread
from widgets.main_window import MainWindow
from widgets.theme import use_look

LANGUAGE_KEY = "language"
PALETTE_KEY = "palette"
GEOMETRY_KEY, STATE_KEY, VIEW_KEY = "window/geometry", "window/state", "window/view"


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
        gui_thread.share_interpreter()
        apply_language(preferred_language(settings))
        use_look(str(settings.value(PALETTE_KEY, "light")))
        self.window = self._open(session)

    def _open(self, session: Session | None, like: MainWindow | None = None) -> MainWindow:
        window = MainWindow(self._runtime, self._plant, session=session, settings=self._settings)
        window.language_requested.connect(self.change_language)
        window.look_requested.connect(self.change_look)
        window.closing.connect(self.remember)
        window.site_changed.connect(self.site_changed)
        if like is not None:
            window.setGeometry(like.geometry())
            window.tabs.setCurrentIndex(like.tabs.currentIndex())
        else:
            self._restore(window)
        if window.wall_mode:
            window.tabs.setCurrentWidget(window.overview)
            window.showFullScreen()
        elif like is not None and like.isFullScreen() and not like.wall_mode:
            window.showFullScreen()
        window.show()
        gui_thread.settle_heap()
        return window

    def _restore(self, window: MainWindow) -> None:
        """Where the window was, its docks and its view when it was last closed."""
        geometry, state = self._settings.value(GEOMETRY_KEY), self._settings.value(STATE_KEY)
        if isinstance(geometry, QByteArray):
            window.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            window.restoreState(state)
        view = self._settings.value(VIEW_KEY)
        if view is not None and str(view).isdigit():
            window.tabs.setCurrentIndex(int(str(view)))

    def remember(self) -> None:
        """Keep the window's place, docks and view for the next start."""
        window = self.window
        if window.wall_mode:
            return  # a wall screen's full screen is not the desk's window
        self._settings.setValue(GEOMETRY_KEY, window.saveGeometry())
        self._settings.setValue(STATE_KEY, window.saveState())
        self._settings.setValue(VIEW_KEY, window.tabs.currentIndex())

    def change_look(self, name: str, wall: bool) -> None:
        """Use palette ``name`` and wall mode or not; the palette is remembered, wall mode is not."""
        use_look(name, wall=wall)
        self._settings.setValue(PALETTE_KEY, name)
        self._replace()

    def change_language(self, language: str) -> None:
        """Apply ``language``, remember it, and put a window built in it in place of the old one."""
        if language == current_language():
            self.window.language_actions[language].setChecked(True)
            return
        apply_language(language)
        self._settings.setValue(LANGUAGE_KEY, language)
        self._replace()

    def site_changed(self, notice: str) -> None:
        """A new configuration runs: a window built on it, saying what changed."""
        self._replace()
        self.window.show_site_notice(notice)

    def _replace(self) -> None:
        old = self.window
        self.window = self._open(old.session, like=old)  # before the old one closes: never no window
        old.hand_over()
        old.deleteLater()
