"""Stopping long-running commands cleanly on Ctrl+C, SIGTERM (systemd) or a deadline, and
reloading their configuration on SIGHUP (``systemctl reload``)."""

from __future__ import annotations

import signal
import threading
from types import FrameType


class StopRequest:
    """Turns SIGINT and SIGTERM into an event the main thread waits on; SIGHUP, when asked for,
    into a reload request that wakes it too (the work is done on the main thread, not in the
    signal handler)."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._wake = threading.Event()
        self._reload = False
        self.signal_name: str | None = None

    def install(self, *, reload: bool = False) -> StopRequest:
        signal.signal(signal.SIGINT, self._handle)
        signal.signal(signal.SIGTERM, self._handle)
        if reload:
            signal.signal(signal.SIGHUP, self._handle_reload)
        return self

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        self.signal_name = signal.Signals(signum).name
        self._event.set()
        self._wake.set()

    def _handle_reload(self, _signum: int, _frame: FrameType | None) -> None:
        self._reload = True
        self._wake.set()

    def wait(self, timeout: float | None) -> bool:
        """Block until a stop signal or ``timeout`` seconds; True if a signal came."""
        return self._event.wait(timeout)

    def wait_or_reload(self, timeout: float | None) -> str:
        """Block until a stop signal ("stop"), a reload request ("reload") or ``timeout`` ("time")."""
        self._wake.wait(timeout)
        self._wake.clear()
        if self._event.is_set():
            return "stop"
        if self._reload:
            self._reload = False
            return "reload"
        return "time"
