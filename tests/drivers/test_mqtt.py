"""The MQTT subscriber against a real Mosquitto broker."""

from __future__ import annotations

import itertools
import json
import subprocess
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from drivers.base import Quality, SampleBatch
from drivers.host import DriverHost
from drivers.json_path import JsonField, JsonPath
from drivers.mqtt import MqttBroker, MqttDevice, MqttSubscriber
from drivers.mqtt_payload import MqttPoint as Point
from drivers.mqtt_payload import PayloadMap
from drivers.tls import TlsSettings
from simulator.broker import MosquittoBroker
from tests.conftest import wait_until
from tests.tls_certs import TestAuthority

SENSOR_MAP = PayloadMap(
    (Point(1, JsonField(JsonPath.parse("temperature"))), Point(2, JsonField(JsonPath.parse("vib.rms"))))
)
SENSOR = MqttDevice(
    name="site/sensor", topic="plant/+/env", payload=SENSOR_MAP, interval_s=0.2, silence_s=1.0
)


class Collected:
    """A thread-safe sink for batches, standing in for the bus."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.batches: list[SampleBatch] = []

    def __call__(self, batch: SampleBatch) -> None:
        with self._lock:
            self.batches.append(batch)

    def samples(self, point_id: int) -> list[tuple[float | None, int]]:
        with self._lock:
            return [(s.value, s.quality) for b in self.batches for s in b.samples if s.point_id == point_id]

    def timestamps(self, point_id: int) -> list[int]:
        with self._lock:
            return [s.ts_ms for b in self.batches for s in b.samples if s.point_id == point_id]


def publisher(broker: MosquittoBroker, **tls: object) -> paho.Client:
    client = paho.Client(CallbackAPIVersion.VERSION2)
    if tls:
        client.tls_set(**tls)  # type: ignore[arg-type]
    client.connect(broker.host, broker.port)
    client.loop_start()
    return client


def settings(
    broker: MosquittoBroker, devices: tuple[MqttDevice, ...] = (SENSOR,), **extra: object
) -> MqttBroker:
    options: dict[str, object] = {
        "client_id": "wattkeeper-test",
        "reconnect_min_s": 0.1,
        "reconnect_max_s": 0.3,
    }
    options.update(extra)
    return MqttBroker("site/broker", broker.host, broker.port, devices, **options)  # type: ignore[arg-type]


def run_subscriber(broker_settings: MqttBroker, sink: Collected) -> tuple[DriverHost, MqttSubscriber]:
    subscriber = MqttSubscriber(broker_settings)
    host = DriverHost([subscriber], sink)
    host.start()
    return host, subscriber


def publish_until(client: paho.Client, topic: str, payload: str, done: object, timeout: float = 10.0) -> None:
    """Publish repeatedly until ``done()``: the subscription may not be active for the first one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not done():  # type: ignore[operator]
        info = client.publish(topic, payload, qos=1)
        if info.rc == paho.MQTT_ERR_SUCCESS:  # the publisher itself may still be reconnecting
            info.wait_for_publish(2)
        end = time.monotonic() + 0.2
        while time.monotonic() < end and not done():  # type: ignore[operator]
            time.sleep(0.02)
    assert done(), f"no sample after publishing to {topic}"  # type: ignore[operator]


def test_json_payload_is_mapped_to_points(broker: MosquittoBroker) -> None:
    sink = Collected()
    host, _ = run_subscriber(settings(broker), sink)
    client = publisher(broker)
    try:
        publish_until(
            client,
            "plant/hall/env",
            json.dumps({"temperature": 27.5, "vib": {"rms": 2.25}}),
            lambda: sink.samples(2),
        )
    finally:
        client.loop_stop()
        host.stop()
    assert (27.5, Quality.GOOD) in sink.samples(1)
    assert (2.25, Quality.GOOD) in sink.samples(2)


def test_bad_payloads_flag_points_and_the_driver_keeps_going(broker: MosquittoBroker) -> None:
    sink = Collected()
    host, _ = run_subscriber(settings(broker), sink)
    client = publisher(broker)
    try:
        publish_until(client, "plant/hall/env", "{not json", lambda: sink.samples(1))
        for payload in (
            {"temperature": "hot", "vib": {"rms": 1.5}},
            {"vib": {"rms": 1.25}},
            {"temperature": 21.0, "vib": {"rms": 1.75}},
        ):
            client.publish("plant/hall/env", json.dumps(payload), qos=1)
        wait_until(lambda: (21.0, Quality.GOOD) in sink.samples(1))
    finally:
        client.loop_stop()
        host.stop()
    temperatures = sink.samples(1)
    assert temperatures[0] == (None, Quality.BAD_VALUE)
    assert (None, Quality.BAD_VALUE) in temperatures[1:]
    assert temperatures.count((None, Quality.BAD_VALUE)) == 2  # the message without the key gave no sample
    assert (1.25, Quality.GOOD) in sink.samples(2)


