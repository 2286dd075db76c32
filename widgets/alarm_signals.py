"""The alarm service's callbacks as Qt signals, delivered on the GUI thread.

The service calls its listeners on the recorder thread, after the journal commit; a
signal emitted there reaches slots of objects living on the GUI thread through a queued
connection, so widgets never run on a pipeline thread.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from app.alarms.service import AlarmService
from app.alarms.states import AlarmEvent


class AlarmSignals(QObject):
    #: A group of journalled events (a list of ``AlarmEvent``), in journal order.
    journalled = Signal(list)

    def __init__(self, service: AlarmService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        service.listen(self._on_events)

    def detach(self) -> None:
        """Hear no more events: called before the window that owns these signals goes away."""
        self.service.unlisten(self._on_events)

    def _on_events(self, events: Sequence[AlarmEvent]) -> None:
        self.journalled.emit(list(events))
