"""Device profiles: the register maps and payload maps of real devices, kept as data.

A technician adds a meter by naming its profile; the profile says which quantities
the device offers, in our standard names and units, and where each one lives. The
same point description is used for one-off points written in a site file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from drivers.json_path import JsonField, JsonPath, PathError
from drivers.modbus_plan import MAX_ADDRESS, MAX_REGISTERS_PER_READ
from drivers.registers import TABLE_NAMES, DataType, RegisterField, RegisterTable
from drivers.sunspec import SunSpecRef

Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
TableName = Literal[TABLE_NAMES]  # type: ignore[valid-type]
WordOrder = Literal["big", "little"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegisterDefaults(_Strict):
    table: TableName = "holding"
    type: DataType = DataType.UINT16
    word_order: WordOrder = "big"
    byte_order: WordOrder = "big"
    #: Devices that answer all bits set (FFFF…) for a value they cannot provide.
    all_ones_means_missing: bool = False


def all_ones(data_type: DataType) -> int | None:
    """The raw value of a register with every bit set, as the type reads it."""
    if data_type in (DataType.INT16, DataType.INT32, DataType.INT64):
        return -1
    if data_type in (DataType.UINT16, DataType.UINT32, DataType.UINT64):
        return (1 << (16 * data_type.words)) - 1
    return None


class PointModel(_Strict):
    """One quantity of a device: where to find it and what unit it is in.

    Modbus points give ``address`` (with optional table/type/order overriding the
    profile's defaults, ``bit`` to pick one bit of a register), or in a SunSpec profile
    ``sunspec_point``, the point's name in the SunSpec model, located at run time by
    discovery. MQTT points give ``json_path`` (default: the quantity's name, for flat
    JSON payloads).
    """

    quantity: Identifier
    unit: str = ""
    name: str = ""
    address: Annotated[int, Field(ge=0, le=MAX_ADDRESS)] | None = None
    table: TableName | None = None
    type: DataType | None = None
    word_order: WordOrder | None = None
    byte_order: WordOrder | None = None
    scale: float = 1.0
    offset: float = 0.0
    bit: Annotated[int, Field(ge=0, le=15)] | None = None
    sunspec_point: str | None = None
    json_path: str | None = None

    def register_field(self, defaults: RegisterDefaults) -> RegisterField:
        assert self.address is not None
        table = RegisterTable.from_name(self.table or defaults.table)
        data_type = DataType.BOOL if table.is_bits else self.type or defaults.type
        return RegisterField(
            table=table,
            address=self.address,
            data_type=data_type,
            word_order=self.word_order or defaults.word_order,
            byte_order=self.byte_order or defaults.byte_order,
            scale=self.scale,
            offset=self.offset,
            bit=self.bit,
            not_implemented=all_ones(data_type) if defaults.all_ones_means_missing else None,
        )


class ProfileModel(_Strict):
    id: Identifier
    name: str
    protocol: Literal["modbus", "mqtt"]
    max_registers_per_read: Annotated[int, Field(ge=1, le=MAX_REGISTERS_PER_READ)] = MAX_REGISTERS_PER_READ
    max_gap: Annotated[int, Field(ge=0, le=MAX_REGISTERS_PER_READ)] = 0
    defaults: RegisterDefaults = RegisterDefaults()
    #: SunSpec profiles: the model whose points they map, found by discovery.
    sunspec_model: Annotated[int, Field(ge=1, le=65534)] | None = None
    #: MQTT profiles: the usual topic, ``{id}`` standing for the device's id.
    topic_template: str | None = None
    #: MQTT profiles: where the payload carries its own time.
    timestamp_path: str | None = None
    points: list[PointModel]


@dataclass(frozen=True, slots=True)
class ResolvedPoint:
    """A point of a device with its location worked out as far as the files allow."""

    quantity: str
    unit: str
    name: str
    field: RegisterField | None = None
    json: JsonField | None = None
    sunspec: SunSpecRef | None = None


@dataclass(frozen=True, slots=True)
class DeviceProfile:
    id: str
    name: str
    protocol: str
    max_registers_per_read: int
    max_gap: int
    defaults: RegisterDefaults
    points: tuple[ResolvedPoint, ...]
    sunspec_model: int | None = None
    topic_template: str | None = None
    timestamp_path: str | None = None


class ProfileError(ValueError):
    """A profile file or point description that cannot be used; the text says where."""


def resolve_point(
    model: PointModel, protocol: str, defaults: RegisterDefaults, where: str, sunspec_model: int | None = None
) -> ResolvedPoint:
    """Check that a point fits its protocol and work out its register field, SunSpec point or JSON path."""
    label = (model.quantity, model.unit, model.name)
    if protocol == "modbus":
        if model.json_path is not None:
            raise ProfileError(f"{where}: json_path belongs to MQTT points, not Modbus ones")
        if model.sunspec_point is not None:
            if sunspec_model is None or model.address is not None:
                raise ProfileError(
                    f"{where}: sunspec_point belongs in a SunSpec profile, instead of an address"
                )
            return ResolvedPoint(*label, sunspec=SunSpecRef(sunspec_model, model.sunspec_point, model.scale))
        if model.address is None:
            raise ProfileError(f"{where}: a Modbus point needs an address")
        field = model.register_field(defaults)
        if field.data_type == DataType.STRING:
            raise ProfileError(f"{where}: a string register is text; points must be numbers")
        if field.bit is not None and field.data_type.words != 1:
            raise ProfileError(f"{where}: bit applies to 16-bit registers, not {field.data_type}")
        return ResolvedPoint(*label, field=field)
    if model.address is not None or model.sunspec_point is not None:
        raise ProfileError(f"{where}: registers belong to Modbus points; MQTT points use json_path")
    try:
        path = JsonPath.parse(model.quantity if model.json_path is None else model.json_path)
    except PathError as exc:
        raise ProfileError(f"{where}: {exc}") from None
    return ResolvedPoint(*label, json=JsonField(path, model.scale, model.offset))


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def parse_profile(text: str, source: str) -> DeviceProfile:
    """Validate one profile file's text; ``source`` names it in error messages."""
    try:
        model = ProfileModel.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{source}: invalid TOML: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ProfileError(f"{source}: {_location(first['loc'])}: {first['msg']}") from None
    seen: set[str] = set()
    points = []
    for index, point in enumerate(model.points):
        where = f"{source}: points[{index}]"
        if point.quantity in seen:
            raise ProfileError(f"{where}: quantity {point.quantity!r} appears twice")
        seen.add(point.quantity)
        points.append(resolve_point(point, model.protocol, model.defaults, where, model.sunspec_model))
    if re.sub(r"\.toml$", "", source.rsplit("/", 1)[-1]) != model.id:
        raise ProfileError(f"{source}: id {model.id!r} must match the file name")
    return DeviceProfile(
        id=model.id,
        name=model.name,
        protocol=model.protocol,
        max_registers_per_read=model.max_registers_per_read,
        max_gap=model.max_gap,
        defaults=model.defaults,
        points=tuple(points),
        sunspec_model=model.sunspec_model,
        topic_template=model.topic_template,
        timestamp_path=model.timestamp_path,
    )


@cache
def builtin_profiles() -> dict[str, DeviceProfile]:
    """Every profile shipped in ``resources/profiles``, by id."""
    folder = resources.files("resources") / "profiles"
    profiles = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            profile = parse_profile(entry.read_text(encoding="utf-8"), f"profiles/{entry.name}")
            profiles[profile.id] = profile
    return profiles
