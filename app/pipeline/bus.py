"""The sample bus: every batch from the drivers goes to every subscriber.

Subscribers run on the driver thread, so each must be quick (queue the batch, copy a
few numbers) and must not raise; one that does is logged and the others still run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from drivers.base import SampleBatch

log = logging.getLogger(__name__)

Subscriber = Callable[[SampleBatch], None]


class SampleBus:
    def __init__(self) -> None:
        self._subscribers: tuple[Subscriber, ...] = ()
        self.published = 0

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers = (*self._subscribers, subscriber)

    def publish(self, batch: SampleBatch) -> None:
        self.published += len(batch)
        for subscriber in self._subscribers:
            try:
                subscriber(batch)
            except Exception:
                log.exception("bus subscriber %r failed on a batch from %s", subscriber, batch.source)
