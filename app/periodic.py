"""Work repeated on a daemon thread (retention, scheduled reports) that outlives its own failures.

The work itself decides whether this workstation should act (a claim in the database), so
every workstation may run the same job; a failing run is logged and tried again next time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Periodic:
    def __init__(self, name: str, work: Callable[[], object], *, every_s: float) -> None:
        self._work = work
        self._every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"wattkeeper-{name}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(30)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._work()
            except Exception:  # the database driver's errors have no common base
                log.exception("%s failed; it is tried again later", self._thread.name)
            self._stop.wait(self._every_s)
