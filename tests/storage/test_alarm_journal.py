"""The alarm journal on a real SQLCipher file: definitions, events, and guarded updates."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers.base import now_ms
from storage.alarm_journal import AlarmDefinition, AlarmJournal, EventRow, StoredAlarm
from storage.database import open_database
from storage.errors import StorageError

DEFINITION = AlarmDefinition("v-high", "s/m/voltage", "high", "high", "Voltage high")


def event(alarm_id: int, ts: int, name: str, after: str, **facts: object) -> EventRow:
    return EventRow(alarm_id, ts, name, "normal", after, "system", facts=dict(facts))


def test_definitions_are_kept_and_refreshed(tmp_path: Path, key_file: Path) -> None:
    db = open_database(tmp_path / "j.db", key_file, create=True)
    journal = AlarmJournal(db)
    first = journal.register([DEFINITION])["v-high"]
    changed = AlarmDefinition("v-high", "s/m/voltage", "high", "critical", "Voltage very high")
    again = journal.register([changed])["v-high"]
    assert again.id == first.id and again.priority == "critical" and again.message == "Voltage very high"
    db.close()


def test_events_leave_the_alarm_row_with_their_facts(tmp_path: Path, key_file: Path) -> None:
    db = open_database(tmp_path / "j.db", key_file, create=True)
    journal = AlarmJournal(db)
    alarm_id = journal.register([DEFINITION])["v-high"].id
    activated = EventRow(
        alarm_id,
        1_000,
        "activated",
        "normal",
        "unacknowledged",
        "system",
        value=258.0,
        activated_ms=1_000,
        facts={"active": True, "acked": False},
    )
    before = now_ms()
    ids = journal.append([activated])
    after = now_ms()
    assert ids == [1]
    (row,) = journal.alarms(standing_only=True)
    assert (row.state, row.activated_ms, row.value, row.facts) == (
        "unacknowledged",
        1_000,
        258.0,
        {"active": True, "acked": False},
    )
    (stored,) = journal.events()
    # The time it was recorded is this machine's clock at the write, whatever the event's own time.
    assert stored.key == "v-high" and before <= stored.recorded_ms <= after and stored.facts["active"] is True
    db.close()


def test_a_concurrent_change_makes_the_update_decide_again_on_the_fresh_row(
    tmp_path: Path, key_file: Path
) -> None:
    db = open_database(tmp_path / "j.db", key_file, create=True)
    journal = AlarmJournal(db)
    alarm_id = journal.register([DEFINITION])["v-high"].id
    seen: list[str] = []

    def decide(row: StoredAlarm) -> EventRow:
        seen.append(row.state)
        if len(seen) == 1:  # someone else acts between our read and our write
            journal.append([event(alarm_id, 2_000, "activated", "unacknowledged", active=True, acked=False)])
        return event(alarm_id, 3_000, "acknowledged", "acknowledged", active=True, acked=True)

    journal.update(alarm_id, decide)
    assert seen == ["normal", "unacknowledged"]
    assert [e.event for e in journal.events()] == ["activated", "acknowledged"]
    assert journal.alarms()[0].state == "acknowledged"
    db.close()


def test_refusal_writes_nothing_and_unknown_alarms_are_named(tmp_path: Path, key_file: Path) -> None:
    db = open_database(tmp_path / "j.db", key_file, create=True)
    journal = AlarmJournal(db)
    alarm_id = journal.register([DEFINITION])["v-high"].id

    def refuse(_row: StoredAlarm) -> EventRow:
        raise ValueError("nothing to acknowledge")

    with pytest.raises(ValueError, match="nothing to acknowledge"):
        journal.update(alarm_id, refuse)
    assert journal.events() == []
    with pytest.raises(StorageError, match="no alarm 'nope'"):
        journal.update("nope", refuse)
    db.close()
