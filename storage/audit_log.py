"""The audit trail's storage: append-only records, each chained to the one before and signed.

Every record carries ``prev_hash`` (the previous record's hash) and ``hash``, the SHA-256
of its own fields and ``prev_hash``, so editing, inserting or deleting a record breaks the
chain where it happened. Someone holding the database key could still recompute the whole
chain, so each hash is also authenticated with ``mac``, an HMAC under the *audit key*,
which is kept apart from the database key (``storage/keys.py``); and the newest sequence
number and hash are kept, also authenticated, in ``audit_head``, so records cut from the
end are missed against it. A truncation that also rewinds the head to an older, genuine
head is caught against an anchor printed earlier (reports, backups' metadata).

Two parts of a record are personal details that must be erasable without breaking the
chain: ``details`` (what a user typed, before/after values) and ``workstation``. The chain
covers salted digests of them rather than the texts, and the salt lives in the same row:
erasing a record's details nulls the text and the salt together, which leaves a digest
nobody can test a guess against. An erasure is legitimate only when an authentic later
record declares it (``ERASURE_ACTIONS``); any other missing detail is reported as tampering.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
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
    or_,
    select,
    update,
)

from storage.database import Database
from storage.errors import StorageError
from storage.schema import metadata

GENESIS = "0" * 64

audit_records = Table(
    "audit_records",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("ts_ms", BigInteger, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(60), nullable=False),
    Column("target", String(400), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("workstation", Text, nullable=True),
    Column("workstation_digest", String(64), nullable=False),
    Column("details", Text, nullable=True),
    Column("details_digest", String(64), nullable=False),
    Column("salt", String(32), nullable=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("mac", String(64), nullable=False),
    Index("ix_audit_actor", "actor", "seq"),
    Index("ix_audit_target", "target", "seq"),
    Index("ix_audit_ts", "ts_ms"),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("mac", String(64), nullable=True),
)

#: Actions whose authentic records legitimately erase details of earlier records:
#: ``{"through_seq": N}`` (retention: every record up to N) or ``{"erased": [seq, ...]}``.
ERASURE_ACTIONS = frozenset({"audit.details_purged", "privacy.account_erased"})
MAX_TARGET = 400
#: How far back an append looks for a record signed with the key, when the head is not.
RECENT_ROWS = 100
#: Written by the trail itself when it finds its head altered; verification reports each one.
HEAD_BROKEN = "audit.head_broken"


class AuditKeyError(StorageError):
    """The audit key is missing or does not match the trail."""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One thing that happened, as the caller describes it; the log adds sequence and chain."""

    ts_ms: int
    actor: str
    action: str
    target: str
    outcome: str = "ok"
    details: dict[str, object] = field(default_factory=dict)
    workstation: str = ""


@dataclass(frozen=True, slots=True)
class AuditRecord:
    seq: int
    ts_ms: int
    actor: str
    action: str
    target: str
    outcome: str
    details: dict[str, object] | None
    workstation: str | None
    hash: str

    @property
    def erased(self) -> bool:
        return self.details is None


