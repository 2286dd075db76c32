""" "My data" is complete (every table that can name a person is declared and exported) and secret-free."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import jsonschema
from sqlalchemy import Column, ForeignKey, Integer, String, Table

from app.accounts.service import SignInError
from app.privacy.consents import Purpose
from app.privacy.registry import NOT_PERSONAL, PERSON_COLUMNS, REGISTRY
from storage.schema import metadata
from tests.people_fixtures import ADMIN, OPERATOR, Staff

SCHEMA = json.loads((Path(__file__).resolve().parents[3] / "docs" / "my-data.schema.json").read_text())


def tables_naming_people() -> set[str]:
    """Tables with a column that names a person, or a foreign key to the accounts."""
    import storage.account_store
    import storage.alarm_journal
    import storage.audit_log
    import storage.job_claims
    import storage.privacy_store  # noqa: F401  (their tables join the metadata when imported)

    found = set()
    for table in metadata.tables.values():
        keys = {fk.column.table.name for column in table.columns for fk in column.foreign_keys}
        if "accounts" in keys or PERSON_COLUMNS & {c.name for c in table.columns} or table.name == "accounts":
            found.add(table.name)
    return found


def test_every_table_that_names_a_person_is_declared() -> None:
    declared = {entry.table for entry in REGISTRY}
    undeclared = tables_naming_people() - declared - set(NOT_PERSONAL)
    assert undeclared == set(), f"tables that refer to a person without a registry entry: {undeclared}"
    assert declared <= set(metadata.tables), "the registry names a table that does not exist"


def test_the_check_would_catch_a_new_table() -> None:
    notes = Table(
        "shift_notes",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("writer", Integer, ForeignKey("accounts.id")),
    )
    badges = Table("badges", metadata, Column("id", Integer, primary_key=True), Column("email", String(254)))
    try:
        assert {"shift_notes", "badges"} <= tables_naming_people() - {e.table for e in REGISTRY}
    finally:
        metadata.remove(notes)
        metadata.remove(badges)


def test_the_export_holds_every_declared_table_and_follows_its_schema(staff: Staff, tmp_path: Path) -> None:
    privacy = staff.people.privacy
    anna = staff.sessions[OPERATOR].actor
    admin = staff.sessions[ADMIN].actor
    privacy.set_consent(anna, Purpose.ALARM_ALERTS, True)
    privacy.add_inquiry(anna, name="Anna Tran", email=OPERATOR, company="Plant Co", phone="+84 90 000 0000")
    privacy.add_contact(admin, site="s", name="Anna Tran", email=OPERATOR, role="night shift lead")
    for _ in range(2):
        with contextlib.suppress(SignInError):
            staff.people.accounts.sign_in(OPERATOR, "not her password, a typo")
    output = tmp_path / "anna.json"
    data = privacy.export(anna, output)
    document = json.loads(output.read_text(encoding="utf-8"))
    assert document == data.document
    jsonschema.validate(document, SCHEMA)
    for entry in REGISTRY:
        assert entry.export_key in document, entry.table
    assert document["account"]["email"] == OPERATOR and document["account"]["role"] == "operator"
    assert document["consents"][-1] == {
        "purpose": "alarm-alerts",
        "granted": True,
        "at": document["consents"][-1]["at"],
        "recorded_by": OPERATOR,
    }
    assert document["sessions"] and document["sign_in_throttle"]["failures"] == 2
    assert {r["action"] for r in document["audit_records"]} >= {
        "auth.sign_in",
        "user.created",
        "privacy.consent_changed",
    }
    assert (
        document["inquiries"][0]["phone"] == "+84 90 000 0000"
        and document["contacts"][0]["role"] == "night shift lead"
    )
    assert output.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_the_export_holds_no_secret_and_names_others_only_by_ref(staff: Staff, tmp_path: Path) -> None:
    output = tmp_path / "ada.json"
    staff.people.privacy.export(staff.sessions[ADMIN].actor, output)
    text = output.read_text(encoding="utf-8")
    assert "$argon2" not in text and staff.admin_secret not in text
    for code in staff.recovery_codes:
        assert code not in text and code.replace("-", "") not in text
    assert OPERATOR not in text  # Ada created Anna's account: the record names Anna by her ref
    document = json.loads(text)
    assert document["account"]["second_factor"] is True and document["account"]["recovery_codes_left"] == 10
