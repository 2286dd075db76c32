"""The db sub-commands, query envelopes and energy reports, run as an operator would."""

from __future__ import annotations

import json
from pathlib import Path

from drivers.base import Sample
from storage.database import open_database
from storage.ingest import ingest_batches
from tests.app.cli_process import Wattkeeper

START = 1_767_225_600_000  # 2026-01-01T00:00Z


def test_history_commands_and_database_care(tmp_path: Path) -> None:
    cli = Wattkeeper(tmp_path)
    cli.add_admin()
    db = open_database(cli.data_dir / "wattkeeper.db", cli.key_file)
    db.ensure_points([("s/m/voltage", "V"), ("s/m/energy_import", "kWh")])
    ingest_batches(
        db,
        [
            [Sample(1, START + i * 1000, 230.0 + (i % 60), 0) for i in range(7200)]
            + [Sample(2, START + i * 60_000, 100.0 + i, 0) for i in range(120)]
        ],
    )
    db.close()
    window = ("--from", "2026-01-01T00:00+00:00", "--to", "2026-01-01T02:00+00:00")

    envelope = json.loads(
        cli.run("query", "s/m/voltage", *window, "--max-points", "10", "--format", "json").stdout
    )
    assert len(envelope) == 9 and {e["resolution"] for e in envelope} == {"1m"}  # 14-minute buckets
    assert envelope[0]["min"] == 230.0 and envelope[0]["max"] == 289.0 and envelope[0]["count"] == 840

    hours = json.loads(cli.run("energy", "s/m", *window, "--interval", "hour", "--format", "json").stdout)
    assert [h["energy"] for h in hours] == [59.0, 60.0]

    backup = cli.as_admin("db", "backup", str(tmp_path / "b.db"))
    assert backup.returncode == 0, backup.stderr
    rekey = cli.as_admin("db", "rekey")
    assert rekey.returncode == 0 and "new key" in rekey.stdout
    assert cli.run("db", "check").stdout.startswith("ok:")
    # the backup was made with the old key: it no longer matches
    refused = cli.as_admin("db", "restore", str(tmp_path / "b.db"))
    assert refused.returncode == 1 and "does not open this file" in refused.stderr

    exported = cli.as_admin("db", "export", "--point", "s/m/voltage", *window, "--format", "parquet")
    assert exported.returncode == 1 and "--output FILE" in exported.stderr
    csv_out = cli.as_admin("db", "export", "--point", "s/m/voltage", *window)
    assert csv_out.stdout.splitlines()[:2] == ["ts,value,quality", "2026-01-01T00:00:00.000Z,230.0,0"]
    assert "7200 samples exported" in csv_out.stderr

    retention = cli.as_admin("db", "retention", "--raw", "30", "--1m", "forever")
    assert retention.stdout.split() == ["raw", "30", "1m", "forever", "1h", "forever", "1d", "forever"]
    assert cli.run("db", "retention").stdout.split() == retention.stdout.split()
    bad = cli.as_admin("db", "retention", "--raw", "soon")
    assert bad.returncode == 1 and "'soon' is not a number of days" in bad.stderr