@dataclass(frozen=True, slots=True)
class Head:
    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Head:
        seq, _, digest = text.strip().partition(":")
        if not seq.isdigit() or len(digest) != 64:
            raise ValueError(f"{text!r} is not an audit anchor: expected SEQ:HASH (64 hexadecimal digits)")
        return cls(int(seq), digest.lower())


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with the trail, and the first record where it shows."""

    seq: int
    kind: str  # edited, inserted, deleted, truncated, details-removed, head, anchor, unreadable
    text: str


@dataclass(frozen=True, slots=True)
class Verification:
    records: int
    head: Head
    erased: int
    problems: list[Problem]

    @property
    def intact(self) -> bool:
        return not self.problems


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _digest(salt: str, text: str) -> str:
    return hashlib.sha256(f"{salt}\x00{text}".encode()).hexdigest()


def record_hash(fields: Sequence[object]) -> str:
    """SHA-256 of (seq, ts, actor, action, target, outcome, workstation digest, details digest, prev hash)."""
    return hashlib.sha256(_canonical(list(fields)).encode()).hexdigest()


def record_mac(key: bytes, digest: str) -> str:
    return hmac.new(key, f"record:{digest}".encode(), hashlib.sha256).hexdigest()


def head_mac(key: bytes, head: Head) -> str:
    return hmac.new(key, f"head:{head.seq}:{head.hash}".encode(), hashlib.sha256).hexdigest()


class AuditKeySource:
    """Where the audit key comes from; ``create`` is called only for an empty trail."""

    def get(self) -> bytes | None:
        raise NotImplementedError

    def create(self) -> bytes:
        raise NotImplementedError


class AuditLog:
    """Appends to and reads the trail; safe to share between threads and processes."""

    def __init__(self, db: Database, keys: AuditKeySource) -> None:
        self._db = db
        self._keys = keys

    @property
    def where(self) -> str:
        return self._db.where

    def append(self, entries: Sequence[AuditEntry]) -> list[int]:
        """Chain and sign ``entries`` after the current head, in one transaction; their sequence numbers."""
        with self._db.engine.begin() as conn:
            return self.append_in(conn, entries)

    def append_in(self, conn: Connection, entries: Sequence[AuditEntry]) -> list[int]:
        """As ``append``, inside the caller's transaction (so a change and its record commit together)."""
        # Taking the write lock first (an update of the head row) serialises appenders on
        # SQLite and PostgreSQL alike before anyone reads the head.
        conn.execute(update(audit_head).where(audit_head.c.id == 1).values(seq=audit_head.c.seq))
        row = conn.execute(select(audit_head).where(audit_head.c.id == 1)).first()
        if row is None:
            raise StorageError(self._db.where, "the audit trail has no head row; the schema is incomplete")
        recent = conn.execute(
            select(audit_records.c.seq, audit_records.c.hash, audit_records.c.mac)
            .order_by(audit_records.c.seq.desc())
            .limit(RECENT_ROWS)
        ).all()
        key = self._keys.get()
        if key is None:
            if row.seq != 0 or recent:
                raise AuditKeyError(
                    self._db.where,
                    "the audit key is missing, so the audit trail can be neither extended nor verified; "
                    "put the audit key back (OS keyring or the key file's .audit sibling)",
                )
            key = self._keys.create()
        head = Head(row.seq, row.hash)
        newest_seq = recent[0].seq if recent else 0
        head_genuine = row.seq == 0 or (
            row.mac is not None and hmac.compare_digest(row.mac, head_mac(key, head))
        )
        if head_genuine:
            # A damaged newest record (or records cut behind the head) does not stop the trail:
            # it goes on from the head, and verification names the damage.
            base = head
        else:
            genuine = next((r for r in recent if hmac.compare_digest(r.mac, record_mac(key, r.hash))), None)
            if genuine is None and recent:
                raise AuditKeyError(
                    self._db.where,
                    "the audit key does not match the audit trail (neither its head nor its newest records "
                    "were signed with it); put the right audit key back",
                )
            base = Head(0, GENESIS) if genuine is None else Head(genuine.seq, genuine.hash)
            # The head was altered. The trail goes on from its newest genuine record, and says so in
            # a record of its own, so the program keeps running and the evidence stays in the chain.
            base = self._insert(
                conn,
                key,
                base,
                AuditEntry(
                    ts_ms=entries[0].ts_ms if entries else 0,
                    actor="system",
                    action=HEAD_BROKEN,
                    target=f"{row.seq}:{row.hash}",
                    outcome="broken",
                    details={"head_seq": row.seq, "head_hash": row.hash, "newest_seq": newest_seq},
                    workstation=entries[0].workstation if entries else "",
                ),
                seq=max(newest_seq, row.seq) + 1,
            )
            newest_seq = base.seq
        seqs = []
        for entry in entries:
            base = self._insert(conn, key, base, entry, seq=max(newest_seq, base.seq) + 1)
            newest_seq = base.seq
            seqs.append(base.seq)
        conn.execute(
            update(audit_head)
            .where(audit_head.c.id == 1)
            .values(seq=base.seq, hash=base.hash, mac=head_mac(key, base))
        )
        return seqs

    def _insert(self, conn: Connection, key: bytes, head: Head, entry: AuditEntry, *, seq: int) -> Head:
        salt = secrets.token_hex(16)
        details = _canonical(entry.details)
        workstation = entry.workstation
        target = entry.target[:MAX_TARGET]
        wd, dd = _digest(salt, workstation), _digest(salt, details)
        digest = record_hash(
            (seq, entry.ts_ms, entry.actor, entry.action, target, entry.outcome, wd, dd, head.hash)
        )
        conn.execute(
            audit_records.insert().values(
                seq=seq,
                ts_ms=entry.ts_ms,
                actor=entry.actor,
                action=entry.action,
                target=target,
                outcome=entry.outcome,
                workstation=workstation,
                workstation_digest=wd,
                details=details,
                details_digest=dd,
                salt=salt,
                prev_hash=head.hash,
                hash=digest,
                mac=record_mac(key, digest),
            )
        )
        return Head(seq, digest)

    def head(self) -> Head:
        with self._db.engine.connect() as conn:
            row = conn.execute(select(audit_head).where(audit_head.c.id == 1)).first()
        return Head(0, GENESIS) if row is None else Head(row.seq, row.hash)

    def records(
        self,
        *,
        since_ms: int | None = None,
        until_ms: int | None = None,
        actors: Iterable[str] | None = None,
        action_prefix: str | None = None,
        naming: Iterable[str] | None = None,
        after_seq: int = 0,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[AuditRecord]:
        """Records matching every filter given; ``naming`` matches refs as actor or target."""
        query = select(audit_records).where(audit_records.c.seq > after_seq)
        if since_ms is not None:
            query = query.where(audit_records.c.ts_ms >= since_ms)
        if until_ms is not None:
            query = query.where(audit_records.c.ts_ms < until_ms)
        if actors is not None:
            query = query.where(audit_records.c.actor.in_(list(actors)))
        if action_prefix:
            query = query.where(audit_records.c.action.startswith(action_prefix, autoescape=True))
        if naming is not None:
            refs = list(naming)
            query = query.where(or_(audit_records.c.actor.in_(refs), audit_records.c.target.in_(refs)))
        order = audit_records.c.seq.desc() if newest_first else audit_records.c.seq
        query = query.order_by(order)
        if limit is not None:
            query = query.limit(limit)
        with self._db.engine.connect() as conn:
            return [_record(row) for row in conn.execute(query)]

    def erase_details_in(self, conn: Connection, seqs: Iterable[int]) -> int:
        """Null the details, workstation and salt of these records; the chain stays verifiable.

        The caller must append an ``ERASURE_ACTIONS`` record naming them in the same transaction.
        """
        wanted = sorted(set(seqs))
        erased = 0
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            erased += conn.execute(
                update(audit_records)
                .where(audit_records.c.seq.in_(chunk), audit_records.c.salt.is_not(None))
                .values(details=None, workstation=None, salt=None)
            ).rowcount
        return erased

    def erase_details_through_in(self, conn: Connection, seq: int) -> int:
        """Retention: null the details of every record up to ``seq``, the last one past its period."""
        return conn.execute(
            update(audit_records)
            .where(audit_records.c.seq <= seq, audit_records.c.salt.is_not(None))
            .values(details=None, workstation=None, salt=None)
        ).rowcount

    def last_seq_before(self, conn: Connection, ts_ms: int) -> int:
        """The newest record written before ``ts_ms`` (0 if none)."""
        found = conn.execute(
            select(audit_records.c.seq)
            .where(audit_records.c.ts_ms < ts_ms)
            .order_by(audit_records.c.seq.desc())
            .limit(1)
        ).scalar()
        return int(found or 0)

    def seqs_mentioning(self, conn: Connection, text: str) -> list[int]:
        """Records whose details or workstation still hold ``text`` (an erased person's email)."""
        pattern = f"%{text.replace('%', '').replace('_', '')}%"
        rows = conn.execute(
            select(audit_records.c.seq, audit_records.c.details, audit_records.c.workstation).where(
                or_(audit_records.c.details.like(pattern), audit_records.c.workstation.like(pattern))
            )
        )
        lowered = text.lower()
        return [
            r.seq
            for r in rows
            if lowered in (r.details or "").lower() or lowered in (r.workstation or "").lower()
        ]

    def verify(self, key: bytes | None = None, anchors: Sequence[Head] = ()) -> Verification:
        """Walk the whole trail and report every problem, the first one first."""
        key = self._keys.get() if key is None else key
        with self._db.engine.connect() as conn:
            head_row = conn.execute(select(audit_head).where(audit_head.c.id == 1)).first()
            rows = [
                StoredRecord.of(row)
                for row in conn.execute(select(audit_records).order_by(audit_records.c.seq))
            ]
        if key is None:
            if not rows and (head_row is None or head_row.seq == 0):
                return Verification(0, Head(0, GENESIS), 0, [])
            raise AuditKeyError(self._db.where, "no audit key: the trail cannot be verified without it")
        stored_head = None if head_row is None else StoredHead(head_row.seq, head_row.hash, head_row.mac)
        return check_chain(rows, stored_head, key, anchors)


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """A record exactly as stored, every column, for verification."""

    seq: int
    ts_ms: int
    actor: str
    action: str
    target: str
    outcome: str
    workstation: str | None
    workstation_digest: str
    details: str | None
    details_digest: str
    salt: str | None
    prev_hash: str
    hash: str
    mac: str

    @classmethod
    def of(cls, row: Any) -> StoredRecord:
        return cls(**{name: getattr(row, name) for name in cls.__slots__})  # type: ignore[attr-defined]

    def authentic(self, key: bytes) -> bool:
        """Whether the hash was signed with the audit key."""
        return hmac.compare_digest(self.mac, record_mac(key, self.hash))

    def consistent(self) -> bool:
        """Whether the fields still give the hash (details counted through their salted digests)."""
        if self.salt is not None:
            if _digest(self.salt, self.details or "") != self.details_digest:
                return False
            if _digest(self.salt, self.workstation or "") != self.workstation_digest:
                return False
        elif self.details is not None or self.workstation is not None:
            return False
        expected = record_hash(
            (
                self.seq,
                self.ts_ms,
                self.actor,
                self.action,
                self.target,
                self.outcome,
                self.workstation_digest,
                self.details_digest,
                self.prev_hash,
            )
        )
        return hmac.compare_digest(expected, self.hash)


@dataclass(frozen=True, slots=True)
class StoredHead:
    seq: int
    hash: str
    mac: str | None


def check_chain(
    rows: Sequence[StoredRecord], head: StoredHead | None, key: bytes, anchors: Sequence[Head] = ()
) -> Verification:
    """The verification proper, over records as stored (tests hand it altered ones too)."""
    problems: list[Problem] = []
    erasures = _declared_erasures(rows, key)
    head_seq = head.seq if head is not None else None
    expected_prev = GENESIS
    last = Head(0, GENESIS)
    hashes: dict[int, str] = {}
    erased = 0
    after_forgery = False
    for index, r in enumerate(rows):
        if not r.authentic(key):
            following = rows[index + 1] if index + 1 < len(rows) else None
            if following is not None:
                inserted = following.prev_hash == expected_prev
            else:
                inserted = head_seq is not None and r.seq > head_seq
            problems.append(
                Problem(
                    r.seq,
                    "inserted" if inserted else "edited",
                    f"record {r.seq} was not written by Wattkeeper: "
                    + ("it was inserted" if inserted else "its contents and hash were rewritten"),
                )
            )
            after_forgery = not inserted
            continue
        if r.prev_hash != expected_prev and not after_forgery:
            first_missing = last.seq + 1
            problems.append(
                Problem(
                    first_missing,
                    "deleted",
                    f"records {first_missing} to {r.seq - 1} are missing: deleted"
                    if r.seq > first_missing
                    else f"a record before {r.seq} was deleted",
                )
            )
        after_forgery = False
        if not r.consistent():
            problems.append(Problem(r.seq, "edited", f"record {r.seq} was edited after it was written"))
        elif r.action == HEAD_BROKEN:
            problems.append(
                Problem(
                    r.seq,
                    "head",
                    f"record {r.seq}: the trail's head had been altered (it said {r.target}); "
                    "records may have been cut from the end before it",
                )
            )
        elif r.salt is None:
            if r.seq in erasures.seqs or r.seq <= erasures.through:
                erased += 1
            else:
                problems.append(
                    Problem(
                        r.seq,
                        "details-removed",
                        f"the details of record {r.seq} were removed without an erasure record",
                    )
                )
        expected_prev = r.hash
        last = Head(r.seq, r.hash)
        hashes[r.seq] = r.hash
    problems += _head_problems(head, last, key)
    problems += _anchor_problems(anchors, hashes)
    problems.sort(key=lambda p: p.seq)
    return Verification(len(rows), last, erased, problems)


def _head_problems(head: StoredHead | None, last: Head, key: bytes) -> list[Problem]:
    if head is None:
        return [Problem(last.seq, "head", "the audit trail's head is missing")]
    genuine = head.seq == 0 or (
        head.mac is not None and hmac.compare_digest(head.mac, head_mac(key, Head(head.seq, head.hash)))
    )
    if not genuine:
        return [Problem(head.seq, "head", "the audit trail's head was altered")]
    if head.seq > last.seq:
        return [
            Problem(
                last.seq + 1,
                "truncated",
                f"records after {last.seq} were cut from the end (the head says {head.seq})",
            )
        ]
    if head.seq < last.seq:
        return [Problem(head.seq + 1, "inserted", f"records after {head.seq} were added past the head")]
    return []


def _anchor_problems(anchors: Sequence[Head], hashes: dict[int, str]) -> list[Problem]:
    problems = []
    for anchor in anchors:
        if anchor.seq == 0:
            continue
        stored = hashes.get(anchor.seq)
        if stored is None:
            problems.append(
                Problem(anchor.seq, "truncated", f"record {anchor.seq} of the anchor {anchor} is gone")
            )
        elif stored != anchor.hash:
            problems.append(
                Problem(anchor.seq, "anchor", f"record {anchor.seq} differs from the anchor {anchor}")
            )
    return problems


@dataclass(slots=True)
class _Erasures:
    seqs: set[int] = field(default_factory=set)
    through: int = 0


def _declared_erasures(rows: Sequence[StoredRecord], key: bytes) -> _Erasures:
    """Sequence numbers whose details authentic erasure records declare removed."""
    declared = _Erasures()
    for r in rows:
        if r.action not in ERASURE_ACTIONS or r.details is None:
            continue
        if not r.authentic(key) or not r.consistent():
            continue
        details = json.loads(r.details)
        declared.seqs.update(int(s) for s in details.get("erased", []) if int(s) < r.seq)
        through = int(details.get("through_seq", 0))
        if through < r.seq:
            declared.through = max(declared.through, through)
    return declared


def _record(row: Any) -> AuditRecord:
    return AuditRecord(
        seq=row.seq,
        ts_ms=row.ts_ms,
        actor=row.actor,
        action=row.action,
        target=row.target,
        outcome=row.outcome,
        details=None if row.details is None else json.loads(row.details),
        workstation=row.workstation,
        hash=row.hash,
    )
