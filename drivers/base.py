"""What every field driver produces and promises.

A driver speaks one protocol to the field and hands the rest of the system nothing but
``SampleBatch`` objects. It knows no database, no Qt and no alarm logic; the runtime
gives it an ``emit`` callable and runs its ``run`` coroutine on the shared driver loop.
"""

from __future__ import annotations

import abc
import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from itertools import repeat
from typing import NamedTuple


class Quality(IntEnum):
    """How far a sample can be trusted; stored as its integer value.

    A sample that could not be read still exists, with ``value`` None and a quality
    that says why, so a gap shows as a gap and never as a zero.
    """

    GOOD = 0
    STALE = 1
    COMM_ERROR = 2
    OUT_OF_RANGE = 3
    BAD_VALUE = 4

    @property
    def label(self) -> str:
        """The stable lower-case name used in machine-readable output."""
        return self.name.lower()


class Sample(NamedTuple):
    """One reading of one point.

    A NamedTuple so that a batch of samples is directly a sequence of database rows.
    """

    point_id: int
    ts_ms: int
    value: float | None
    quality: int


def samples_at(
    ts_ms: int, point_ids: Iterable[int], values: Iterable[float | None], quality: int
) -> list[Sample]:
    """Samples of several points read at one time with one quality, without a Python call per sample.

    ``Sample(...)`` runs the NamedTuple's generated ``__new__``, a Python function, for every
    sample; at polling rates that is a visible share of the driver thread. ``tuple.__new__``
    mapped over ``zip`` builds the same objects in C, as ``Sample._make`` does.
    """
    rows = zip(point_ids, repeat(ts_ms), values, repeat(quality))
    return list(map(tuple.__new__, repeat(Sample), rows))  # type: ignore[arg-type]


@dataclass(slots=True)
class SampleBatch:
    """Samples read together from one device (one poll, one message)."""

    source: str
    samples: list[Sample] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.samples)


Emit = Callable[[SampleBatch], None]


def now_ms() -> int:
    """Wall-clock time in integer milliseconds since the Unix epoch, UTC."""
    return time.time_ns() // 1_000_000


class DriverError(Exception):
    """A driver could not be set up or could not talk to its device.

    ``where`` names the device or endpoint so that messages say what failed and where.
    """

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


class Driver(abc.ABC):
    """A long-running reader of one device, gateway or broker connection."""

    #: Short name of what this driver reads, used in logs and status.
    name: str

    @abc.abstractmethod
    async def run(self, emit: Emit) -> None:
        """Read until cancelled, handing every batch to ``emit``.

        Must never raise for field trouble (timeouts, refused connections, bad frames):
        such trouble becomes samples with a bad quality and a rate-limited log line.
        Cancellation is the only way out, and must close connections cleanly.
        """


async def run_periodically(interval_s: float, tick: Callable[[], Awaitable[None]]) -> None:
    """Call ``tick`` every ``interval_s`` on a fixed grid until cancelled.

    Ticks that overrun are skipped rather than queued, so a slow link never builds a
    backlog of stale polls.
    """
    loop = asyncio.get_running_loop()
    due = loop.time()
    while True:
        await tick()
        due += interval_s
        now = loop.time()
        if due <= now:
            due += ((now - due) // interval_s + 1) * interval_s
        await asyncio.sleep(due - now)
