"""The retention engine applies every rule once, logs counts only, and runs on one workstation at a time."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

import pytest

from app.accounts.actors import SYSTEM
from app.accounts.service import SignInError
from app.people import People
from app.privacy.retention import PrivacyRetention
from app.site.people_settings import PrivacySettings
from tests.both_backends import Databases
from tests.people_fixtures import ADMIN, OPERATOR, VIEWER, Staff, make_staff

DAY_S = 86_400


def test_inquiries_are_purged_after_their_period_and_contacts_when_their_role_ends(staff: Staff) -> None:
    privacy = staff.people.privacy
    admin = staff.sessions[ADMIN].actor
    privacy.add_inquiry(admin, name="Lan Pham", email="lan@customer.example", phone="+84 91 111 1111")
    ends = staff.clock.now + 10 * DAY_S * 1000
    privacy.add_contact(
        admin, site="s", name="Minh Do", email="minh@plant.example", role="site manager", role_ends_ms=ends
    )
    staying = privacy.add_contact(admin, site="s", name="Thu Le", role="electrician")
    staff.clock.advance(10 * DAY_S)
    assert privacy.purge().counts["contacts_removed"] == 1
    assert [c.name for c in privacy.contacts(admin)] == ["Thu Le"]
    privacy.end_contact(admin, staying)
    staff.clock.advance(79 * DAY_S)
    run = privacy.purge()
    assert run.counts["contacts_removed"] == 1 and run.counts["inquiries_purged"] == 0
    staff.clock.advance(2 * DAY_S)
    assert privacy.purge().counts["inquiries_purged"] == 1
    assert privacy.inquiries(admin) == [] and privacy.contacts(admin) == []


def test_a_session_forgets_its_workstation_when_it_ends(staff: Staff) -> None:
    accounts = staff.people.accounts
    viewer = staff.sessions[VIEWER]
    staff.clock.advance(60)
    accounts.sign_out(viewer)
    # The viewer's, and the administrator's first session (which set up the second factor).
    assert staff.people.privacy.purge().counts["session_details_forgotten"] == 2
    data = staff.people.privacy.overview(viewer.actor).data.document
    ended = [s for s in data["sessions"] if s["ended"] is not None]
    assert ended and all(s["workstation"] is None and s["desktop_login"] is None for s in ended)
    still_open = [
        s for s in staff.people.privacy.overview(staff.sessions[OPERATOR].actor).data.document["sessions"]
    ]
    assert still_open[-1]["workstation"] == staff.people.trail.workstation  # open: kept for now
    staff.clock.advance(8 * DAY_S)
    run = staff.people.privacy.purge()
    assert run.counts["stale_sessions_ended"] == 3  # left open by a program that died, a week ago


def test_sign_in_failures_are_forgotten_after_a_day(staff: Staff) -> None:
    with contextlib.suppress(SignInError):
        staff.people.accounts.sign_in("typo@plant.example", "a guessed password here")
    staff.clock.advance(DAY_S + 60)
    assert staff.people.privacy.purge().counts["throttles_forgotten"] == 1


def test_audit_details_go_after_their_period_and_the_chain_still_verifies(tmp_path: Path) -> None:
    staff = make_staff(tmp_path, privacy=PrivacySettings(audit_detail_days=30))
    try:
        with contextlib.suppress(SignInError):
            staff.people.accounts.sign_in("typo@plant.example", "a guessed password here")
        before = staff.people.trail.records()
        staff.clock.advance(31 * DAY_S)
        run = staff.people.privacy.purge()
        assert run.counts["audit_details_erased"] == len(before)
        result = staff.people.trail.verify()
        assert result.intact and result.erased == len(before)
        assert all(
            r.details is None and r.workstation is None for r in staff.people.trail.records()[: len(before)]
        )
        assert [r.action for r in staff.people.trail.records()][-2:] == [
            "audit.details_purged",
            "privacy.retention_run",
        ]
        assert staff.people.privacy.purge().changed == 0
    finally:
        staff.db.close()


def test_a_run_logs_counts_never_contents(staff: Staff, caplog: pytest.LogCaptureFixture) -> None:
    staff.people.privacy.add_inquiry(
        staff.sessions[ADMIN].actor, name="Lan Pham", email="lan@customer.example"
    )
    staff.clock.advance(91 * DAY_S)
    with caplog.at_level(logging.INFO):
        staff.people.privacy.purge()
    text = caplog.text
    assert "inquiries_purged 1" in text
    assert "lan@customer.example" not in text and "Lan Pham" not in text


def test_only_one_workstation_runs_each_period(databases: Databases, tmp_path: Path) -> None:
    db = databases.new()
    key_file = tmp_path / f"{databases.backend}.key"
    first, second = (
        PrivacyRetention(People.open(db, key_file).trail, PrivacySettings(), clock=lambda: 1_800_000_000_000)
        for _ in range(2)
    )
    assert first.run(SYSTEM, claim=True).ran
    assert not second.run(SYSTEM, claim=True).ran  # the same hour: taken
    later = PrivacyRetention(
        People.open(db, key_file).trail, PrivacySettings(), clock=lambda: 1_800_003_600_000
    )
    assert later.run(SYSTEM, claim=True).ran  # the next hour: its turn
