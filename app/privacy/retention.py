"""The privacy retention engine: one job applies every rule, once per hour, on one workstation.

Rules: withdrawn accounts past the deletion window are hard-deleted; inquiries past their
period are purged; points of contact whose role ended are removed; the workstation and
desktop login of sessions that ended are forgotten (and sessions a crashed program left
open for a week are ended); sign-in throttles a day old are forgotten; audit records past
their period lose their details, the chain staying verifiable. The run logs counts only,
never what was deleted, and is idempotent: a second run right after finds nothing.

Whichever program runs — the collector or a window — starts the job; with several
workstations on one PostgreSQL server, a claim in ``job_runs`` lets exactly one of them
run each period.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from app.accounts.actors import SYSTEM, Actor, Right
from app.accounts.guard import require
from app.accounts.throttle import FORGET_AFTER_MS
from app.audit.actions import Action
from app.audit.trail import AuditTrail
from app.privacy.erasure import erase_in, finish_erasures
from app.site.people_settings import PrivacySettings
from app.timefmt import now_ms
from storage import account_store, job_claims, privacy_store

log = logging.getLogger(__name__)

DAY_MS = 86_400_000
JOB = "privacy-retention"
EVERY_MS = 3_600_000
STALE_SESSION_MS = 7 * DAY_MS


@dataclass(frozen=True, slots=True)
class RetentionRun:
    ran: bool
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return sum(self.counts.values())


class PrivacyRetention:
    def __init__(
        self, trail: AuditTrail, settings: PrivacySettings, *, clock: Callable[[], int] = now_ms
    ) -> None:
        self._trail = trail
        self._settings = settings
        self._clock = clock
        self._owner = f"{trail.workstation}:{os.getpid()}"

    def run(self, actor: Actor = SYSTEM, *, as_of_ms: int | None = None, claim: bool = False) -> RetentionRun:
        """Apply every rule as at ``as_of_ms`` (default now); with ``claim``, only if this period is ours."""
        require(self._trail, actor, Right.MANAGE_PRIVACY, JOB)
        now = self._clock() if as_of_ms is None else as_of_ms
        db = self._trail.db
        settings = self._settings
        try:
            with db.engine.begin() as conn:
                if claim and not job_claims.claim_job(conn, JOB, now, EVERY_MS, self._owner):
                    return RetentionRun(False)
                erased = []
                for row in account_store.all_accounts(conn):
                    due = (
                        row.withdrawn_ms is not None
                        and row.withdrawn_ms + settings.deletion_days * DAY_MS <= now
                    )
                    if row.status == "withdrawn" and due:
                        erase_in(conn, self._trail, actor, row.ref, now, why="deletion window ended")
                        erased.append((row.ref, now))
                counts = {
                    "accounts_erased": len(erased),
                    "inquiries_purged": privacy_store.delete_inquiries_before(
                        conn, now - settings.inquiry_days * DAY_MS
                    ),
                    "contacts_removed": privacy_store.delete_contacts_ended(conn, now),
                    "stale_sessions_ended": account_store.end_stale_sessions(
                        conn, now - STALE_SESSION_MS, now
                    ),
                }
                counts["session_details_forgotten"] = account_store.forget_ended_session_details(conn)
                counts["throttles_forgotten"] = account_store.forget_old_throttles(
                    conn, now - FORGET_AFTER_MS
                )
                counts["audit_details_erased"] = self._erase_old_details(conn, actor, now)
                if any(counts.values()):
                    self._trail.record(
                        actor, Action.RETENTION_RUN, JOB, details={"counts": counts}, conn=conn
                    )
        except IntegrityError:
            return RetentionRun(False)  # another workstation claimed the first run at the same moment
        finish_erasures(db, erased)
        if any(counts.values()):
            log.info("privacy retention: %s", ", ".join(f"{k} {v}" for k, v in counts.items() if v))
        return RetentionRun(True, counts)

    def _erase_old_details(self, conn: Connection, actor: Actor, now: int) -> int:
        audit = self._trail.log
        through = audit.last_seq_before(conn, now - self._settings.audit_detail_days * DAY_MS)
        if through == 0:
            return 0
        erased = audit.erase_details_through_in(conn, through)
        if erased:
            self._trail.record(
                actor,
                Action.DETAILS_PURGED,
                JOB,
                details={"through_seq": through, "records": erased},
                conn=conn,
            )
        return erased
