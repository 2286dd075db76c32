"""The alert outbox: every notification, from the moment it is decided until it is delivered or given up.

A notification is written here in the same process that heard of the alarm, before anything
is sent, under a unique ``key`` (its idempotency key): the same decision taken twice (a
restart replaying an escalation, two workstations hearing one alarm) inserts nothing the
second time. A sender claims due rows with a conditional update (``pending`` → ``sending``),
so one process sends each; a row left ``sending`` by a process that died is handed back (at
once when the process was on this machine, after ``STALE_CLAIM_MS`` otherwise) and sent again
under the same key, which the receiver sees as the Message-ID, the ``Idempotency-Key`` header
or the JSON ``id``.

Rows name a person only by the account's pseudonymous ref: addresses and phone numbers are
read from the account when sending, so a deleted account leaves no address here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Index,
    Integer,
    String,
    Table,
    Text,
    func,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from storage.schema import metadata

#: A claim not touched for this long belongs to a process that died: a sender touches its claim
#: before each message, and a message takes at most a minute or two.
STALE_CLAIM_MS = 5 * 60_000
#: Keys per ``IN (...)`` list: SQLite allows 32,766 parameters a statement.
IN_CHUNK = 500

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"  # refused for good (an address the server rejects) or given up after the deadline
HELD = "held"  # decided during the recipient's quiet hours: recorded, not sent

notifications = Table(
    "notifications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("alarm", String(200), nullable=False),
    Column("event", String(40), nullable=False),
    Column("event_ms", BigInteger, nullable=False),
    Column("tier", Integer, nullable=False),
    Column("rule", String(100), nullable=False),
    Column("recipient", String(32), nullable=False),
    Column("channel", String(100), nullable=False),
    Column("data", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_ms", BigInteger, nullable=False),
    Column("claimed_by", String(200), nullable=True),
    Column("claimed_ms", BigInteger, nullable=True),
    Column("created_ms", BigInteger, nullable=False),
    Column("sent_ms", BigInteger, nullable=True),
    Column("sent_as", String(200), nullable=True),
    Column("result", Text, nullable=True),
    Index("ix_notifications_due", "status", "next_ms"),
    Index("ix_notifications_alarm", "alarm", "event_ms"),
)


@dataclass(frozen=True, slots=True)
class NewNotification:
    key: str
    alarm: str
    event: str
    event_ms: int
    tier: int
    rule: str
    #: An account's ref, or "" for a machine channel.
    recipient: str
    channel: str
    data: dict[str, Any]
    #: Held back by the recipient's quiet hours: recorded, never sent.
    held: bool = False


@dataclass(frozen=True, slots=True)
class NotificationRow:
    id: int
    key: str
    alarm: str
    event: str
    event_ms: int
    tier: int
    rule: str
    recipient: str
    channel: str
    data: dict[str, Any]
    status: str
    attempts: int
    next_ms: int
    created_ms: int
    sent_ms: int | None
    sent_as: str | None
    result: str | None


def _row(r: Any) -> NotificationRow:
    return NotificationRow(
        r.id, r.key, r.alarm, r.event, r.event_ms, r.tier, r.rule, r.recipient, r.channel,
        json.loads(r.data), r.status, r.attempts, r.next_ms, r.created_ms, r.sent_ms, r.sent_as, r.result,
    )  # fmt: skip


def enqueue(conn: Connection, new: Iterable[NewNotification], now_ms: int) -> list[str]:
    """Insert the notifications whose key is not known yet; the keys this call inserted.

    ``ON CONFLICT DO NOTHING``: another process inserting the same key at the same moment
    (two workstations hearing one alarm) leaves one row and fails neither transaction.
    """
    wanted = list({n.key: n for n in new}.values())
    known: set[str] = set()
    for start in range(0, len(wanted), IN_CHUNK):
        keys = [n.key for n in wanted[start : start + IN_CHUNK]]
        known.update(conn.execute(select(notifications.c.key).where(notifications.c.key.in_(keys))).scalars())
    fresh = [n for n in wanted if n.key not in known]
    if fresh:
        insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        conn.execute(
            insert(notifications).on_conflict_do_nothing(index_elements=["key"]),
            [
                {
                    "key": n.key, "alarm": n.alarm, "event": n.event, "event_ms": n.event_ms, "tier": n.tier,
                    "rule": n.rule, "recipient": n.recipient, "channel": n.channel,
                    "data": json.dumps(n.data, ensure_ascii=False), "status": HELD if n.held else PENDING,
                    "attempts": 0, "next_ms": now_ms, "created_ms": now_ms,
                }
                for n in fresh
            ],
        )  # fmt: skip
    return [n.key for n in fresh]


def release_stale(conn: Connection, now_ms: int, dead: Callable[[str], bool]) -> int:
    """Hand back rows claimed by a process known to be dead, or claimed too long ago to be alive."""
    owners = (
        conn.execute(select(notifications.c.claimed_by).where(notifications.c.status == SENDING).distinct())
        .scalars()
        .all()
    )
    gone = [owner for owner in owners if owner is not None and dead(owner)]
    return conn.execute(
        update(notifications)
        .where(
            notifications.c.status == SENDING,
            (notifications.c.claimed_ms < now_ms - STALE_CLAIM_MS) | notifications.c.claimed_by.in_(gone),
        )
        .values(status=PENDING, claimed_by=None, claimed_ms=None)
    ).rowcount


def claim_due(
    conn: Connection,
    now_ms: int,
    owner: str,
    channel: str,
    *,
    decided_before_ms: int | None = None,
    limit: int = 5_000,
) -> list[NotificationRow]:
    """Take one channel's rows due now for this process (those decided before ``decided_before_ms``
    if given); rows another process took in between are left to it."""
    query = (
        select(notifications.c.id)
        .where(
            notifications.c.status == PENDING,
            notifications.c.next_ms <= now_ms,
            notifications.c.channel == channel,
        )
        .order_by(notifications.c.id)
        .limit(limit)
    )
    if decided_before_ms is not None:
        query = query.where(notifications.c.created_ms <= decided_before_ms)
    due = list(conn.execute(query).scalars())
    claimed: list[NotificationRow] = []
    for start in range(0, len(due), IN_CHUNK):
        chunk = due[start : start + IN_CHUNK]
        conn.execute(
            update(notifications)
            .where(notifications.c.id.in_(chunk), notifications.c.status == PENDING)
            .values(status=SENDING, claimed_by=owner, claimed_ms=now_ms)
        )
        rows = conn.execute(
            select(notifications)
            .where(notifications.c.id.in_(chunk), notifications.c.claimed_by == owner)
            .where(notifications.c.status == SENDING)
            .order_by(notifications.c.id)
        )
        claimed += [_row(r) for r in rows]
    return claimed


def touch(conn: Connection, ids: list[int], now_ms: int, owner: str) -> None:
    """Renew this process's claim on rows it is about to send, so they do not look abandoned."""
    conn.execute(
        update(notifications)
        .where(notifications.c.id.in_(ids), notifications.c.claimed_by == owner)
        .values(claimed_ms=now_ms)
    )


