"""Stopping long-running commands cleanly on Ctrl+C, SIGTERM (systemd) or a deadline."""

from __future__ import annotations

import signal
import threading
from types import FrameType


class StopRequest:
    """Turns SIGINT and SIGTERM into an event the main thread waits on."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.signal_name: str | None = None

    def install(self) -> StopRequest:
        signal.signal(signal.SIGINT, self._handle)
        signal.signal(signal.SIGTERM, self._handle)
        return self

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        self.signal_name = signal.Signals(signum).name
        self._event.set()

    def wait(self, timeout: float | None) -> bool:
        """Block until a stop signal or ``timeout`` seconds; True if a signal came."""
        return self._event.wait(timeout)
