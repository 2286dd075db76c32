"""The driver thread supervises its drivers and always stops."""

from __future__ import annotations

import asyncio
import threading
import time

from drivers.base import Driver, Emit, Quality, Sample, SampleBatch
from drivers.host import DriverHost
from tests.conftest import wait_until


class Ticker(Driver):
    """Emits a sample every 10 ms; crashes once if told to; may shrug off one cancellation."""

    def __init__(self, name: str, crash_once: bool = False, ignore_one_cancel: bool = False) -> None:
        self.name = name
        self.crash_once = crash_once
        self.ignore_one_cancel = ignore_one_cancel
        self.runs = 0

    async def run(self, emit: Emit) -> None:
        self.runs += 1
        while True:
            emit(SampleBatch(self.name, [Sample(self.runs, 0, 1.0, Quality.GOOD)]))
            if self.crash_once and self.runs == 1:
                raise RuntimeError("a bug")
            try:
                await asyncio.sleep(0.01)
            except asyncio.CancelledError:
                if not self.ignore_one_cancel:
                    raise
                self.ignore_one_cancel = False  # what asyncio.wait_for can do on Python 3.11


def test_a_crashing_driver_is_restarted_and_the_others_keep_going() -> None:
    counts: dict[str, int] = {}
    lock = threading.Lock()

    def emit(batch: SampleBatch) -> None:
        with lock:
            counts[batch.source] = counts.get(batch.source, 0) + 1

    crashing, steady = Ticker("crashing", crash_once=True), Ticker("steady")
    host = DriverHost([crashing, steady], emit, restart_delay_s=0.1)
    host.start()
    try:
        wait_until(lambda: crashing.runs == 2 and counts.get("crashing", 0) > 3, timeout=5)
    finally:
        host.stop()
    assert counts["steady"] > 10


def test_stop_ends_a_driver_that_swallowed_a_cancellation() -> None:
    stubborn = Ticker("stubborn", ignore_one_cancel=True)
    host = DriverHost([stubborn], lambda _batch: None)
    host.start()
    started = time.monotonic()
    host.stop(timeout=5)
    assert time.monotonic() - started < 2
    assert not stubborn.ignore_one_cancel  # it did swallow one


class Parent(Driver):
    """Runs a stubborn child in a task group, as the Modbus link driver does."""

    def __init__(self) -> None:
        self.name = "parent"
        self.child = Ticker("child", ignore_one_cancel=True)

    async def run(self, emit: Emit) -> None:
        async with asyncio.TaskGroup() as group:
            group.create_task(self.child.run(emit))


def test_stop_ends_a_child_task_that_swallowed_a_cancellation() -> None:
    parent = Parent()
    host = DriverHost([parent], lambda _batch: None)
    host.start()
    started = time.monotonic()
    host.stop(timeout=5)
    assert time.monotonic() - started < 2
    assert not parent.child.ignore_one_cancel


def test_swap_replaces_one_driver_while_the_others_keep_their_rate() -> None:
    counts: dict[str, int] = {}
    lock = threading.Lock()

    def emit(batch: SampleBatch) -> None:
        with lock:
            counts[batch.source] = counts.get(batch.source, 0) + 1

    steady, old = Ticker("steady"), Ticker("old", ignore_one_cancel=True)
    host = DriverHost({"a": steady, "b": old}, emit)
    host.start()
    try:
        wait_until(lambda: counts.get("old", 0) > 3, timeout=5)
        before = steady.runs
        host.swap(["b"], {"b": Ticker("new"), "c": Ticker("added")})
        stopped_at = counts["old"]
        wait_until(lambda: counts.get("new", 0) > 3 and counts.get("added", 0) > 3, timeout=5)
        assert counts["old"] == stopped_at  # ended for good, though it swallowed a cancellation
        assert steady.runs == before  # never restarted
        assert sorted(host.drivers) == ["a", "b", "c"]
    finally:
        host.stop()
