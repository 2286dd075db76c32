"""A small site for alarm tests: a feeder breaker, a meter and a generator, and rules to add."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.alarms.service import AlarmService
from app.site.config import SiteConfig, parse_site
from drivers.base import Quality, Sample, SampleBatch
from storage.alarm_journal import AlarmJournal
from storage.database import Database, open_database
from tests.conftest import wait_until

T0 = 1_700_000_000_000

SITE = """
[[sites]]
id = "s"

[[sites.gateways]]
id = "gw"
protocol = "modbus-tcp"
host = "127.0.0.1"
port = 1

[[sites.gateways.devices]]
id = "feeder"
[[sites.gateways.devices.points]]
quantity = "breaker"
address = 0

[[sites.gateways.devices]]
id = "m"
unit_id = 2
[[sites.gateways.devices.points]]
quantity = "voltage"
unit = "V"
address = 1
[[sites.gateways.devices.points]]
quantity = "current"
unit = "A"
address = 2

[[sites.gateways.devices]]
id = "genset"
unit_id = 3
[[sites.gateways.devices.points]]
quantity = "fuel_level"
unit = "%"
address = 3
[[sites.gateways.devices.points]]
quantity = "running"
address = 4
"""


def site(rules: str) -> SiteConfig:
    return parse_site(SITE + rules, "site.toml")


@dataclass
class Clock:
    now: int = T0

    def __call__(self) -> int:
        return self.now


@dataclass
class Harness:
    """An alarm service on a real encrypted database, fed by hand, with a clock set by hand."""

    config: SiteConfig
    db: Database
    ids: dict[str, int]
    clock: Clock
    service: AlarmService
    heard: list = field(default_factory=list)

    @property
    def journal(self) -> AlarmJournal:
        return AlarmJournal(self.db)

    def feed(self, path: str, ts: int, value: float | None, quality: Quality = Quality.GOOD) -> None:
        self.clock.now = max(self.clock.now, ts)
        self.service.on_batch(SampleBatch("test", [Sample(self.ids[path], ts, value, quality)]))

    def settle(self) -> None:
        wait_until(self.service.settled, timeout=20)

    def states(self, key: str) -> list[tuple[str, str, str]]:
        """(event, before, after) of every journalled event of one alarm, oldest first."""
        self.settle()
        return [(e.event, e.state_before, e.state_after) for e in self.journal.events() if e.key == key]


def harness(tmp_path: Path, rules: str, *, name: str = "alarms.db") -> Iterator[Harness]:
    config = site(rules)
    db = open_database(tmp_path / name, tmp_path / "alarms.key", create=True)
    ids = db.ensure_points((p.path, p.unit) for p in config.points)
    clock = Clock()
    service = AlarmService(config, AlarmJournal(db), ids, clock=clock)
    running = Harness(config, db, ids, clock, service)
    service.listen(running.heard.extend)
    service.start()
    try:
        yield running
    finally:
        service.stop()
        db.close()
