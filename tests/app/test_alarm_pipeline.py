"""The simulated plant's faults through the real pipeline: drivers → bus → alarms → journal.

Each expected timestamp is worked out from the samples the historian recorded, so the
test checks that the journal says exactly when the rule, applied to what was measured,
says the alarm changed.
"""

from __future__ import annotations

import json
from pathlib import Path

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

from app.accounts.actors import Actor
from app.accounts.roles import ROLE_RIGHTS, Role
from app.alarms.states import AlarmState
from app.pipeline.live_buffers import Latest
from app.pipeline.runtime import Runtime
from app.site.config import parse_site
from drivers.base import Quality
from simulator.broker import MosquittoBroker
from simulator.faults import Fault
from simulator.plant import SimulatedPlant
from storage.alarm_journal import AlarmJournal, StoredEvent
from storage.database import open_database
from storage.queries import StoredSample, raw_samples
from tests.conftest import wait_until

ANNA = Actor("acct-anna", "anna@plant.example", ROLE_RIGHTS[Role.OPERATOR], role="operator")
SITE = "demo-plant"
_NONE = Latest(0, None, Quality.COMM_ERROR, None)


def state(runtime: Runtime, key: str) -> AlarmState:
    return next(v.state for v in runtime.alarms.alarms() if v.key == key)


def wait_for(runtime: Runtime, key: str, wanted: AlarmState, timeout: float = 20) -> None:
    wait_until(lambda: state(runtime, key) is wanted, timeout=timeout)


def journal(runtime: Runtime, key: str) -> list[StoredEvent]:
    wait_until(runtime.alarms.settled, timeout=10)
    return [e for e in AlarmJournal(runtime.db).events() if e.key == key]


def samples(runtime: Runtime, quantity: str) -> list[StoredSample]:
    wait_until(lambda: runtime.writer.pending == 0, timeout=10)
    return raw_samples(runtime.db, f"{SITE}/{quantity}", 0, 2**62)


def expected_limit_transitions(
    recorded: list[StoredSample], limit: float, deadband: float, delay_ms: int
) -> list[tuple[bool, int]]:
    """A high limit with deadband and on-delay, applied by hand to the recorded samples."""
    active, since, changes = False, None, []
    for s in recorded:
        if s.quality != Quality.GOOD or s.value is None:
            continue
        raw = s.value > limit - deadband if active else s.value > limit
        if raw == active:
            since = None
            continue
        since = s.ts_ms if since is None else since
        if active or s.ts_ms - since >= delay_ms:
            active, since = not active, None
            changes.append((active, s.ts_ms))
    return changes


def test_over_voltage_raises_and_returns_with_exact_times(runtime: Runtime, plant: SimulatedPlant) -> None:
    key = "main-voltage-high"
    wait_until(lambda: len(samples(runtime, "main-meter/voltage_l1")) >= 3, timeout=15)
    plant.model.set_fault(Fault.OVER_VOLTAGE, True)
    wait_for(runtime, key, AlarmState.UNACK_ACTIVE)
    plant.model.set_fault(Fault.OVER_VOLTAGE, False)
    wait_for(runtime, key, AlarmState.UNACK_RETURNED)
    runtime.alarms.acknowledge(key, ANNA, "supplier informed")
    wait_for(runtime, key, AlarmState.NORMAL)
    events = journal(runtime, key)
    assert [(e.event, e.state_before, e.state_after, e.user) for e in events] == [
        ("activated", "normal", "unacknowledged", "system"),
        ("returned", "unacknowledged", "returned-unacknowledged", "system"),
        ("acknowledged", "returned-unacknowledged", "normal", "acct-anna"),
    ]
    recorded = samples(runtime, "main-meter/voltage_l1")
    expected = expected_limit_transitions(recorded, 253.0, 2.0, 2000)
    assert [(e.event == "activated", e.ts_ms) for e in events[:2]] == expected[:2]
    by_ts = {s.ts_ms: s.value for s in recorded}
    assert events[0].value == by_ts[events[0].ts_ms] > 253
    assert events[1].value == by_ts[events[1].ts_ms] <= 251
    assert events[2].comment == "supplier informed"


