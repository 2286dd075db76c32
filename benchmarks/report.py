"""Report speed and memory: each report on a month of 50 meters, the energy report on a year of one.

Generates the history through the writer's own transaction code (samples and rollups) and
seals every completed hour as the writer does in operation, then, in a fresh process each
(so that peak memory is the report's, not the generator's), times each whole report —
figures from the historian, document, PDF and XLSX — and, as the reference measured in
the same run, reportlab laying out the same document from its precomputed tables. Prints
one JSON object; targets: under 5 s and 300 MB for each.

Each meter records its import counter, power, power factor, three phase voltages and the
frequency; the frequency leaves its ±1 % band for a few seconds every day, so the
diagnostics report also reads the samples of the minutes that straddle the band's edge.

A report reads only rollups, whose rows do not depend on the sampling rate, so the default
reads every 10 s (a month of 50 meters is then ~39 M samples); ``--interval-s 1`` writes
one-second data as a plant would (ten times the generation time, the same report time).
With ``--keep``, a generation that was interrupted resumes after the last step it wrote.

    .venv/bin/python -m benchmarks.report [--devices 50] [--days 30] [--interval-s 10] [--keep FOLDER]
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from drivers.base import Sample
from storage.database import Database, open_database
from storage.ingest import ingest_batches
from storage.queries import latest
from storage.sealing import seal_completed_hours

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
START = 1_793_466_000_000  # 2026-11-01T00:00+07:00
DAY_MS = 86_400_000
CHUNK = 60_000


def site_file(devices: int, interval_s: int) -> str:
    """The site: ``devices`` SDM630 meters read every ``interval_s``, as the history is written."""
    meters = "".join(
        f'\n[[sites.gateways.devices]]\nid = "meter-{d:02d}"\nprofile = "eastron-sdm630"\nunit_id = {d + 1}\n'
        f"interval_s = {interval_s}\n"
        for d in range(devices)
    )
    return (
        '[[sites]]\nid = "plant"\nname = "Benchmark plant"\ntimezone = "Asia/Ho_Chi_Minh"\n'
        '[sites.tariff]\nname = "three bands"\ncurrency = "VND"\ndemand_charge = 100000\n'
        '  [[sites.tariff.bands]]\n  name = "peak"\n  price = 3266\n'
        '  periods = [{ days = "mon-sat", start = "17:00", end = "20:00" }]\n'
        '  [[sites.tariff.bands]]\n  name = "normal"\n  price = 1811\n'
        '[sites.emissions]\nfactor = 0.6592\nsource = "benchmark"\n'
        '[[sites.gateways]]\nid = "gw"\nprotocol = "modbus-tcp"\nhost = "127.0.0.1"\n' + meters
    )


def load_kw(device: int, second: int) -> float:
    """A daily curve per meter, a different base for each, and a ripple that never repeats exactly."""
    day = 0.6 + 0.4 * math.sin((second % 86_400) / 86_400 * 2 * math.pi - math.pi / 2)
    return (20 + device) * day + (second * 7919 + device * 104_729) % 17 * 0.1


def generate(db: Database, devices: int, days: int, interval_s: int) -> int:
    catalogue = []
    for d in range(devices):
        base = f"plant/meter-{d:02d}"
        catalogue += [
            (f"{base}/energy_import", "kWh"),
            (f"{base}/active_power", "kW"),
            (f"{base}/power_factor", ""),
            *((f"{base}/voltage_l{phase}", "V") for phase in (1, 2, 3)),
            (f"{base}/frequency", "Hz"),
        ]
    ids = db.ensure_points(catalogue)
    steps = days * 86_400 // interval_s
    first, counters = _resume(db, devices, interval_s)

    def batches():
        batch: list[Sample] = []
        for step in range(first, steps):
            second = step * interval_s
            ts = START + second * 1000
            for d in range(devices):
                base = f"plant/meter-{d:02d}"
                kw = load_kw(d, second)
                counters[d] += kw * interval_s / 3600
                volts = 230 - 0.1 * kw
                batch += [
                    Sample(ids[f"{base}/energy_import"], ts, counters[d], 0),
                    Sample(ids[f"{base}/active_power"], ts, kw, 0),
                    Sample(ids[f"{base}/power_factor"], ts, 0.9 + (second % 600) / 10_000, 0),
                    Sample(ids[f"{base}/voltage_l1"], ts, volts, 0),
                    Sample(ids[f"{base}/voltage_l2"], ts, volts + 1.5, 0),
                    Sample(ids[f"{base}/voltage_l3"], ts, volts - 1.0, 0),
                    Sample(ids[f"{base}/frequency"], ts, frequency(d, second), 0),
                ]
            if len(batch) >= CHUNK:
                yield batch
                batch = []
        if batch:
            yield batch

    ingest_batches(db, batches())
    return steps * devices * len(catalogue) // devices


def _resume(db: Database, devices: int, interval_s: int) -> tuple[int, list[float]]:
    """Where an interrupted generation stopped: the step after the last one written, and each
    meter's counter there. Batches hold whole steps and are committed in order, so the last
    meter's frequency (a step's last sample) marks the last step written."""
    last = f"plant/meter-{devices - 1:02d}/frequency"
    counters = [f"plant/meter-{d:02d}/energy_import" for d in range(devices)]
    newest = latest(db, [last, *counters])
    if last not in newest:
        return 0, [0.0] * devices
    step = (newest[last].ts_ms - START) // 1000 // interval_s
    print(f"resuming after step {step}", file=sys.stderr)
    return step + 1, [float(newest[path].value or 0.0) for path in counters]


def frequency(device: int, second: int) -> float:
    """50 Hz with a small ripple, and 50.6 Hz for 20 s at a different time of each meter's day."""
    if 0 <= (second - 3_600 * (device % 24)) % 86_400 < 20:
        return 50.6
    return 50.0 + ((second * 31 + device) % 9 - 4) * 0.01


