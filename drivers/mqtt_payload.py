"""From one MQTT payload to samples: JSON paths, bare numbers and the payload's own time.

Bad payloads never raise: a payload that is not JSON, a value that is not a number,
NaN or infinity each become ``bad_value`` samples and a problem text for the
diagnostics. A key that is simply absent produces no sample, because devices send
partial updates (Shelly notifications, Tasmota's several message kinds).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from drivers.base import Quality, Sample
from drivers.json_path import JsonField, JsonPath, MissingError, PathError

#: Payloads above this size are refused unread: no sensor message is that large.
MAX_PAYLOAD_BYTES = 1024 * 1024
#: A payload time further ahead than this is a wrong device clock; the receive time is used.
MAX_FUTURE_MS = 60_000


@dataclass(frozen=True, slots=True)
class MqttPoint:
    point_id: int
    field: JsonField


@dataclass(frozen=True, slots=True)
class PayloadMap:
    """How one device's payloads become samples."""

    points: tuple[MqttPoint, ...]
    timestamp_path: JsonPath | None = None
    #: For payload times written without an offset.
    timestamp_zone: tzinfo = UTC


def payload_time_ms(node: object, zone: tzinfo) -> int:
    """A payload's time: epoch seconds, milliseconds or microseconds, or ISO 8601 text."""
    if isinstance(node, bool):
        raise PathError("a boolean is not a time")
    if isinstance(node, int | float) and 0 < node < 1e20 and math.isfinite(node):
        for divisor in (1e-3, 1, 1e3):  # seconds, milliseconds, microseconds
            if node / divisor < 1e13:
                return round(node / divisor)
    if isinstance(node, str):
        try:
            moment = datetime.fromisoformat(node.replace("Z", "+00:00"))
        except ValueError:
            raise PathError(f"{node[:40]!r} is not an ISO 8601 time") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone)
        return round(moment.timestamp() * 1000)
    raise PathError(f"{node!r:.40} is not a time")


def map_payload(device: PayloadMap, payload: bytes, received_ms: int) -> tuple[list[Sample], str | None]:
    """Extract the device's points from one payload.

    Returns the samples (bad ones flagged, never dropped) and the first problem found,
    if any, for the caller's diagnostics.
    """
    if len(payload) > MAX_PAYLOAD_BYTES:
        problem = f"payload of {len(payload)} bytes exceeds {MAX_PAYLOAD_BYTES}"
        return [Sample(p.point_id, received_ms, None, Quality.BAD_VALUE) for p in device.points], problem
    try:
        document = json.loads(payload)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        problem = f"payload is not valid JSON ({exc})"
        return [Sample(p.point_id, received_ms, None, Quality.BAD_VALUE) for p in device.points], problem
    ts, problem = _timestamp(device, document, received_ms)
    samples = []
    for point in device.points:
        try:
            samples.append(Sample(point.point_id, ts, point.field.value(document), Quality.GOOD))
        except MissingError:
            continue
        except PathError as exc:
            problem = problem or str(exc)
            samples.append(Sample(point.point_id, ts, None, Quality.BAD_VALUE))
    return samples, problem


def _timestamp(device: PayloadMap, document: object, received_ms: int) -> tuple[int, str | None]:
    if device.timestamp_path is None:
        return received_ms, None
    try:
        ts = payload_time_ms(device.timestamp_path.node(document), device.timestamp_zone)
    except MissingError:
        return received_ms, None
    except PathError as exc:
        return received_ms, f"timestamp {device.timestamp_path.text!r}: {exc}"
    if ts > received_ms + MAX_FUTURE_MS:
        return received_ms, f"payload time is {(ts - received_ms) / 1000:.0f} s ahead of this machine's clock"
    return ts, None
