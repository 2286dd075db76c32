"""Alerts through real servers: e-mail (aiosmtpd with STARTTLS and a test CA), webhooks, Mosquitto."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from app.alerts.messages import FLOOD
from app.audit.actions import Action
from app.pipeline.runtime import Runtime
from app.privacy.consents import Purpose
from simulator.faults import Fault
from simulator.plant import SimulatedPlant
from tests.app.alerts.harness import Alerts, alerts, mail_channel, mail_rule
from tests.conftest import wait_until
from tests.people_fixtures import ENGINEER, OPERATOR
from tests.senders.mail_server import Inbox, MailServers
from tests.senders.web_server import Webhook, WebServers
from tests.tls_certs import Issued, TestAuthority


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> TestAuthority:
    return TestAuthority(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="module")
def mail_cert(authority: TestAuthority) -> Issued:
    return authority.issue("localhost")


@pytest.fixture
def mail() -> Iterator[MailServers]:
    servers = MailServers()
    yield servers
    servers.stop()


@pytest.fixture
def web() -> Iterator[WebServers]:
    servers = WebServers()
    yield servers
    servers.stop()


@pytest.fixture
def shift(
    tmp_path: Path, mail: MailServers, mail_cert: Issued, authority: TestAuthority
) -> Iterator[tuple[Alerts, Inbox]]:
    inbox = Inbox()
    port = mail.starttls(inbox, mail_cert)
    vietnamese = f'\n[[alert_recipients]]\naccount = "{OPERATOR}"\nlanguage = "vi"\n'
    with alerts(
        tmp_path, mail_channel(port, authority.ca_file) + vietnamese + mail_rule(OPERATOR, ENGINEER)
    ) as h:
        h.agree(OPERATOR, mail=True)
        h.agree(ENGINEER, mail=True)
        yield h, inbox


def test_an_alarm_arrives_by_mail_in_each_recipients_language(shift: tuple[Alerts, Inbox]) -> None:
    h, inbox = shift
    h.feed("s/m/voltage", 1000, 262.5)
    assert h.service.send_due("mail") == 2
    by_recipient = {inbox.parsed(i)["To"]: inbox.parsed(i) for i in range(len(inbox.envelopes))}
    english, vietnamese = by_recipient[ENGINEER], by_recipient[OPERATOR]
    assert english["Subject"] == "[Critical] s: Supply voltage high"
    assert english["Content-Language"] == "en" and vietnamese["Content-Language"] == "vi"
    assert vietnamese["Subject"].startswith("[Khẩn cấp] s: ")
    body = vietnamese.get_body(("plain",))
    assert body is not None and "262.5 V" in body.get_content() and "Điểm đo" in body.get_content()
    html = english.get_body(("html",))
    assert html is not None and "#c0392b" in html.get_content()  # the priority's colour
    keys = {row.key for row in h.outbox()}
    assert {m["Message-ID"].strip("<>").split("@")[0] for m in by_recipient.values()} == keys


def test_an_agreement_to_e_mail_withdrawn_before_sending_stops_the_mail(shift: tuple[Alerts, Inbox]) -> None:
    h, inbox = shift
    h.feed("s/m/voltage", 120_000, 262.5)  # after the agreements the fixture recorded
    h.staff.people.privacy.set_consent(h.staff.sessions[OPERATOR].actor, Purpose.ALARM_ALERTS, False)
    h.service.refresh_people()
    assert h.service.send_due("mail") == 2
    assert [inbox.parsed(i)["To"] for i in range(len(inbox.envelopes))] == [ENGINEER]
    withdrawn = next(r for r in h.outbox() if r.recipient == h.ref(OPERATOR))
    assert withdrawn.status == "failed" and "has not agreed" in (withdrawn.result or "")


def test_a_flood_of_a_thousand_alarms_is_one_summary_per_recipient(
    tmp_path: Path, mail: MailServers, mail_cert: Issued, authority: TestAuthority
) -> None:
    inbox = Inbox()
    port = mail.starttls(inbox, mail_cert)
    rules = "".join(
        f'\n[[alarm_rules]]\nid = "a{i}"\npoint = "s/m/current"\nkind = "high"\nlimit = {i}.0\n'
        'priority = "high"\n'
        for i in range(1000)
    )
    alerting = mail_channel(port, authority.ca_file) + mail_rule(OPERATOR, ENGINEER)
    with alerts(tmp_path, alerting, rules=rules) as h:
        h.agree(OPERATOR, mail=True)
        h.agree(ENGINEER, mail=True)
        for step in range(10):
            h.feed("s/m/current", step * 100, 100.0 * (step + 1) - 0.5)
        assert h.service.send_due("mail") == 2000
        assert len(inbox.envelopes) == 2  # one summary each, not a thousand
        subjects = {inbox.parsed(i)["To"]: inbox.parsed(i)["Subject"] for i in range(2)}
        assert subjects == {who: "[High] 1000 alarms at s" for who in (OPERATOR, ENGINEER)}
        body = inbox.parsed(0).get_body(("plain",))
        assert body is not None and "… and 985 more: see the alarm list." in body.get_content()
        rows = h.outbox()
        assert len(rows) == 2000 and {r.status for r in rows} == {"sent"}
        assert len({r.sent_as for r in rows}) == 2
        assert len(h.staff.people.trail.records(action_prefix=Action.ALERT_SENT.value)) == 2000
    assert FLOOD < 1000


def test_a_hanging_webhook_holds_up_no_other_channel(
    tmp_path: Path, mail: MailServers, mail_cert: Issued, authority: TestAuthority, web: WebServers
) -> None:
    inbox = Inbox()
    port = mail.starttls(inbox, mail_cert)
    hook = web.start(Webhook(hang=True))
    machines = f"""
