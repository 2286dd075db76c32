"""Alarms in the window: banner, list, acknowledgement, mute, and a flood of a thousand alarms."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from pytestqt.qtbot import QtBot

from app.alarms.states import AlarmState
from app.pipeline.runtime import Runtime
from app.site.config import parse_site
from drivers.base import Sample, SampleBatch, now_ms
from simulator.faults import Fault
from simulator.plant import SimulatedPlant
from storage.alarm_journal import AlarmJournal
from storage.database import open_database
from tests.app.alarm_site import SITE
from tests.conftest import wait_until
from tests.people_fixtures import OPERATOR, seed_staff
from widgets.alarm_list import AlarmListModel
from widgets.main_window import MainWindow


def cell(window: MainWindow, key: str, column: int) -> str:
    model = window.alarm_panel.model
    row = model.row_of(key)
    return "" if row is None else str(model.data(model.index(row, column)))


def test_vibration_alarm_reaches_banner_and_list_and_is_acknowledged_there(
    qtbot: QtBot, runtime: Runtime, plant: SimulatedPlant
) -> None:
    anna = seed_staff(runtime.people)[OPERATOR]
    window = MainWindow(runtime, session=anna)
    qtbot.addWidget(window)
    window.show()
    assert window.alarm_banner.summary.text().startswith("No unacknowledged alarms")
    plant.model.set_fault(Fault.VIBRATION_SPIKE, True)
    key = "hall-vibration-high"
    qtbot.waitUntil(lambda: cell(window, key, AlarmListModel.STATE) == "Unacknowledged", timeout=20_000)
    assert cell(window, key, AlarmListModel.PRIORITY) == "Critical"
    qtbot.waitUntil(
        lambda: window.alarm_banner.summary.text().startswith("Critical: Machine vibration"), timeout=5_000
    )
    assert window.notifier.shown >= 1

    window.alarm_panel.view.selectRow(window.alarm_panel.model.row_of(key))  # type: ignore[arg-type]
    window.alarm_panel.ack_button.click()
    qtbot.waitUntil(lambda: cell(window, key, AlarmListModel.STATE) == "Acknowledged", timeout=5_000)
    wait_until(runtime.alarms.settled, timeout=10)
    ack = [e for e in AlarmJournal(runtime.db).events() if e.key == key and e.event == "acknowledged"]
    assert [e.user for e in ack] == [anna.actor.ref]
    linked = runtime.people.trail.records(action_prefix="alarm.action")
    assert [r.actor for r in linked] == [anna.actor.ref]
    assert linked[0].details == {
        "alarm": key,
        "event": "acknowledged",
        "journal": {"alarm_id": ack[0].alarm_id, "ts_ms": ack[0].ts_ms},
    }


def test_muting_silences_sounds_but_counts_and_shows_them(
    qtbot: QtBot, runtime: Runtime, plant: SimulatedPlant
) -> None:
    window = MainWindow(runtime)  # locked: the banner and the horn stay live for everyone
    qtbot.addWidget(window)
    window.show()
    assert window.pages.currentWidget() is window.lock_screen
    window.alarm_banner.mute.click()
    plant.model.set_fault(Fault.OVER_VOLTAGE, True)
    qtbot.waitUntil(lambda: window.annunciator.missed_while_muted >= 1, timeout=20_000)
    qtbot.waitUntil(lambda: "missed" in window.alarm_banner.mute.text(), timeout=5_000)
    qtbot.waitUntil(
        lambda: cell(window, "main-voltage-high", AlarmListModel.STATE) == "Unacknowledged", timeout=5_000
    )
    failures = window.annunciator.sound_failures
    played: list[bool] = []
    player = window.annunciator._play
    window.annunciator._play = lambda path: played.append(player(path)) or played[-1]  # type: ignore[method-assign]
    window.alarm_banner.mute.click()
    assert not window.annunciator.muted
    assert len(played) == 1  # unmuting sounds the most urgent alarm nobody acknowledged, once
    assert window.annunciator.sound_failures == failures + played.count(False)  # a failure is counted


def test_a_thousand_alarms_in_one_second_keep_the_window_live(qtbot: QtBot, tmp_path: Path) -> None:
    rules = "".join(
        f'\n[[alarm_rules]]\nid = "a{i:04d}"\npoint = "s/m/current"\nkind = "high"\nlimit = {i}.0\n'
        for i in range(1000)
    )
    db = open_database(tmp_path / "flood.db", tmp_path / "flood.key", create=True)
    runtime = Runtime.build(parse_site(SITE + rules, "site.toml"), db, key_file=tmp_path / "flood.key")
    runtime.alarms.start()  # the alarm pipeline only; these devices do not exist
    window = MainWindow(runtime, session=seed_staff(runtime.people)[OPERATOR])
    qtbot.addWidget(window)
    window.show()
    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: ticks.append(time.monotonic()))
    heartbeat.start(20)
    redraws = []
    panel_refresh = window.alarm_panel.refresh
    window.alarm_panel.refresh = lambda: (redraws.append(1), panel_refresh())  # type: ignore[method-assign]
    current = runtime.point_ids["s/m/current"]
    start_ms = now_ms()

    def drive() -> None:
        for step in range(10):
            batch = SampleBatch("s/m", [Sample(current, start_ms + step * 100, 100.0 * (step + 1) - 0.5, 0)])
            runtime.bus.publish(batch)

    try:
        started = time.monotonic()
        driver = threading.Thread(target=drive, name="wattkeeper-drivers")
        driver.start()
        driver.join()
        qtbot.waitUntil(lambda: window.alarm_panel.model.rowCount() == 1000, timeout=30_000)
        qtbot.waitUntil(lambda: window.alarm_banner.in_flood, timeout=5_000)
        assert "first out: a0000" in window.alarm_banner.flood.text()
        assert window.alarm_panel.model.alarm_at(0).state is AlarmState.UNACK_ACTIVE
        assert window.notifier.shown < 20  # summaries, not a thousand pop-ups
        # Liveness, not speed: a thousand changes were drawn in a few frames, not one redraw
        # each, and the event loop kept turning through the flood.
        assert 0 < len(redraws) < 100
        qtbot.waitUntil(lambda: sum(t >= started for t in ticks) >= 3, timeout=5_000)
        wait_until(runtime.alarms.settled, timeout=20)
        events = AlarmJournal(db).events()
        assert len(events) == 1000 and {e.event for e in events} == {"activated"}
    finally:
        heartbeat.stop()
        runtime.alarms.stop()
        db.close()


def test_filter_comment_acknowledge_shown_and_shelve_for_a_while(
    qtbot: QtBot, runtime: Runtime, plant: SimulatedPlant
) -> None:
    anna = seed_staff(runtime.people)[OPERATOR]
    window = MainWindow(runtime, session=anna)
    qtbot.addWidget(window)
    window.show()
    panel = window.alarm_panel
    plant.model.set_fault(Fault.OVER_VOLTAGE, True)  # L1 above its limit and L2 outside its band
    for key in ("main-voltage-high", "main-voltage-band"):
        qtbot.waitUntil(
            lambda k=key: cell(window, k, AlarmListModel.STATE) == "Unacknowledged", timeout=20_000
        )

    qtbot.keyClicks(panel.filter, "l2 band")
    assert [a.key for a in panel.shown()] == ["main-voltage-band"]
    qtbot.keyClick(panel.view, Qt.Key.Key_F8)  # the next unacknowledged alarm the filter shows
    assert [a.key for a in panel.selected()] == ["main-voltage-band"]
    qtbot.keyClicks(panel.comment, "tap changer moved")
    qtbot.keyClick(panel.view, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)  # all shown
    qtbot.waitUntil(
        lambda: cell(window, "main-voltage-band", AlarmListModel.STATE) == "Acknowledged", timeout=5_000
    )
    assert cell(window, "main-voltage-high", AlarmListModel.STATE) == "Unacknowledged"
    assert panel.comment.text() == ""

    panel.filter.clear()
    row = panel.model.row_of("main-voltage-high")
    assert row is not None
    panel.view.selectionModel().select(  # not selectRow: the simulated Shift above may still count as held
        panel.model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    qtbot.keyClicks(panel.comment, "known, feeder works")
    panel.shelve_selected(900.0)
    qtbot.waitUntil(
        lambda: cell(window, "main-voltage-high", AlarmListModel.STATE) == "Shelved", timeout=5_000
    )
    wait_until(runtime.alarms.settled, timeout=10)
    journal = {(e.key, e.event): e for e in AlarmJournal(runtime.db).events()}
    assert journal[("main-voltage-band", "acknowledged")].comment == "tap changer moved"
    shelved = journal[("main-voltage-high", "shelved")]
    assert shelved.comment == "known, feeder works" and shelved.user == anna.actor.ref
    until = runtime.alarms.alarms()
    high = next(a for a in until if a.key == "main-voltage-high")
    assert high.shelved_until_ms is not None and 880_000 <= high.shelved_until_ms - shelved.ts_ms <= 900_000
