"""MQTT ingest rate: our subscriber (receive → map → bus, and on to committed rows) against a bare
paho subscriber parsing the same messages from the same broker, in the same run.

Each consumer first opens a persistent session and leaves; the publisher then sends N JSON
messages for 50 devices, which the broker queues; the consumer reconnects and the time to
drain the queue is measured. The publisher's own speed is therefore out of the measure, and
the broker delivers as fast as the consumer takes. QoS 0 and QoS 1 are measured separately.

Each measurement is the best of ``--repeat`` runs, so that other work on the machine
weighs less. Broker settings: max_inflight_messages 1000, max_queued_messages 100000, queue_qos0_messages
true, set_tcp_nodelay true (Mosquitto's defaults, 20 in flight and 1,000 queued, drop most of a
fast QoS 1 burst). Client: TCP_NODELAY, paho driven by the asyncio loop.

    .venv/bin/python benchmarks/mqtt_ingest.py [--messages 50000]
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import threading
import time
from pathlib import Path

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

from app.pipeline.bus import SampleBus
from drivers.base import SampleBatch
from drivers.host import DriverHost
from drivers.json_path import JsonField, JsonPath
from drivers.mqtt import MqttBroker, MqttDevice, MqttSubscriber
from drivers.mqtt_payload import MqttPoint, PayloadMap
from simulator.broker import MosquittoBroker
from storage.database import open_database
from storage.writer import SampleWriter

DEVICES = 50
FIELDS = ("temperature", "humidity", "vibration_rms")
BROKER_SETTINGS = "queue_qos0_messages true\n"


def publish(broker: MosquittoBroker, messages: int, qos: int) -> None:
    client = paho.Client(CallbackAPIVersion.VERSION2, client_id="bench-publisher")
    client.max_inflight_messages_set(1000)
    client.max_queued_messages_set(0)
    client.connect(broker.host, broker.port)
    client.loop_start()
    last = None
    for i in range(messages):
        payload = json.dumps({"temperature": 20 + i % 10, "humidity": 60.5, "vibration_rms": 2.25 + i % 3})
        last = client.publish(f"bench/dev{i % DEVICES}/env", payload, qos=qos)
    assert last is not None
    last.wait_for_publish(120)
    client.loop_stop()
    client.disconnect()


def reference(broker: MosquittoBroker, messages: int, qos: int) -> float:
    """Messages per second of a bare paho subscriber that parses each payload."""
    done = threading.Event()
    received = 0
    values: list[float] = []

    def on_message(_client: paho.Client, _userdata: object, message: paho.MQTTMessage) -> None:
        nonlocal received
        document = json.loads(message.payload)
        values[:] = [float(document[name]) for name in FIELDS]
        received += 1
        if received == messages:
            done.set()

    def session() -> paho.Client:
        client = paho.Client(
            CallbackAPIVersion.VERSION2, client_id=f"bench-reference-{qos}", clean_session=False
        )
        client.on_connect = lambda c, *_: c.subscribe("bench/+/env", qos=qos)
        client.on_message = on_message
        client.connect(broker.host, broker.port)
        return client

    client = session()
    client.loop_start()
    time.sleep(0.5)  # the subscription is set up before leaving; only then is there a session to queue into
    client.loop_stop()
    client.disconnect()
    publish(broker, messages, qos)
    client = session()
    started = time.perf_counter()
    client.loop_start()
    assert done.wait(300), f"reference received {received} of {messages}"
    elapsed = time.perf_counter() - started
    client.loop_stop()
    client.disconnect()
    return messages / elapsed


def subscriber_settings(broker: MosquittoBroker, qos: int, name: str) -> MqttBroker:
    devices = tuple(
        MqttDevice(
            f"bench/dev{d}",
            f"bench/dev{d}/env",
            PayloadMap(
                tuple(MqttPoint(d * 3 + i, JsonField(JsonPath.parse(f))) for i, f in enumerate(FIELDS))
            ),
            silence_s=3600,
        )
        for d in range(DEVICES)
    )
    return MqttBroker("bench", broker.host, broker.port, devices, client_id=f"bench-{name}-{qos}", qos=qos)


def ours(
    broker: MosquittoBroker, messages: int, qos: int, folder: Path | None, max_pending: int = 2_000_000
) -> tuple[float, int]:
    """Messages per second to the bus, or (with a database folder) to committed rows; and dropped samples.

    A small ``max_pending`` makes the writer's queue the bottleneck, to show back-pressure at work.
    """
    settings = subscriber_settings(broker, qos, f"{folder.name if folder else 'bus'}")
    bus = SampleBus()
    arrived = threading.Event()
    counted = 0

    def count(batch: SampleBatch) -> None:
        nonlocal counted
        counted += 1
        if counted == messages and folder is None:
            arrived.set()

    bus.subscribe(count)
    writer = None
    if folder is not None:
        db = open_database(folder / "bench.db", folder / "bench.key", create=True)
        db.ensure_points((f"bench/p{i}", "") for i in range(DEVICES * 3))
        writer = SampleWriter(db, max_pending_samples=max_pending)
        bus.subscribe(writer.submit)
        writer.start()
    congested = writer.congested if writer is not None else (lambda: False)

    host = DriverHost([MqttSubscriber(settings, congested)], bus.publish)
    host.start()
    time.sleep(0.5)  # subscribed; leave so that the broker queues for this session
    host.stop()
    publish(broker, messages, qos)
    host = DriverHost([MqttSubscriber(settings, congested)], bus.publish)
    started = time.perf_counter()
    host.start()
    if writer is None:
        assert arrived.wait(300), f"the bus saw {counted} of {messages}"
    else:
        deadline = time.monotonic() + 300
        while writer.written < messages * len(FIELDS) and time.monotonic() < deadline:
            time.sleep(0.01)
    elapsed = time.perf_counter() - started
    host.stop()
    dropped = 0
    if writer is not None:
        writer.stop()
        dropped = writer.dropped
        assert writer.written == messages * len(FIELDS), f"{writer.written} rows committed"
    return messages / elapsed, dropped


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs of each measurement")
    args = parser.parse_args()
    results: dict[str, object] = {"benchmark": "mqtt_ingest", "messages": args.messages, "devices": DEVICES}
    with MosquittoBroker(extra_config=BROKER_SETTINGS) as broker, tempfile.TemporaryDirectory() as folder:
        for qos in (0, 1):
            reference_rate = max(reference(broker, args.messages, qos) for _ in range(args.repeat))
            bus_rate = max(ours(broker, args.messages, qos, None)[0] for _ in range(args.repeat))
            runs = [
                ours(broker, args.messages, qos, Path(folder) / f"q{qos}-{i}") for i in range(args.repeat)
            ]
            stored_rate, dropped = max(r[0] for r in runs), sum(r[1] for r in runs)
            results[f"qos{qos}"] = {
                "reference_msgs_per_s": round(reference_rate),
                "to_bus_msgs_per_s": round(bus_rate),
                "to_bus_ratio": round(bus_rate / reference_rate, 3),
                "committed_msgs_per_s": round(stored_rate),
                "committed_ratio": round(stored_rate / reference_rate, 3),
                "samples_dropped": dropped,
            }
        bounded_rate, bounded_dropped = ours(broker, args.messages, 1, Path(folder) / "bounded", 30_000)
        results["qos1_writer_queue_30000_samples"] = {
            "committed_msgs_per_s": round(bounded_rate),
            "samples_dropped": bounded_dropped,
        }
    results["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results["settings"] = (
        "broker: inflight 1000, queued 100000, qos0 queued, tcp_nodelay; client: TCP_NODELAY"
    )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
