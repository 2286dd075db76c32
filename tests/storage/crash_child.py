"""A collector-like process for the crash test: heavy ingest through the real writer.

Sample ``i`` is point ``i % POINTS`` at ``START + (i // POINTS) * 10`` ms with value ``i``,
so the stored samples of a run must be exactly the indices ``0 .. n-1``. Every committed
transaction is reported on stdout as ``committed N`` (all indices below N are durable), every
queued batch as ``queued N`` (all indices below N were handed to the writer).

    python -m tests.storage.crash_child DB KEY_FILE
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from drivers.base import Sample, SampleBatch
from storage.database import open_database
from storage.writer import SampleWriter

POINTS = 50
START = 1_700_000_000_000
BATCH = 500
MAX_PENDING = 40_000


def sample(i: int) -> Sample:
    return Sample(i % POINTS + 1, START + (i // POINTS) * 10, float(i), 0)


def say(line: str) -> None:
    """One whole line per write: the writer thread and the main thread both report."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    db = open_database(Path(sys.argv[1]), Path(sys.argv[2]), create=True)
    db.ensure_points((f"crash/dev/p{i}", "kWh" if i % 5 == 0 else "V") for i in range(POINTS))
    with db.engine.connect() as conn:
        next_index = int(conn.exec_driver_sql("SELECT count(*) FROM samples").scalar() or 0)
    committed = next_index

    def report(rows: list[Sample]) -> None:
        nonlocal committed
        committed += len(rows)
        say(f"committed {committed}")

    writer = SampleWriter(db, flush_interval_s=0.05)
    writer.add_commit_listener(report)
    writer.start()
    say(f"started {next_index}")
    while True:
        if writer.pending > MAX_PENDING:
            time.sleep(0.001)
            continue
        writer.submit(SampleBatch("crash/dev", [sample(i) for i in range(next_index, next_index + BATCH)]))
        next_index += BATCH
        say(f"queued {next_index}")


if __name__ == "__main__":
    main()
