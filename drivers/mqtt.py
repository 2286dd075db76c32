"""Subscribing to one MQTT broker and mapping JSON payloads to points.

paho's network loop is driven by the shared driver asyncio loop (socket readiness
callbacks instead of paho's own thread), so every driver lives on one thread. Only
the blocking TCP connect runs in an executor.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

from drivers.backoff import Backoff
from drivers.base import Driver, Emit, Quality, Sample, SampleBatch, now_ms, run_periodically
from drivers.health import LinkHealth
from drivers.json_path import JsonPath, PathError

log = logging.getLogger(__name__)

#: Payloads above this size are refused unread: no sensor message is that large.
MAX_PAYLOAD_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class MqttPoint:
    point_id: int
    path: JsonPath


@dataclass(frozen=True, slots=True)
class MqttDevice:
    """A device publishing on ``topic`` (wildcards allowed) about every ``interval_s``."""

    name: str
    topic: str
    points: tuple[MqttPoint, ...]
    interval_s: float = 1.0
    #: Silence longer than this turns the device's points into communication errors.
    silence_s: float = 5.0


@dataclass(frozen=True, slots=True)
class MqttBroker:
    name: str
    host: str
    port: int
    devices: tuple[MqttDevice, ...]
    qos: int = 1
    keepalive_s: int = 30
    connect_timeout_s: float = 5.0
    reconnect_min_s: float = 1.0
    reconnect_max_s: float = 10.0


def map_payload(device: MqttDevice, payload: bytes, ts_ms: int) -> tuple[list[Sample], str | None]:
    """Extract the device's points from one payload.

    Returns the samples (bad ones flagged, never dropped) and the first problem found,
    if any, for the caller's diagnostics.
    """
    if len(payload) > MAX_PAYLOAD_BYTES:
        problem = f"payload of {len(payload)} bytes exceeds {MAX_PAYLOAD_BYTES}"
        return [Sample(p.point_id, ts_ms, None, Quality.BAD_VALUE) for p in device.points], problem
    try:
        document = json.loads(payload)
    except (ValueError, UnicodeDecodeError) as exc:
        problem = f"payload is not valid JSON ({exc})"
        return [Sample(p.point_id, ts_ms, None, Quality.BAD_VALUE) for p in device.points], problem
    samples = []
    problem = None
    for point in device.points:
        try:
            samples.append(Sample(point.point_id, ts_ms, point.path.number(document), Quality.GOOD))
        except PathError as exc:
            problem = problem or str(exc)
            samples.append(Sample(point.point_id, ts_ms, None, Quality.BAD_VALUE))
    return samples, problem


class _DeviceWatch:
    """Per-device message bookkeeping: last message time and silence reporting."""

    def __init__(self, device: MqttDevice, now: float) -> None:
        self.device = device
        self.last_seen = now
        self.next_silence_report = now
        self.payload_health = LinkHealth(log, f"{device.name} (MQTT {device.topic})")


class MqttSubscriber(Driver):
    """One broker connection serving every device configured on that broker."""

    def __init__(self, broker: MqttBroker) -> None:
        self.broker = broker
        self.name = broker.name
        self._health = LinkHealth(log, f"{broker.name} (MQTT {broker.host}:{broker.port})")
        self._backoff = Backoff(broker.reconnect_min_s, broker.reconnect_max_s)
        self._emit: Emit = lambda _batch: None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread = 0
        self._connack: asyncio.Future[bool] | None = None
        self._lost = asyncio.Event()
        self._watches: list[_DeviceWatch] = []
        self._client = self._make_client()

    def _make_client(self) -> paho.Client:
        client = paho.Client(
            CallbackAPIVersion.VERSION2,
            client_id=f"wattkeeper-{uuid.uuid4().hex[:12]}",
            protocol=paho.MQTTv311,
        )
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_socket_open = self._on_socket_open
        client.on_socket_close = self._on_socket_close
        client.on_socket_register_write = self._on_register_write
        client.on_socket_unregister_write = self._on_unregister_write
        for index, device in enumerate(self.broker.devices):
            client.message_callback_add(device.topic, partial(self._on_message, index))
        return client

    async def run(self, emit: Emit) -> None:
        self._emit = emit
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        now = self._loop.time()
        self._watches = [_DeviceWatch(device, now) for device in self.broker.devices]
        watchdog = asyncio.create_task(run_periodically(0.5, self._tick))
        try:
            while True:
                if await self._connect():
                    self._backoff.reset()
                    self._health.ok()
                    await self._lost.wait()
                    self._health.fail("connection to the broker lost")
                await asyncio.sleep(self._backoff.next_delay())
        finally:
            watchdog.cancel()
            if self._client.socket() is not None:
                self._client.disconnect()
                self._client.loop_write()
            self._abandon_client()

    async def _connect(self) -> bool:
        assert self._loop is not None
        broker = self.broker
        self._lost.clear()
        self._connack = self._loop.create_future()
        try:
            await self._loop.run_in_executor(
                None, partial(self._client.connect, broker.host, broker.port, broker.keepalive_s)
            )
            accepted = await asyncio.wait_for(self._connack, broker.connect_timeout_s)
        except (OSError, TimeoutError, ValueError) as exc:
            self._health.fail(f"cannot connect: {exc or 'no answer'}")
            self._abandon_client()
            return False
        if not accepted:
            self._abandon_client()
        return accepted

    def _abandon_client(self) -> None:
        """Drop a half-open connection: unhook and close its socket, start a fresh client."""
        sock = self._client.socket()
        if sock is not None:
            self._on_socket_close(self._client, None, sock)
            sock.close()
        self._client = self._make_client()

    async def _tick(self) -> None:
        if self._client.socket() is not None:
            self._client.loop_misc()
        assert self._loop is not None
        now = self._loop.time()
        for watch in self._watches:
            device = watch.device
            if now - watch.last_seen > device.silence_s and now >= watch.next_silence_report:
                watch.next_silence_report = now + device.interval_s
                ts = now_ms()
                self._emit(
                    SampleBatch(
                        device.name, [Sample(p.point_id, ts, None, Quality.COMM_ERROR) for p in device.points]
                    )
                )

    # paho callbacks, all called on the driver loop's thread except socket open.

    def _on_connect(self, client: paho.Client, _userdata: Any, _flags: Any, reason: Any, _props: Any) -> None:
        if reason.is_failure:
            self._health.fail(f"broker refused the connection: {reason}")
        else:
            for device in self.broker.devices:
                client.subscribe(device.topic, qos=self.broker.qos)
        if self._connack is not None and not self._connack.done():
            self._connack.set_result(not reason.is_failure)

    def _on_disconnect(
        self, _client: paho.Client, _userdata: Any, _flags: Any, _reason: Any, _props: Any
    ) -> None:
        self._lost.set()

    def _on_message(
        self, index: int, _client: paho.Client, _userdata: Any, message: paho.MQTTMessage
    ) -> None:
        watch = self._watches[index]
        assert self._loop is not None
        watch.last_seen = self._loop.time()
        samples, problem = map_payload(watch.device, message.payload, now_ms())
        if problem is None:
            watch.payload_health.ok()
        else:
            watch.payload_health.fail(f"message on {message.topic}: {problem}")
        self._emit(SampleBatch(watch.device.name, samples))

    def _in_loop(self, action: Callable[..., object], *args: object) -> None:
        assert self._loop is not None
        if threading.get_ident() == self._loop_thread:
            action(*args)
        elif not self._loop.is_closed():
            self._loop.call_soon_threadsafe(action, *args)

    def _on_socket_open(self, client: paho.Client, _userdata: Any, sock: socket.socket) -> None:
        assert self._loop is not None
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._in_loop(self._loop.add_reader, sock.fileno(), client.loop_read)

    def _on_socket_close(self, _client: paho.Client, _userdata: Any, sock: socket.socket) -> None:
        assert self._loop is not None
        fd = sock.fileno()
        if fd >= 0:
            self._in_loop(self._loop.remove_reader, fd)
            self._in_loop(self._loop.remove_writer, fd)

    def _on_register_write(self, client: paho.Client, _userdata: Any, sock: socket.socket) -> None:
        assert self._loop is not None
        self._in_loop(self._loop.add_writer, sock.fileno(), client.loop_write)

    def _on_unregister_write(self, _client: paho.Client, _userdata: Any, sock: socket.socket) -> None:
        assert self._loop is not None
        fd = sock.fileno()
        if fd >= 0:
            self._in_loop(self._loop.remove_writer, fd)
