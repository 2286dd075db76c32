"""Who is told, when, and how often: alarms to people by SMS through a modem emulator, with a set clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.alerts.service import FAILING_AFTER, AlertService, retry_delay_ms
from app.audit.actions import Action
from app.privacy.consents import Purpose
from app.site.config import ConfigError
from simulator.gsm_modem import GsmModemEmulator
from tests.app.alerts.harness import PHONES, Alerts, alerts
from tests.conftest import wait_until
from tests.people_fixtures import ADMIN, ENGINEER, OPERATOR, START_MS, VIEWER

MINUTE = 60_000


def _sms(port: str, tiers: str, *, extra: str = "", rule: str = "") -> str:
    return f"""
[[alert_channels]]
id = "gsm"
kind = "sms"
port = "{port}"
timeout_s = 2
{extra}
[[alert_rules]]
name = "on-call"
{rule}
{tiers}
"""


TWO_TIERS = f"""
  [[alert_rules.tiers]]
  to = ["{OPERATOR}", "{VIEWER}"]
  by = ["gsm"]
  [[alert_rules.tiers]]
  after_minutes = 10
  to = ["{ENGINEER}"]
  by = ["gsm"]
"""


@pytest.fixture
def modem() -> Iterator[GsmModemEmulator]:
    with GsmModemEmulator() as emulator:
        yield emulator


@pytest.fixture
def on_call(tmp_path: Path, modem: GsmModemEmulator) -> Iterator[Alerts]:
    with alerts(tmp_path, _sms(modem.port, TWO_TIERS, rule="returns = true\nacknowledgements = true")) as h:
        h.agree(OPERATOR, sms=True)
        h.agree(ENGINEER, sms=True)
        yield h  # the viewer never agreed to alerts


def test_an_alarm_reaches_by_sms_only_the_people_who_agreed(on_call: Alerts, modem: GsmModemEmulator) -> None:
    on_call.feed("s/m/voltage", 1000, 230.0)
    on_call.feed("s/m/voltage", 2000, 262.5)
    assert on_call.service.send_due("gsm") == 1
    (sms,) = modem.wait_for(1)
    assert sms.number == PHONES[OPERATOR]
    assert "Supply voltage high" in sms.text and "262.5 V" in sms.text
    (row,) = on_call.outbox()
    assert (row.status, row.recipient, row.tier, row.attempts) == ("sent", on_call.ref(OPERATOR), 0, 1)
    assert row.result is not None and row.result.startswith("+CMGS:")
    (record,) = on_call.staff.people.trail.records(action_prefix=Action.ALERT_SENT.value)
    assert record.target == "overvoltage" and record.details["recipient"] == on_call.ref(OPERATOR)
    assert PHONES[OPERATOR] not in str(record.details)  # the trail names the account, never the number


def test_escalation_tells_the_next_tier_until_someone_acknowledges(
    on_call: Alerts, modem: GsmModemEmulator
) -> None:
    on_call.feed("s/m/voltage", 0, 262.0)  # critical, never acknowledged
    on_call.feed("s/m/current", 0, 150.0)  # high, acknowledged after five minutes
    on_call.at(5 * MINUTE)
    on_call.alarms.acknowledge("overcurrent", on_call.staff.sessions[OPERATOR].actor)
    on_call.at(10 * MINUTE - 1)
    assert on_call.service.escalate() == 0
    on_call.at(10 * MINUTE)
    assert on_call.service.escalate() == 1  # the engineer, for the voltage alone
    assert on_call.service.escalate() == 0  # told once, however often it is asked
    on_call.service.send_due("gsm")
    texts = {s.number: s.text for s in modem.wait_for(2)}  # the operator's two alarms in one message
    operator = texts[PHONES[OPERATOR]]
    assert "Supply voltage high" in operator and "Feeder current high" in operator
    escalated = texts[PHONES[ENGINEER]]
    assert "Supply voltage high" in escalated and "tier 2" in escalated
    rows = on_call.outbox()
    assert [(r.alarm, r.event, r.tier) for r in rows if r.recipient == on_call.ref(ENGINEER)] == [
        ("overvoltage", "escalated", 1)
    ]
    on_call.at(60 * MINUTE)
    assert on_call.service.escalate() == 0


def test_returns_and_acknowledgements_go_to_those_told(on_call: Alerts, modem: GsmModemEmulator) -> None:
    on_call.feed("s/m/current", 0, 150.0)
    on_call.service.send_due("gsm")
    on_call.at(1000)
    on_call.alarms.acknowledge("overcurrent", on_call.staff.sessions[ENGINEER].actor, "breaker checked")
    wait_until(on_call.alarms.settled)
    on_call.service.send_due("gsm")
    on_call.feed("s/m/current", 2000, 50.0)
    on_call.service.send_due("gsm")
    sent = modem.wait_for(3)
    assert {s.number for s in sent} == {PHONES[OPERATOR]}  # the engineer was never told of it
    assert "Acknowledged by eli@plant.example" in sent[1].text and "breaker checked" in sent[1].text
    assert "Returned to normal" in sent[2].text


def test_shelved_and_out_of_service_alarms_tell_nobody(on_call: Alerts, modem: GsmModemEmulator) -> None:
    engineer = on_call.staff.sessions[ENGINEER].actor
    on_call.at(0)
    on_call.alarms.shelve("overvoltage", engineer, 3600)
    on_call.alarms.set_out_of_service("overcurrent", engineer, True)
    on_call.feed("s/m/voltage", 1000, 262.0)
    on_call.feed("s/m/current", 1000, 150.0)
    on_call.at(30 * MINUTE)
    assert on_call.service.escalate() == 0
    assert on_call.service.send_due("gsm") == 0
    assert on_call.outbox() == [] and modem.sent == []


def test_quiet_hours_hold_back_all_but_critical(tmp_path: Path, modem: GsmModemEmulator) -> None:
    hour = datetime.fromtimestamp(START_MS / 1000, UTC).astimezone().hour  # the site's zone is this machine's
    span = f"{hour:02d}:00-{(hour + 1) % 24:02d}:00"
    quiet = f'[[alert_recipients]]\naccount = "{OPERATOR}"\nquiet_hours = "{span}"\n'
    tiers = f'  [[alert_rules.tiers]]\n  to = ["{OPERATOR}"]\n  by = ["gsm"]\n'
    with alerts(tmp_path, _sms(modem.port, tiers, extra=quiet)) as h:
        h.agree(OPERATOR, sms=True)
        h.feed("s/m/current", 1000, 150.0)  # high: held back
        h.feed("s/m/voltage", 2000, 262.0)  # critical: sent anyway
        assert h.service.send_due("gsm") == 1
        (sms,) = modem.wait_for(1)
        assert "Supply voltage high" in sms.text
        assert [(r.alarm, r.status) for r in h.outbox()] == [("overcurrent", "held"), ("overvoltage", "sent")]
        (held,) = h.staff.people.trail.records(action_prefix=Action.ALERT_HELD.value)
        assert held.target == "overcurrent" and held.details["why"] == "quiet hours"


def test_a_failing_modem_is_retried_with_back_off_and_raises_the_channel_alarm(
    on_call: Alerts, modem: GsmModemEmulator
) -> None:
    modem.fail_with = "+CMS ERROR: 38"  # network out of order
    on_call.feed("s/m/current", 0, 150.0)
    for attempt in range(1, FAILING_AFTER + 1):
        assert on_call.service.send_due("gsm") == 1
        (row,) = on_call.outbox()
        assert (row.status, row.attempts) == ("pending", attempt)
        assert "38" in (row.result or "") and row.next_ms == on_call.now + retry_delay_ms(attempt)
        assert on_call.service.send_due("gsm") == 0  # not due again before its time
        on_call.at(row.next_ms - START_MS)
    assert on_call.health == [("gsm", True)]
    modem.fail_with = None
    assert on_call.service.send_due("gsm") == 1
    assert on_call.outbox()[0].status == "sent" and len(modem.wait_for(1)) == 1
    assert on_call.health == [("gsm", True), ("gsm", False)]


def test_a_refusal_for_good_is_not_retried_and_is_audited(on_call: Alerts, modem: GsmModemEmulator) -> None:
    modem.fail_with = "+CMS ERROR: 30"  # unknown subscriber
    on_call.feed("s/m/current", 0, 150.0)
    on_call.service.send_due("gsm")
    (row,) = on_call.outbox()
    assert row.status == "failed" and "30" in (row.result or "")
    (record,) = on_call.staff.people.trail.records(action_prefix=Action.ALERT_FAILED.value)
    assert record.details["recipient"] == on_call.ref(OPERATOR)


def test_consent_withdrawn_before_sending_stops_the_message(on_call: Alerts, modem: GsmModemEmulator) -> None:
    on_call.feed("s/m/current", 0, 150.0)
    privacy = on_call.staff.people.privacy
    privacy.set_consent(on_call.staff.sessions[OPERATOR].actor, Purpose.SMS_ALERTS, False)
    on_call.service.refresh_people()
    on_call.service.send_due("gsm")
    (row,) = on_call.outbox()
    assert row.status == "failed" and "has not agreed" in (row.result or "")
    assert modem.sent == []
    overview = privacy.overview(on_call.staff.sessions[OPERATOR].actor)
    assert overview.data.document["account"]["phone"] is None  # withdrawing SMS alerts removed the number


def test_what_one_program_could_not_send_another_sends(on_call: Alerts, modem: GsmModemEmulator) -> None:
    modem.silent = True
    on_call.feed("s/m/current", 0, 150.0)
    on_call.service.send_due("gsm")  # no answer: kept for a retry
    assert on_call.outbox()[0].status == "pending"
    on_call.service.stop()
    modem.silent = False
    again = AlertService(
        on_call.config, on_call.staff.people.trail, on_call.alarms.alarms, clock=on_call.staff.clock
    )
    again.refresh_people()
    on_call.at(MINUTE)
    assert again.send_due("gsm") == 1
    assert [s.number for s in modem.wait_for(1)] == [PHONES[OPERATOR]]
    assert [(r.status, r.attempts) for r in on_call.outbox()] == [("sent", 2)]


def test_a_rule_naming_an_unknown_account_is_a_site_file_error(tmp_path: Path) -> None:
    tiers = f'  [[alert_rules.tiers]]\n  to = ["{OPERATOR}", "nobody@plant.example"]\n  by = ["gsm"]\n'
    with pytest.raises(ConfigError) as error, alerts(tmp_path, _sms("/dev/null", tiers)):
        pass
    assert error.value.problems == [
        "site file: alert_rules[0].tiers[0].to[1]: no account 'nobody@plant.example'"
    ]


def test_an_administrator_reads_the_outbox_and_others_may_not(on_call: Alerts) -> None:
    on_call.feed("s/m/current", 0, 150.0)
    admin = on_call.staff.sessions[ADMIN].actor
    assert [r.alarm for r in on_call.service.outbox(admin)] == ["overcurrent"]
    with pytest.raises(Exception, match=r"audit\.view"):
        on_call.service.outbox(on_call.staff.sessions[OPERATOR].actor)
