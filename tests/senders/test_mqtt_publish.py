"""The MQTT publisher against a real Mosquitto broker."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from drivers.tls import TlsSettings
from senders.base import SendError
from senders.mqtt_publish import MqttPublisher, MqttPublishSettings
from simulator.broker import MosquittoBroker
from tests.conftest import wait_until
from tests.tls_certs import TestAuthority

PAYLOAD = '{"id": "alarm-42-raised", "text": "Điện áp pha L1 đạt 253,4 V"}'


class Subscriber:
    """A plain paho client that collects what arrives, subscribed before the test publishes."""

    def __init__(self, broker: MosquittoBroker, topic: str, **tls: Any) -> None:
        self.messages: list[paho.MQTTMessage] = []
        self._lock = threading.Lock()
        self._subscribed = threading.Event()
        self._client = paho.Client(CallbackAPIVersion.VERSION2)
        if tls:
            self._client.tls_set(**tls)
        self._client.on_connect = lambda client, *_: client.subscribe(topic, qos=1)
        self._client.on_subscribe = lambda *_: self._subscribed.set()
        self._client.on_message = self._on_message
        self._client.connect(broker.host, broker.port)
        self._client.loop_start()
        assert self._subscribed.wait(5), "the test subscriber was not subscribed"

    def _on_message(self, _client: paho.Client, _userdata: Any, message: paho.MQTTMessage) -> None:
        with self._lock:
            self.messages.append(message)

    def received(self) -> list[paho.MQTTMessage]:
        with self._lock:
            return list(self.messages)

    def close(self) -> None:
        self._client.disconnect()
        self._client.loop_stop()


class MuteBroker:
    """Takes one MQTT connection, answers CONNACK if told to, and never acknowledges a publish.

    With ``hang_up`` it closes the connection on the first PUBLISH, as a broker that crashes.
    """

    CONNACK_ACCEPTED = b"\x20\x02\x00\x00"

    def __init__(self, *, connack: bool, hang_up: bool = False) -> None:
        self._connack = connack
        self._hang_up = hang_up
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self.publishes = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="mute-broker", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            connection, _ = self._server.accept()
        except OSError:
            return
        with connection:
            connection.recv(1024)  # CONNECT
            if self._connack:
                connection.sendall(self.CONNACK_ACCEPTED)
            while data := connection.recv(1024):
                if data[0] >> 4 == 3:  # PUBLISH, left without its PUBACK
                    self.publishes.set()
                    if self._hang_up:
                        return

    def close(self) -> None:
        # shutdown() wakes an accept() still waiting; close() alone would not.
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)
        self._server.close()
        self._thread.join(5)


@pytest.fixture
def subscribers() -> Iterator[list[Subscriber]]:
    started: list[Subscriber] = []
    yield started
    for subscriber in started:
        subscriber.close()


@pytest.fixture
def publishers() -> Iterator[list[MqttPublisher]]:
    made: list[MqttPublisher] = []
    yield made
    for publisher in made:
        publisher.close()


def make_publisher(publishers: list[MqttPublisher], host: str, port: int, **options: Any) -> MqttPublisher:
    options.setdefault("client_id", "wattkeeper-alarms")
    publisher = MqttPublisher(MqttPublishSettings(host, port, **options))
    publishers.append(publisher)
    return publisher


def test_subscriber_receives_the_payload_at_qos_1(
    broker: MosquittoBroker, subscribers: list[Subscriber], publishers: list[MqttPublisher]
) -> None:
    subscriber = Subscriber(broker, "wattkeeper/alarms/#")
    subscribers.append(subscriber)
    publisher = make_publisher(publishers, broker.host, broker.port)

    publisher.publish("wattkeeper/alarms/TBA2", PAYLOAD)
    publisher.publish("wattkeeper/alarms/TBA2", b"\x00\xffraw")

    wait_until(lambda: len(subscriber.received()) == 2, timeout=5)
    first, second = subscriber.received()
    assert first.topic == "wattkeeper/alarms/TBA2"
    assert first.payload.decode("utf-8") == PAYLOAD
    assert first.qos == 1
    assert not first.retain
    assert second.payload == b"\x00\xffraw"


def test_retained_message_reaches_a_late_subscriber(
    broker: MosquittoBroker, subscribers: list[Subscriber], publishers: list[MqttPublisher]
) -> None:
    publisher = make_publisher(publishers, broker.host, broker.port)

    publisher.publish("wattkeeper/state/TBA2", "alarm", retain=True)
    # publish() returned after the PUBACK, so the broker holds the message already.
    late = Subscriber(broker, "wattkeeper/state/#")
    subscribers.append(late)

    wait_until(late.received, timeout=5)
    [message] = late.received()
    assert message.payload == b"alarm"
    assert message.retain


def test_publishes_from_several_threads(
    broker: MosquittoBroker, subscribers: list[Subscriber], publishers: list[MqttPublisher]
) -> None:
    subscriber = Subscriber(broker, "wattkeeper/load/#")
    subscribers.append(subscriber)
    publisher = make_publisher(publishers, broker.host, broker.port)
    failures: list[BaseException] = []

    def publish_many(worker: int) -> None:
        try:
            for n in range(25):
                publisher.publish(f"wattkeeper/load/{worker}", f"{worker}-{n}")
        except BaseException as exc:  # reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=publish_many, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert failures == []
    wait_until(lambda: len(subscriber.received()) == 100, timeout=5)
    assert {m.payload.decode() for m in subscriber.received()} == {
        f"{w}-{n}" for w in range(4) for n in range(25)
    }


def test_closed_port_names_the_broker(publishers: list[MqttPublisher]) -> None:
    publisher = make_publisher(publishers, "127.0.0.1", 1, timeout_s=2)

    with pytest.raises(SendError) as caught:
        publisher.publish("wattkeeper/alarms/x", PAYLOAD)

    assert str(caught.value).startswith("the broker at 127.0.0.1:1: refused the connection")
    assert not caught.value.permanent


def test_broker_down_then_back(
    broker: MosquittoBroker, subscribers: list[Subscriber], publishers: list[MqttPublisher]
) -> None:
    publisher = make_publisher(publishers, broker.host, broker.port, timeout_s=2)
    publisher.publish("wattkeeper/alarms/x", "before")

    broker.stop()
    with pytest.raises(SendError) as caught:
        publisher.publish("wattkeeper/alarms/x", "while down")
    assert caught.value.where == f"the broker at {broker.host}:{broker.port}"
    assert not caught.value.permanent

    broker.start()
    subscriber = Subscriber(broker, "wattkeeper/alarms/#")
    subscribers.append(subscriber)
    publisher.publish("wattkeeper/alarms/x", "after")

    wait_until(subscriber.received, timeout=5)
    assert [m.payload for m in subscriber.received()] == [b"after"]


def test_refused_credentials(tmp_path: Path, publishers: list[MqttPublisher]) -> None:
    passwords = tmp_path / "passwords"
    subprocess.run(["mosquitto_passwd", "-b", "-c", str(passwords), "alarms", "s3cret!"], check=True)
    passwords.chmod(0o600)
    with MosquittoBroker(anonymous=False, extra_config=f"password_file {passwords}\n") as broker:
        wrong = make_publisher(publishers, broker.host, broker.port, username="alarms", password="nope")
        with pytest.raises(SendError) as caught:
            wrong.publish("wattkeeper/alarms/x", PAYLOAD)
        right = make_publisher(
            publishers, broker.host, broker.port, client_id="right", username="alarms", password="s3cret!"
        )
        right.publish("wattkeeper/alarms/x", PAYLOAD)

    assert "refused the connection: Not authorized" in str(caught.value)
    assert "nope" not in str(caught.value) and "nope" not in repr(wrong.settings)


def test_tls_broker(tmp_path: Path, publishers: list[MqttPublisher], subscribers: list[Subscriber]) -> None:
    authority = TestAuthority(tmp_path / "ca")
    server = authority.issue("localhost")
    extra = f"cafile {authority.ca_file}\ncertfile {server.cert}\nkeyfile {server.key}\ntls_version tlsv1.2\n"
    with MosquittoBroker(extra_config=extra) as broker:
        subscriber = Subscriber(broker, "wattkeeper/#", ca_certs=str(authority.ca_file))
        subscribers.append(subscriber)
        trusting = make_publisher(
            publishers, broker.host, broker.port, tls=TlsSettings(ca_file=authority.ca_file)
        )
        trusting.publish("wattkeeper/alarms/x", PAYLOAD)
        # The system's authorities only: this broker's certificate is not among them.
        untrusting = make_publisher(publishers, broker.host, broker.port, client_id="u", tls=TlsSettings())
        with pytest.raises(SendError) as caught:
            untrusting.publish("wattkeeper/alarms/x", "never")
        wait_until(subscriber.received, timeout=5)
        # Before the broker goes: paho's own reconnect would keep the subscriber busy for a second.
        subscriber.close()

    assert "certificate was not accepted" in str(caught.value)
    assert [m.payload.decode() for m in subscriber.received()] == [PAYLOAD]


def test_wildcard_topic_is_permanent(broker: MosquittoBroker, publishers: list[MqttPublisher]) -> None:
    publisher = make_publisher(publishers, broker.host, broker.port)

    with pytest.raises(SendError) as caught:
        publisher.publish("wattkeeper/alarms/#", PAYLOAD)

    assert caught.value.permanent
    assert "wildcards" in str(caught.value)


def test_close_then_publish_connects_again(
    broker: MosquittoBroker, subscribers: list[Subscriber], publishers: list[MqttPublisher]
) -> None:
    subscriber = Subscriber(broker, "wattkeeper/#")
    subscribers.append(subscriber)
    publisher = make_publisher(publishers, broker.host, broker.port)

    publisher.publish("wattkeeper/a", "1")
    publisher.close()
    publisher.publish("wattkeeper/a", "2")

    wait_until(lambda: len(subscriber.received()) == 2, timeout=5)
    assert [m.payload for m in subscriber.received()] == [b"1", b"2"]


def test_publish_not_acknowledged_in_time(publishers: list[MqttPublisher]) -> None:
    mute = MuteBroker(connack=True)
    publisher = make_publisher(publishers, "127.0.0.1", mute.port, timeout_s=0.5)
    try:
        started = time.monotonic()
        with pytest.raises(SendError) as caught:
            publisher.publish("wattkeeper/alarms/x", PAYLOAD)
        elapsed = time.monotonic() - started
        assert mute.publishes.is_set()
    finally:
        publisher.close()
        mute.close()

    assert caught.value.message == "did not acknowledge within 0.5 s the message on 'wattkeeper/alarms/x'"
    assert not caught.value.permanent
    assert elapsed < 3


def test_broker_that_never_answers_the_connect(publishers: list[MqttPublisher]) -> None:
    mute = MuteBroker(connack=False)
    publisher = make_publisher(publishers, "127.0.0.1", mute.port, timeout_s=0.5)
    try:
        with pytest.raises(SendError) as caught:
            publisher.publish("wattkeeper/alarms/x", PAYLOAD)
    finally:
        publisher.close()
        mute.close()

    assert str(caught.value) == (
        f"the broker at 127.0.0.1:{mute.port}: did not accept the connection within 0.5 s"
    )


def test_connection_lost_while_waiting_is_reported_at_once(publishers: list[MqttPublisher]) -> None:
    mute = MuteBroker(connack=True, hang_up=True)
    publisher = make_publisher(publishers, "127.0.0.1", mute.port, timeout_s=5)
    try:
        started = time.monotonic()
        with pytest.raises(SendError) as caught:
            publisher.publish("wattkeeper/alarms/x", PAYLOAD)
        elapsed = time.monotonic() - started
    finally:
        publisher.close()
        mute.close()

    assert caught.value.message == "lost the connection before acknowledging 'wattkeeper/alarms/x'"
    # Well before the 5 s time-out: the wait looks at the connection every 0.1 s.
    assert elapsed < 2
