"""The audit trail as a CSV file: one writer for ``wattkeeper audit export`` and the viewer.

Every cell someone typed is kept from breaking a line of the file or running as a formula
when the file is opened in a spreadsheet, so the copy an auditor opens shows what was stored.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

from app.audit.text import spreadsheet_safe
from app.timefmt import iso_utc
from storage.audit_log import AuditRecord

COLUMNS = ("seq", "time", "actor", "action", "target", "outcome", "workstation", "details", "hash")


def csv_row(record: AuditRecord, names: dict[str, str]) -> list[object]:
    """One record in the :data:`COLUMNS`; people named by email while their account exists.

    The details are ASCII-only JSON: its escapes already keep every control and bidirectional
    character out, ``json.loads`` gives back exactly what was typed, and an object's ``{``
    never leads a formula. ``printable`` would escape those escapes again (a typed newline
    would read as backslash, backslash, n).
    """
    details = "" if record.details is None else json.dumps(record.details, ensure_ascii=True)
    texts = (
        names.get(record.actor, record.actor),
        record.action,
        names.get(record.target, record.target),
        record.outcome,
        record.workstation or "",
    )
    safe = [spreadsheet_safe(t) for t in texts]
    return [record.seq, iso_utc(record.ts_ms), *safe, details, record.hash]


def write_csv(path: Path, records: Iterable[AuditRecord], names: dict[str, str]) -> int:
    """Write ``records`` with a header line; how many. ``OSError`` when the file cannot be written."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for record in records:
            writer.writerow(csv_row(record, names))
            count += 1
    return count