def test_silence_becomes_comm_error_and_a_restarted_broker_is_rejoined(broker: MosquittoBroker) -> None:
    sink = Collected()
    host, _ = run_subscriber(settings(broker), sink)
    client = publisher(broker)
    try:
        publish_until(
            client,
            "plant/hall/env",
            json.dumps({"temperature": 20.0, "vib": {"rms": 1.0}}),
            lambda: sink.samples(1),
        )
        broker.kill()
        wait_until(lambda: sink.samples(1)[-1] == (None, Quality.COMM_ERROR))
        broker.start()
        publish_until(
            client,
            "plant/hall/env",
            json.dumps({"temperature": 23.0, "vib": {"rms": 1.0}}),
            lambda: (23.0, Quality.GOOD) in sink.samples(1),
            timeout=20,
        )
    finally:
        client.loop_stop()
        host.stop()


@pytest.mark.parametrize("version", ["3.1.1", "5"])
def test_persistent_session_delivers_what_was_published_while_away(
    broker: MosquittoBroker, version: str
) -> None:
    sink = Collected()
    options = {"mqtt_version": version, "client_id": f"persistent-{version}"}
    host, _ = run_subscriber(settings(broker, **options), sink)
    client = publisher(broker)
    try:
        publish_until(client, "plant/hall/env", json.dumps({"temperature": 1.0}), lambda: sink.samples(1))
        host.stop()  # the link is down; the broker keeps the session and queues QoS 1 messages
        for value in (10.0, 11.0, 12.0, 13.0, 14.0):
            client.publish("plant/hall/env", json.dumps({"temperature": value}), qos=1).wait_for_publish(5)
        host, _ = run_subscriber(settings(broker, **options), sink)
        wait_until(lambda: (14.0, Quality.GOOD) in sink.samples(1), timeout=15)
    finally:
        client.loop_stop()
        host.stop()
    received = [v for v, _ in sink.samples(1)]
    assert received[received.index(10.0) : received.index(14.0) + 1] == [10.0, 11.0, 12.0, 13.0, 14.0]


def test_tls_broker_with_verification(tmp_path: Path) -> None:
    authority = TestAuthority(tmp_path / "ca")
    server = authority.issue("localhost")
    extra = f"cafile {authority.ca_file}\ncertfile {server.cert}\nkeyfile {server.key}\ntls_version tlsv1.2\n"
    with MosquittoBroker(extra_config=extra) as broker:
        trusted = Collected()
        host, _ = run_subscriber(settings(broker, tls=TlsSettings(ca_file=authority.ca_file)), trusted)
        client = publisher(broker, ca_certs=str(authority.ca_file))
        try:
            publish_until(
                client, "plant/hall/env", json.dumps({"temperature": 5.5}), lambda: trusted.samples(1)
            )
        finally:
            host.stop()
        # A client that does not trust this CA (the system's authorities only) never connects.
        untrusting = Collected()
        host, subscriber = run_subscriber(
            settings(broker, tls=TlsSettings(), client_id="untrusting"), untrusting
        )
        try:
            client.publish("plant/hall/env", json.dumps({"temperature": 6.5}), qos=1).wait_for_publish(5)
            wait_until(lambda: subscriber.health.reason is not None, timeout=10)
            assert "certificate verify failed" in str(subscriber.health.reason)
        finally:
            client.loop_stop()
            host.stop()
    assert (5.5, Quality.GOOD) in trusted.samples(1)
    assert all(q != Quality.GOOD for _, q in untrusting.samples(1))


def test_username_and_password(tmp_path: Path) -> None:
    passwords = tmp_path / "passwords"
    subprocess.run(["mosquitto_passwd", "-b", "-c", str(passwords), "meter-reader", "s3cret!"], check=True)
    passwords.chmod(0o600)
    with MosquittoBroker(anonymous=False, extra_config=f"password_file {passwords}\n") as broker:
        refused = Collected()
        host, subscriber = run_subscriber(
            settings(broker, username="meter-reader", password="wrong"), refused
        )
        try:
            wait_until(lambda: subscriber.health.reason is not None, timeout=10)
            assert "refused" in str(subscriber.health.reason)
        finally:
            host.stop()
        accepted = Collected()
        host, _ = run_subscriber(settings(broker, username="meter-reader", password="s3cret!"), accepted)
        client = paho.Client(CallbackAPIVersion.VERSION2)
        client.username_pw_set("meter-reader", "s3cret!")
        client.connect(broker.host, broker.port)
        client.loop_start()
        try:
            publish_until(
                client, "plant/hall/env", json.dumps({"temperature": 7.5}), lambda: accepted.samples(1)
            )
        finally:
            client.loop_stop()
            host.stop()


