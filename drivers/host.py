"""The one worker thread and asyncio loop on which every driver runs.

Drivers are supervised: a driver that raises (a bug, since field trouble must become
quality flags) is logged with its traceback and restarted after a pause, while all
other drivers keep their rate. A changed configuration replaces some drivers while the
others run on (:meth:`DriverHost.swap`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Coroutine, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from drivers.base import Driver, Emit

log = logging.getLogger(__name__)

T = TypeVar("T")

RESTART_DELAY_S = 5.0


class DriverHost:
    """Owns the driver thread; ``start``, ``swap`` and ``stop`` are called from any other thread.

    Drivers are known by a key (what they serve, e.g. a gateway), so that a change can name
    the ones it replaces; a plain sequence is keyed by position.
    """

    def __init__(
        self,
        drivers: Mapping[str, Driver] | Sequence[Driver],
        emit: Emit,
        *,
        restart_delay_s: float = RESTART_DELAY_S,
    ) -> None:
        self._drivers = (
            dict(drivers) if isinstance(drivers, Mapping) else {str(i): d for i, d in enumerate(drivers)}
        )
        self._restart_delay_s = restart_delay_s
        self._emit = emit
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run_loop, name="wattkeeper-drivers", daemon=True)
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._stopping = False

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        return self._loop

    def start(self) -> None:
        self._thread.start()
        self.call(self._start_all()).result()

    @property
    def drivers(self) -> dict[str, Driver]:
        """The drivers running (or to run), by key."""
        return dict(self._drivers)

    def swap(self, remove: Iterable[str], add: Mapping[str, Driver], timeout: float = 10.0) -> None:
        """Stop the drivers ``remove`` names and those ``add`` replaces (waiting until each has
        closed its connection), then start those of ``add``; every other driver runs on
        untouched. Before :meth:`start`, only the set to start changes."""
        removed = [key for key in dict.fromkeys([*remove, *add]) if key in self._drivers]
        for key in removed:
            del self._drivers[key]
        self._drivers.update(add)
        if not self._thread.is_alive():
            return
        self.call(self._swap(removed, add)).result(timeout)

    def call(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Run ``coro`` on the driver loop; the future resolves with its result."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def stop(self, timeout: float = 10.0) -> None:
        """Cancel every driver, let them close their connections, end the thread."""
        if not self._thread.is_alive():
            return
        self._stopping = True
        try:
            self.call(self._stop_all()).result(timeout)
        except concurrent.futures.TimeoutError:
            stuck = ", ".join(t.get_name() for t in self._tasks.values() if not t.done())
            log.error("drivers did not stop within %.0f s: %s", timeout, stuck)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)

    def _run_loop(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_forever()
        finally:
            self._loop.run_until_complete(self._loop.shutdown_default_executor())
            self._loop.close()

    async def _start_all(self) -> None:
        for key, driver in self._drivers.items():
            self._tasks[key] = asyncio.create_task(self._supervise(driver), name=driver.name)

    async def _swap(self, removed: list[str], add: Mapping[str, Driver]) -> None:
        ending = [task for key in removed if (task := self._tasks.pop(key, None)) is not None]
        # Cancelled again until done: a child task may swallow one cancellation (see _stop_all),
        # and a cancelled task group cancels its children again each time.
        while ending := [t for t in ending if not t.done()]:
            for task in ending:
                task.cancel()
            await asyncio.wait(ending, timeout=0.2)
        for key, driver in add.items():
            self._tasks[key] = asyncio.create_task(self._supervise(driver), name=driver.name)

    async def _stop_all(self) -> None:
        """Cancel every task on the driver loop, again and again, until all have ended.

        One cancel is not always enough: on Python 3.11 ``asyncio.wait_for`` (used inside
        pymodbus) can swallow a cancellation that arrives as its answer does, and a
        driver's inner task would then poll on while its task group waits for it. So the
        loop's every task is cancelled, not only the drivers' outer ones.
        """
        me = asyncio.current_task()
        while others := [t for t in asyncio.all_tasks() if t is not me and not t.done()]:
            for task in others:
                task.cancel()
            await asyncio.wait(others, timeout=0.2)

    async def _supervise(self, driver: Driver) -> None:
        while True:
            try:
                await driver.run(self._emit)
            except asyncio.CancelledError:
                raise
            except Exception:
                if self._stopping:
                    log.exception("driver %s failed while stopping", driver.name)
                    return
                log.exception("driver %s failed; restarting in %.0f s", driver.name, self._restart_delay_s)
            await asyncio.sleep(self._restart_delay_s)