[[alert_channels]]
id = "gateway"
kind = "webhook"
url = "{hook.url()}"
timeout_s = 3

[[alert_rules]]
name = "to-the-gateway"
machines = ["gateway"]
"""
    with alerts(tmp_path, mail_channel(port, authority.ca_file) + machines + mail_rule(OPERATOR)) as h:
        h.agree(OPERATOR, mail=True)
        h.service.start()  # a worker thread per channel
        h.feed("s/m/voltage", 1000, 262.0)

        def statuses() -> dict[str, str]:
            return {r.channel: r.status for r in h.outbox()}

        # The mail is recorded as sent while the webhook still hangs (3 s before its time-out).
        wait_until(lambda: len(hook.received) == 1 and statuses().get("mail") == "sent", timeout=10)
        assert statuses() == {"gateway": "sending", "mail": "sent"} and len(inbox.envelopes) == 1
        wait_until(lambda: statuses()["gateway"] == "pending", timeout=10)
        posted = json.loads(hook.received[0].body)
        assert posted["alarm"] == "overvoltage" and posted["state"] == "unacknowledged"
        assert hook.received[0].headers["Idempotency-Key"] == posted["id"]
        assert "no answer" in (next(r for r in h.outbox() if r.channel == "gateway").result or "")


def test_every_alarm_change_is_published_as_json_on_the_plants_broker(
    runtime: Runtime, plant: SimulatedPlant
) -> None:
    received: dict[str, dict] = {}
    arrived = threading.Condition()

    def on_message(_client: paho.Client, _data: object, message: paho.MQTTMessage) -> None:
        with arrived:
            received[message.topic] = json.loads(message.payload)
            arrived.notify_all()

    client = paho.Client(callback_api_version=CallbackAPIVersion.VERSION2)
    client.on_message = on_message
    client.connect(plant.mqtt.host, plant.mqtt.port)
    client.subscribe("wattkeeper/alarms/#", qos=1)
    client.loop_start()
    try:
        plant.model.set_fault(Fault.OVER_VOLTAGE, True)
        with arrived:
            assert arrived.wait_for(lambda: "wattkeeper/alarms/main-voltage-high" in received, timeout=20)
            assert arrived.wait_for(
                lambda: any(
                    a["alarm"] == "main-voltage-high" for a in received.get("wattkeeper/alarms/active", [])
                ),
                timeout=10,
            )
        change = received["wattkeeper/alarms/main-voltage-high"]
        assert change["state"] == "unacknowledged" and change["priority"] == "high" and change["value"] > 253
        assert change["id"].startswith("n-")
    finally:
        plant.model.set_fault(Fault.OVER_VOLTAGE, False)
        client.loop_stop()
        client.disconnect()
