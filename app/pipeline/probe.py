"""Test a connection before trusting it: read a device once, or listen to a topic briefly.

Used by ``wattkeeper probe`` and the GUI's "Test connection". A probe never raises for
field trouble: the result says what was read, or exactly what failed. Both take a
target: either built from a profile on the command line, or from a configured device.
"""

from __future__ import annotations

import asyncio
import json
import queue
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

from drivers.base import Quality
from drivers.json_path import JsonPath
from drivers.modbus_link import LinkError, ModbusLink, Transport
from drivers.modbus_plan import MAX_REGISTERS_PER_READ
from drivers.modbus_poller import DevicePoller, ModbusDevice, ModbusPoint
from drivers.mqtt_payload import MqttPoint, PayloadMap, map_payload
from drivers.profiles import DeviceProfile, ResolvedPoint
from drivers.sunspec import SunSpecError, discover, locate
from drivers.tls import TlsSettings

IDENTITY_POINTS = (("Mn", "manufacturer"), ("Md", "model"), ("SN", "serial number"), ("Vr", "version"))


@dataclass(frozen=True)
class Reading:
    quantity: str
    value: float | None
    unit: str
    quality: Quality


@dataclass(frozen=True)
class ModbusTarget:
    """A device to read once: where it is and which points to read."""

    transport: Transport
    unit: int
    points: tuple[ResolvedPoint, ...] = ()
    max_gap: int = 0
    max_count: int = MAX_REGISTERS_PER_READ
    #: Read the SunSpec model chain and identity too.
    sunspec: bool = False

    @classmethod
    def from_profile(cls, transport: Transport, unit: int, profile: DeviceProfile | None) -> ModbusTarget:
        if profile is None:
            return cls(transport, unit, sunspec=True)
        return cls(
            transport,
            unit,
            profile.points,
            profile.max_gap,
            profile.max_registers_per_read,
            sunspec=profile.sunspec_model is not None,
        )


@dataclass
class ModbusProbe:
    """What one read of a device gave."""

    readings: list[Reading] = field(default_factory=list)
    sunspec_models: list[int] = field(default_factory=list)
    identity: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    reads: int = 0


async def _sunspec_identity(link: ModbusLink, unit: int, result: ModbusProbe) -> None:
    try:
        models = await discover(link, unit)
    except SunSpecError as exc:
        result.problem = result.problem or str(exc)
        return
    result.sunspec_models = [m.model_id for m in models]
    if 1 in result.sunspec_models:
        for name, label in IDENTITY_POINTS:
            text_field = locate(models, 1, name)
            words = await link.read(text_field.table, text_field.address, text_field.words, unit)
            result.identity[label] = text_field.decode_text(words)


async def probe_modbus(target: ModbusTarget, timeout_s: float = 2.0) -> ModbusProbe:
    """Read the target's points once and, for SunSpec devices, their identity."""
    result = ModbusProbe()
    link = ModbusLink("probe", target.transport, timeout_s=timeout_s)
    points = target.points
    try:
        if target.sunspec:
            await _sunspec_identity(link, target.unit, result)
        if points:
            device = ModbusDevice(
                "probe",
                target.unit,
                tuple(ModbusPoint(i, p.field, p.sunspec) for i, p in enumerate(points)),
                max_gap=target.max_gap,
                max_count=target.max_count,
            )
            poller = DevicePoller(device, link, shared_link=False)
            batch = await poller.poll_once()
            result.reads = poller.reads_per_poll
            result.readings = [
                Reading(points[s.point_id].quantity, s.value, points[s.point_id].unit, Quality(s.quality))
                for s in batch.samples
            ]
            result.problem = result.problem or poller.health.reason
    except LinkError as exc:
        result.problem = str(exc)
    finally:
        result.problem = result.problem or link.health.reason
        link.close()
    return result


def run_probe_modbus(target: ModbusTarget, timeout_s: float = 2.0) -> ModbusProbe:
    return asyncio.run(probe_modbus(target, timeout_s))


