"""SunSpec: finding a device's model chain and locating model points in it.

A SunSpec device announces itself with the marker ``SunS`` at holding register 0,
40000 or 50000, followed by a chain of models (ID, length, body) ending with ID
0xFFFF. Where a model starts depends on the device, so SunSpec points are located
at run time. The layout of each model (point offsets, types, scale-factor points)
comes from the SunSpec Alliance's model definitions shipped with pysunspec2.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from drivers.modbus_link import DeviceExceptionError, ModbusLink, NoAnswerError
from drivers.registers import DataType, RegisterField, RegisterTable

MARKER = (0x5375, 0x6E53)  # "SunS"
BASES = (40000, 0, 50000)
END_MODEL_ID = 0xFFFF
MAX_MODELS = 100

#: SunSpec point types as register encodings, with the raw value meaning "not implemented".
_TYPES: dict[str, tuple[DataType, int | None]] = {
    "int16": (DataType.INT16, -0x8000),
    "uint16": (DataType.UINT16, 0xFFFF),
    "acc16": (DataType.UINT16, 0),
    "enum16": (DataType.UINT16, 0xFFFF),
    "bitfield16": (DataType.UINT16, 0xFFFF),
    "count": (DataType.UINT16, 0),
    "sunssf": (DataType.INT16, -0x8000),
    "int32": (DataType.INT32, -0x80000000),
    "uint32": (DataType.UINT32, 0xFFFFFFFF),
    "acc32": (DataType.UINT32, 0),
    "enum32": (DataType.UINT32, 0xFFFFFFFF),
    "bitfield32": (DataType.UINT32, 0xFFFFFFFF),
    "int64": (DataType.INT64, -0x8000000000000000),
    "uint64": (DataType.UINT64, 0xFFFFFFFFFFFFFFFF),
    "acc64": (DataType.UINT64, 0),
    "float32": (DataType.FLOAT32, None),
    "float64": (DataType.FLOAT64, None),
    "string": (DataType.STRING, None),
}


class SunSpecError(Exception):
    """The device has no SunSpec map, or not the model or point asked for."""


@dataclass(frozen=True, slots=True)
class SunSpecRef:
    """A point of a SunSpec model in a profile, located once the device's model chain is read."""

    model: int
    point: str
    scale: float


@dataclass(frozen=True, slots=True)
class ModelInstance:
    """One model in a device's chain; ``address`` is where its ID register is."""

    model_id: int
    address: int
    length: int


@dataclass(frozen=True, slots=True)
class PointDef:
    offset: int
    type: str
    size: int
    scale_factor: str | int | None


@cache
def model_points(model_id: int) -> dict[str, PointDef]:
    """The fixed points of a model (offsets counted from its ID register)."""
    try:
        text = (resources.files("sunspec2") / "models" / "json" / f"model_{model_id}.json").read_text("utf-8")
    except FileNotFoundError:
        raise SunSpecError(f"SunSpec model {model_id} is not defined") from None
    points: dict[str, PointDef] = {}
    offset = 0
    for point in json.loads(text)["group"]["points"]:
        size = int(point.get("size", 1))
        points[point["name"]] = PointDef(offset, point["type"], size, point.get("sf"))
        offset += size
    return points


def locate(models: list[ModelInstance], model_id: int, point: str, scale: float = 1.0) -> RegisterField:
    """The register field of ``point`` in the first ``model_id`` of a device's chain."""
    instance = next((m for m in models if m.model_id == model_id), None)
    if instance is None:
        found = ", ".join(str(m.model_id) for m in models) or "none"
        raise SunSpecError(f"the device has no SunSpec model {model_id} (it has: {found})")
    points = model_points(model_id)
    if point not in points:
        raise SunSpecError(f"SunSpec model {model_id} has no point {point!r}")
    definition = points[point]
    data_type, not_implemented = _TYPES.get(definition.type, (None, None))
    if data_type is None:
        raise SunSpecError(f"SunSpec point {model_id}.{point} is a {definition.type}, not a number")
    scale_address = None
    if isinstance(definition.scale_factor, str):
        scale_address = instance.address + points[definition.scale_factor].offset
    elif isinstance(definition.scale_factor, int):
        scale *= 10.0**definition.scale_factor
    return RegisterField(
        RegisterTable.HOLDING,
        instance.address + definition.offset,
        data_type,
        scale=scale,
        length=definition.size if data_type == DataType.STRING else 0,
        scale_factor_address=scale_address,
        not_implemented=not_implemented,
    )


async def discover(link: ModbusLink, unit: int) -> list[ModelInstance]:
    """Read the device's model chain; raises SunSpecError if it has no SunSpec map.

    Link errors (no connection, no answer) propagate: they say nothing about the map.
    """
    silent: NoAnswerError | None = None
    answered = False
    for base in BASES:
        try:
            marker = await link.read(RegisterTable.HOLDING, base, 2, unit)
        except DeviceExceptionError:
            answered = True
            continue
        except NoAnswerError as exc:  # some devices do not answer for addresses they lack
            silent = exc
            continue
        answered = True
        if tuple(marker) == MARKER:
            break
    else:
        if not answered and silent is not None:
            raise silent
        raise SunSpecError(f"no SunSpec marker at holding registers {', '.join(map(str, BASES))}")
    models = []
    address = base + 2
    for _ in range(MAX_MODELS):
        model_id, length = await link.read(RegisterTable.HOLDING, address, 2, unit)
        if model_id == END_MODEL_ID:
            return models
        models.append(ModelInstance(model_id, address, length))
        address += 2 + length
    raise SunSpecError(f"the model chain does not end within {MAX_MODELS} models")
