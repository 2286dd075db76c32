"""Who is told, when, and how often: alarms to people by SMS through a modem emulator, with a set clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.alerts.service import FAILING_AFTER, FLOOD_GATHER_MS, AlertService, retry_delay_ms
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


def test_the_back_off_doubles_from_ten_seconds_to_at_most_ten_minutes() -> None:
    assert [retry_delay_ms(n) // 1000 for n in range(1, 9)] == [10, 20, 40, 80, 160, 320, 600, 600]


def test_a_shelved_alarm_tells_no_machine_and_its_return_nobody(
    tmp_path: Path, modem: GsmModemEmulator
) -> None:
    hook = '\n[[alert_channels]]\nid = "gateway"\nkind = "webhook"\nurl = "http://127.0.0.1:1/hook"\n'
    rule = 'returns = true\nmachines = ["gateway"]'
    with alerts(tmp_path, _sms(modem.port, TWO_TIERS, extra=hook, rule=rule)) as h:
        h.agree(OPERATOR, sms=True)
        engineer = h.staff.sessions[ENGINEER].actor
        h.feed("s/m/current", 0, 150.0)  # the gateway and the operator are told it started
        before = [(r.channel, r.event) for r in h.outbox()]
        assert sorted(before) == [("gateway", "activated"), ("gsm", "activated")]
        h.at(1000)
        h.alarms.shelve("overcurrent", engineer, 3600)
        h.feed("s/m/current", 2000, 50.0)  # returns while shelved
        h.at(3000)
        h.alarms.unshelve("overcurrent", engineer)
        wait_until(h.alarms.settled)
        assert [(r.channel, r.event) for r in h.outbox()] == before


def test_a_return_nobody_acknowledged_is_told_and_so_is_the_acknowledgement_after_it(
    on_call: Alerts, modem: GsmModemEmulator
) -> None:
    on_call.feed("s/m/current", 0, 150.0)
    on_call.service.send_due("gsm")
    on_call.feed("s/m/current", 1000, 50.0)  # back to normal, still unacknowledged
    on_call.service.send_due("gsm")
    on_call.at(30 * MINUTE)
    on_call.alarms.acknowledge("overcurrent", on_call.staff.sessions[OPERATOR].actor)
    wait_until(on_call.alarms.settled)
    on_call.service.send_due("gsm")
    texts = [s.text for s in modem.wait_for(3)]
    assert texts[1].startswith("Returned to normal: Feeder current high")
    assert texts[2].startswith("Acknowledged by anna@plant.example: Feeder current high")


def test_escalation_counts_from_when_the_alarm_was_shown_not_from_when_it_began_shelved(
    on_call: Alerts, modem: GsmModemEmulator
) -> None:
    engineer = on_call.staff.sessions[ENGINEER].actor
    on_call.at(0)
    on_call.alarms.shelve("overvoltage", engineer, 3600)
    on_call.feed("s/m/voltage", 1000, 262.0)  # begins while shelved
    on_call.at(20 * MINUTE)
    on_call.alarms.unshelve("overvoltage", engineer)  # shown now, unacknowledged
    wait_until(on_call.alarms.settled)
    assert on_call.service.escalate() == 0  # not 20 minutes late already
    on_call.at(30 * MINUTE - 1)
    assert on_call.service.escalate() == 0
    on_call.at(30 * MINUTE)
    assert on_call.service.escalate() == 1


def test_each_notification_backs_off_by_its_own_attempts(on_call: Alerts, modem: GsmModemEmulator) -> None:
    modem.fail_with = "+CMS ERROR: 42"  # congestion
    on_call.feed("s/m/current", 0, 150.0)
    for _ in range(3):
        on_call.service.send_due("gsm")
        on_call.at(on_call.outbox()[0].next_ms - START_MS)
    on_call.feed("s/m/voltage", on_call.now - START_MS, 262.0)  # a new alarm joins the failing one
    on_call.service.send_due("gsm")
    old, new = on_call.outbox()
    assert (old.attempts, new.attempts) == (4, 1)
    assert old.next_ms == on_call.now + retry_delay_ms(4) and new.next_ms == on_call.now + retry_delay_ms(1)


def test_an_error_that_is_not_a_refusal_is_retried_too(tmp_path: Path) -> None:
    broken = tmp_path / "not-a-certificate.pem"
    broken.write_text("this is not PEM", encoding="utf-8")
    hook = (
        f'[[alert_channels]]\nid = "gateway"\nkind = "webhook"\nurl = "https://127.0.0.1:1/hook"\n'
        f'ca_file = "{broken}"\n[[alert_rules]]\nname = "gw"\nmachines = ["gateway"]\n'
    )
    with alerts(tmp_path, hook) as h:
        h.feed("s/m/current", 0, 150.0)
        assert h.service.send_due("gateway") == 1
        (row,) = h.outbox()
        assert (row.status, row.attempts) == ("pending", 1) and "SSLError" in (row.result or "")


def test_after_a_failure_the_channels_other_messages_wait_untried(tmp_path: Path) -> None:
    hook = (
        '[[alert_channels]]\nid = "gateway"\nkind = "webhook"\nurl = "http://127.0.0.1:1/hook"\n'
        '[[alert_rules]]\nname = "gw"\nmachines = ["gateway"]\n'
    )
    with alerts(tmp_path, hook) as h:
        h.feed("s/m/current", 0, 150.0)
        h.feed("s/m/voltage", 0, 262.0)
        h.feed("s/m/current", 1000, 50.0)
        assert h.service.send_due("gateway") == 3
        rows = h.outbox()
        assert [r.attempts for r in rows] == [1, 0, 0]
        assert all(r.status == "pending" and r.next_ms == h.now + retry_delay_ms(1) for r in rows)
        assert all((r.result or "").startswith("not tried: ") for r in rows[1:])


def test_in_a_flood_people_get_what_gathered_in_twenty_seconds_as_one_message(
    on_call: Alerts, modem: GsmModemEmulator
) -> None:
    on_call.flood[0] = True
    on_call.feed("s/m/current", 0, 150.0)
    on_call.feed("s/m/voltage", 5000, 262.0)
    assert on_call.service.send_due("gsm") == 0  # gathering
    on_call.at(FLOOD_GATHER_MS + 5000)
    assert on_call.service.send_due("gsm") == 2
    (sms,) = modem.wait_for(1)
    assert "Feeder current high" in sms.text and "Supply voltage high" in sms.text


def test_erasing_an_account_blanks_the_comments_it_left_in_alerts(on_call: Alerts) -> None:
    on_call.feed("s/m/current", 0, 150.0)
    on_call.at(1000)
    engineer = on_call.staff.sessions[ENGINEER].actor
    on_call.alarms.acknowledge("overcurrent", engineer, "ring me on 0912 000 002")
    wait_until(on_call.alarms.settled)
    told = [r for r in on_call.outbox() if r.event == "acknowledged"]
    assert [r.data["comment"] for r in told] == ["ring me on 0912 000 002"]
    on_call.staff.people.privacy.erase_now(on_call.staff.sessions[ADMIN].actor, ENGINEER)
    (after,) = [r for r in on_call.outbox() if r.event == "acknowledged"]
    assert after.data["comment"] == "" and after.data["user"] == engineer.ref  # the ref stays, pseudonymous


def test_a_reply_ack_from_a_known_phone_acknowledges_the_alarm_as_that_account(
    tmp_path: Path, modem: GsmModemEmulator
) -> None:
    with alerts(tmp_path, _sms(modem.port, TWO_TIERS, extra="replies = true")) as h:
        h.agree(OPERATOR, sms=True)
        h.feed("s/m/voltage", 0, 262.0)
        h.service.send_due("gsm")
        (sms,) = modem.wait_for(1)
        number = next(v.id for v in h.alarms.alarms() if v.key == "overvoltage")
        assert sms.text.endswith(f"Reply ACK {number} to acknowledge")
        modem.receive("+84999999999", f"ACK {number}")  # a phone no account gave
        modem.receive(PHONES[OPERATOR], "on my way")
        modem.receive(PHONES[OPERATOR], f"ack {number} going to the switch room")
        h.at(60_000)
        outcomes = h.service.read_replies("gsm")
        assert outcomes == [
            "ignored: from a number no account agreed to SMS alerts with",
            f"ignored: not understood (expected 'ACK <number>'), from {h.ref(OPERATOR)}",
            f"acknowledged alarm {number} as {h.ref(OPERATOR)}",
        ]
        wait_until(h.alarms.settled)
        assert next(v.state for v in h.alarms.alarms() if v.key == "overvoltage").value == "acknowledged"
        (event,) = [e for e in h.alarms_journal_events() if e.event == "acknowledged"]
        assert event.user == h.ref(OPERATOR) and event.comment == "by SMS reply through gsm"
        replies = h.staff.people.trail.records(action_prefix=Action.ALERT_REPLY.value)
        assert [r.outcome for r in replies] == ["refused", "refused", "ok"]
        assert all("+84999999999" not in str(r.details) for r in replies)
        assert modem.stored == 0


def test_a_delivery_report_is_noted_in_the_outbox(tmp_path: Path) -> None:
    with GsmModemEmulator(delivery_reports=True) as modem:
        text = _sms(
            modem.port,
            f'  [[alert_rules.tiers]]\n  to = ["{OPERATOR}"]\n  by = ["gsm"]\n',
            extra="delivery_reports = true",
        )
        with alerts(tmp_path, text) as h:
            h.agree(OPERATOR, sms=True)
            h.feed("s/m/voltage", 0, 262.0)
            h.service.send_due("gsm")
            (sms,) = modem.wait_for(1)
            assert sms.first_octet == 49  # a status report asked for
            assert h.service.check_deliveries("gsm") == 1
            (row,) = h.outbox()
            assert row.result == f"+CMGS: {sms.ref}; delivered"
