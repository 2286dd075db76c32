"""The ISA-18.2 life cycle through the alarm service, journalled in a real encrypted database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.accounts.actors import Actor, Right
from app.accounts.roles import ROLE_RIGHTS, Role
from app.alarms.states import AlarmError, AlarmState, PermissionDeniedError
from drivers.base import Quality, now_ms
from storage.alarm_journal import AlarmJournal
from tests.app.alarm_site import T0, Harness, harness
from tests.conftest import wait_until

RULES = """
[[alarm_rules]]
id = "overvoltage"
point = "s/m/voltage"
kind = "high"
limit = 253.0
deadband = 2.0
priority = "high"
message = "Voltage high"

[[alarm_rules]]
id = "breaker-trip"
point = "s/feeder/breaker"
kind = "digital"
state = 1
priority = "critical"

[[alarm_rules]]
id = "meter-comm"
point = "s/m/voltage"
kind = "comm_loss"
intervals = 3
parent = "breaker-trip"

[[alarm_rules]]
id = "fuel-low"
point = "s/genset/fuel_level"
kind = "low"
limit = 25.0
suppress_when = { point = "s/genset/running", state = 0 }
"""

ANNA = Actor("acct-anna", "anna@plant.example", ROLE_RIGHTS[Role.OPERATOR], role="operator")


@pytest.fixture
def alarms(tmp_path: Path) -> Iterator[Harness]:
    yield from harness(tmp_path, RULES)


def state(h: Harness, key: str) -> AlarmState:
    return next(v.state for v in h.service.alarms() if v.key == key)


def test_activation_acknowledge_return(alarms: Harness) -> None:
    started = now_ms()
    alarms.feed("s/m/voltage", T0 + 1000, 230.0)
    alarms.feed("s/m/voltage", T0 + 2000, 258.0)
    assert state(alarms, "overvoltage") is AlarmState.UNACK_ACTIVE
    alarms.clock.now = T0 + 2500
    alarms.service.acknowledge("overvoltage", ANNA, "checking the tap changer")
    assert state(alarms, "overvoltage") is AlarmState.ACK_ACTIVE
    alarms.feed("s/m/voltage", T0 + 3000, 250.0)
    assert state(alarms, "overvoltage") is AlarmState.NORMAL
    assert alarms.states("overvoltage") == [
        ("activated", "normal", "unacknowledged"),
        ("acknowledged", "unacknowledged", "acknowledged"),
        ("returned", "acknowledged", "normal"),
    ]
    events = [e for e in alarms.journal.events() if e.key == "overvoltage"]
    assert [(e.ts_ms - T0, e.user, e.value) for e in events] == [
        (2000, "system", 258.0),
        (2500, "acct-anna", None),
        (3000, "system", 250.0),
    ]
    assert events[1].comment == "checking the tap changer"
    # Recorded at this machine's time of writing, not at the (test's) event time.
    assert all(started <= e.recorded_ms <= now_ms() for e in events)


def test_return_before_acknowledgement_waits_for_it(alarms: Harness) -> None:
    alarms.feed("s/m/voltage", T0 + 1000, 258.0)
    alarms.feed("s/m/voltage", T0 + 2000, 240.0)
    assert state(alarms, "overvoltage") is AlarmState.UNACK_RETURNED
    alarms.service.acknowledge("overvoltage", ANNA)
    assert alarms.states("overvoltage") == [
        ("activated", "normal", "unacknowledged"),
        ("returned", "unacknowledged", "returned-unacknowledged"),
        ("acknowledged", "returned-unacknowledged", "normal"),
    ]


def test_acknowledging_needs_the_right_and_something_to_acknowledge(alarms: Harness) -> None:
    alarms.feed("s/m/voltage", T0 + 1000, 258.0)
    visitor = Actor("acct-visitor", "visitor", frozenset())
    with pytest.raises(PermissionDeniedError, match=r"visitor does not hold the right alarm\.acknowledge"):
        alarms.service.acknowledge("overvoltage", visitor)
    alarms.service.acknowledge("overvoltage", ANNA)
    with pytest.raises(AlarmError, match="nothing to acknowledge"):
        alarms.service.acknowledge("overvoltage", ANNA)
    with pytest.raises(AlarmError, match="no such alarm"):
        alarms.service.acknowledge("nonsense", ANNA)
    assert [e[0] for e in alarms.states("overvoltage")] == ["activated", "acknowledged"]


def test_shelved_alarm_comes_back_unacknowledged_when_its_shelf_expires(alarms: Harness) -> None:
    alarms.service.shelve("overvoltage", ANNA, 60, "tap changer work")
    alarms.feed("s/m/voltage", T0 + 1000, 258.0)
    assert state(alarms, "overvoltage") is AlarmState.SHELVED
    alarms.service.tick(T0 + 59_000)
    assert state(alarms, "overvoltage") is AlarmState.SHELVED
    alarms.clock.now = T0 + 61_000
    alarms.service.tick()
    assert state(alarms, "overvoltage") is AlarmState.UNACK_ACTIVE
    assert alarms.states("overvoltage") == [
        ("shelved", "normal", "shelved"),
        ("activated", "shelved", "shelved"),
        ("unshelved", "shelved", "unacknowledged"),
    ]
    unshelved = alarms.journal.events()[-1]
    assert unshelved.ts_ms == T0 + 60_000 and unshelved.comment == "shelf expired"


def test_shelving_is_time_limited(alarms: Harness) -> None:
    with pytest.raises(AlarmError, match="within 24 hours"):
        alarms.service.shelve("overvoltage", ANNA, 25 * 3600)


def test_generator_alarms_are_suppressed_by_design_while_it_is_off(alarms: Harness) -> None:
    alarms.feed("s/genset/running", T0 + 1000, 0.0)
    alarms.feed("s/genset/fuel_level", T0 + 1000, 10.0)
    assert state(alarms, "fuel-low") is AlarmState.SUPPRESSED
    alarms.feed("s/genset/running", T0 + 5000, 1.0)
    assert state(alarms, "fuel-low") is AlarmState.UNACK_ACTIVE
    assert alarms.states("fuel-low") == [
        ("suppressed", "normal", "suppressed"),
        ("activated", "suppressed", "suppressed"),
        ("unsuppressed", "suppressed", "unacknowledged"),
    ]


def test_tripped_feeder_suppresses_its_downstream_comm_loss(alarms: Harness) -> None:
    alarms.feed("s/m/voltage", T0 + 500, 230.0)
    alarms.feed("s/feeder/breaker", T0 + 1000, 1.0)
    alarms.service.tick(T0 + 10_000)
    assert state(alarms, "breaker-trip") is AlarmState.UNACK_ACTIVE
    assert state(alarms, "meter-comm") is AlarmState.SUPPRESSED
    alarms.feed("s/feeder/breaker", T0 + 20_000, 0.0)
    assert state(alarms, "meter-comm") is AlarmState.UNACK_ACTIVE
    assert alarms.states("meter-comm") == [
        ("suppressed", "normal", "suppressed"),
        ("activated", "suppressed", "suppressed"),
        ("unsuppressed", "suppressed", "unacknowledged"),
    ]
    assert alarms.journal.events()[-1].ts_ms == T0 + 20_000


def test_out_of_service_needs_its_own_right(alarms: Harness) -> None:
    with pytest.raises(PermissionDeniedError):
        alarms.service.set_out_of_service("overvoltage", ANNA, True)
    technician = Actor("acct-tom", "tom", frozenset({Right.OUT_OF_SERVICE}))
    alarms.service.set_out_of_service("overvoltage", technician, True, "sensor replaced")
    alarms.feed("s/m/voltage", T0 + 1000, 258.0)
    assert state(alarms, "overvoltage") is AlarmState.OUT_OF_SERVICE
    alarms.service.set_out_of_service("overvoltage", technician, False)
    assert state(alarms, "overvoltage") is AlarmState.UNACK_ACTIVE
    alarms.settle()
    assert [e.user for e in alarms.journal.events() if e.key == "overvoltage"] == [
        "acct-tom",
        "system",
        "acct-tom",
    ]


def test_listeners_hear_only_what_is_journalled(alarms: Harness) -> None:
    alarms.feed("s/m/voltage", T0 + 1000, 258.0)
    wait_until(lambda: alarms.heard, timeout=10)
    journalled = {(e.key, e.event, e.ts_ms) for e in alarms.journal.events()}
    assert {(e.alarm, e.kind.value, e.ts_ms) for e in alarms.heard} <= journalled


def test_a_restart_keeps_unacknowledged_alarms_and_notices_their_return(tmp_path: Path) -> None:
    first = harness(tmp_path, RULES)
    h = next(first)
    h.feed("s/m/voltage", T0 + 1000, 258.0)
    h.settle()
    first.close()
    second = harness(tmp_path, RULES)
    h = next(second)
    try:
        assert state(h, "overvoltage") is AlarmState.UNACK_ACTIVE
        h.feed("s/m/voltage", T0 + 90_000, 240.0)
        assert state(h, "overvoltage") is AlarmState.UNACK_RETURNED
    finally:
        second.close()


def test_an_acknowledgement_journalled_by_another_process_is_adopted(alarms: Harness) -> None:
    from app.commands.alarms import act_offline

    alarms.feed("s/m/voltage", T0 + 1000, 258.0)
    alarms.settle()
    alarm_id = next(v.id for v in alarms.service.alarms() if v.key == "overvoltage")
    other = AlarmJournal(alarms.db)
    act_offline(other, str(alarm_id), ANNA, _ack, now=T0 + 1500)
    wait_until(lambda: state(alarms, "overvoltage") is AlarmState.ACK_ACTIVE, timeout=10)
    alarms.feed("s/m/voltage", T0 + 3000, 240.0)
    assert state(alarms, "overvoltage") is AlarmState.NORMAL


def _ack(key: str, status: object, now: int) -> object:
    from app.alarms import states as alarm_states

    return alarm_states.acknowledge(key, status, ANNA, now)  # type: ignore[arg-type]


def test_chattering_alarm_is_flagged_and_unflagged(alarms: Harness) -> None:
    for i in range(4):
        alarms.feed("s/m/voltage", T0 + i * 2000, 258.0)
        alarms.feed("s/m/voltage", T0 + i * 2000 + 1000, 240.0)
    assert next(v for v in alarms.service.alarms() if v.key == "overvoltage").chattering
    alarms.service.tick(T0 + 120_000)
    assert not next(v for v in alarms.service.alarms() if v.key == "overvoltage").chattering
    kinds = [e[0] for e in alarms.states("overvoltage")]
    assert kinds.count("chattering") == 1 and kinds[-1] == "chatter-ended"


def test_flood_of_a_thousand_alarms_in_one_second(tmp_path: Path) -> None:
    rules = "".join(
        f'\n[[alarm_rules]]\nid = "a{i}"\npoint = "s/m/current"\nkind = "high"\nlimit = {i}.0\n'
        for i in range(1000)
    )
    gen = harness(tmp_path, rules)
    h = next(gen)
    try:
        for step in range(10):
            h.feed("s/m/current", T0 + step * 100, 100.0 * (step + 1) - 0.5)
        h.settle()
        events = h.journal.events()
        assert len(events) == 1000
        assert [e.key for e in events if e.first_out] == ["a0"]
        flood = h.service.flood_status(T0 + 1000)
        assert flood.flood and flood.rate_per_10min == 1000 and flood.first_out == "a0"
        assert len(h.journal.alarms(standing_only=True)) == 1000
        assert not h.service.flood_status(T0 + 1000 + 601_000).flood
    finally:
        gen.close()


def test_bad_quality_is_not_an_alarm_on_its_own(alarms: Harness) -> None:
    alarms.feed("s/m/voltage", T0 + 1000, None, Quality.BAD_VALUE)
    alarms.settle()
    assert alarms.journal.events() == []