def test_vibration_spike_is_a_critical_alarm_acknowledged_while_active(
    runtime: Runtime, plant: SimulatedPlant
) -> None:
    key = "hall-vibration-high"
    wait_until(lambda: len(samples(runtime, "hall-sensor/vibration_rms")) >= 2, timeout=15)
    plant.model.set_fault(Fault.VIBRATION_SPIKE, True)
    wait_for(runtime, key, AlarmState.UNACK_ACTIVE)
    runtime.alarms.acknowledge(key, ANNA)
    plant.model.set_fault(Fault.VIBRATION_SPIKE, False)
    wait_for(runtime, key, AlarmState.NORMAL)
    events = journal(runtime, key)
    assert [(e.event, e.state_before, e.state_after) for e in events] == [
        ("activated", "normal", "unacknowledged"),
        ("acknowledged", "unacknowledged", "acknowledged"),
        ("returned", "acknowledged", "normal"),
    ]
    expected = expected_limit_transitions(samples(runtime, "hall-sensor/vibration_rms"), 7.1, 0.5, 2000)
    assert [(events[0].event == "activated", events[0].ts_ms), (False, events[2].ts_ms)] == expected[:2]
    assert next(v for v in runtime.alarms.alarms() if v.key == key).priority == "critical"


def test_silent_meter_is_a_comm_loss_from_three_intervals_after_its_last_good_sample(
    runtime: Runtime, plant: SimulatedPlant
) -> None:
    key = "main-meter-comm"
    wait_until(lambda: len(samples(runtime, "main-meter/active_power")) >= 3, timeout=15)
    plant.model.set_fault(Fault.METER_SILENT, True)
    wait_for(runtime, key, AlarmState.UNACK_ACTIVE)
    plant.model.set_fault(Fault.METER_SILENT, False)
    wait_for(runtime, key, AlarmState.UNACK_RETURNED)
    events = journal(runtime, key)
    assert [(e.event, e.state_before, e.state_after) for e in events] == [
        ("activated", "normal", "unacknowledged"),
        ("returned", "unacknowledged", "returned-unacknowledged"),
    ]
    recorded = samples(runtime, "main-meter/active_power")
    first_error = next(i for i, s in enumerate(recorded) if s.quality == Quality.COMM_ERROR)
    last_good = recorded[first_error - 1]
    back = next(s for s in recorded[first_error:] if s.quality == Quality.GOOD)
    assert events[0].ts_ms == last_good.ts_ms + 3 * 1000
    assert events[1].ts_ms == back.ts_ms
    standing = {a.key: a.state for a in AlarmJournal(runtime.db).alarms(standing_only=True)}
    assert standing[key] == "returned-unacknowledged"


MQTT_SITE = """
[[sites]]
id = "hall"

[[sites.gateways]]
id = "broker"
protocol = "mqtt"
host = "{host}"
port = {port}

[[sites.gateways.devices]]
id = "sensor"
topic = "hall/sensor"
interval_s = 0.5
silence_s = 2.0

[[sites.gateways.devices.points]]
quantity = "vibration_rms"
unit = "mm/s"
json_path = "vib"

[[alarm_rules]]
id = "sensor-silent"
point = "hall/sensor/vibration_rms"
kind = "comm_loss"
intervals = 4
"""


def test_silent_mqtt_sensor_is_a_comm_loss(broker: MosquittoBroker, tmp_path: Path, key_file: Path) -> None:
    config = parse_site(MQTT_SITE.format(host=broker.host, port=broker.port), "site.toml")
    db = open_database(tmp_path / "wattkeeper.db", key_file, create=True)
    runtime = Runtime.build(config, db, key_file=key_file)
    runtime.start()
    client = paho.Client(CallbackAPIVersion.VERSION2)
    client.connect(broker.host, broker.port)
    client.loop_start()
    point = "hall/sensor/vibration_rms"

    def latest() -> Latest:
        return runtime.live.latest(runtime.point_ids[point]) or _NONE

    def published(value: float) -> bool:
        client.publish("hall/sensor", json.dumps({"vib": value}), qos=1).wait_for_publish(5)
        return True

    try:
        # Until the subscription is in place messages are lost: repeat the first until it arrives.
        wait_until(lambda: published(2.0) and latest().value == 2.0, timeout=20, interval=0.3)
        for value in (2.1, 2.2, 2.3):
            published(value)
            wait_until(lambda value=value: latest().value == value)
        wait_for(runtime, "sensor-silent", AlarmState.UNACK_ACTIVE)
        # The driver marks the silence too (after silence_s) before the sensor speaks again.
        wait_until(lambda: latest().quality == Quality.COMM_ERROR, timeout=10)
        published(2.5)
        wait_for(runtime, "sensor-silent", AlarmState.UNACK_RETURNED)
        events = journal(runtime, "sensor-silent")
    finally:
        client.loop_stop()
        client.disconnect()
        runtime.stop()
    recorded = raw_samples(db, point, 0, 2**62)
    db.close()
    first_error = next(i for i, s in enumerate(recorded) if s.quality == Quality.COMM_ERROR)
    back = next(s for s in recorded[first_error:] if s.quality == Quality.GOOD)
    assert [(e.event, e.ts_ms) for e in events] == [
        ("activated", recorded[first_error - 1].ts_ms + 4 * 500),
        ("returned", back.ts_ms),
    ]
    assert back.value == 2.5
