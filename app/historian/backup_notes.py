"""The plain-text note beside a backup: what it is, and the audit anchor it was taken at.

``FILE.meta.json`` holds no secret and no personal data: when and from where the backup was
made, its schema version, the audit trail's head at that moment (a later truncation of the
trail is caught against it with ``audit verify --anchor``) and how many deletions it predates.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from app.timefmt import iso_utc, now_ms
from storage.audit_log import Head
from storage.database import Database

FORMAT = "wattkeeper-backup"


def metadata_file(backup: Path) -> Path:
    return backup.with_name(backup.name + ".meta.json")


def backup_metadata(db: Database, head: Head, tombstones: int) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "created": iso_utc(now_ms()),
        "source": db.where,
        "schema": db.schema_revision(),
        "audit_head": str(head),
        "tombstones": tombstones,
    }


def write_backup_metadata(backup: Path, meta: dict[str, Any]) -> None:
    path = metadata_file(backup)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(meta, out, indent=1)
        out.write("\n")


def read_backup_metadata(backup: Path) -> dict[str, Any]:
    """The note beside ``backup``; empty if there is none or it does not parse."""
    try:
        meta = json.loads(metadata_file(backup).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) and meta.get("format") == FORMAT else {}
