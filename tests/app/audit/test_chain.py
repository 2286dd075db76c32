"""The audit trail catches every kind of tampering and names the first record it touched.

Tampering is done as someone holding only the database key would: plain SQL on the
encrypted file, recomputing hashes where that would help them. Each test runs on the
encrypted file and on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from app.accounts.actors import SYSTEM
from app.audit.actions import Action
from app.audit.trail import AuditTrail
from storage.audit_log import GENESIS, Head, record_hash
from storage.database import Database
from tests.both_backends import Databases


@pytest.fixture
def trail(databases: Databases, tmp_path: Path) -> AuditTrail:
    db = databases.new()
    made = AuditTrail(db, tmp_path / f"{databases.backend}.key", workstation="ws-1")
    for i in range(1, 11):
        made.record(SYSTEM, Action.CONFIG_CHANGED, f"target-{i}", details={"n": i})
    return made


def sql(db: Database, statement: str, **values: object) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(statement), values)


def rows(db: Database) -> list[dict[str, object]]:
    with db.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text("SELECT * FROM audit_records ORDER BY seq"))]


def test_an_untouched_trail_verifies(trail: AuditTrail) -> None:
    result = trail.verify()
    assert result.intact and result.records == 10 and result.head.seq == 10
    assert result.head == trail.head()


def test_an_edited_record_is_named(trail: AuditTrail) -> None:
    sql(trail.db, "UPDATE audit_records SET target = 'nothing to see' WHERE seq = 4")
    result = trail.verify()
    assert not result.intact
    assert (result.problems[0].seq, result.problems[0].kind) == (4, "edited")


def test_edited_details_are_named_even_with_the_digest_recomputed_without_the_key(trail: AuditTrail) -> None:
    row = rows(trail.db)[5]
    forged = json.dumps({"n": 600})
    digest = hashlib.sha256(f"{row['salt']}\x00{forged}".encode()).hexdigest()
    fields = (
        row["seq"],
        row["ts_ms"],
        row["actor"],
        row["action"],
        row["target"],
        row["outcome"],
        row["workstation_digest"],
        digest,
        row["prev_hash"],
    )
    sql(
        trail.db,
        "UPDATE audit_records SET details = :d, details_digest = :dd, hash = :h WHERE seq = 6",
        d=forged,
        dd=digest,
        h=record_hash(fields),
    )
    first = trail.verify().problems[0]
    assert (first.seq, first.kind) == (6, "edited")


def test_a_deleted_record_is_named(trail: AuditTrail) -> None:
    sql(trail.db, "DELETE FROM audit_records WHERE seq = 7")
    first = trail.verify().problems[0]
    assert (first.seq, first.kind) == (7, "deleted")


def test_an_inserted_record_is_named(trail: AuditTrail) -> None:
    # Make room by moving the later records up one, then slip a record in at 5.
    for seq in range(10, 4, -1):
        sql(trail.db, "UPDATE audit_records SET seq = :new WHERE seq = :old", new=seq + 1, old=seq)
    original = rows(trail.db)[3]  # seq 4
    fields = (
        5,
        original["ts_ms"],
        "acct-forged",
        "user.created",
        "acct-forged",
        "ok",
        original["workstation_digest"],
        original["details_digest"],
        original["hash"],
    )
    forged_hash = record_hash(fields)
    sql(
        trail.db,
        "INSERT INTO audit_records (seq, ts_ms, actor, action, target, outcome, workstation,"
        " workstation_digest, details, details_digest, salt, prev_hash, hash, mac)"
        " SELECT 5, ts_ms, 'acct-forged', 'user.created',"
        " 'acct-forged', 'ok', workstation, workstation_digest, details, details_digest, salt, hash, :h, :m"
        " FROM audit_records WHERE seq = 4",
        h=forged_hash,
        m="0" * 64,
    )
    first = trail.verify().problems[0]
    assert (first.seq, first.kind) == (5, "inserted")


def test_records_cut_from_the_end_are_caught_against_the_head(trail: AuditTrail) -> None:
    sql(trail.db, "DELETE FROM audit_records WHERE seq > 7")
    first = trail.verify().problems[0]
    assert (first.seq, first.kind) == (8, "truncated")
    assert "head says 10" in first.text


def test_a_truncation_with_the_head_rewound_is_caught_against_an_anchor(trail: AuditTrail) -> None:
    anchor = trail.head()  # printed on a report, kept in a backup's note
    with trail.db.engine.connect() as conn:
        old = conn.execute(text("SELECT hash FROM audit_records WHERE seq = 7")).scalar()
    sql(trail.db, "DELETE FROM audit_records WHERE seq > 7")
    # Without the audit key the head cannot be re-signed; a genuine older head (seq 7) would be.
    sql(trail.db, "UPDATE audit_head SET seq = 7, hash = :h", h=old)
    assert trail.verify().problems[0].kind in ("head", "truncated")
    first = trail.verify([anchor]).problems
    assert any(p.seq == 10 and p.kind == "truncated" for p in first)


def test_a_new_record_after_an_altered_head_keeps_the_evidence(trail: AuditTrail) -> None:
    sql(trail.db, "DELETE FROM audit_records WHERE seq > 8")
    sql(trail.db, "UPDATE audit_head SET seq = 8, mac = NULL")
    seq = trail.record(SYSTEM, Action.CONFIG_CHANGED, "after the tampering")
    result = trail.verify()
    assert seq == 10  # the trail goes on: the program keeps running
    assert [(p.seq, p.kind) for p in result.problems] == [(9, "head")]


def test_details_erased_by_an_erasure_record_are_not_tampering(trail: AuditTrail) -> None:
    with trail.db.engine.begin() as conn:
        trail.log.erase_details_in(conn, [2, 3])
        trail.record(SYSTEM, Action.ACCOUNT_ERASED, "acct-x", details={"erased": [2, 3]}, conn=conn)
    result = trail.verify()
    assert result.intact and result.erased == 2
    sql(trail.db, "UPDATE audit_records SET details = NULL, workstation = NULL, salt = NULL WHERE seq = 5")
    first = trail.verify().problems[0]
    assert (first.seq, first.kind) == (5, "details-removed")


def test_the_trail_is_signed_with_its_own_key_not_the_database_key(trail: AuditTrail, tmp_path: Path) -> None:
    other = AuditTrail(trail.db, tmp_path / "someone-else.key")
    other.key.create()
    with pytest.raises(Exception, match="audit key does not match"):
        other.record(SYSTEM, Action.CONFIG_CHANGED, "with another key")
    assert other.verify().problems[0].kind == "edited"
    assert trail.verify().intact


def test_an_empty_trail_starts_from_the_genesis_hash(databases: Databases, tmp_path: Path) -> None:
    made = AuditTrail(databases.new(), tmp_path / "new.key")
    assert made.head() == Head(0, GENESIS) and made.verify().intact
    made.record(SYSTEM, Action.TRAIL_STARTED, "trail")
    assert rows(made.db)[0]["prev_hash"] == GENESIS


def test_a_damaged_newest_record_does_not_stop_the_trail(trail: AuditTrail) -> None:
    sql(trail.db, "UPDATE audit_records SET mac = :m, target = 'garbled' WHERE seq = 10", m="f" * 64)
    seq = trail.record(SYSTEM, Action.CONFIG_CHANGED, "the program carries on")
    assert seq == 11
    problems = trail.verify().problems
    assert [(p.seq, p.kind) for p in problems] == [(10, "edited")]
