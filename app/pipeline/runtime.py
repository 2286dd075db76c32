"""The composition root of the sample pipeline, shared by the GUI and the headless collector.

drivers (one asyncio thread) → bus → storage writer (its own thread; retention on another)
                                   → live buffers (read by the display)
                                   → alarm service (inline) → alarm recorder thread → listeners

It also builds the services about people (audit trail, accounts, privacy) on the same
database: operators' alarm actions are audited, the configuration in force is recorded
when it changed, and the privacy retention job runs wherever a runtime runs.

A changed site file is applied while running (:meth:`Runtime.apply`): only the drivers
whose gateway, devices or points changed are replaced; every other device keeps polling
and everything already queued is written as usual.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from app.accounts.actors import SYSTEM
from app.alarms.annunciation import log_alarm_events
from app.alarms.service import AlarmService
from app.alerts.service import AlertService
from app.audit.config_changes import record_config
from app.paths import DataDir
from app.people import People
from app.periodic import Periodic
from app.pipeline.bus import SampleBus
from app.pipeline.driver_factory import DriverPlan, plan_drivers
from app.pipeline.live_buffers import LiveBuffers
from app.pipeline.system_alarms import (
    DROPPING_PATH,
    DropFeed,
    channel_failing_path,
    send_state,
    system_paths,
    with_system_alarms,
)
from app.reporting.schedules import ReportScheduler
from app.site.changes import DeviceChanges, device_changes, waiting_for_restart
from app.site.config import SiteConfig
from drivers.base import now_ms
from drivers.host import DriverHost
from storage.alarm_journal import AlarmJournal
from storage.database import Database
from storage.errors import StorageError
from storage.retention import RetentionJob
from storage.writer import SampleWriter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Applied:
    """What applying a site file did: devices added, removed and changed, the devices whose
    driver was restarted (a changed device and those sharing its link or broker), and the
    parts of the file that wait for the next start."""

    devices: DeviceChanges
    restarted: tuple[str, ...]
    waiting: tuple[str, ...]


@dataclass
class Runtime:
    config: SiteConfig
    db: Database
    point_ids: dict[str, int]
    bus: SampleBus
    live: LiveBuffers
    writer: SampleWriter
    retention: RetentionJob
    host: DriverHost
    alarms: AlarmService
    people: People
    #: Periodic work: privacy retention, scheduled reports.
    jobs: list[Periodic]
    #: The drivers running (or to run), by key, with the settings each was built from.
    plans: dict[str, DriverPlan]
    reports: ReportScheduler | None = None
    alerts: AlertService | None = None
    _running: bool = field(default=False, init=False)

    @classmethod
    def build(
        cls,
        config: SiteConfig,
        db: Database,
        *,
        live_capacity: int = 3600,
        writer_queue_samples: int = 1_000_000,
        key_file: Path | None = None,
        data_dir: Path | None = None,
    ) -> Runtime:
        system = system_paths(config)
        point_ids = db.ensure_points(
            [*((p.path, p.unit) for p in config.points), *((path, "") for path in system)]
        )
        ids = {p.path: point_ids[p.path] for p in config.points}
        bus = SampleBus()
        live = LiveBuffers(ids.values(), live_capacity)
        writer = SampleWriter(db, max_pending_samples=writer_queue_samples)
        bus.subscribe(writer.submit)
        bus.subscribe(live.on_batch)
        alarms = AlarmService(
            with_system_alarms(config),
            AlarmJournal(db),
            {**ids, **{path: point_ids[path] for path in system}},
        )
        alarms.listen(log_alarm_events)
        bus.subscribe(alarms.on_batch)
        drops = DropFeed(
            point_ids[DROPPING_PATH], alarms.on_batch
        )  # not the bus: the writer is the one refusing
        writer.add_drop_listener(drops.on_drop)
        writer.add_commit_listener(lambda _rows: drops.tick(now_ms()))
        plans = plan_drivers(config, ids, writer.congested)
        host = DriverHost({key: plan.make() for key, plan in plans.items()}, bus.publish)
        people = People.open(
            db,
            key_file,
            privacy=config.file.privacy,
            accounts=config.file.accounts,
            site=", ".join(s.name or s.id for s in config.file.sites),
            data_dir=data_dir,
        )
        alarms.audit = people.trail
        alerts = None
        if config.file.alert_channels:

            def health(channel: str, failing: bool) -> None:
                point = point_ids[channel_failing_path(channel)]
                send_state(alarms.on_batch, "wattkeeper/alerts", point, now_ms(), float(failing))

            alerts = AlertService(
                config,
                people.trail,
                alarms.alarms,
                health=health,
                flooding=lambda: alarms.flood_status().flood,
                acknowledge=alarms.acknowledge,
            )
            alerts.check()
            alarms.listen(alerts.on_events)
        jobs = [Periodic("privacy", lambda: people.privacy.retention.run(claim=True), every_s=600)]
        reports = None
        if data_dir is not None:  # schedules may be added to the site file while running
            reports = ReportScheduler(people.trail, config, DataDir(data_dir).reports)
            jobs.append(Periodic("reports", reports.run_due, every_s=60))
        retention = RetentionJob(db, now_ms)
        return cls(
            config, db, ids, bus, live, writer, retention, host, alarms, people, jobs, plans, reports, alerts
        )

    def apply(self, config: SiteConfig) -> Applied:
        """Run ``config`` from now on: replace the drivers whose settings changed, start those of
        new devices, stop those of removed ones; the others are not touched.

        New drivers are built before any old one stops, so a change that cannot be built (a
        broker password missing from the keyring) raises and leaves everything running as it was.
        """
        point_ids = self.db.ensure_points([(p.path, p.unit) for p in config.points])
        ids = {p.path: point_ids[p.path] for p in config.points}
        plans = plan_drivers(config, ids, self.writer.congested)
        replaced = [key for key, plan in self.plans.items() if plans.get(key, plan).settings != plan.settings]
        gone = [key for key in self.plans if key not in plans]
        new = {key: plan.make() for key, plan in plans.items() if key not in self.plans or key in replaced}
        self.live.track(ids.values())
        self.host.swap([*replaced, *gone], new)
        changes = device_changes(self.config, config)
        restarted = {d for key in replaced for d in plans[key].devices} - set(changes.added)
        applied = Applied(changes, tuple(sorted(restarted)), waiting_for_restart(self.config, config))
        self.config, self.point_ids, self.plans = config, ids, plans
        if self.reports is not None:
            self.reports.config = config
        log.info(
            "site file applied: %d device(s) added, %d removed, %d restarted",
            len(changes.added), len(changes.removed), len(applied.restarted),
        )  # fmt: skip
        return applied

    def start(self) -> None:
        self._record_config()
        self.writer.start()
        self.retention.start()
        for job in self.jobs:
            job.start()
        self.alarms.start()
        if self.alerts is not None:
            self.alerts.start()
        self.host.start()
        self._running = True
        log.info("pipeline started: %d points", len(self.point_ids))

    def stop(self) -> None:
        """Stop the drivers first so that nothing arrives after the writer's last flush."""
        if not self._running:
            return
        self._running = False
        self.host.stop()
        self.retention.stop()
        for job in self.jobs:
            job.stop()
        self.alarms.stop()
        if self.alerts is not None:
            self.alerts.stop()
        self.writer.stop()
        log.info("pipeline stopped: %d samples written, %d dropped", self.writer.written, self.writer.dropped)

    def _record_config(self) -> None:
        """The site file in force goes in the audit trail when it changed; collection starts regardless."""
        where = str(self.config.path) if self.config.path is not None else "site file"
        try:
            record_config(self.people.trail, SYSTEM, where, self.config.text)
        except StorageError as exc:
            log.error("the audit trail cannot be written: %s", exc)