@dataclass(frozen=True)
class MqttTarget:
    """A topic to listen to, and how to map what arrives (None lists every number found)."""

    host: str
    port: int
    topic: str
    points: tuple[ResolvedPoint, ...] | None = None
    timestamp_path: str | None = None
    tls: TlsSettings | None = None
    username: str | None = None
    #: Held in memory only.
    password: str | None = None


@dataclass(frozen=True)
class MqttMessage:
    topic: str
    payload: bytes
    readings: list[Reading]
    problem: str | None


@dataclass
class MqttProbe:
    messages: list[MqttMessage] = field(default_factory=list)
    problem: str | None = None


def numeric_leaves(document: object, prefix: str = "") -> list[tuple[str, float]]:
    """Every number in a JSON document with its path, to help write a mapping."""
    if isinstance(document, bool | int | float):
        return [(prefix, float(document))]
    if isinstance(document, dict):
        return [
            leaf
            for k, v in document.items()
            for leaf in numeric_leaves(v, f"{prefix}.{k}" if prefix else str(k))
        ]
    if isinstance(document, list):
        return [leaf for i, v in enumerate(document) for leaf in numeric_leaves(v, f"{prefix}[{i}]")]
    return []


def _readings(payload: bytes, target: MqttTarget) -> tuple[list[Reading], str | None]:
    if target.points is None:
        try:
            leaves = numeric_leaves(json.loads(payload))
        except (ValueError, UnicodeDecodeError, OverflowError) as exc:
            return [], f"payload is not valid JSON ({exc})"
        return [Reading(path or "(value)", value, "", Quality.GOOD) for path, value in leaves], None
    points: Sequence[ResolvedPoint] = [p for p in target.points if p.json is not None]
    mapping = PayloadMap(
        tuple(MqttPoint(i, p.json) for i, p in enumerate(points)),  # type: ignore[arg-type]
        timestamp_path=JsonPath.parse(target.timestamp_path) if target.timestamp_path else None,
    )
    samples, problem = map_payload(mapping, payload, int(time.time() * 1000))
    readings = [
        Reading(points[s.point_id].quantity, s.value, points[s.point_id].unit, Quality(s.quality))
        for s in samples
    ]
    return readings, problem


def probe_mqtt(target: MqttTarget, *, count: int = 3, timeout_s: float = 10.0) -> MqttProbe:
    """Subscribe to the target's topic; return the first ``count`` messages with what the mapping extracts."""
    result = MqttProbe()
    arrived: queue.Queue[tuple[str, bytes]] = queue.Queue()
    connected: queue.Queue[str | None] = queue.Queue()
    client = paho.Client(CallbackAPIVersion.VERSION2, client_id="", clean_session=True)
    try:
        if target.tls is not None:
            client.tls_set_context(target.tls.context())
    except OSError as exc:
        result.problem = f"cannot set up TLS: {exc}"
        return result
    if target.username is not None:
        client.username_pw_set(target.username, target.password)

    def on_connect(c: paho.Client, _u: object, _f: object, reason: object, _p: object) -> None:
        if getattr(reason, "is_failure", False):
            connected.put(f"the broker refused the connection: {reason}")
        else:
            c.subscribe(target.topic, qos=1)
            connected.put(None)

    client.on_connect = on_connect
    client.on_message = lambda _c, _u, m: arrived.put((m.topic, m.payload))
    try:
        client.connect(target.host, target.port, keepalive=30)
    except (OSError, ValueError) as exc:
        result.problem = f"cannot connect to {target.host}:{target.port}: {exc}"
        return result
    client.loop_start()
    deadline = time.monotonic() + timeout_s
    try:
        refusal = connected.get(timeout=timeout_s)
        if refusal is not None:
            result.problem = refusal
            return result
        while len(result.messages) < count and (remaining := deadline - time.monotonic()) > 0:
            try:
                message_topic, payload = arrived.get(timeout=remaining)
            except queue.Empty:
                break
            readings, problem = _readings(payload, target)
            result.messages.append(MqttMessage(message_topic, payload, readings, problem))
        if not result.messages:
            result.problem = f"no message on {target.topic!r} within {timeout_s:g} s"
    except queue.Empty:
        result.problem = f"no answer from the broker at {target.host}:{target.port} within {timeout_s:g} s"
    finally:
        client.loop_stop()
        client.disconnect()
    return result
