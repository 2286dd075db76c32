"""The writer thread: batches from the bus become one committed transaction at a time.

Drivers must never wait for the disk, so ``submit`` only queues. The queue is bounded
by a sample count; if the disk falls that far behind, new batches are refused, counted,
logged and reported to the drop listeners (the alarm engine raises an alarm on them),
rather than letting memory grow without end.

Each transaction stores its samples and folds them into the rollups (``storage.ingest``),
so the rollups always match the committed samples. Between transactions the writer seals
completed hours into compressed blocks (``storage.sealing``), in slices short enough that
the field never notices. When the queue is deep the writer
takes larger transactions, which is what lets it catch up. At field rates a
transaction closes every 100 ms: that bounds what a power cut can lose, and it is
about the longest an alarm's journal commit waits for the database's one write lock.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable

from drivers.base import Sample, SampleBatch
from storage.database import Database
from storage.ingest import BatchIngest
from storage.sealing import GRACE_MS, Sealer

log = logging.getLogger(__name__)

#: Called with (samples refused now, samples refused since start).
DropListener = Callable[[int, int], None]
#: Longest stretch of sealing between two transactions.
SEAL_SLICE_S = 0.05


class SampleWriter:
    """Owns one database connection on its own thread."""

    def __init__(
        self,
        db: Database,
        *,
        flush_interval_s: float = 0.1,
        rows_per_transaction: int = 10_000,
        max_rows_per_transaction: int = 50_000,
        max_pending_samples: int = 1_000_000,
        retry_delay_s: float = 1.0,
        seal_grace_ms: int | None = GRACE_MS,
    ) -> None:
        self._db = db
        self._flush_interval_s = flush_interval_s
        self._rows_per_transaction = rows_per_transaction
        self._max_rows_per_transaction = max(max_rows_per_transaction, rows_per_transaction)
        self._max_pending = max_pending_samples
        self._retry_delay_s = retry_delay_s
        self._pending: deque[SampleBatch] = deque()
        self._pending_samples = 0
        self._in_transaction = 0
        self._cond = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="wattkeeper-writer", daemon=True)
        self._drop_listeners: tuple[DropListener, ...] = ()
        self._commit_listeners: tuple[Callable[[list[Sample]], None], ...] = ()
        self._ingest = BatchIngest(db.sql, db.where)
        #: Seals completed hours between transactions; None when ``seal_grace_ms`` is None.
        self.sealer: Sealer | None = None
        if seal_grace_ms is not None:
            ingest = self._ingest
            self.sealer = Sealer(db, ingest.take_written, ingest.sealed, grace_ms=seal_grace_ms)
        self.written = 0
        self.dropped = 0
        self.failed_writes = 0
        self.transactions = 0

    def start(self) -> None:
        self._thread.start()

    def add_drop_listener(self, listener: DropListener) -> None:
        """Be told, on the submitting thread, whenever batches are refused for lack of room."""
        self._drop_listeners = (*self._drop_listeners, listener)

    def add_commit_listener(self, listener: Callable[[list[Sample]], None]) -> None:
        """Be told, on the writer thread, of every committed transaction's samples."""
        self._commit_listeners = (*self._commit_listeners, listener)

    def submit(self, batch: SampleBatch) -> None:
        """Queue a batch for writing; never blocks the caller."""
        with self._cond:
            refused = self._pending_samples + len(batch) > self._max_pending
            if not refused:
                self._pending.append(batch)
                self._pending_samples += len(batch)
                if self._pending_samples >= self._rows_per_transaction:
                    self._cond.notify()
                return
            if self.dropped == 0:
                log.error(
                    "writer queue full (%d samples): the disk is slower than the field", self._max_pending
                )
            self.dropped += len(batch)
            total = self.dropped
        for listener in self._drop_listeners:
            try:
                listener(len(batch), total)
            except Exception:
                log.exception("drop listener %r failed", listener)

    @property
    def pending(self) -> int:
        """Samples accepted but not yet committed: queued, or in the transaction being written."""
        with self._cond:
            return self._pending_samples + self._in_transaction

    def congested(self) -> bool:
        """Whether sources that can wait (a broker holding messages) should stop sending for now."""
        return self._pending_samples > self._max_pending // 2

    def stop(self, timeout: float = 30.0) -> None:
        """Write everything still queued, then end the thread."""
        with self._cond:
            self._stopping = True
            self._cond.notify()
        if self._thread.is_alive():
            self._thread.join(timeout)
        if self._thread.is_alive():
            log.error("writer did not finish within %.0f s; %d samples unwritten", timeout, self.pending)

    def _take(self) -> list[Sample] | None:
        with self._cond:
            self._cond.wait_for(
                lambda: self._stopping or self._pending_samples >= self._rows_per_transaction,
                timeout=self._flush_interval_s,
            )
            if not self._pending:
                return None if self._stopping else []
            # A backlog is written in larger transactions, so the writer catches up.
            limit = min(
                max(self._rows_per_transaction, self._pending_samples // 2), self._max_rows_per_transaction
            )
            rows: list[Sample] = []
            while self._pending and len(rows) < limit:
                batch = self._pending.popleft()
                rows.extend(batch.samples)
                self._pending_samples -= len(batch)
            self._in_transaction = len(rows)
            return rows

    def _run(self) -> None:
        connection = self._db.engine.raw_connection()
        try:
            while (rows := self._take()) is not None:
                if rows:
                    self._write(connection, rows)
                self._seal(connection)
        finally:
            connection.close()

    def _seal(self, connection: object) -> None:
        """Seal a little, unless a backlog is waiting: catching up comes first."""
        if self.sealer is None or self._pending_samples >= self._rows_per_transaction:
            return
        try:
            self.sealer.work(connection, SEAL_SLICE_S)
        except Exception as exc:  # the database drivers' errors have no common base
            connection.rollback()  # type: ignore[attr-defined]
            log.error("cannot seal completed hours in %s: %s", self._db.where, exc)
            self.sealer.postpone()

    def _write(self, connection: object, rows: list[Sample]) -> None:
        while True:
            try:
                cursor = connection.cursor()  # type: ignore[attr-defined]
                self._ingest.write(cursor, rows)
                connection.commit()  # type: ignore[attr-defined]
            except Exception as exc:  # the database drivers' errors have no common base
                connection.rollback()  # type: ignore[attr-defined]
                self.failed_writes += 1
                log.error("cannot write %d samples to %s: %s", len(rows), self._db.where, exc)
                if self._stopping:
                    return
                time.sleep(self._retry_delay_s)
                continue
            self._ingest.committed()
            with self._cond:
                self._in_transaction = 0
            self.written += len(rows)
            self.transactions += 1
            for listener in self._commit_listeners:
                listener(rows)
            return
