"""The services about people, built together on one database: audit trail, accounts, privacy.

The window, the collector and each command that needs a right build them here, so they
share one trail and one clock. Security events that happened before the trail could be
written (a wrong database key) wait in a file of the data directory and are recorded here.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.accounts.actors import SYSTEM
from app.accounts.roles import Role
from app.accounts.service import AccountService
from app.audit.actions import Action
from app.audit.trail import AuditTrail
from app.privacy.service import PrivacyService
from app.site.people_settings import AccountSettings, PrivacySettings
from app.timefmt import now_ms
from storage.database import Database
from storage.errors import StorageError

log = logging.getLogger(__name__)

PENDING_EVENTS = "security-events.jsonl"


@dataclass(frozen=True)
class People:
    trail: AuditTrail
    accounts: AccountService
    privacy: PrivacyService
    account_settings: AccountSettings

    @classmethod
    def open(
        cls,
        db: Database,
        key_file: Path | None,
        *,
        privacy: PrivacySettings | None = None,
        accounts: AccountSettings | None = None,
        site: str = "",
        data_dir: Path | None = None,
        clock: Callable[[], int] = now_ms,
    ) -> People:
        trail = AuditTrail(db, key_file, clock=clock)
        accounts = accounts or AccountSettings()
        people = cls(
            trail,
            AccountService(
                trail, clock=clock, mfa_roles=frozenset(Role(r) for r in accounts.second_factor_roles)
            ),
            PrivacyService(trail, privacy or PrivacySettings(), site=site, clock=clock),
            accounts,
        )
        if data_dir is not None:
            try:
                record_pending_events(trail, data_dir)
            except StorageError as exc:  # the trail cannot take them now; they wait for the next open
                log.error("security events wait for the audit trail: %s", exc)
        return people


def note_security_event(data_dir: Path, action: Action, target: str, details: dict[str, object]) -> None:
    """Keep an event for the trail when the trail itself cannot be opened (no secret in it)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    entry = {"ts_ms": now_ms(), "action": action.value, "target": target, "details": details}
    fd = os.open(data_dir / PENDING_EVENTS, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as out:
        out.write(json.dumps(entry, ensure_ascii=False) + "\n")


def record_pending_events(trail: AuditTrail, data_dir: Path) -> int:
    """Move kept events into the trail; how many. A line that does not parse is recorded as such."""
    path = data_dir / PENDING_EVENTS
    if not path.exists():
        return 0
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            event = json.loads(line)
            entries.append(
                trail.entry(
                    SYSTEM,
                    Action(event["action"]),
                    str(event["target"]),
                    details=dict(event["details"]),
                    outcome="refused",
                    ts_ms=int(event["ts_ms"]),
                )
            )
        except (ValueError, KeyError, TypeError):
            log.warning("%s: a line that is not a security event was skipped", path)
    if entries:
        trail.record_many(entries)
    path.unlink()
    return len(entries)
