"""The alarm journal: every alarm's present facts and every change, in the historian database.

Two tables. ``alarms`` holds one row per configured alarm with its present facts, so
"what is standing now" is one indexed read, also for a command run while the collector
is running. ``alarm_events`` is the append-only journal: each change with its event time,
the time it was recorded, who caused it and the facts after it.

Operator actions may come from another process (``wattkeeper alarms ack``) while the
collector is running, so a read-modify-write of one alarm is guarded by the row's
``version``: the write succeeds only if nobody changed the row since it was read, and is
otherwise retried on the fresh row. The collector picks those events up by ``origin``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    func,
    select,
    update,
)
from sqlalchemy.exc import OperationalError

from drivers.base import now_ms
from storage.database import Database
from storage.errors import StorageError
from storage.schema import metadata

alarms = Table(
    "alarms",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("point", String(200), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("priority", String(20), nullable=False),
    Column("message", Text, nullable=False, server_default=""),
    Column("facts", Text, nullable=False, server_default="{}"),
    Column("state", String(40), nullable=False, server_default="normal"),
    Column("activated_ms", BigInteger, nullable=True),
    Column("value", Float, nullable=True),
    Column("updated_ms", BigInteger, nullable=True),
    Column("version", Integer, nullable=False, server_default="0"),
)

alarm_events = Table(
    "alarm_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alarm_id", Integer, ForeignKey("alarms.id"), nullable=False),
    Column("ts_ms", BigInteger, nullable=False),
    Column("recorded_ms", BigInteger, nullable=False),
    Column("event", String(40), nullable=False),
    Column("state_before", String(40), nullable=False),
    Column("state_after", String(40), nullable=False),
    Column("value", Float, nullable=True),
    Column("user", String(100), nullable=False),
    Column("comment", Text, nullable=False, server_default=""),
    Column("first_out", Boolean, nullable=False, server_default="0"),
    Column("facts", Text, nullable=False, server_default="{}"),
    Column("origin", String(40), nullable=False, server_default=""),
    Index("ix_alarm_events_alarm_ts", "alarm_id", "ts_ms"),
)

_RETRIES = 20
#: As long as any connection waits for the write lock (the engine's busy timeout).
LOCK_WAIT_S = 10.0
#: SQLite's default, restored on the pooled connection after a journal write.
WAL_AUTOCHECKPOINT_PAGES = 1000


@dataclass(frozen=True, slots=True)
class AlarmDefinition:
    """What the site file says about an alarm; refreshed in the table on every start."""

    key: str
    point: str
    kind: str
    priority: str
    message: str


@dataclass(frozen=True, slots=True)
class StoredAlarm:
    id: int
    key: str
    point: str
    kind: str
    priority: str
    message: str
    state: str
    facts: dict[str, object]
    activated_ms: int | None
    value: float | None
    updated_ms: int | None
    version: int


@dataclass(frozen=True, slots=True)
class EventRow:
    """One journal entry; ``facts`` are the alarm's facts after it, as plain JSON values."""

    alarm_id: int
    ts_ms: int
    event: str
    state_before: str
    state_after: str
    user: str
    value: float | None = None
    comment: str = ""
    first_out: bool = False
    facts: dict[str, object] = field(default_factory=dict)
    activated_ms: int | None = None
    origin: str = ""


@dataclass(frozen=True, slots=True)
class StoredEvent:
    id: int
    alarm_id: int
    key: str
    ts_ms: int
    recorded_ms: int
    event: str
    state_before: str
    state_after: str
    value: float | None
    user: str
    comment: str
    first_out: bool
    facts: dict[str, object]
    origin: str


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One journal entry with what its alarm is: the alarm history's row."""

    ts_ms: int
    key: str
    point: str
    priority: str
    message: str
    event: str
    state_after: str
    value: float | None
    user: str
    comment: str


