"""Every role against every right, through the services that check them (not through the window).

Each right is exercised by the service call it guards. A role holding the right gets the
effect; a role without it gets a refusal naming the right, and the refusal is audited.
``view``, ``report.run`` and ``config.edit`` guard the window's plant views, the reports
and device set-up, which are checked where those live.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.accounts.actors import Actor, Right, RightMissingError
from app.accounts.roles import ROLE_RIGHTS, Role
from app.alarms.service import AlarmService
from app.alarms.states import PermissionDeniedError
from app.audit import reading
from app.historian import care
from app.historian.export import export_point
from app.privacy.laws import RequestKind
from app.secrets import store_secret
from drivers.base import Sample, SampleBatch
from storage.alarm_journal import AlarmJournal
from tests.app.alarm_site import site
from tests.conftest import MemoryKeyring, wait_until
from tests.people_fixtures import ADMIN, ENGINEER, OPERATOR, ROLES, VIEWER, Staff

ACTIONS = ("ack", "shelve", "oos")
RULES = "".join(
    f'\n[[alarm_rules]]\nid = "{action}-{role.value}"\npoint = "s/m/voltage"\nkind = "high"\nlimit = 250.0\n'
    for action in ACTIONS
    for role in Role
)


@dataclass
class Place:
    staff: Staff
    alarms: AlarmService
    tmp_path: Path
    keyring: MemoryKeyring


@pytest.fixture
def place(staff: Staff, tmp_path: Path, memory_keyring: MemoryKeyring) -> Iterator[Place]:
    config = site(RULES)
    ids = staff.db.ensure_points((p.path, p.unit) for p in config.points)
    alarms = AlarmService(config, AlarmJournal(staff.db), ids, clock=staff.clock, audit=staff.people.trail)
    alarms.start()
    alarms.on_batch(SampleBatch("s/m", [Sample(ids["s/m/voltage"], staff.clock.now, 258.0, 0)]))
    wait_until(alarms.settled)
    try:
        yield Place(staff, alarms, tmp_path, memory_keyring)
    finally:
        alarms.stop()


Operation = Callable[[Place, Actor, Role], object]

OPERATIONS: dict[Right, Operation] = {
    Right.ACKNOWLEDGE: lambda p, a, r: p.alarms.acknowledge(f"ack-{r.value}", a),
    Right.SHELVE: lambda p, a, r: p.alarms.shelve(f"shelve-{r.value}", a, 600),
    Right.OUT_OF_SERVICE: lambda p, a, r: p.alarms.set_out_of_service(f"oos-{r.value}", a, True),
    Right.EXPORT_DATA: lambda p, a, r: export_point(
        p.staff.people.trail, a, "s/m/voltage", 0, 2_000_000_000_000, csv_out=io.StringIO()
    ),
    Right.MANAGE_SECRETS: lambda p, a, r: store_secret(
        p.staff.people.trail, a, f"mqtt-password:s/{r.value}", "pw"
    ),
    Right.MANAGE_USERS: lambda p, a, r: p.staff.people.accounts.add_user(
        a, f"new-{r.value}@plant.example", "Plant Co", Role.VIEWER, "a fresh account for the matrix"
    ),
    Right.VIEW_AUDIT: lambda p, a, r: reading.read_records(p.staff.people.trail, a),
    Right.MAINTAIN_DATABASE: lambda p, a, r: care.backup(
        p.staff.people, a, p.tmp_path / f"backup-{r.value}.db"
    ),
    Right.SET_RETENTION: lambda p, a, r: care.set_retention(p.staff.people, a, {"raw": 500}),
    Right.MANAGE_PRIVACY: lambda p, a, r: p.staff.people.privacy.receive_request(
        a, VIEWER, RequestKind.ACCESS
    ),
}
CHECKED_ELSEWHERE = {Right.VIEW, Right.RUN_REPORTS, Right.CONFIGURE}


def test_every_right_is_exercised_here_or_named_as_checked_elsewhere() -> None:
    assert set(OPERATIONS) | CHECKED_ELSEWHERE == set(Right)


def test_least_privilege_per_role() -> None:
    assert ROLE_RIGHTS[Role.VIEWER] == {Right.VIEW}
    assert ROLE_RIGHTS[Role.OPERATOR] == {Right.VIEW, Right.ACKNOWLEDGE, Right.SHELVE, Right.RUN_REPORTS}
    assert ROLE_RIGHTS[Role.ENGINEER] == ROLE_RIGHTS[Role.OPERATOR] | {
        Right.OUT_OF_SERVICE,
        Right.CONFIGURE,
        Right.EXPORT_DATA,
        Right.MANAGE_SECRETS,
    }
    assert ROLE_RIGHTS[Role.ADMIN] == set(Right)


@pytest.mark.parametrize("right", sorted(OPERATIONS, key=str), ids=str)
@pytest.mark.parametrize("email", [ADMIN, ENGINEER, OPERATOR, VIEWER], ids=lambda e: e.split("@")[0])
def test_role_and_right(place: Place, email: str, right: Right) -> None:
    role = ROLES[email]
    actor = place.staff.sessions[email].actor
    trail = place.staff.people.trail
    refusals_before = len(trail.records(action_prefix="auth.refused")) + len(_alarm_refusals(place))
    if right in ROLE_RIGHTS[role]:
        OPERATIONS[right](place, actor, role)
        assert (
            len(trail.records(action_prefix="auth.refused")) + len(_alarm_refusals(place)) == refusals_before
        )
    else:
        with pytest.raises((RightMissingError, PermissionDeniedError), match=right.value.replace(".", r"\.")):
            OPERATIONS[right](place, actor, role)
        refusals = trail.records(action_prefix="auth.refused") + _alarm_refusals(place)
        assert len(refusals) == refusals_before + 1
        assert refusals[-1].actor == actor.ref and refusals[-1].outcome == "refused"


def _alarm_refusals(place: Place) -> list:
    return [
        r for r in place.staff.people.trail.records(action_prefix="alarm.action") if r.outcome == "refused"
    ]


def test_an_account_limited_to_a_site_is_refused_elsewhere(place: Place) -> None:
    staff = place.staff
    admin = staff.sessions[ADMIN].actor
    staff.people.accounts.set_role(admin, ENGINEER, Role.ENGINEER, frozenset({"other-site"}))
    limited = staff.sign_in(ENGINEER).actor
    assert limited.sites == {"other-site"}
    with pytest.raises(Exception, match="may not see site s"):
        export_point(staff.people.trail, limited, "s/m/voltage", 0, 2_000_000_000_000, csv_out=io.StringIO())
    with pytest.raises(Exception, match="no such alarm"):
        place.alarms.acknowledge("ack-engineer", limited)