def measure(folder: str, kind: str, days: int) -> dict[str, object]:
    """The whole report, then the bare layout of the same document (run in a fresh process)."""
    from app.reporting.framing import Authorship
    from app.reporting.service import BUILDERS, ReportRequest
    from app.site.config import parse_site
    from reports.pdf import write_pdf
    from reports.workbook import write_xlsx

    path = Path(folder)
    config = parse_site((path / "site.toml").read_text(encoding="utf-8"), "site.toml")
    db = open_database(path / "bench.db", path / "bench.key")
    whole, layout = [], []
    pages = 0
    request = ReportRequest(kind, "plant", START, START + days * DAY_MS, ZONE, path / "unused.pdf")
    try:
        for run in range(3):
            started = time.perf_counter()
            document = BUILDERS[kind](db, config, request, Authorship(0, "benchmark", "0:" + "0" * 64))
            pages = write_pdf(document, path / f"report-{run}.pdf")
            write_xlsx(document, path / f"report-{run}.xlsx")
            whole.append(time.perf_counter() - started)
            started = time.perf_counter()
            write_pdf(document, path / f"layout-{run}.pdf")
            layout.append(time.perf_counter() - started)
    finally:
        db.close()
    return {
        "report_s": round(min(whole), 3),
        "report_first_s": round(whole[0], 3),
        "layout_only_s": round(min(layout), 3),
        "ratio_to_layout": round(min(whole) / min(layout), 2),
        "pages": pages,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def case(
    devices: int, days: int, interval_s: int, kinds: tuple[str, ...], keep: Path | None = None
) -> dict[str, object]:
    """Generate and seal the history (or reuse the one kept in ``keep`` for the same case), then
    time each report."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) if keep is None else keep / f"{devices}x{days}d-{interval_s}s"
        path.mkdir(parents=True, exist_ok=True)
        made: dict[str, object] = {}
        if not (path / "sealed").exists():
            (path / "site.toml").write_text(site_file(devices, interval_s), encoding="utf-8")
            started = time.perf_counter()
            db = open_database(path / "bench.db", path / "bench.key", create=True)
            made["samples"] = generate(db, devices, days, interval_s)
            made["generate_s"] = round(time.perf_counter() - started, 1)
            started = time.perf_counter()
            seal_completed_hours(db, START + days * DAY_MS)
            made["seal_s"] = round(time.perf_counter() - started, 1)
            db.close()
            (path / "sealed").write_text(json.dumps(made), encoding="utf-8")
        else:
            made = json.loads((path / "sealed").read_text(encoding="utf-8")) | {"reused": str(path)}
        reports = {kind: _measured(str(path), kind, days) for kind in kinds}
    return {"devices": devices, "days": days, "interval_s": interval_s, **made, **reports}


def _measured(folder: str, kind: str, days: int) -> dict[str, object]:
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.report", "--measure", folder, "--kind", kind, "--days", str(days)],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    if child.returncode:
        raise SystemExit(f"the {kind} report failed:\n{child.stderr}")
    return json.loads(child.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--interval-s", type=int, default=10)
    parser.add_argument("--year-interval-s", type=int, default=60)
    parser.add_argument("--measure", metavar="FOLDER", help=argparse.SUPPRESS)
    parser.add_argument("--kind", default="energy", help=argparse.SUPPRESS)
    parser.add_argument(
        "--keep", type=Path, metavar="FOLDER", help="keep the generated history here and reuse it next time"
    )
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.kind, args.days)))
        return
    month = case(args.devices, args.days, args.interval_s, ("energy", "operations", "diagnostics"), args.keep)
    year = case(1, 365, args.year_interval_s, ("energy",), args.keep)
    print(
        json.dumps(
            {
                "benchmark": "report",
                "when": int(time.time() * 1000),
                "month": month,
                "year_one_meter": year,
                "targets": {"report_s": 5.0, "peak_rss_mb": 300},
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
