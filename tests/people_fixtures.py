"""Accounts on a real encrypted database, with a clock the test moves: for service and window tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.accounts import second_factor
from app.accounts.roles import Role
from app.accounts.service import Session
from app.people import People
from app.site.people_settings import PrivacySettings
from app.timefmt import now_ms
from storage.database import Database, open_database

ADMIN = "ada@plant.example"
ADMIN_PASSWORD = "brass lantern over the cooling tower"
ENGINEER = "eli@plant.example"
ENGINEER_PASSWORD = "copper wire spools in the back room"
OPERATOR = "anna@plant.example"
OPERATOR_PASSWORD = "night shift tea and quiet meters"
VIEWER = "vic@plant.example"
VIEWER_PASSWORD = "glass window facing the switchyard"
PASSWORDS = {
    ADMIN: ADMIN_PASSWORD,
    ENGINEER: ENGINEER_PASSWORD,
    OPERATOR: OPERATOR_PASSWORD,
    VIEWER: VIEWER_PASSWORD,
}
ROLES = {ADMIN: Role.ADMIN, ENGINEER: Role.ENGINEER, OPERATOR: Role.OPERATOR, VIEWER: Role.VIEWER}
#: 2027-01-15T08:00:00Z, a Friday.
START_MS = 1_800_000_000_000


@dataclass
class Clock:
    now: int = START_MS

    def __call__(self) -> int:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += round(seconds * 1000)


@dataclass
class Staff:
    """A database with one account per role; the administrator has a second factor."""

    db: Database
    key_file: Path
    people: People
    clock: Clock
    admin_secret: str
    recovery_codes: list[str]
    sessions: dict[str, Session] = field(default_factory=dict)

    def code(self) -> str:
        """The administrator's code for the current step (move the clock 30 s between two uses)."""
        return second_factor.code_at(self.admin_secret, second_factor.current_step(self.clock.now))

    def sign_in(self, email: str) -> Session:
        """A fresh session; for the administrator, the clock moves on a step so its code is new."""
        if email == ADMIN:
            self.clock.advance(30)
            return self.people.accounts.sign_in(ADMIN, ADMIN_PASSWORD, code=self.code())
        return self.people.accounts.sign_in(email, PASSWORDS[email])


def seed_staff(people: People) -> dict[str, Session]:
    """One account per role on ``people``'s database, each signed in (on the real clock).

    The administrator's session is the one that set up its second factor, so no second
    code of the same 30-second step is needed.
    """
    accounts = people.accounts
    accounts.create_first_admin(ADMIN, "Plant Co", ADMIN_PASSWORD)
    session = accounts.sign_in(ADMIN, ADMIN_PASSWORD)
    enrolment = accounts.begin_enrolment(session)
    code = second_factor.code_at(enrolment.secret, second_factor.current_step(now_ms()))
    session, _codes = accounts.confirm_enrolment(session, enrolment, code)
    sessions = {ADMIN: session}
    for email in (ENGINEER, OPERATOR, VIEWER):
        accounts.add_user(session.actor, email, "Plant Co", ROLES[email], PASSWORDS[email])
        sessions[email] = accounts.sign_in(email, PASSWORDS[email])
    return sessions


def make_staff(tmp_path: Path, *, privacy: PrivacySettings | None = None, name: str = "staff") -> Staff:
    key_file = tmp_path / f"{name}.key"
    db = open_database(tmp_path / f"{name}.db", key_file, create=True)
    clock = Clock()
    people = People.open(db, key_file, privacy=privacy, clock=clock, site="Demo plant")
    accounts = people.accounts
    accounts.create_first_admin(ADMIN, "Plant Co", ADMIN_PASSWORD)
    session = accounts.sign_in(ADMIN, ADMIN_PASSWORD)
    enrolment = accounts.begin_enrolment(session)
    code = second_factor.code_at(enrolment.secret, second_factor.current_step(clock.now))
    session, codes = accounts.confirm_enrolment(session, enrolment, code)
    for email in (ENGINEER, OPERATOR, VIEWER):
        accounts.add_user(session.actor, email, "Plant Co", ROLES[email], PASSWORDS[email])
    accounts.sign_out(session)
    staff = Staff(db, key_file, people, clock, enrolment.secret, codes)
    staff.sessions = {email: staff.sign_in(email) for email in (ADMIN, ENGINEER, OPERATOR, VIEWER)}
    return staff


@pytest.fixture
def staff(tmp_path: Path) -> Iterator[Staff]:
    made = make_staff(tmp_path)
    yield made
    made.db.close()
