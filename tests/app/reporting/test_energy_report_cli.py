"""``wattkeeper report energy`` on the known plant: the PDF and the workbook against the database."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from storage.database import open_database
from storage.queries import energy
from tests.app.cli_process import OPERATOR, OPERATOR_PASSWORD, InProcess
from tests.app.reporting.known_plant import (
    COUNTER,
    HANOI,
    REPORT_DAY,
    REPORT_END,
    SITE_FILE,
    write_known_plant,
)

VIEWER, VIEWER_PASSWORD = "vic@plant.example", "a viewer reads but never writes reports"


@pytest.fixture(scope="module")
def plant(tmp_path_factory: pytest.TempPathFactory) -> InProcess:
    folder = tmp_path_factory.mktemp("report-cli")
    (folder / "site.toml").write_text(SITE_FILE, encoding="utf-8")
    cli = InProcess(folder)
    cli.add_admin()
    cli.add_operator()
    viewer = cli.as_admin("users", "add", VIEWER, "--role", "viewer", answers=(VIEWER_PASSWORD,))
    assert viewer.returncode == 0, viewer.stderr
    db = open_database(cli.data_dir / "wattkeeper.db", cli.key_file)
    try:
        write_known_plant(db)
    finally:
        db.close()
    return cli


def test_the_pdf_and_the_workbook_say_what_the_historian_counted(plant: InProcess, tmp_path: Path) -> None:
    out = tmp_path / "energy.pdf"
    head_before = plant.as_admin("audit", "head").stdout.strip()
    made = plant.as_user(
        OPERATOR, OPERATOR_PASSWORD, "report", "energy", "--from", "2026-11-02", "--to", "2026-11-03",
        "--out", str(out), "--xlsx",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    db = open_database(plant.data_dir / "wattkeeper.db", plant.key_file)
    try:
        (day,) = energy(db, COUNTER, REPORT_DAY, REPORT_END, interval="day", tz=HANOI)
    finally:
        db.close()
    assert day.energy == pytest.approx(245.0)

    pages = [page.extract_text() for page in PdfReader(out).pages]
    text = "\n".join(pages)
    assert "Energy consumption analysis" in pages[0] and "Asia/Ho_Chi_Minh" in pages[0]
    assert "2026-11-02 00:00 – 2026-11-03 00:00" in pages[0] and OPERATOR in pages[0]
    signed_head = re.search(r"Audit trail head\s*(\d+:[0-9a-f]{64})", pages[0])
    assert signed_head is not None and int(signed_head.group(1).split(":")[0]) > int(
        head_before.split(":")[0]
    )
    assert re.search(r"Consumption\s*245\.0\s*kWh", text), text
    assert re.search(r"Previous period\s*240\.0\s*kWh", text)
    assert "The highest 15-minute demand, 30.0 kW, began at 2026-11-02 18:15." in text
    assert re.search(r"peak\s*3,266\.00\s*55\.0\s*179,630", text)  # band, price, kWh, cost
    assert "Tariff: EVN manufacturing, 22-110 kV." in text
    assert re.search(r"plant/meter\s*2026-11-02 02:59\s*2026-11-02 05:00\s*2\.00", text)  # the silence
    assert all(f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, start=1))

    book = openpyxl.load_workbook(out.with_suffix(".xlsx"))
    summary = {row[0].value: row[1].value for row in book["Summary"].iter_rows(min_row=3)}
    assert summary["Consumption"] == pytest.approx(day.energy)
    assert summary["Peak demand (15 min)"] == pytest.approx(30.0, abs=0.05)
    bands = {row[0].value: row[2].value for row in book["Cost by band"].iter_rows(min_row=3)}
    assert bands == {
        "peak": pytest.approx(55.0),
        "off-peak": pytest.approx(50.0),
        "normal": pytest.approx(140.0),
    }

    recorded = json.loads(plant.as_admin("audit", "list", "--json", "--action", "report.generated").stdout)
    assert [(r["actor"], r["target"], r["details"]["pages"]) for r in recorded][-1] == (
        OPERATOR,
        "plant",
        len(pages),
    )


def test_a_viewer_may_not_run_reports_and_the_refusal_is_recorded(plant: InProcess, tmp_path: Path) -> None:
    out = tmp_path / "no.pdf"
    refused = plant.as_user(
        VIEWER,
        VIEWER_PASSWORD,
        "report",
        "energy",
        "--from",
        "2026-11-02",
        "--to",
        "2026-11-03",
        "--out",
        str(out),
    )
    assert refused.returncode == 1 and "does not hold the right report.run" in refused.stderr
    assert not out.exists()


@pytest.mark.parametrize("kind", ["energy", "diagnostics"])
@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--site", "mill"), "no site 'mill' in the site file (sites: plant)"),
        (("--device", "plant/pump"), "no device 'plant/pump' in the site file (devices: plant/meter)"),
        (("--to", "2026-11-01"), "--to must be after --from"),
    ],
)
def test_a_wrong_scope_or_period_is_named_in_one_line(
    plant: InProcess, tmp_path: Path, kind: str, options: tuple[str, ...], message: str
) -> None:
    args = {"--from": "2026-11-02", "--to": "2026-11-03"}
    args.update(dict(zip(options[::2], options[1::2], strict=True)))
    flat = [item for pair in args.items() for item in pair]
    ran = plant.as_user(OPERATOR, OPERATOR_PASSWORD, "report", kind, *flat, "--out", str(tmp_path / "r.pdf"))
    assert ran.returncode == 1 and ran.stderr.strip() == f"wattkeeper: error: {message}"


def test_a_vietnamese_report_keeps_its_diacritics_and_number_marks(plant: InProcess, tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.pdf"
    made = plant.as_user(
        OPERATOR, OPERATOR_PASSWORD, "report", "energy", "--from", "2026-11-02", "--to", "2026-11-03",
        "--out", str(out), "--lang", "vi",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    pages = [page.extract_text() for page in PdfReader(out).pages]
    text = "\n".join(pages)
    assert "Phân tích tiêu thụ điện năng" in pages[0] and "Đầu chuỗi nhật ký kiểm toán" in pages[0]
    assert re.search(r"Điện năng tiêu thụ\s*245,0\s*kWh", text), text
    assert "Công suất 15 phút cao nhất, 30,0 kW, bắt đầu lúc 2026-11-02 18:15." in text
    assert re.search(r"peak\s*3\.266,00\s*55,0\s*179\.630", text)
    assert all(f"Trang {n} / {len(pages)}" in page for n, page in enumerate(pages, start=1))
    assert "Energy" not in text.replace("EVN", "")  # no English left on the pages


def test_points_export_as_hourly_rows_with_local_offsets_for_excel(plant: InProcess, tmp_path: Path) -> None:
    out = tmp_path / "hours.csv"
    ran = plant.as_admin(
        "db", "export", "--point", "plant/meter/energy_import", "--point", "plant/meter/active_power",
        "--from", "2026-11-02T00:00+07:00", "--to", "2026-11-03T00:00+07:00", "--resolution", "1h",
        "--local-time", "--bom", "--output", str(out),
    )  # fmt: skip
    assert ran.returncode == 0 and "44 rows exported" in ran.stderr, ran.stderr
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == ["ts", "point", "count", "bad", "min", "max", "mean", "counted"]
    assert [r["point"] for r in rows[:2]] == ["plant/meter/energy_import", "plant/meter/active_power"]
    evening = [r for r in rows if r["ts"] == "2026-11-02T18:00:00.000+07:00"]
    by_point = {r["point"]: r for r in evening}
    counter, power = by_point["plant/meter/energy_import"], by_point["plant/meter/active_power"]
    assert float(counter["counted"]) == pytest.approx(15.0, abs=0.01) and power["counted"] == ""
    assert float(power["mean"]) == pytest.approx(15.0) and power["count"] == "3600"
    silent = [r for r in rows if r["ts"].startswith("2026-11-02T03:")]
    assert silent == []  # no rollup without readings: the gap stays a gap
    recorded = json.loads(plant.as_admin("audit", "list", "--json", "--action", "data.exported").stdout)
    assert (
        recorded[-1]["details"]["resolution"] == "1h" and recorded[-1]["details"]["rows"] == 44
    )  # 22 hours read, of two points


def test_raw_samples_of_two_points_interleave_in_time(plant: InProcess) -> None:
    ran = plant.as_admin(
        "db", "export", "--point", "plant/meter/power_factor", "--point", "plant/meter/active_power",
        "--from", "2026-11-02T18:14:59+07:00", "--to", "2026-11-02T18:15:01+07:00",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == [
        "ts,point,value,quality",  # in time order, then in the order the points were named
        "2026-11-02T11:14:59.000Z,plant/meter/power_factor,0.95,0",
        "2026-11-02T11:14:59.000Z,plant/meter/active_power,10.0,0",
        "2026-11-02T11:15:00.000Z,plant/meter/power_factor,0.95,0",
        "2026-11-02T11:15:00.000Z,plant/meter/active_power,30.0,0",
    ]
    parquet = plant.as_admin("db", "export", "--point", "a/b/c", "--point", "a/b/d", "--format", "parquet")
    assert parquet.returncode == 1 and "Parquet holds one point's raw samples" in parquet.stderr