class AlarmJournal:
    """Reads and writes the two alarm tables; safe to share between threads."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def register(self, definitions: Iterable[AlarmDefinition]) -> dict[str, StoredAlarm]:
        """Add new alarms, refresh changed definitions; return every configured alarm's row."""
        wanted = {d.key: d for d in definitions}
        with self._db.engine.begin() as conn:
            known = {row.key: row for row in conn.execute(select(alarms))}
            for key, definition in wanted.items():
                values = asdict(definition)
                if key not in known:
                    conn.execute(alarms.insert().values(**values))
                elif any(getattr(known[key], k) != v for k, v in values.items()):
                    conn.execute(alarms.update().where(alarms.c.key == key).values(**values))
            rows = conn.execute(select(alarms).where(alarms.c.key.in_(list(wanted))))
            return {row.key: _stored_alarm(row) for row in rows}

    def append(self, events: Sequence[EventRow]) -> list[int]:
        """Journal events and the facts they leave, in one transaction; returns the event ids.

        Two things would add tens of milliseconds to an alarm's way to the screen. The
        sample writer holds the write lock for a few tens of milliseconds at a time, and
        SQLite's own busy handler backs off in growing steps (up to 100 ms), so here the lock
        is polled every millisecond instead. And whichever commit makes the write-ahead log
        pass its limit copies it into the database file; these small commits leave that to
        the sample writer's large ones.
        """
        recorded = now_ms()
        deadline = time.monotonic() + LOCK_WAIT_S
        with self._db.engine.connect() as conn:
            driver = conn.connection.dbapi_connection
            driver.execute("PRAGMA busy_timeout = 1")  # type: ignore[union-attr]
            driver.execute("PRAGMA wal_autocheckpoint = 0")  # type: ignore[union-attr]
            try:
                while True:
                    try:
                        with conn.begin():
                            return [_write(conn, event, recorded) for event in events]
                    except OperationalError as exc:
                        if "locked" not in str(exc.orig) or time.monotonic() > deadline:
                            raise
                    time.sleep(0.001)
            finally:
                driver.execute(f"PRAGMA busy_timeout = {round(LOCK_WAIT_S * 1000)}")  # type: ignore[union-attr]
                driver.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")  # type: ignore[union-attr]

    def update(self, alarm: int | str, change: Callable[[StoredAlarm], EventRow]) -> EventRow:
        """Read one alarm, let ``change`` decide the event, write both unless the row moved meanwhile.

        ``change`` may raise to refuse; it is called again on the fresh row if another
        writer got there first.
        """
        for _attempt in range(_RETRIES):
            with self._db.engine.begin() as conn:
                row = _find(conn, alarm, self._db)
                event = change(row)
                moved = conn.execute(
                    alarms.update()
                    .where(alarms.c.id == row.id, alarms.c.version == row.version)
                    .values(version=row.version + 1)
                ).rowcount
                if moved:
                    _write(conn, event, now_ms())
                    return event
        raise StorageError(str(self._db.path), f"alarm {alarm}: changed by others too often; try again")

    def alarms(self, *, standing_only: bool = False) -> list[StoredAlarm]:
        """Every alarm, or only those not in the normal state; most recent activation first."""
        query = select(alarms).order_by(alarms.c.activated_ms.desc().nulls_last(), alarms.c.id)
        if standing_only:
            query = query.where(alarms.c.state != "normal")
        with self._db.engine.connect() as conn:
            return [_stored_alarm(row) for row in conn.execute(query)]

    def events(
        self,
        *,
        after_id: int = 0,
        alarm_id: int | None = None,
        not_origin: str | None = None,
        limit: int = 10_000,
    ) -> list[StoredEvent]:
        """Journal entries in the order they were written."""
        query = (
            select(alarm_events, alarms.c.key)
            .join(alarms, alarms.c.id == alarm_events.c.alarm_id)
            .where(alarm_events.c.id > after_id)
            .order_by(alarm_events.c.id)
            .limit(limit)
        )
        if alarm_id is not None:
            query = query.where(alarm_events.c.alarm_id == alarm_id)
        if not_origin is not None:
            query = query.where(alarm_events.c.origin != not_origin)
        with self._db.engine.connect() as conn:
            return [_stored_event(r) for r in conn.execute(query)]

    def history(self, from_ms: int, to_ms: int, *, limit: int = 100_000) -> list[JournalEntry]:
        """The journal entries with event times in [from, to), newest first, at most ``limit``."""
        query = (
            select(
                alarm_events.c.ts_ms,
                alarms.c.key,
                alarms.c.point,
                alarms.c.priority,
                alarms.c.message,
                alarm_events.c.event,
                alarm_events.c.state_after,
                alarm_events.c.value,
                alarm_events.c.user,
                alarm_events.c.comment,
            )
            .join(alarms, alarms.c.id == alarm_events.c.alarm_id)
            .where(alarm_events.c.ts_ms >= from_ms, alarm_events.c.ts_ms < to_ms)
            .order_by(alarm_events.c.ts_ms.desc(), alarm_events.c.id.desc())
            .limit(limit)
        )
        with self._db.engine.connect() as conn:
            return [JournalEntry(*row) for row in conn.execute(query)]

    def events_by_users(self, users: Sequence[str]) -> list[StoredEvent]:
        """Every journal entry made by one of ``users`` (the actions a person took)."""
        query = (
            select(alarm_events, alarms.c.key)
            .join(alarms, alarms.c.id == alarm_events.c.alarm_id)
            .where(alarm_events.c.user.in_(list(users)))
            .order_by(alarm_events.c.id)
        )
        with self._db.engine.connect() as conn:
            return [_stored_event(r) for r in conn.execute(query)]

    def last_event_id(self) -> int:
        with self._db.engine.connect() as conn:
            return int(
                conn.execute(select(alarm_events.c.id).order_by(alarm_events.c.id.desc())).scalar() or 0
            )


