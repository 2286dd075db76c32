"""Alerts on a real encrypted database with real accounts, alarms fed by hand and a clock set by hand.

The alert service's threads are not started: a test decides when notifications are escalated
(``escalate``) and sent (``send_due``), so every step is deterministic; the channels are real
(a GSM modem emulator on a pseudo-terminal, an SMTP server, an HTTP server, Mosquitto).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from app.alarms.service import AlarmService
from app.alerts.service import AlertService
from app.privacy.consents import Purpose
from app.site.config import SiteConfig, parse_site
from drivers.base import Quality, Sample, SampleBatch
from storage import notification_store
from storage.alarm_journal import AlarmJournal
from storage.notification_store import NotificationRow
from tests.app.alarm_site import SITE
from tests.conftest import wait_until
from tests.people_fixtures import START_MS, Staff, make_staff

RULES = """
[[alarm_rules]]
id = "overvoltage"
point = "s/m/voltage"
kind = "high"
limit = 253.0
deadband = 2.0
priority = "critical"
message = "Supply voltage high"

[[alarm_rules]]
id = "overcurrent"
point = "s/m/current"
kind = "high"
limit = 100.0
priority = "high"
message = "Feeder current high"
"""


def mail_channel(port: int, ca_file: Path) -> str:
    """An e-mail channel "mail" to a test server on this machine, trusting the test authority."""
    return f"""
[[alert_channels]]
id = "mail"
kind = "email"
host = "127.0.0.1"
port = {port}
sender = "wattkeeper@plant.example"
ca_file = "{ca_file}"
timeout_s = 5
"""


def mail_rule(*emails: str, priorities: str = '["critical", "high"]') -> str:
    """A rule telling these accounts by the "mail" channel at once."""
    to = ", ".join(f'"{e}"' for e in emails)
    return f"""
[[alert_rules]]
name = "shift"
priorities = {priorities}
  [[alert_rules.tiers]]
  to = [{to}]
  by = ["mail"]
"""


PHONES = {"anna@plant.example": "+84912000001", "eli@plant.example": "+84912000002"}


@dataclass
class Alerts:
    staff: Staff
    config: SiteConfig
    alarms: AlarmService
    service: AlertService
    ids: dict[str, int]
    health: list[tuple[str, bool]] = field(default_factory=list)
    #: Whether the alarm service reports a flood (set by the test).
    flood: list[bool] = field(default_factory=lambda: [False])

    @property
    def now(self) -> int:
        return self.staff.clock.now

    def at(self, ms_after_start: int) -> None:
        self.staff.clock.now = START_MS + ms_after_start

    def feed(self, path: str, ms_after_start: int, value: float) -> None:
        """One good sample at a time after the start; the clock follows it; the journal is waited for."""
        self.at(ms_after_start)
        self.alarms.on_batch(SampleBatch("test", [Sample(self.ids[path], self.now, value, Quality.GOOD)]))
        wait_until(self.alarms.settled, timeout=20)

    def agree(self, email: str, *, sms: bool = False, mail: bool = False) -> None:
        actor = self.staff.sessions[email].actor
        if mail:
            self.staff.people.privacy.set_consent(actor, Purpose.ALARM_ALERTS, True)
        if sms:
            self.staff.people.privacy.set_consent(actor, Purpose.SMS_ALERTS, True, phone=PHONES[email])
        self.service.refresh_people()

    def outbox(self) -> list[NotificationRow]:
        with self.staff.db.engine.connect() as conn:
            return list(reversed(notification_store.recent(conn, limit=10_000)))

    def alarms_journal_events(self) -> list:
        return AlarmJournal(self.staff.db).events()

    def ref(self, email: str) -> str:
        return self.staff.sessions[email].account.ref


@contextmanager
def alerts(tmp_path: Path, alerting: str, *, rules: str = RULES) -> Iterator[Alerts]:
    """``alerting``: the site file's alert sections (channels, recipients, rules)."""
    staff = make_staff(tmp_path)
    config = parse_site(SITE + rules + alerting, "site.toml")
    ids = staff.db.ensure_points((p.path, p.unit) for p in config.points)
    alarms = AlarmService(config, AlarmJournal(staff.db), ids, clock=staff.clock, audit=staff.people.trail)
    health: list[tuple[str, bool]] = []
    flood = [False]
    service = AlertService(
        config,
        staff.people.trail,
        alarms.alarms,
        clock=staff.clock,
        health=lambda c, f: health.append((c, f)),
        flooding=lambda: flood[0],
        acknowledge=alarms.acknowledge,
    )
    service.check()
    alarms.listen(service.on_events)
    alarms.start()
    try:
        yield Alerts(staff, config, alarms, service, ids, health, flood)
    finally:
        alarms.stop()
        service.stop()
        staff.db.close()
