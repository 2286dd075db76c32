"""Running slow work off the GUI thread and handing the result back to it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    """Lives on the GUI thread; its signal crosses threads as a queued call."""

    finished = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], object], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # the GUI shows it rather than the worker dying silently
            result = exc
        self._relay.finished.emit(result)


def run_in_background(work: Callable[[], object], done: Callable[[object], None], owner: QObject) -> None:
    """Run ``work`` on the shared thread pool; ``done`` gets its result (or exception) on the GUI thread."""
    relay = _Relay(owner)
    relay.finished.connect(done)
    relay.finished.connect(relay.deleteLater)
    QThreadPool.globalInstance().start(_Job(work, relay))
