"""The one way anything is written to the audit trail, and the ways it is read back.

Services call :meth:`AuditTrail.record` with the actor, the action, its target and any
details; the trail adds the time and this workstation's name, and storage chains and
signs the record. Passing ``conn`` writes the record in the caller's transaction, so a
change and its record commit or fail together: nothing security-relevant happens
unrecorded because the audit key was missing.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection

from app.audit.actions import Action
from app.timefmt import now_ms
from storage.audit_keys import StoredAuditKey
from storage.audit_log import AuditEntry, AuditLog, AuditRecord, Head, Verification
from storage.database import Database

log = logging.getLogger(__name__)


class Acting(Protocol):
    """Anything that acts: an account's actor or the system (the trail needs only its ref)."""

    @property
    def ref(self) -> str: ...


def database_identity(db: Database) -> str:
    """What names the database to the key store: the file's absolute path, or the URL."""
    return str(db.path.resolve()) if db.path is not None else db.where


class AuditTrail:
    def __init__(
        self,
        db: Database,
        key_file: Path | None,
        *,
        clock: Callable[[], int] = now_ms,
        workstation: str | None = None,
    ) -> None:
        self._db = db
        self.key = StoredAuditKey(database_identity(db), key_file)
        self._log = AuditLog(db, self.key)
        self._clock = clock
        self.workstation = workstation if workstation is not None else socket.gethostname()

    @property
    def db(self) -> Database:
        return self._db

    def record(
        self,
        actor: Acting | str,
        action: Action,
        target: str = "",
        *,
        details: dict[str, object] | None = None,
        outcome: str = "ok",
        conn: Connection | None = None,
    ) -> int:
        """Append one record; its sequence number."""
        entry = self.entry(actor, action, target, details=details, outcome=outcome)
        seqs = self._log.append_in(conn, [entry]) if conn is not None else self._log.append([entry])
        return seqs[0]

    def record_many(self, entries: Sequence[AuditEntry], conn: Connection | None = None) -> list[int]:
        return self._log.append_in(conn, entries) if conn is not None else self._log.append(entries)

    def entry(
        self,
        actor: Acting | str,
        action: Action,
        target: str = "",
        *,
        details: dict[str, object] | None = None,
        outcome: str = "ok",
        ts_ms: int | None = None,
        workstation: str | None = None,
    ) -> AuditEntry:
        """An entry to append later with :meth:`record_many` (events gathered before the trail opened)."""
        return AuditEntry(
            ts_ms=self._clock() if ts_ms is None else ts_ms,
            actor=actor if isinstance(actor, str) else actor.ref,
            action=action.value,
            target=target,
            outcome=outcome,
            details=details or {},
            workstation=self.workstation if workstation is None else workstation,
        )

    def head(self) -> Head:
        return self._log.head()

    def records(self, **filters: object) -> list[AuditRecord]:
        return self._log.records(**filters)  # type: ignore[arg-type]

    def naming(self, refs: Iterable[str]) -> list[AuditRecord]:
        return self._log.records(naming=list(refs))

    def verify(self, anchors: Sequence[Head] = ()) -> Verification:
        return self._log.verify(anchors=anchors)

    @property
    def log(self) -> AuditLog:
        """Storage's side of the trail, for the erasure and retention code that must change it."""
        return self._log
