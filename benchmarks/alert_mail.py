"""Alarm → e-mail accepted by the site's mail server, at a steady alarm rate.

Prints one JSON object. A real SMTP server (aiosmtpd, STARTTLS with a test authority) runs on
a loopback port; an alarm service and the alert service run as in the collector, on an
encrypted database with real accounts (an operator who agreed to e-mail alerts). A point is
driven over its limit and back at a steady rate, so its alarm activates ``--rate`` times a
second; each activation is journalled, decided into the outbox, and mailed by the channel's
worker. Measured: from the sample that completes the condition to the server's acceptance of
the DATA carrying that alarm's notification (matched by its Message-ID). Reference, in the
same run: the same kind of message sent with bare ``smtplib`` (connect, STARTTLS, one message),
which is what any mailing costs before Wattkeeper adds anything.

    .venv/bin/python -m benchmarks.alert_mail [--seconds S] [--rate PER_S]
"""

from __future__ import annotations

import argparse
import json
import smtplib
import ssl
import statistics
import tempfile
import threading
import time
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import Envelope

from app.alarms.service import AlarmService
from app.alerts.service import AlertService
from app.privacy.consents import Purpose
from app.site.config import parse_site
from drivers.base import Quality, Sample, SampleBatch, now_ms
from storage import notification_store
from storage.alarm_journal import AlarmJournal
from tests.app.alarm_site import SITE
from tests.app.alerts.harness import RULES, mail_channel, mail_rule
from tests.people_fixtures import OPERATOR, make_staff
from tests.senders.mail_server import HOST, Inbox, MailServers
from tests.tls_certs import TestAuthority


class TimedInbox(Inbox):
    """Notes when each message was accepted, by its Message-ID."""

    def __init__(self) -> None:
        super().__init__()
        self.accepted_ms: dict[str, int] = {}
        self.arrived = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:  # noqa: N802
        answer = await super().handle_DATA(server, session, envelope)
        accepted, message_id = now_ms(), self.parsed()["Message-ID"]
        with self.arrived:
            if message_id is not None:  # the reference's bare messages carry none
                self.accepted_ms[message_id.strip("<>").split("@")[0]] = accepted
            self.arrived.notify_all()
        return answer


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {}
    cut = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered * 99
    return {
        "p50": round(cut[49], 1),
        "p99": round(cut[98], 1),
        "max": round(ordered[-1], 1),
        "n": len(ordered),
    }


def bare_smtp(port: int, ca_file: Path, count: int) -> list[float]:
    """The reference: connect, STARTTLS, send one message, quit — as often as the alarms were mailed."""
    context = ssl.create_default_context(cafile=ca_file)
    times = []
    for i in range(count):
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "wattkeeper@plant.example", OPERATOR, f"bare {i}"
        message.set_content("Supply voltage high\n" * 5)
        start = time.perf_counter()
        with smtplib.SMTP(HOST, port, timeout=10) as client:
            client.starttls(context=context)
            client.send_message(message)
        times.append((time.perf_counter() - start) * 1000)
    return times


def run(seconds: float, rate: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        authority = TestAuthority(tmp / "ca")
        inbox = TimedInbox()
        servers = MailServers()
        port = servers.starttls(inbox, authority.issue("localhost"))
        staff = make_staff(tmp)
        alerting = mail_channel(port, authority.ca_file) + mail_rule(OPERATOR)
        config = parse_site(SITE + RULES + alerting, "bench.toml")
        ids = staff.db.ensure_points((p.path, p.unit) for p in config.points)
        alarms = AlarmService(config, AlarmJournal(staff.db), ids)
        alerts = AlertService(config, staff.people.trail, alarms.alarms)
        staff.people.privacy.set_consent(staff.sessions[OPERATOR].actor, Purpose.ALARM_ALERTS, True)
        alarms.listen(alerts.on_events)
        alarms.start()
        alerts.start()
        point = ids["s/m/voltage"]
        activations: list[int] = []
        try:
            period = 1.0 / rate
            start = time.monotonic()
            step = 0
            while time.monotonic() - start < seconds:
                high = step % 2 == 0
                ts = now_ms()
                alarms.on_batch(
                    SampleBatch("bench", [Sample(point, ts, 262.0 if high else 230.0, Quality.GOOD)])
                )
                if high:
                    activations.append(ts)
                step += 1
                time.sleep(
                    max(0.0, start + step * period / 2 - time.monotonic())
                )  # pacing, not synchronisation
            with inbox.arrived:
                inbox.arrived.wait_for(lambda: len(inbox.accepted_ms) >= len(activations), timeout=30)
            with staff.db.engine.connect() as conn:
                rows = notification_store.recent(conn, limit=100_000)
        finally:
            alerts.stop()
            alarms.stop()
        latencies = [inbox.accepted_ms[r.key] - r.event_ms for r in rows if r.key in inbox.accepted_ms]
        reference = bare_smtp(port, authority.ca_file, min(len(latencies), 200) or 20)
        servers.stop()
        staff.db.close()
    return {
        "benchmark": "alert_mail",
        "seconds": seconds,
        "alarms_per_s": rate,
        "activations": len(activations),
        "notifications": len(rows),
        "mailed": len(latencies),
        "combined_into_one_message": len(rows) - len(inbox.accepted_ms),
        "alarm_to_mail_accepted_ms": _percentiles(latencies),
        "reference_bare_smtplib_starttls_ms": _percentiles(reference),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=2.0, help="alarm activations per second")
    args = parser.parse_args()
    print(json.dumps(run(args.seconds, args.rate), indent=2))


if __name__ == "__main__":
    main()