def test_congested_consumer_pushes_back_without_losing_messages(broker: MosquittoBroker) -> None:
    sink = Collected()
    congested = threading.Event()
    subscriber = MqttSubscriber(settings(broker), congested.is_set)
    host = DriverHost([subscriber], sink)
    host.start()
    client = publisher(broker)
    try:
        publish_until(client, "plant/hall/env", json.dumps({"temperature": -1.0}), lambda: sink.samples(1))
        congested.set()
        for value in range(500):
            client.publish("plant/hall/env", json.dumps({"temperature": float(value)}), qos=1)
        time.sleep(0.5)  # the broker has time to deliver: nothing may be consumed while congested
        during = len([v for v, _ in sink.samples(1) if v is not None and v >= 0])
        congested.clear()
        wait_until(lambda: (499.0, Quality.GOOD) in sink.samples(1), timeout=20)
    finally:
        client.loop_stop()
        host.stop()
    values = [v for v, q in sink.samples(1) if q == Quality.GOOD and v is not None and v >= 0]
    assert during <= 1  # at most the packet being handled when the pause began
    assert values == [float(v) for v in range(500)]


def test_payload_time_is_used_when_present(broker: MosquittoBroker) -> None:
    device = MqttDevice(
        name="site/meter",
        topic="meters/+",
        payload=PayloadMap((Point(1, JsonField(JsonPath.parse("p"))),), timestamp_path=JsonPath.parse("ts")),
    )
    sink = Collected()
    host, _ = run_subscriber(settings(broker, devices=(device,)), sink)
    client = publisher(broker)
    try:
        publish_until(
            client, "meters/a", json.dumps({"p": 1.0, "ts": 1_790_000_000}), lambda: sink.samples(1)
        )
        client.publish("meters/a", json.dumps({"p": 2.0, "ts": "2026-09-01T08:00:00+07:00"}), qos=1)
        client.publish("meters/a", json.dumps({"p": 3.0, "ts": time.time() + 3600}), qos=1)
        wait_until(lambda: len(sink.samples(1)) >= 3)
    finally:
        client.loop_stop()
        host.stop()
    stamps = dict(zip([v for v, _ in sink.samples(1)], sink.timestamps(1), strict=True))
    assert stamps[1.0] == 1_790_000_000_000
    assert stamps[2.0] == datetime(2026, 9, 1, 1, 0, tzinfo=UTC).timestamp() * 1000
    assert abs(stamps[3.0] - time.time() * 1000) < 60_000  # a clock an hour ahead is not trusted


def test_topic_of_a_removed_device_is_counted_and_reported_once(
    broker: MosquittoBroker, caplog: pytest.LogCaptureFixture
) -> None:
    """A persistent session still delivers the topics of a device the site file no longer has."""
    removed = MqttDevice(name="site/old", topic="plant/old/meter", payload=SENSOR_MAP, interval_s=0.2)
    options = {"client_id": "site-file-changed"}
    sink = Collected()
    host, _ = run_subscriber(settings(broker, (SENSOR, removed), **options), sink)
    client = publisher(broker)
    try:
        publish_until(client, "plant/old/meter", json.dumps({"temperature": 5.0}), lambda: sink.samples(1))
        host.stop()
        host, subscriber = run_subscriber(settings(broker, **options), sink)
        for value in (6.0, 7.0, 8.0):
            client.publish("plant/old/meter", json.dumps({"temperature": value}), qos=1).wait_for_publish(5)
        wait_until(lambda: subscriber.unmatched_messages == 3)
        publish_until(
            client,
            "plant/hall/env",
            json.dumps({"temperature": 30.0}),
            lambda: (30.0, Quality.GOOD) in sink.samples(1),
        )
    finally:
        client.loop_stop()
        host.stop()
    assert [v for v, _ in sink.samples(1)].count(6.0) == 0
    warnings = [r for r in caplog.records if "plant/old/meter" in r.getMessage()]
    assert len(warnings) == 1 and "matches no configured device" in warnings[0].getMessage()


def test_a_backlog_drained_in_one_burst_keeps_one_distinct_time_per_message(broker: MosquittoBroker) -> None:
    """Equal arrival stamps would make the historian keep only the last message of each millisecond."""
    sink = Collected()
    options = {"client_id": "backlog"}
    host, _ = run_subscriber(settings(broker, **options), sink)
    client = publisher(broker)
    try:
        publish_until(client, "plant/hall/env", json.dumps({"temperature": -1.0}), lambda: sink.samples(1))
        host.stop()
        infos = [
            client.publish("plant/hall/env", json.dumps({"temperature": float(i)}), qos=1) for i in range(300)
        ]
        for info in infos:
            info.wait_for_publish(5)
        host, _ = run_subscriber(settings(broker, **options), sink)
        wait_until(lambda: (299.0, Quality.GOOD) in sink.samples(1), timeout=15)
    finally:
        client.loop_stop()
        host.stop()
    values, stamps = [v for v, _ in sink.samples(1)], sink.timestamps(1)
    first = values.index(0.0)
    assert values[first : first + 300] == [float(i) for i in range(300)]
    assert all(a < b for a, b in itertools.pairwise(stamps))
