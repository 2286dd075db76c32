"""Gateways and devices set up in the window: tested against the real server, saved with the
file's comments, applied without stopping the others, audited, refused without the right."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from app.accounts.actors import RightMissingError
from app.audit.actions import Action
from app.pipeline.runtime import Runtime
from app.pipeline.site_setup import Change, save_site
from app.site.config import load_site
from app.site.site_edits import device_text, put_device
from simulator.plant import SimulatedPlant
from storage.database import open_database
from tests.people_fixtures import ENGINEER, OPERATOR, seed_staff
from tests.widgets.screenshots import save_screenshot
from widgets.device_setup import DeviceDialog, GatewayDialog
from widgets.main_window import MainWindow
from widgets.window_host import WindowHost

SITE = "demo-plant"
#: Nothing listens there, and no connection takes it as its own end (ports below 1024 are never
#: handed out as the local end, which a port from the ephemeral range can be: a connection to itself).
CLOSED_PORT = 1


@pytest.fixture
def site_runtime(plant: SimulatedPlant, tmp_path: Path, key_file: Path) -> Iterator[Runtime]:
    """The pipeline on the simulated plant, configured from a site file on disk."""
    path = tmp_path / "site.toml"
    path.write_text(plant.site_toml(), encoding="utf-8")
    db = open_database(tmp_path / "wattkeeper.db", key_file, create=True)
    running = Runtime.build(load_site(path), db, key_file=key_file)
    running.start()
    yield running
    running.stop()
    db.close()


def _window(qtbot: QtBot, runtime: Runtime, who: str) -> tuple[MainWindow, list[str]]:
    window = MainWindow(runtime, session=seed_staff(runtime.people)[who])
    qtbot.addWidget(window)
    notices: list[str] = []
    window.site_changed.connect(notices.append)
    return window, notices


def _save(qtbot: QtBot, dialog: DeviceDialog | GatewayDialog) -> None:
    assert dialog.check() == []
    dialog.save()
    qtbot.waitUntil(
        lambda: dialog.applied is not None or "Not saved" in dialog.problems.text(), timeout=15_000
    )
    assert dialog.applied is not None, dialog.problems.text()


def test_a_meter_added_in_dialogs_is_tested_saved_and_polled_while_the_others_go_on(
    qtbot: QtBot, site_runtime: Runtime, plant: SimulatedPlant, tmp_path: Path
) -> None:
    runtime = site_runtime
    window, notices = _window(qtbot, runtime, ENGINEER)
    drivers_before = runtime.host.drivers

    gateway = window.site_setup.open_gateway()
    qtbot.addWidget(gateway)
    gateway.gateway_id.setText("panel-2")
    gateway.name.setText("Panel 2 gateway")
    assert (
        gateway.problems.text().endswith("host: string should have at least 1 character") or gateway.check()
    )
    gateway.host.setText(plant.modbus.host)
    gateway.port.setValue(plant.modbus.port)
    _save(qtbot, gateway)

    dialog = window.site_setup.open_device()
    qtbot.addWidget(dialog)
    dialog.gateway.setCurrentIndex(dialog.gateway.findData(f"{SITE}/sim-gateway"))
    dialog.device_id.setText("sub-meter")
    dialog.profile.setCurrentIndex(dialog.profile.findData("eastron-sdm630"))
    assert dialog.unit_id.value() == 4  # the first free one there
    dialog.unit_id.setValue(1)
    assert "unit 1 is already used" in dialog.problems.text()  # the main meter's, on that gateway
    assert not dialog.save_button.isEnabled()
    dialog.gateway.setCurrentIndex(dialog.gateway.findData(f"{SITE}/panel-2"))
    assert dialog.unit_id.value() == 1 and dialog.check() == []
    dialog.name.setText("Sub-distribution meter")

    dialog.test_button.setChecked(True)  # read again every second until stopped
    qtbot.waitUntil(lambda: dialog.tests >= 2, timeout=15_000)
    table = dialog.probe.table
    rows = {table.item(r, 0).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert rows["Active power"] == "Good" and set(rows.values()) == {"Good"}
    assert "values read" in dialog.probe.status.text()
    save_screenshot(dialog, tmp_path, "device-dialog.png", min_width=600)
    dialog.test_button.setChecked(False)
    _save(qtbot, dialog)

    assert dialog.applied.devices.added == (f"{SITE}/sub-meter",)
    assert dialog.applied.restarted == ()
    assert "Saved and in force (added: demo-plant/sub-meter)" in notices[-1]
    power = runtime.point_ids[f"{SITE}/sub-meter/active_power"]
    qtbot.waitUntil(
        lambda: (latest := runtime.live.latest(power)) is not None and latest.quality == 0, timeout=15_000
    )
    assert all(runtime.host.drivers[key] is driver for key, driver in drivers_before.items())

    assert runtime.config.path is not None
    text = runtime.config.path.read_text(encoding="utf-8")
    assert text.startswith("# Wattkeeper site file for the simulated plant")  # comments kept
    assert "# One example rule for each simulated fault" in text
    added_table = '[[sites.gateways.devices]]\nid = "sub-meter"\nname = "Sub-distribution meter"\n'
    assert added_table + 'profile = "eastron-sdm630"' in text
    added = runtime.people.trail.records(action_prefix=Action.DEVICE_ADDED.value)
    assert [(r.target, r.details["before"]) for r in added] == [(f"{SITE}/sub-meter", "")]
    assert "unit_id = 1" in added[0].details["after"]
    assert (
        runtime.people.trail.records(action_prefix=Action.GATEWAY_ADDED.value)[0].target == f"{SITE}/panel-2"
    )


def test_an_unreachable_gateway_is_named_within_its_timeout(qtbot: QtBot, site_runtime: Runtime) -> None:
    window, _notices = _window(qtbot, site_runtime, ENGINEER)
    gateway = window.site_setup.open_gateway()
    qtbot.addWidget(gateway)
    gateway.gateway_id.setText("nobody-home")
    gateway.host.setText("127.0.0.1")
    gateway.port.setValue(CLOSED_PORT)
    _save(qtbot, gateway)
    dialog = window.site_setup.open_device()
    qtbot.addWidget(dialog)
    dialog.gateway.setCurrentIndex(dialog.gateway.findData(f"{SITE}/nobody-home"))
    dialog.device_id.setText("meter-9")
    assert (
        dialog.problems.text() == "Choose its profile: without one, its points are listed in the site file."
    )
    dialog.profile.setCurrentIndex(dialog.profile.findData("eastron-sdm120"))
    dialog.test_button.setChecked(True)
    qtbot.waitUntil(lambda: dialog.tests >= 1, timeout=10_000)  # Modbus: 2 s to answer
    assert "Connection refused" in dialog.probe.status.text()
    dialog.test_button.setChecked(False)


def test_editing_keeps_the_rest_of_the_file_and_restarts_only_that_device(
    qtbot: QtBot, site_runtime: Runtime
) -> None:
    runtime = site_runtime
    window, notices = _window(qtbot, runtime, ENGINEER)
    assert runtime.config.path is not None
    before = runtime.config.path.read_text(encoding="utf-8")
    dialog = window.site_setup.open_device(f"{SITE}/pv-inverter")
    qtbot.addWidget(dialog)
    assert dialog.device_id.isReadOnly() and dialog.unit_id.value() == 3
    dialog.name.setText("Roof PV inverter")
    dialog.interval.setValue(2.0)
    _save(qtbot, dialog)
    after = runtime.config.path.read_text(encoding="utf-8")
    old_lines, new_lines = before.splitlines(), after.splitlines()
    changed = [(i, a, b) for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert [(a, b) for _i, a, b in changed] == [
        ('name = "Rooftop PV inverter"', 'name = "Roof PV inverter"'),
        ("interval_s = 1.0", "interval_s = 2.0"),
    ]  # the same lines, in their places: nothing else moved
    assert dialog.applied.restarted == (f"{SITE}/pv-inverter",)
    record = runtime.people.trail.records(action_prefix=Action.DEVICE_CHANGED.value)[0]
    assert 'name = "Rooftop PV inverter"' in record.details["before"]
    assert 'name = "Roof PV inverter"' in record.details["after"]
    assert "restarted: demo-plant/pv-inverter" in notices[-1]


def test_a_device_that_alarm_rules_name_cannot_be_removed(qtbot: QtBot, site_runtime: Runtime) -> None:
    window, _notices = _window(qtbot, site_runtime, ENGINEER)
    dialog = window.site_setup.open_device(f"{SITE}/main-meter")
    qtbot.addWidget(dialog)
    dialog.remove()
    assert dialog.problems.text().startswith("It cannot be removed while the site file still names it:")
    assert "alarm_rules[0].point" in dialog.problems.text()
    assert f"{SITE}/main-meter" in {f"{s.id}/{d.id}" for s, _g, d in site_runtime.config.devices()}


def test_set_up_is_refused_without_the_right(qtbot: QtBot, site_runtime: Runtime) -> None:
    window, _notices = _window(qtbot, site_runtime, OPERATOR)
    assert not window.site_setup.add_device.isVisible() and not window.devices.configurable
    text = site_runtime.config.text
    with pytest.raises(RightMissingError):
        save_site(site_runtime, window.actor, text + "\n", Change(Action.DEVICE_ADDED, f"{SITE}/x", "", ""))
    refused = site_runtime.people.trail.records(action_prefix=Action.RIGHT_REFUSED.value)
    assert refused[-1].target == f"{SITE}/x" and refused[-1].details["right"] == "config.edit"
    assert site_runtime.config.path is not None
    assert site_runtime.config.path.read_text(encoding="utf-8") == text


def test_a_site_file_edited_outside_the_window_is_put_in_force(qtbot: QtBot, site_runtime: Runtime) -> None:
    runtime = site_runtime
    _shown, notices = _window(qtbot, runtime, OPERATOR)
    assert runtime.config.path is not None
    edited = put_device(
        runtime.config.text,
        SITE,
        "sim-gateway",
        {"id": "genset", "interval_s": 2.0},
        was=("sim-gateway", "genset"),
    )
    runtime.config.path.write_text(edited, encoding="utf-8")
    # the watch saw it and applied it on the thread pool; the notice follows on the GUI thread
    qtbot.waitUntil(lambda: bool(notices) and runtime.config.text == edited, timeout=10_000)
    assert notices[-1].startswith(
        "The site file was edited outside the window and is in force (changed: demo-plant/genset; "
        "restarted: demo-plant/genset)."
    )
    assert notices[-1].endswith("Changed alarm rules: they apply when Wattkeeper is started again.")
    record = runtime.people.trail.records(action_prefix=Action.CONFIG_CHANGED.value, newest_first=True)[0]
    assert "+interval_s = 2.0" in str(record.details["diff"])


def test_the_window_is_built_again_on_the_new_configuration(
    qtbot: QtBot, site_runtime: Runtime, plant: SimulatedPlant, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    session = seed_staff(site_runtime.people)[ENGINEER]
    host = WindowHost(site_runtime, None, settings, session=session)
    first = host.window  # retired (deleted) once the first change is in force
    gateway = first.site_setup.open_gateway()
    gateway.gateway_id.setText("panel-2")
    gateway.host.setText(plant.modbus.host)
    gateway.port.setValue(plant.modbus.port)
    _save(qtbot, gateway)
    dialog = host.window.site_setup.open_device()
    dialog.gateway.setCurrentIndex(dialog.gateway.findData(f"{SITE}/panel-2"))
    dialog.device_id.setText("sub-meter")
    dialog.profile.setCurrentIndex(dialog.profile.findData("eastron-sdm120"))
    _save(qtbot, dialog)
    window = host.window
    qtbot.addWidget(window)
    assert window is not first and window.session is session  # the same shift goes on
    assert window.site_notice.text().startswith("Saved and in force (added: demo-plant/sub-meter)")
    assert window.overview.tile(f"{SITE}/sub-meter") is not None
    window.devices.select_device(f"{SITE}/sub-meter")
    assert {window.values_model.point_at(r).device for r in range(window.values_model.rowCount())} == {
        "sub-meter"
    }


def test_an_mqtt_device_takes_a_preset_and_restarts_its_broker_s_subscriber(
    qtbot: QtBot, site_runtime: Runtime
) -> None:
    window, _notices = _window(qtbot, site_runtime, ENGINEER)
    dialog = window.site_setup.open_device()
    qtbot.addWidget(dialog)
    dialog.gateway.setCurrentIndex(dialog.gateway.findData(f"{SITE}/sim-broker"))
    presets = {dialog.profile.itemData(i) for i in range(dialog.profile.count())}
    assert {"tasmota-energy", "shelly-gen2-em", "generic-json"} <= presets
    assert "eastron-sdm630" not in presets
    assert not dialog.form.isRowVisible(dialog.unit_id) and dialog.form.isRowVisible(dialog.topic)
    dialog.device_id.setText("plug-1")
    dialog.profile.setCurrentIndex(dialog.profile.findData("tasmota-energy"))
    _save(qtbot, dialog)
    assert dialog.applied is not None
    assert dialog.applied.devices.added == (f"{SITE}/plug-1",)
    assert dialog.applied.restarted == (f"{SITE}/hall-sensor",)  # one subscriber serves the broker
    table = device_text(site_runtime.config.text, SITE, "plug-1")
    assert table.splitlines() == [
        "[[sites.gateways.devices]]",
        'id = "plug-1"',
        'profile = "tasmota-energy"',  # its topic is the preset's, tele/plug-1/SENSOR
        "interval_s = 1.0",
        "silence_s = 5.0",
    ]
