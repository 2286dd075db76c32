"""Withdrawal, the 90-day window, hard deletion that leaves no copy in the file, and restores that keep it.

After the deletion the person's email is searched for in every column of every table, in
every page of the decrypted database file (free pages included) and in its write-ahead
log: it must be nowhere. Before the deletion the same search must find it, which proves
the search can see it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from app.accounts.actors import SYSTEM
from app.accounts.service import Refusal, SignInError
from app.historian import care
from app.people import People
from app.privacy.erasure import tombstone_file, tombstones
from app.privacy.laws import RequestKind
from app.privacy.service import PrivacyError
from storage import maintenance
from storage.alarm_journal import AlarmDefinition, AlarmJournal, EventRow
from storage.database import Database, open_database
from tests.people_fixtures import ADMIN, OPERATOR, OPERATOR_PASSWORD, Staff
from tests.sqlcipher_pages import database_plaintext, wal_plaintext

DAY_S = 86_400


def rows_mentioning(db: Database, needle: str) -> list[str]:
    """``table.column`` of every stored value that contains ``needle`` (any case)."""
    found = []
    with db.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                for column, value in row._mapping.items():
                    if needle.lower() in str(value).lower():
                        found.append(f"{table}.{column}")
    return found


def bytes_mentioning(db: Database, needle: str) -> list[str]:
    assert db.path is not None and db.key is not None
    wal = db.path.with_name(db.path.name + "-wal")
    places = {
        "database file": database_plaintext(db.path, db.key.hex),
        "write-ahead log": wal_plaintext(wal, db.key.hex),
    }
    return [name for name, plain in places.items() if needle.lower().encode() in plain.lower()]


def leave_traces(staff: Staff) -> str:
    """Anna acts and is written about everywhere a person can be; her ref."""
    anna = staff.sessions[OPERATOR].actor
    admin = staff.sessions[ADMIN].actor
    privacy = staff.people.privacy
    journal = AlarmJournal(staff.db)
    alarm = journal.register([AlarmDefinition("volts-high", "s/m/voltage", "high", "high", "Volts high")])
    journal.append(
        [
            EventRow(
                alarm["volts-high"].id,
                staff.clock.now,
                "acknowledged",
                "unacknowledged",
                "acknowledged",
                anna.ref,
                comment=f"acknowledged by {OPERATOR} on the night round",
            )
        ]
    )
    privacy.add_inquiry(
        anna, name="Anna Tran", email=OPERATOR, company="Plant Co", message="quote for meters"
    )
    privacy.add_contact(admin, site="s", name="Anna Tran", email=OPERATOR, role="night shift lead")
    privacy.receive_request(admin, OPERATOR, RequestKind.ACCESS, note=f"asked by phone, reply to {OPERATOR}")
    privacy.correct(anna, organisation="Plant Co, night shift")
    return anna.ref


def test_ninety_days_after_withdrawal_nothing_names_the_person(staff: Staff) -> None:
    ref = leave_traces(staff)
    assert rows_mentioning(staff.db, OPERATOR) and bytes_mentioning(staff.db, OPERATOR)
    privacy = staff.people.privacy
    anna = staff.sessions[OPERATOR].actor
    delete_at = privacy.withdraw(anna)
    assert delete_at == staff.clock.now + 90 * DAY_S * 1000
    with pytest.raises(SignInError) as refused:
        staff.people.accounts.sign_in(OPERATOR, OPERATOR_PASSWORD)
    assert refused.value.reason is Refusal.WITHDRAWN

    staff.clock.advance(90 * DAY_S - 60)
    assert privacy.purge().counts["accounts_erased"] == 0  # still inside the window: restorable
    staff.clock.advance(120)
    run = privacy.purge()
    assert run.counts["accounts_erased"] == 1 and run.counts["inquiries_purged"] == 0
    assert privacy.purge().changed == 0  # the same rules again find nothing: idempotent

    assert rows_mentioning(staff.db, OPERATOR) == []
    assert bytes_mentioning(staff.db, OPERATOR) == []
    assert rows_mentioning(staff.db, "Anna Tran") == [] and bytes_mentioning(staff.db, "Anna Tran") == []
    events = [e for e in AlarmJournal(staff.db).events() if e.key == "volts-high"]
    assert [(e.user, e.comment) for e in events] == [(ref, "")]  # kept, under the pseudonym
    with staff.db.engine.connect() as conn:
        kinds = dict(
            conn.execute(
                text("SELECT kind, done_ms FROM privacy_requests WHERE subject = :r AND kind = 'deletion'"),
                {"r": ref},
            ).all()
        )
    assert kinds["deletion"] == staff.clock.now
    assert staff.people.trail.verify().intact  # erased details are declared, the chain still verifies
    assert ref in tombstones(staff.db)
    assert staff.people.trail.records(action_prefix="privacy.account_erased")[0].target == ref


def test_an_administrator_restores_a_withdrawn_account_within_the_window(staff: Staff) -> None:
    privacy = staff.people.privacy
    privacy.withdraw(staff.sessions[OPERATOR].actor)
    staff.clock.advance(30 * DAY_S)
    privacy.restore(staff.sessions[ADMIN].actor, OPERATOR)
    assert staff.people.accounts.sign_in(OPERATOR, OPERATOR_PASSWORD).account.status == "active"
    staff.clock.advance(90 * DAY_S)
    assert privacy.purge().counts["accounts_erased"] == 0
    with pytest.raises(PrivacyError, match="not withdrawn"):
        privacy.restore(staff.sessions[ADMIN].actor, OPERATOR)


def test_offboarding_erases_at_once(staff: Staff) -> None:
    leave_traces(staff)
    done = staff.people.privacy.erase_now(staff.sessions[ADMIN].actor, OPERATOR)
    assert done.rows["accounts"] == 1 and done.rows["inquiries"] == 1 and done.rows["contacts"] == 1
    assert rows_mentioning(staff.db, OPERATOR) == [] and bytes_mentioning(staff.db, OPERATOR) == []
    with pytest.raises(PrivacyError, match="withdraw your own account instead"):
        staff.people.privacy.erase_now(staff.sessions[ADMIN].actor, ADMIN)


def test_a_restored_old_backup_does_not_bring_the_person_back(staff: Staff, tmp_path: Path) -> None:
    leave_traces(staff)
    backup = tmp_path / "before.db"
    head = care.backup(staff.people, staff.sessions[ADMIN].actor, backup)
    assert str(head) in (tmp_path / "before.db.meta.json").read_text()
    staff.people.privacy.erase_now(staff.sessions[ADMIN].actor, OPERATOR)
    known = tombstones(staff.db)
    path, key_file = staff.db.path, staff.key_file
    assert path is not None
    staff.db.close()
    maintenance.restore(path, key_file, backup)
    db = open_database(path, key_file)
    try:
        assert rows_mentioning(db, OPERATOR)  # the backup still holds her …
        trail = People.open(db, key_file).trail
        restored = care.finish_restore(trail, SYSTEM, backup, known)
        assert len(restored.reapplied) == 1 and restored.backup_head == str(head)
        assert rows_mentioning(db, OPERATOR) == [] and bytes_mentioning(db, OPERATOR) == []  # … no longer
        assert trail.verify().intact
        assert tombstone_file(db) is not None and tombstone_file(db).exists()  # type: ignore[union-attr]
    finally:
        db.close()
    staff.db = open_database(path, key_file)  # for the fixture's teardown