def _find(conn: Connection, alarm: int | str, db: Database) -> StoredAlarm:
    column = alarms.c.id if isinstance(alarm, int) else alarms.c.key
    row = conn.execute(select(alarms).where(column == alarm)).first()
    if row is None:
        raise StorageError(str(db.path), f"no alarm {alarm!r} in the journal")
    return _stored_alarm(row)


def _write(conn: Connection, event: EventRow, recorded_ms: int) -> int:
    facts = json.dumps(event.facts, sort_keys=True)
    result = conn.execute(
        alarm_events.insert().values(
            alarm_id=event.alarm_id,
            ts_ms=event.ts_ms,
            recorded_ms=recorded_ms,
            event=event.event,
            state_before=event.state_before,
            state_after=event.state_after,
            value=event.value,
            user=event.user,
            comment=event.comment,
            first_out=event.first_out,
            facts=facts,
            origin=event.origin,
        )
    )
    changes: dict[str, object] = {
        "facts": facts,
        "state": event.state_after,
        "updated_ms": event.ts_ms,
        "version": alarms.c.version + 1,
    }
    if event.activated_ms is not None:
        changes |= {"activated_ms": event.activated_ms, "value": event.value}
    conn.execute(alarms.update().where(alarms.c.id == event.alarm_id).values(**changes))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def _stored_event(r: Any) -> StoredEvent:
    return StoredEvent(
        id=r.id,
        alarm_id=r.alarm_id,
        key=r.key,
        ts_ms=r.ts_ms,
        recorded_ms=r.recorded_ms,
        event=r.event,
        state_before=r.state_before,
        state_after=r.state_after,
        value=r.value,
        user=r.user,
        comment=r.comment,
        first_out=bool(r.first_out),
        facts=json.loads(r.facts),
        origin=r.origin,
    )


def blank_comments_mentioning(conn: Connection, text: str) -> int:
    """Empty the comments of journal entries that name ``text`` (an erased person's email)."""
    pattern = "%" + text.lower().replace("%", "").replace("_", "") + "%"
    return conn.execute(
        update(alarm_events).where(func.lower(alarm_events.c.comment).like(pattern)).values(comment="")
    ).rowcount


def _stored_alarm(row: object) -> StoredAlarm:
    return StoredAlarm(
        id=row.id,  # type: ignore[attr-defined]
        key=row.key,  # type: ignore[attr-defined]
        point=row.point,  # type: ignore[attr-defined]
        kind=row.kind,  # type: ignore[attr-defined]
        priority=row.priority,  # type: ignore[attr-defined]
        message=row.message,  # type: ignore[attr-defined]
        state=row.state,  # type: ignore[attr-defined]
        facts=json.loads(row.facts),  # type: ignore[attr-defined]
        activated_ms=row.activated_ms,  # type: ignore[attr-defined]
        value=row.value,  # type: ignore[attr-defined]
        updated_ms=row.updated_ms,  # type: ignore[attr-defined]
        version=row.version,  # type: ignore[attr-defined]
    )
