"""Looking after the historian as a service: backup, restore, rekey and retention, each checked and audited.

Backups carry a plain note beside them with the audit trail's head at that moment, so a
later truncation of the trail is caught against it. A restore puts the backup in place,
then erases again every account deleted since, from the tombstones kept in the live
database and in the file beside it: a deleted person does not come back with an old backup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.accounts.actors import SYSTEM, Actor, Right
from app.accounts.guard import require
from app.audit.actions import Action
from app.audit.trail import Acting, AuditTrail
from app.historian.backup_notes import backup_metadata, read_backup_metadata, write_backup_metadata
from app.people import People
from app.privacy.erasure import reapply_tombstones, tombstones
from app.timefmt import now_ms
from storage import maintenance
from storage.audit_log import Head
from storage.database import Database
from storage.retention import apply_retention, read_policy, set_policies


@dataclass(frozen=True, slots=True)
class Restored:
    reapplied: list[str]
    backup_head: str | None


def backup(people: People, actor: Actor, target: Path) -> Head:
    """An encrypted copy of the database at ``target`` and its note; the audit head it was taken at."""
    trail = people.trail
    require(trail, actor, Right.MAINTAIN_DATABASE, str(target))
    maintenance.backup(trail.db, target)
    head = trail.head()
    write_backup_metadata(target, backup_metadata(trail.db, head, len(tombstones(trail.db))))
    trail.record(actor, Action.BACKUP, str(target), details={"audit_head": str(head)})
    return head


def deletions_to_keep(people: People, actor: Actor) -> dict[str, int]:
    """Before a restore: every erased ref the live database knows (checked against the actor's right)."""
    require(people.trail, actor, Right.MAINTAIN_DATABASE, "restore")
    return tombstones(people.trail.db)


def finish_restore(trail: AuditTrail, actor: Acting, source: Path, known: dict[str, int]) -> Restored:
    """After the restored file is in place: erase again whoever was deleted since, and record it."""
    known = {**known, **tombstones(trail.db)}
    erased = reapply_tombstones(trail, actor, known, now_ms())
    head = read_backup_metadata(source).get("audit_head")
    trail.record(
        actor,
        Action.RESTORE,
        str(trail.db.where),
        details={
            "from": str(source),
            "backup_audit_head": head,
            "deletions_reapplied": len(erased),
            "signed_in": actor is not SYSTEM,
        },
    )
    return Restored(erased, head)


def check_rekey(people: People, actor: Actor) -> None:
    require(people.trail, actor, Right.MAINTAIN_DATABASE, "rekey")


def set_retention(people: People, actor: Actor, changes: dict[str, int | None]) -> dict[str, int | None]:
    """Change how long each resolution is kept, with before and after on record; the policy after."""
    trail = people.trail
    require(trail, actor, Right.SET_RETENTION, "history")
    before = read_policy(trail.db)
    set_policies(trail.db, changes)
    after = read_policy(trail.db)
    trail.record(actor, Action.RETENTION_CHANGED, "history", details={"before": before, "after": after})
    return after


def apply_history_retention(people: People, actor: Actor, db: Database) -> dict[str, int]:
    require(people.trail, actor, Right.SET_RETENTION, "history")
    return apply_retention(db, now_ms()).deleted