def claim_key(conn: Connection, key: str, now_ms: int, owner: str) -> NotificationRow:
    """Take one row to send at once (a test message)."""
    conn.execute(
        update(notifications)
        .where(notifications.c.key == key, notifications.c.status == PENDING)
        .values(status=SENDING, claimed_by=owner, claimed_ms=now_ms)
    )
    row = by_key(conn, key)
    assert row is not None
    return row


def by_key(conn: Connection, key: str) -> NotificationRow | None:
    found = conn.execute(select(notifications).where(notifications.c.key == key)).first()
    return None if found is None else _row(found)


def _mine(ids: list[int], owner: str) -> Any:
    return (
        notifications.c.id.in_(ids),
        notifications.c.claimed_by == owner,
        notifications.c.status == SENDING,
    )


def mark_sent(conn: Connection, ids: list[int], now_ms: int, owner: str, *, sent_as: str, result: str) -> int:
    """Record the rows sent; only those this process still holds (how many)."""
    return conn.execute(
        update(notifications)
        .where(*_mine(ids, owner))
        .values(
            status=SENT, sent_ms=now_ms, sent_as=sent_as, result=result[:2000],
            attempts=notifications.c.attempts + 1, claimed_by=None,
        )
    ).rowcount  # fmt: skip


def mark_failed(
    conn: Connection,
    row_id: int,
    now_ms: int,
    owner: str,
    *,
    error: str,
    retry_at_ms: int | None,
    tried: bool = True,
) -> int:
    """A failed attempt (``tried``), or a row put off untried because its channel just failed: due
    again at ``retry_at_ms``, or failed for good when that is None. Only if this process holds it."""
    return conn.execute(
        update(notifications)
        .where(*_mine([row_id], owner))
        .values(
            status=PENDING if retry_at_ms is not None else FAILED,
            next_ms=retry_at_ms if retry_at_ms is not None else now_ms,
            attempts=notifications.c.attempts + int(tried),
            result=error[:2000],
            claimed_by=None,
        )
    ).rowcount


def note_result(conn: Connection, ids: list[int], result: str) -> None:
    """What became of rows already sent (a delivery report)."""
    conn.execute(update(notifications).where(notifications.c.id.in_(ids)).values(result=result[:2000]))


def forget_comments(conn: Connection, ref: str, email: str) -> int:
    """Blank the comments an erased person typed (copied with their acknowledgements) or that name them."""
    rows = conn.execute(
        select(notifications.c.id, notifications.c.data).where(
            notifications.c.data.contains(ref) | notifications.c.data.contains(email)
        )
    ).all()
    blanked = 0
    for row_id, text in rows:
        data = json.loads(text)
        comment = str(data.get("comment") or "")
        if comment and (data.get("user") == ref or email.lower() in comment.lower()):
            data["comment"] = ""
            conn.execute(
                update(notifications)
                .where(notifications.c.id == row_id)
                .values(data=json.dumps(data, ensure_ascii=False))
            )
            blanked += 1
    return blanked


def told(conn: Connection, alarm: str, activated_ms: int) -> list[NotificationRow]:
    """The notifications made for one activation of an alarm (tiers already told, who was told)."""
    rows = conn.execute(
        select(notifications).where(notifications.c.alarm == alarm, notifications.c.event_ms >= activated_ms)
    ).all()
    return [_row(r) for r in rows]


def of_recipient(conn: Connection, ref: str) -> list[NotificationRow]:
    rows = conn.execute(
        select(notifications).where(notifications.c.recipient == ref).order_by(notifications.c.id)
    ).all()
    return [_row(r) for r in rows]


def recent(conn: Connection, *, limit: int = 500, status: str | None = None) -> list[NotificationRow]:
    query = select(notifications).order_by(notifications.c.id.desc()).limit(limit)
    if status is not None:
        query = query.where(notifications.c.status == status)
    return [_row(r) for r in conn.execute(query).all()]


def counts(conn: Connection) -> dict[str, int]:
    rows = conn.execute(select(notifications.c.status, func.count()).group_by(notifications.c.status)).all()
    return {status: n for status, n in rows}
