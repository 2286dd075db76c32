"""The MQTT subscriber against a real Mosquitto broker."""

from __future__ import annotations

import json
import threading
import time

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from drivers.base import Quality, SampleBatch
from drivers.host import DriverHost
from drivers.json_path import JsonPath
from drivers.mqtt import MAX_PAYLOAD_BYTES, MqttBroker, MqttDevice, MqttPoint, MqttSubscriber, map_payload
from simulator.broker import MosquittoBroker
from tests.conftest import wait_until

SENSOR = MqttDevice(
    name="site/sensor",
    topic="plant/+/env",
    points=(MqttPoint(1, JsonPath.parse("temperature")), MqttPoint(2, JsonPath.parse("vib.rms"))),
    interval_s=0.2,
    silence_s=1.0,
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


def publisher(broker: MosquittoBroker) -> paho.Client:
    client = paho.Client(CallbackAPIVersion.VERSION2)
    client.connect(broker.host, broker.port)
    client.loop_start()
    return client


def run_subscriber(broker: MosquittoBroker, sink: Collected) -> DriverHost:
    host = DriverHost(
        [
            MqttSubscriber(
                MqttBroker(
                    "site/broker",
                    broker.host,
                    broker.port,
                    (SENSOR,),
                    reconnect_min_s=0.1,
                    reconnect_max_s=0.3,
                )
            )
        ],
        sink,
    )
    host.start()
    return host


def publish_until(client: paho.Client, topic: str, payload: str, done: object, timeout: float = 10.0) -> None:
    """Publish repeatedly until ``done()``: the subscription may not be active for the first one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not done():  # type: ignore[operator]
        info = client.publish(topic, payload, qos=1)
        if info.rc == paho.MQTT_ERR_SUCCESS:  # the publisher itself may still be reconnecting
            info.wait_for_publish(2)
        wait_until_or_timeout(done, 0.2)
    assert done(), f"no sample after publishing to {topic}"  # type: ignore[operator]


def wait_until_or_timeout(predicate: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not predicate():  # type: ignore[operator]
        time.sleep(0.02)


def test_json_payload_is_mapped_to_points(broker: MosquittoBroker) -> None:
    sink = Collected()
    host = run_subscriber(broker, sink)
    client = publisher(broker)
    try:
        payload = json.dumps({"temperature": 27.5, "vib": {"rms": 2.25}})
        publish_until(client, "plant/hall/env", payload, lambda: sink.samples(2))
    finally:
        client.loop_stop()
        host.stop()
    assert (27.5, Quality.GOOD) in sink.samples(1)
    assert (2.25, Quality.GOOD) in sink.samples(2)


def test_bad_payloads_flag_points_and_the_driver_keeps_going(broker: MosquittoBroker) -> None:
    sink = Collected()
    host = run_subscriber(broker, sink)
    client = publisher(broker)
    try:
        publish_until(client, "plant/hall/env", "{not json", lambda: sink.samples(1))
        client.publish("plant/hall/env", json.dumps({"temperature": "hot", "vib": {"rms": 1.5}}), qos=1)
        client.publish("plant/hall/env", json.dumps({"temperature": 21.0, "vib": {"rms": 1.75}}), qos=1)
        wait_until(lambda: (21.0, Quality.GOOD) in sink.samples(1))
    finally:
        client.loop_stop()
        host.stop()
    temperatures = sink.samples(1)
    assert temperatures[0] == (None, Quality.BAD_VALUE)
    assert (None, Quality.BAD_VALUE) in temperatures[1:]
    assert (1.5, Quality.GOOD) in sink.samples(2)


def test_silence_becomes_comm_error_and_a_restarted_broker_is_rejoined(broker: MosquittoBroker) -> None:
    sink = Collected()
    host = run_subscriber(broker, sink)
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


@pytest.mark.parametrize(
    "payload",
    [
        b"\xff\xfe",
        b"[1, 2",
        b"null",
        json.dumps({"temperature": float("inf")}).encode(),
        b"x" * (MAX_PAYLOAD_BYTES + 1),
    ],
)
def test_map_payload_never_raises(payload: bytes) -> None:
    samples, problem = map_payload(SENSOR, payload, 1_000)
    assert problem
    assert [s.quality for s in samples] == [Quality.BAD_VALUE, Quality.BAD_VALUE]
