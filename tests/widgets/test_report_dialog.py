"""The report dialog, driven as an energy manager would, on the known plant day."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QRunnable, QThreadPool
from pytestqt.qtbot import QtBot

from app.audit.actions import Action
from tests.app.reporting.known_plant import site, write_known_plant
from tests.people_fixtures import OPERATOR, Staff, make_staff
from tests.widgets.screenshots import save_screenshot
from widgets.report_dialog import ReportDialog, period_days


@pytest.fixture
def plant(tmp_path: Path) -> Iterator[Staff]:
    staff = make_staff(tmp_path)
    write_known_plant(staff.db)
    yield staff
    staff.db.close()


def dialog_for(qtbot: QtBot, plant: Staff, folder: Path) -> ReportDialog:
    actor = plant.sessions[OPERATOR].actor
    dialog = ReportDialog(plant.people.trail, site(), actor, folder, today=date(2026, 11, 3))
    qtbot.addWidget(dialog)
    dialog.open_when_done.setChecked(False)
    dialog.show()
    return dialog


def test_yesterday_s_report_is_made_in_the_background_and_recorded(
    qtbot: QtBot, plant: Staff, tmp_path: Path
) -> None:
    dialog = dialog_for(qtbot, plant, tmp_path)
    assert dialog.period.currentData() == "yesterday"
    assert [dialog.scope.itemData(i) for i in range(dialog.scope.count())] == ["plant", "plant/meter"]
    assert dialog.output.text() == str(tmp_path / "energy-plant-2026-11-02.pdf")
    dialog.generate.click()
    assert not dialog.generate.isEnabled() and dialog.busy.isVisible()
    qtbot.waitUntil(lambda: dialog.made is not None, timeout=30_000)
    assert dialog.status.text().startswith(f"Written: {tmp_path / 'energy-plant-2026-11-02.pdf'} (")
    assert dialog.open_button.isEnabled() and dialog.generate.isEnabled()
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "energy-plant-2026-11-02.pdf").pages)
    assert "245.0" in text and OPERATOR in text
    assert (tmp_path / "energy-plant-2026-11-02.xlsx").exists()
    assert not list(tmp_path.glob(".*.part"))
    recorded = plant.people.trail.records(action_prefix=Action.REPORT_GENERATED.value)
    assert [r.target for r in recorded] == ["plant"]


def test_dates_typed_by_hand_and_a_device_in_vietnamese(qtbot: QtBot, plant: Staff, tmp_path: Path) -> None:
    dialog = dialog_for(qtbot, plant, tmp_path)
    dialog.scope.setCurrentIndex(1)
    dialog.first.setDate(date(2026, 11, 1))
    assert dialog.period.currentData() == "custom"
    dialog.language.setCurrentIndex(1)
    dialog.workbook.setChecked(False)
    assert dialog.output.text() == str(tmp_path / "energy-plant_meter-2026-11-01_2026-11-02.pdf")
    dialog.generate.click()
    qtbot.waitUntil(lambda: dialog.made is not None, timeout=30_000)
    text = "\n".join(p.extract_text() for p in PdfReader(dialog.made.pdf).pages)  # type: ignore[union-attr]
    assert "2026-11-01 00:00 – 2026-11-03 00:00" in text and "485,0" in text  # 240 + 245 kWh
    assert not (tmp_path / "energy-plant_meter-2026-11-01_2026-11-02.xlsx").exists()


def test_cancelling_leaves_nothing_behind(qtbot: QtBot, plant: Staff, tmp_path: Path) -> None:
    pool = QThreadPool.globalInstance()
    gate = threading.Event()

    class Occupied(QRunnable):
        def run(self) -> None:
            gate.wait(30)

    held = pool.maxThreadCount()
    pool.setMaxThreadCount(1)
    pool.start(Occupied())  # the report waits in the queue behind it
    try:
        dialog = dialog_for(qtbot, plant, tmp_path)
        dialog.generate.click()
        dialog.cancel.click()
        assert dialog.status.text() == "Cancelling…"
        gate.set()
        qtbot.waitUntil(lambda: dialog.status.text() == "Cancelled: nothing was written.", timeout=30_000)
    finally:
        gate.set()
        pool.waitForDone(30_000)
        pool.setMaxThreadCount(held)
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*.part")) == []
    assert plant.people.trail.records(action_prefix=Action.REPORT_GENERATED.value) == []
    assert dialog.generate.isEnabled()


def test_a_folder_that_does_not_exist_is_said(qtbot: QtBot, plant: Staff, tmp_path: Path) -> None:
    dialog = dialog_for(qtbot, plant, tmp_path)
    dialog.output.setText(str(tmp_path / "nowhere" / "r.pdf"))
    dialog.generate.click()
    assert dialog.status.text() == "Choose a PDF file in a folder that exists." and dialog.made is None


@pytest.mark.parametrize(
    ("key", "first", "after"),
    [
        ("yesterday", date(2026, 11, 2), date(2026, 11, 3)),
        ("last-week", date(2026, 10, 26), date(2026, 11, 2)),
        ("this-month", date(2026, 11, 1), date(2026, 11, 4)),
        ("last-month", date(2026, 10, 1), date(2026, 11, 1)),
        ("last-year", date(2025, 1, 1), date(2026, 1, 1)),
    ],
)
def test_period_presets(key: str, first: date, after: date) -> None:
    assert period_days(key, date(2026, 11, 3)) == (first, after)


def test_screenshot(qtbot: QtBot, plant: Staff, tmp_path: Path) -> None:
    dialog = dialog_for(qtbot, plant, tmp_path)
    dialog.output.setText("/home/anna/Documents/energy-plant-2026-11-02.pdf")
    dialog.status.setText("Written: /home/anna/Documents/energy-plant-2026-11-02.pdf (7 pages).")
    dialog.resize(620, dialog.sizeHint().height())
    save_screenshot(dialog, tmp_path, "report-dialog.png", min_width=600)


def test_the_operations_report_offers_every_device(qtbot: QtBot, plant: Staff, tmp_path: Path) -> None:
    dialog = dialog_for(qtbot, plant, tmp_path)
    dialog.kind.setCurrentIndex(1)
    assert dialog.output.text() == str(tmp_path / "operations-plant-2026-11-02.pdf")
    dialog.generate.click()
    qtbot.waitUntil(lambda: dialog.made is not None, timeout=30_000)
    text = PdfReader(dialog.made.pdf).pages[0].extract_text()  # type: ignore[union-attr]
    assert text.startswith("Device operations")
