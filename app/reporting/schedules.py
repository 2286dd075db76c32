"""Scheduled reports: each period's report made once, by one workstation, and caught up after a stop.

A schedule's period ends at a local midnight (the day, the Monday starting a week, the first
of a month) and its report is due at the schedule's time on that date. Whoever runs — the
collector or a window, on any of the workstations sharing one PostgreSQL server — claims
each due period in the database before making it, so a period is made exactly once; a
period missed while nothing ran is still due at the next start, back to ``LOOKBACK`` periods.
A report that fails gives its claim back, so the next round tries again.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from app.accounts.actors import SYSTEM
from app.audit.trail import AuditTrail
from app.reporting.service import Made, ReportRequest, make_report
from app.site.config import SiteConfig
from app.site.report_schedules import ReportSchedule
from app.timefmt import now_ms
from storage import job_claims

log = logging.getLogger(__name__)

#: How many past periods are still made when they were missed.
LOOKBACK = {"day": 7, "week": 4, "month": 2}
#: A claim that never expires: a period's report is made once.
FOREVER_MS = 100 * 365 * 86_400_000
#: The longest period of each kind: a new schedule is taken as seen that long before.
LONGEST_MS = {"day": 86_400_000, "week": 7 * 86_400_000, "month": 31 * 86_400_000}
_LABELS = {"day": "%Y-%m-%d", "week": "%G-W%V", "month": "%Y-%m"}


@dataclass(frozen=True)
class Due:
    schedule: ReportSchedule
    from_ms: int
    to_ms: int
    #: The period in the file's name: 2026-11-02, 2026-W45 or 2026-11.
    label: str
    #: When its report is due.
    run_ms: int


def _ms(naive: datetime, zone: tzinfo) -> int:
    return round(naive.replace(tzinfo=zone).timestamp() * 1000)


def _start_of_period(moment: datetime, every: str) -> datetime:
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    if every == "week":
        return day - timedelta(days=day.weekday())
    if every == "month":
        return day.replace(day=1)
    return day


def _previous(start: datetime, every: str) -> datetime:
    if every == "day":
        return start - timedelta(days=1)
    if every == "week":
        return start - timedelta(days=7)
    return (start - timedelta(days=1)).replace(day=1)


def due_periods(schedule: ReportSchedule, zone: tzinfo, now: int) -> list[Due]:
    """The periods whose report is due at ``now``, oldest first, back to ``LOOKBACK`` of them."""
    end = _start_of_period(datetime.fromtimestamp(now / 1000, zone), schedule.every)
    due = []
    for _ in range(LOOKBACK[schedule.every] + 1):
        start = _previous(end, schedule.every)
        run = _ms(end + timedelta(minutes=schedule.minutes_after_midnight), zone)
        if run <= now:
            label = start.strftime(_LABELS[schedule.every])
            due.append(Due(schedule, _ms(start, zone), _ms(end, zone), label, run))
        end = start
    return due[: LOOKBACK[schedule.every]][::-1]


def report_file(folder: Path, due: Due) -> Path:
    """``FOLDER/NAME/REPORT-SCOPE-PERIOD.pdf``: a name a person or a script can predict."""
    scope = due.schedule.scope.replace("/", "_")
    return folder / due.schedule.name / f"{due.schedule.report}-{scope}-{due.label}.pdf"


class ReportScheduler:
    def __init__(
        self, trail: AuditTrail, config: SiteConfig, folder: Path, *, clock: object = now_ms
    ) -> None:
        self._trail = trail
        #: Replaced when the running site file changes.
        self.config = config
        self._folder = folder
        self._clock = clock
        self._owner = f"{trail.workstation}:report"

    def run_due(self) -> list[Made]:
        """Make every due report this workstation can claim."""
        made = []
        zones = {site.id: site.zone() for site in self.config.file.sites}
        now = self._clock()
        for schedule in self.config.file.report_schedules:
            since = self._first_seen(schedule, now)
            for due in due_periods(schedule, zones[schedule.scope.split("/")[0]], now):
                if due.run_ms <= since:
                    continue
                job = _job(f"report:{schedule.name}:{due.label}")
                if not self._claim(job, now):
                    continue
                try:
                    made.append(self._make(due, zones[schedule.scope.split("/")[0]]))
                except Exception:
                    self._release(job)
                    raise
        return made

    def _make(self, due: Due, zone: tzinfo) -> Made:
        pdf = report_file(self._folder, due)
        pdf.parent.mkdir(parents=True, exist_ok=True)
        request = ReportRequest(
            kind=due.schedule.report,
            scope=due.schedule.scope,
            from_ms=due.from_ms,
            to_ms=due.to_ms,
            zone=zone,
            pdf=pdf,
            xlsx=pdf.with_suffix(".xlsx") if due.schedule.xlsx else None,
            language=due.schedule.language,
        )
        made = make_report(self._trail, SYSTEM, self.config, request)
        log.info("scheduled report %s written: %s", due.schedule.name, pdf)
        return made

    def _first_seen(self, schedule: ReportSchedule, now: int) -> int:
        """When the schedule was first seen by any workstation (recorded now if never)."""
        job = _job(f"report:{schedule.name}:since")
        try:
            with self._trail.db.engine.begin() as conn:
                return job_claims.job_first_seen(conn, job, now - LONGEST_MS[schedule.every], self._owner)
        except IntegrityError:  # recorded by another workstation at the same moment: read theirs
            return self._first_seen(schedule, now)

    def _claim(self, job: str, now: int) -> bool:
        try:
            with self._trail.db.engine.begin() as conn:
                return job_claims.claim_job(conn, job, now, FOREVER_MS, self._owner)
        except IntegrityError:
            return False  # another workstation claimed it at the same moment

    def _release(self, job: str) -> None:
        with self._trail.db.engine.begin() as conn:
            job_claims.release_job(conn, job)


def _job(job: str) -> str:
    """A job's name in the claims table (at most 60 characters)."""
    if len(job) <= 60:
        return job
    return "report:" + hashlib.sha256(job.encode()).hexdigest()[:40]
