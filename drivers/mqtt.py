"""Subscribing to one MQTT broker for every device configured on it.

paho's network loop is driven by the shared driver asyncio loop (socket readiness
callbacks instead of paho's own thread), so every driver lives on one thread; only
the blocking TCP and TLS connect runs in an executor. Sessions are persistent with
QoS 1 by default, so what devices publish while the link is down arrives after the
reconnect. When the consumer is congested the socket is not read, and TCP flow
control pushes back on the broker instead of memory growing here.
"""

from __future__ import annotations

import asyncio
import logging
import select
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from drivers.backoff import Backoff
from drivers.base import Driver, Emit, Quality, Sample, SampleBatch, now_ms, run_periodically
from drivers.health import LinkHealth
from drivers.mqtt_payload import PayloadMap, map_payload
from drivers.tls import TlsSettings

log = logging.getLogger(__name__)

#: Unmatched topics warned about by name; past this many, messages are only counted.
MAX_REPORTED_TOPICS = 100

#: Packets handled per socket-readiness callback before yielding to other drivers.
PACKETS_PER_WAKEUP = 256
CONGESTION_CHECK_S = 0.02


@dataclass(frozen=True, slots=True)
class MqttDevice:
    """A device publishing on ``topic`` (wildcards allowed) about every ``interval_s``."""

    name: str
    topic: str
    payload: PayloadMap
    interval_s: float = 1.0
    #: Silence longer than this turns the device's points into communication errors.
    silence_s: float = 5.0


@dataclass(frozen=True, slots=True)
class MqttBroker:
    name: str
    host: str
    port: int
    devices: tuple[MqttDevice, ...]
    client_id: str
    qos: int = 1
    mqtt_version: str = "3.1.1"
    persistent_session: bool = True
    #: How long the broker keeps a persistent session of a disconnected client (MQTT 5).
    session_expiry_s: int = 86_400
    tls: TlsSettings | None = None
    username: str | None = None
    #: Held in memory only; it comes from the OS keyring.
    password: str | None = None
    keepalive_s: int = 30
    connect_timeout_s: float = 5.0
    reconnect_min_s: float = 1.0
    reconnect_max_s: float = 10.0


class _DeviceWatch:
    """Per-device message bookkeeping: last message time and silence reporting."""

    def __init__(self, device: MqttDevice, now: float) -> None:
        self.device = device
        self.last_seen = now
        self.next_silence_report = now
        self.payload_health = LinkHealth(log, f"{device.name} (MQTT {device.topic})")
        self._last_stamp_ms = 0

    def stamp(self) -> int:
        """Arrival time for a message without its own, strictly later than the device's previous one.

        A backlog the broker kept for a persistent session arrives in one burst, several
        messages per millisecond; equal stamps would make each replace the one before it in
        the historian, so the burst is spread one millisecond apart instead.
        """
        self._last_stamp_ms = max(now_ms(), self._last_stamp_ms + 1)
        return self._last_stamp_ms


