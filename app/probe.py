"""Test a connection before trusting it: read a device once, or listen to a topic briefly.

Used by ``wattkeeper probe`` and the GUI's "Test connection". A probe never raises for
field trouble: the result says what was read, or exactly what failed.
"""

from __future__ import annotations

import asyncio
import json
import queue
import time
from dataclasses import dataclass, field

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

from drivers.base import Quality
from drivers.json_path import JsonPath
from drivers.modbus_link import LinkError, ModbusLink, Transport
from drivers.modbus_poller import DevicePoller, ModbusDevice, ModbusPoint
from drivers.mqtt import MqttTlsSettings
from drivers.mqtt_payload import MqttPoint, PayloadMap, map_payload
from drivers.profiles import DeviceProfile
from drivers.sunspec import SunSpecError, discover, locate


@dataclass(frozen=True)
class Reading:
    quantity: str
    value: float | None
    unit: str
    quality: Quality


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
        for name, label in (
            ("Mn", "manufacturer"),
            ("Md", "model"),
            ("SN", "serial number"),
            ("Vr", "version"),
        ):
            text_field = locate(models, 1, name)
            words = await link.read(text_field.table, text_field.address, text_field.words, unit)
            result.identity[label] = text_field.decode_text(words)


async def probe_modbus(
    transport: Transport, unit: int, profile: DeviceProfile | None, timeout_s: float = 2.0
) -> ModbusProbe:
    """Read a device once through ``profile`` (if any) and, for SunSpec devices, its identity."""
    result = ModbusProbe()
    link = ModbusLink("probe", transport, timeout_s=timeout_s)
    try:
        if profile is None or profile.sunspec_model is not None:
            await _sunspec_identity(link, unit, result)
        if profile is not None:
            device = ModbusDevice(
                "probe",
                unit,
                tuple(ModbusPoint(i, p.field, p.sunspec) for i, p in enumerate(profile.points)),
                max_gap=profile.max_gap,
                max_count=profile.max_registers_per_read,
            )
            poller = DevicePoller(device, link, shared_link=False)
            batch = await poller.poll_once()
            result.reads = poller.reads_per_poll
            result.readings = [
                Reading(
                    profile.points[s.point_id].quantity,
                    s.value,
                    profile.points[s.point_id].unit,
                    Quality(s.quality),
                )
                for s in batch.samples
            ]
            if poller.health.reason and result.problem is None:
                result.problem = poller.health.reason
    except LinkError as exc:
        result.problem = str(exc)
    finally:
        if link.health.reason and result.problem is None:
            result.problem = link.health.reason
        link.close()
    return result


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
    if isinstance(document, bool):
        return [(prefix, float(document))]
    if isinstance(document, int | float):
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


def _readings(payload: bytes, profile: DeviceProfile | None) -> tuple[list[Reading], str | None]:
    if profile is None:
        try:
            leaves = numeric_leaves(json.loads(payload))
        except (ValueError, UnicodeDecodeError) as exc:
            return [], f"payload is not valid JSON ({exc})"
        return [Reading(path or "(value)", value, "", Quality.GOOD) for path, value in leaves], None
    points = [p for p in profile.points if p.json is not None]
    mapping = PayloadMap(
        tuple(MqttPoint(i, p.json) for i, p in enumerate(points)),  # type: ignore[arg-type]
        timestamp_path=JsonPath.parse(profile.timestamp_path) if profile.timestamp_path else None,
    )
    samples, problem = map_payload(mapping, payload, int(time.time() * 1000))
    return [
        Reading(points[s.point_id].quantity, s.value, points[s.point_id].unit, Quality(s.quality))
        for s in samples
    ], problem


def probe_mqtt(
    host: str,
    port: int,
    topic: str,
    profile: DeviceProfile | None,
    *,
    count: int = 3,
    timeout_s: float = 10.0,
    tls: MqttTlsSettings | None = None,
    username: str | None = None,
    password: str | None = None,
) -> MqttProbe:
    """Subscribe to ``topic`` and return the first ``count`` messages with what the mapping extracts."""
    result = MqttProbe()
    arrived: queue.Queue[tuple[str, bytes]] = queue.Queue()
    connected: queue.Queue[str | None] = queue.Queue()
    client = paho.Client(CallbackAPIVersion.VERSION2, client_id="", clean_session=True)
    if tls is not None:
        client.tls_set_context(tls.context())
    if username is not None:
        client.username_pw_set(username, password)

    def on_connect(c: paho.Client, _u: object, _f: object, reason: object, _p: object) -> None:
        if getattr(reason, "is_failure", False):
            connected.put(f"the broker refused the connection: {reason}")
        else:
            c.subscribe(topic, qos=1)
            connected.put(None)

    client.on_connect = on_connect
    client.on_message = lambda _c, _u, m: arrived.put((m.topic, m.payload))
    try:
        client.connect(host, port, keepalive=30)
    except (OSError, ValueError) as exc:
        result.problem = f"cannot connect to {host}:{port}: {exc}"
        return result
    client.loop_start()
    deadline = time.monotonic() + timeout_s
    try:
        refusal = connected.get(timeout=timeout_s)
        if refusal is not None:
            result.problem = refusal
            return result
        while len(result.messages) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                message_topic, payload = arrived.get(timeout=remaining)
            except queue.Empty:
                break
            readings, problem = _readings(payload, profile)
            result.messages.append(MqttMessage(message_topic, payload, readings, problem))
        if not result.messages:
            result.problem = f"no message on {topic!r} within {timeout_s:g} s"
    except queue.Empty:
        result.problem = f"no answer from the broker at {host}:{port} within {timeout_s:g} s"
    finally:
        client.loop_stop()
        client.disconnect()
    return result


def run_probe_modbus(
    transport: Transport, unit: int, profile: DeviceProfile | None, timeout_s: float
) -> ModbusProbe:
    return asyncio.run(probe_modbus(transport, unit, profile, timeout_s))
