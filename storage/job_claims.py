"""Claims on scheduled work shared by several workstations on one database.

Privacy retention and scheduled reports run on every workstation that is up, the
collector's and the windows'; a row in ``job_runs`` decides which of them does each run,
so the work is done once per period, not once per machine.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Connection, String, Table, delete, select, update

from storage.schema import metadata

job_runs = Table(
    "job_runs",
    metadata,
    Column("job", String(60), primary_key=True),
    Column("last_run_ms", BigInteger, nullable=False),
    Column("owner", String(100), nullable=False),
)


def claim_job(conn: Connection, job: str, now_ms: int, every_ms: int, owner: str) -> bool:
    """Take this period's run of ``job``; False if another process already ran it this period.

    A conditional update (or the first insert) decides, so exactly one claimant wins.
    """
    claimed = conn.execute(
        update(job_runs)
        .where(job_runs.c.job == job, job_runs.c.last_run_ms <= now_ms - every_ms)
        .values(last_run_ms=now_ms, owner=owner)
    ).rowcount
    if claimed:
        return True
    if conn.execute(select(job_runs.c.job).where(job_runs.c.job == job)).first() is not None:
        return False
    conn.execute(job_runs.insert().values(job=job, last_run_ms=now_ms, owner=owner))
    return True


def release_job(conn: Connection, job: str) -> None:
    """Give a claim back (the work failed), so that the next claimant runs it."""
    conn.execute(delete(job_runs).where(job_runs.c.job == job))


def job_first_seen(conn: Connection, job: str, now_ms: int, owner: str) -> int:
    """When ``job`` was first recorded; recorded as ``now_ms`` if it never was."""
    seen = conn.execute(select(job_runs.c.last_run_ms).where(job_runs.c.job == job)).scalar()
    if seen is not None:
        return int(seen)
    conn.execute(job_runs.insert().values(job=job, last_run_ms=now_ms, owner=owner))
    return now_ms