class MqttSubscriber(Driver):
    """One broker connection serving every device configured on that broker."""

    def __init__(self, broker: MqttBroker, congested: Callable[[], bool] = lambda: False) -> None:
        self.broker = broker
        self.name = broker.name
        self._congested = congested
        self.health = LinkHealth(log, f"{broker.name} (MQTT {broker.host}:{broker.port})")
        self._backoff = Backoff(broker.reconnect_min_s, broker.reconnect_max_s)
        self._emit: Emit = lambda _batch: None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread = 0
        self._connack: asyncio.Future[bool] | None = None
        self._lost = asyncio.Event()
        self._watches: list[_DeviceWatch] = []
        self._paused: asyncio.Task[None] | None = None
        self.unmatched_messages = 0
        self._unmatched_topics: set[str] = set()
        self._client = self._make_client()

    @property
    def _v5(self) -> bool:
        return self.broker.mqtt_version == "5"

    def _make_client(self) -> paho.Client:
        broker = self.broker
        client = paho.Client(
            CallbackAPIVersion.VERSION2,
            client_id=broker.client_id,
            protocol=paho.MQTTv5 if self._v5 else paho.MQTTv311,
            clean_session=None if self._v5 else not broker.persistent_session,
        )
        if broker.tls is not None:
            client.tls_set_context(broker.tls.context())
        if broker.username is not None:
            client.username_pw_set(broker.username, broker.password)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_unmatched
        client.on_socket_open = self._on_socket_open
        client.on_socket_close = self._on_socket_close
        client.on_socket_register_write = self._on_register_write
        client.on_socket_unregister_write = self._on_unregister_write
        for index, device in enumerate(broker.devices):
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
                    self.health.ok()
                    await self._lost.wait()
                    self.health.fail("connection to the broker lost")
                await asyncio.sleep(self._backoff.next_delay())
        finally:
            watchdog.cancel()
            if self._paused is not None:
                self._paused.cancel()
            if self._client.socket() is not None:
                self._client.disconnect()
                self._client.loop_write()
            self._abandon_client()

    def _connect_call(self) -> None:
        broker = self.broker
        if self._v5:
            properties = Properties(PacketTypes.CONNECT)
            properties.SessionExpiryInterval = broker.session_expiry_s if broker.persistent_session else 0
            self._client.connect(
                broker.host,
                broker.port,
                broker.keepalive_s,
                clean_start=not broker.persistent_session,
                properties=properties,
            )
        else:
            self._client.connect(broker.host, broker.port, broker.keepalive_s)

    async def _connect(self) -> bool:
        assert self._loop is not None
        self._lost.clear()
        self._connack = self._loop.create_future()
        try:
            await self._loop.run_in_executor(None, self._connect_call)
            accepted = await asyncio.wait_for(self._connack, self.broker.connect_timeout_s)
        except (OSError, TimeoutError, ValueError) as exc:
            self.health.fail(f"cannot connect: {exc or 'no answer'}")
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
                ts = watch.stamp()
                self._emit(
                    SampleBatch(
                        device.name,
                        [Sample(p.point_id, ts, None, Quality.COMM_ERROR) for p in device.payload.points],
                    )
                )

    # paho callbacks, all called on the driver loop's thread except socket open.

    def _on_connect(self, client: paho.Client, _userdata: Any, flags: Any, reason: Any, _props: Any) -> None:
        if reason.is_failure:
            self.health.fail(f"broker refused the connection: {reason}")
        else:
            if self.broker.persistent_session and not flags.session_present:
                log.info("%s: the broker kept no session; messages sent while away are lost", self.name)
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
        samples, problem = map_payload(watch.device.payload, message.payload, watch.stamp())
        if problem is None:
            watch.payload_health.ok()
        else:
            watch.payload_health.fail(f"message on {message.topic}: {problem}")
        if samples:
            self._emit(SampleBatch(watch.device.name, samples))

    def _on_unmatched(self, _client: paho.Client, _userdata: Any, message: paho.MQTTMessage) -> None:
        """Count a message no device maps; warn once per topic so a flood cannot fill the log.

        A persistent session keeps the subscriptions of an earlier site file on the broker,
        so topics of devices since removed still arrive here.
        """
        self.unmatched_messages += 1
        if message.topic in self._unmatched_topics or len(self._unmatched_topics) >= MAX_REPORTED_TOPICS:
            return
        self._unmatched_topics.add(message.topic)
        log.warning(
            "%s: message on %s matches no configured device; further ones on it are only counted",
            self.name,
            message.topic,
        )

    # Socket plumbing between paho and the asyncio loop.

    def _in_loop(self, action: Callable[..., object], *args: object) -> None:
        assert self._loop is not None
        if threading.get_ident() == self._loop_thread:
            action(*args)
        elif not self._loop.is_closed():
            self._loop.call_soon_threadsafe(action, *args)

    def _readable(self, sock: socket.socket) -> bool:
        if isinstance(sock, ssl.SSLSocket) and sock.pending():
            return True
        return bool(select.select([sock], [], [], 0)[0])

    def _read(self, client: paho.Client, sock: socket.socket) -> None:
        """Handle the packets waiting on the socket, unless the consumer is congested."""
        for _ in range(PACKETS_PER_WAKEUP):
            if self._congested():
                self._pause(sock)
                return
            client.loop_read()
            if client.socket() is not sock or not self._readable(sock):
                return

    def _pause(self, sock: socket.socket) -> None:
        assert self._loop is not None
        self._loop.remove_reader(sock.fileno())
        if self._paused is None or self._paused.done():
            self._paused = self._loop.create_task(self._resume_when_ready(sock))

    async def _resume_when_ready(self, sock: socket.socket) -> None:
        while self._congested():
            await asyncio.sleep(CONGESTION_CHECK_S)
        if self._client.socket() is sock and self._loop is not None:
            self._loop.add_reader(sock.fileno(), self._read, self._client, sock)
            self._read(self._client, sock)

    def _on_socket_open(self, client: paho.Client, _userdata: Any, sock: socket.socket) -> None:
        assert self._loop is not None
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._in_loop(self._loop.add_reader, sock.fileno(), self._read, client, sock)

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
