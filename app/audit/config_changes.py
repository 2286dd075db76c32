"""Configuration changes in the audit trail, with what the site file said before and after.

The site file is edited in a text editor or by the window; either way the change is
recorded when a program next loads it: the new text and a unified diff against the text
last recorded. The site file never holds a secret (passwords live in the OS keyring), so
its text may be kept.
"""

from __future__ import annotations

import difflib
import hashlib

from app.audit.actions import Action
from app.audit.trail import Acting, AuditTrail


def record_config(trail: AuditTrail, actor: Acting | str, where: str, text: str) -> bool:
    """Record ``text`` as the configuration in force if it differs from the last one recorded."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    last = trail.records(action_prefix=Action.CONFIG_CHANGED.value, limit=1, newest_first=True)
    details = last[0].details if last else None
    if details is not None and details.get("sha256") == digest:
        return False
    before = str(details.get("after", "")) if details is not None else ""
    diff = "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True), text.splitlines(keepends=True), "before", "after"
        )
    )
    trail.record(actor, Action.CONFIG_CHANGED, where, details={"sha256": digest, "after": text, "diff": diff})
    return True
