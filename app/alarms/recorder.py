"""The alarm recorder thread: journal first, then tell whoever listens.

Alarm changes are found on the driver thread, which must never wait for the disk, so they
are queued here. The recorder commits everything queued in one transaction and only then
hands the events to the listeners (the window's signal adapter, the annunciator), so no
one is ever told of an alarm the journal does not hold. A failing disk is retried with the
events kept, and logged; the events are never dropped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from app.alarms.states import AlarmEvent
from storage.alarm_journal import AlarmJournal, EventRow

log = logging.getLogger(__name__)

Listener = Callable[[Sequence[AlarmEvent]], None]
ToRow = Callable[[AlarmEvent], EventRow]


class AlarmRecorder:
    def __init__(self, journal: AlarmJournal, to_row: ToRow, *, retry_delay_s: float = 1.0) -> None:
        self._journal = journal
        self._to_row = to_row
        self._retry_delay_s = retry_delay_s
        self._pending: list[AlarmEvent] = []
        self._cond = threading.Condition()
        self._stopping = False
        self._busy = False
        self._listeners: tuple[Listener, ...] = ()
        self._thread = threading.Thread(target=self._run, name="wattkeeper-alarms", daemon=True)
        self.recorded = 0
        self.failed_writes = 0

    def listen(self, listener: Listener) -> None:
        self._listeners = (*self._listeners, listener)

    def unlisten(self, listener: Listener) -> None:
        """The recorder thread reads the tuple once per group, so replacing it is safe while it runs."""
        self._listeners = tuple(known for known in self._listeners if known != listener)

    def start(self) -> None:
        self._thread.start()

    def submit(self, events: Sequence[AlarmEvent]) -> None:
        """Queue events for the journal; never blocks on the disk."""
        if not events:
            return
        with self._cond:
            self._pending.extend(events)
            self._cond.notify()

    def stop(self, timeout: float = 30.0) -> None:
        """Journal and announce everything queued, then end the thread."""
        with self._cond:
            self._stopping = True
            self._cond.notify()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def idle(self) -> bool:
        """Nothing queued and nothing being written (for orderly shutdown and tests)."""
        with self._cond:
            return not self._pending and not self._busy

    def _take(self) -> list[AlarmEvent] | None:
        with self._cond:
            self._cond.wait_for(lambda: self._stopping or bool(self._pending))
            if not self._pending:
                return None
            taken, self._pending = self._pending, []
            self._busy = True
            return taken

    def _run(self) -> None:
        while (events := self._take()) is not None:
            self._record(events)
            for listener in self._listeners:
                try:
                    listener(events)
                except Exception:
                    log.exception("alarm listener %r failed", listener)
            with self._cond:
                self._busy = False

    def _record(self, events: list[AlarmEvent]) -> None:
        rows = [self._to_row(e) for e in events]
        while True:
            try:
                self._journal.append(rows)
                self.recorded += len(rows)
                return
            except Exception as exc:  # the database driver's errors have no common base
                self.failed_writes += 1
                log.error("cannot journal %d alarm events: %s; retrying", len(rows), exc)
                with self._cond:
                    if self._stopping and self.failed_writes > 3:
                        log.critical("giving up on %d alarm events at shutdown: %s", len(rows), events)
                        return
                    self._cond.wait(self._retry_delay_s)
