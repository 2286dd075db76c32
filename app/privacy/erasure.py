"""Withdrawal, restoration and hard deletion of an account, and deletions that survive restores.

Withdrawing disables the account at once and starts the site's deletion window (90 days
by default), during which an administrator can restore it. When the window ends — or at
once, when an administrator erases an account for offboarding — the account and every
row that belongs to it are deleted; audit and alarm-journal rows keep only its
pseudonymous ref, and text that names the person (typed emails in audit details,
comments, notes) is erased. In the encrypted file, SQLite's secure delete overwrites the
freed content and a checkpoint empties the write-ahead log, so no copy stays in the file.

Every erased ref becomes a tombstone, kept in the database and in a file beside it
(``wattkeeper.db.tombstones``): restoring an older backup re-applies them, so a deleted
person never comes back with the backup.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from app.accounts.throttle import throttle_key
from app.audit.actions import Action
from app.audit.trail import Acting, AuditTrail
from storage import account_store, notification_store, privacy_store
from storage.alarm_journal import blank_comments_mentioning
from storage.database import Database
from storage.maintenance import checkpoint

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Erasure:
    ref: str
    rows: dict[str, int]
    audit_details_erased: int


def tombstone_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".tombstones")


def tombstone_file(db: Database) -> Path | None:
    return None if db.path is None else tombstone_path(db.path)


def read_tombstone_file(path: Path | None) -> dict[str, int]:
    """Refs and deletion times from the file beside the database; lines that do not parse are skipped."""
    if path is None or not path.exists():
        return {}
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
            found[str(entry["ref"])] = int(entry["deleted_ms"])
        except (ValueError, KeyError, TypeError):
            log.warning("%s: a line that is not a tombstone was skipped", path)
    return found


def _append_tombstone_file(path: Path | None, ref: str, deleted_ms: int) -> None:
    if path is None:
        return
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"ref": ref, "deleted_ms": deleted_ms}) + "\n")
        out.flush()
        os.fsync(out.fileno())


def erase_in(
    conn: Connection, trail: AuditTrail, actor: Acting, ref: str, now_ms: int, *, why: str
) -> Erasure | None:
    """Hard-delete the account ``ref`` in the caller's transaction; None if there is no such account."""
    row = account_store.account_by_ref(conn, ref)
    if row is None:
        return None
    email = row.email
    seqs = trail.log.seqs_mentioning(conn, email)
    erased_details = trail.log.erase_details_in(conn, seqs)
    counts = account_store.delete_account_rows(conn, row.id)
    counts["sign_in_throttle"] = int(account_store.clear_throttle(conn, throttle_key(email)))
    counts["inquiries"] = privacy_store.delete_inquiries_of(conn, email)
    counts["contacts"] = privacy_store.delete_contacts_of(conn, email)
    counts["request_notes"] = privacy_store.blank_notes_mentioning(conn, email)
    counts["alarm_comments"] = blank_comments_mentioning(conn, email)
    counts["alert_comments"] = notification_store.forget_comments(conn, ref, email)
    privacy_store.add_tombstone(conn, ref, now_ms)
    for request in privacy_store.requests(conn, subject=ref, open_only=True):
        if request.kind == "deletion":
            privacy_store.set_request_times(conn, request.id, done_ms=now_ms, handled_by=actor.ref)
    trail.record(
        actor,
        Action.ACCOUNT_ERASED,
        ref,
        details={"erased": seqs, "rows": counts, "why": why},
        conn=conn,
    )
    return Erasure(ref, counts, erased_details)


def erase(trail: AuditTrail, actor: Acting, ref: str, now_ms: int, *, why: str) -> Erasure | None:
    """Hard-delete one account, then leave no copy in the file (checkpoint) and record the tombstone."""
    with trail.db.engine.begin() as conn:
        done = erase_in(conn, trail, actor, ref, now_ms, why=why)
    if done is not None:
        finish_erasures(trail.db, [(ref, now_ms)])
    return done


def finish_erasures(db: Database, erased: Iterable[tuple[str, int]]) -> None:
    """After the deleting transaction committed: the tombstone file, and no old page left in the log."""
    path = tombstone_file(db)
    for ref, when in erased:
        _append_tombstone_file(path, ref, when)
    if db.is_sqlcipher:
        checkpoint(db)


def tombstones(db: Database) -> dict[str, int]:
    """Every erased ref, from the database and from the file beside it."""
    with db.engine.connect() as conn:
        stored = privacy_store.all_tombstones(conn)
    return {**read_tombstone_file(tombstone_file(db)), **stored}


def reapply_tombstones(trail: AuditTrail, actor: Acting, known: dict[str, int], now_ms: int) -> list[str]:
    """Erase again every account a tombstone names (after a restore); the refs erased."""
    erased = []
    with trail.db.engine.begin() as conn:
        for ref, deleted_ms in sorted(known.items()):
            if (
                erase_in(conn, trail, actor, ref, now_ms, why="deleted before the backup was restored")
                is not None
            ):
                erased.append(ref)
            privacy_store.add_tombstone(conn, ref, deleted_ms)
    if erased:
        finish_erasures(trail.db, [])
    path = tombstone_file(trail.db)
    if path is not None:
        already = read_tombstone_file(path)
        for ref, deleted_ms in sorted(known.items()):
            if ref not in already:
                _append_tombstone_file(path, ref, deleted_ms)
    return erased
