"""The GUI bootstrap: the one place where the composition root reaches into ``widgets``.

Imported lazily by the ``gui`` and ``demo`` commands only, so the headless commands
never load QtWidgets.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.accounts.service import Session
from app.pipeline.runtime import Runtime
from app.plant_control import PlantControl


def run_main_window(
    runtime: Runtime,
    plant: PlantControl | None,
    *,
    quit_after_s: float | None = None,
    screenshot: Path | None = None,
    session: Session | None = None,
) -> int:
    """Show the main window until it is closed, or for ``quit_after_s`` seconds.

    With ``screenshot``, the window is saved as an image just before quitting: the
    documentation's pictures come from the real program.
    """
    from PySide6.QtCore import QSettings, QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    from widgets.window_host import WindowHost

    application = QApplication.instance() or QApplication(sys.argv)
    application.setApplicationName("Wattkeeper")
    application.setOrganizationName("Wattkeeper")
    host = WindowHost(runtime, plant, QSettings(), session=session)

    def finish() -> None:
        if screenshot is not None:
            host.window.grab().save(str(screenshot))
        host.window.close()

    if quit_after_s is not None:
        QTimer.singleShot(round(quit_after_s * 1000), finish)
    status = application.exec()
    # Background work (a history query, a connection test) finishes before the caller
    # closes the database it reads.
    QThreadPool.globalInstance().waitForDone(10_000)
    return status
