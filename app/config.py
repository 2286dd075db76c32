"""The site file: sites, gateways, devices, points and alarm rules, validated into types.

A site file is written by people on site, often under pressure, so every problem is
reported with the file, the key path and what is wrong, in one line each.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.alarm_config import AlarmRule, AlarmSettings, check_rules
from drivers.profiles import (
    DeviceProfile,
    Identifier,
    PointModel,
    ProfileError,
    RegisterDefaults,
    ResolvedPoint,
    builtin_profiles,
    resolve_point,
)

Seconds = Annotated[float, Field(gt=0, le=86_400)]
Port = Annotated[int, Field(ge=1, le=65_535)]


class ConfigError(Exception):
    """A site file that cannot be used. ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            problems[0] if len(problems) == 1 else f"{problems[0]} (and {len(problems) - 1} more)"
        )
        self.problems = problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Device(_Strict):
    id: Identifier
    name: str = ""
    profile: str | None = None
    #: Expected time between readings: the poll interval, or the publish period.
    interval_s: Seconds = 1.0
    points: list[PointModel] = []


class ModbusDevice(_Device):
    unit_id: Annotated[int, Field(ge=0, le=255)] = 1
    timeout_s: Seconds = 1.0
    #: Unused registers a single read may span; None takes the profile's value.
    max_gap: Annotated[int, Field(ge=0, le=125)] | None = None


class MqttDevice(_Device):
    topic: Annotated[str, Field(min_length=1)]
    #: Silence longer than this marks the device's points as communication errors.
    silence_s: Seconds = 5.0


class _Gateway(_Strict):
    id: Identifier
    name: str = ""
    host: str


class ModbusTcpGateway(_Gateway):
    protocol: Literal["modbus-tcp"]
    port: Port = 502
    devices: list[ModbusDevice] = []


class MqttGateway(_Gateway):
    protocol: Literal["mqtt"]
    port: Port = 1883
    qos: Literal[0, 1] = 1
    devices: list[MqttDevice] = []


Gateway = Annotated[ModbusTcpGateway | MqttGateway, Field(discriminator="protocol")]
GATEWAY_TAGS = {"modbus-tcp", "mqtt"}


class Site(_Strict):
    id: Identifier
    name: str = ""
    gateways: list[Gateway] = []


class SiteFile(_Strict):
    sites: list[Site]
    alarm_rules: list[AlarmRule] = []
    alarm_settings: AlarmSettings = AlarmSettings()


@dataclass(frozen=True, slots=True)
class PointInfo:
    """A configured point, located in the site tree."""

    path: str
    site: str
    gateway: str
    device: str
    device_path: str
    quantity: str
    unit: str
    name: str
    source: ResolvedPoint


@dataclass(frozen=True)
class SiteConfig:
    """A validated site file and the points it defines, in file order."""

    file: SiteFile
    path: Path | None
    points: tuple[PointInfo, ...]

    def point(self, path: str) -> PointInfo | None:
        return next((p for p in self.points if p.path == path), None)

    def devices(self) -> Iterator[tuple[Site, ModbusTcpGateway | MqttGateway, ModbusDevice | MqttDevice]]:
        for site in self.file.sites:
            for gateway in site.gateways:
                for device in gateway.devices:
                    yield site, gateway, device


def _key_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part not in GATEWAY_TAGS:
            text += f".{part}" if text else part
    return text or "(top level)"


def _location(error: dict) -> tuple[int | str, ...]:  # type: ignore[type-arg]
    """Where the problem is; a missing or unknown protocol is the gateway's ``protocol`` key."""
    if error["type"] in ("union_tag_invalid", "union_tag_not_found"):
        return (*error["loc"], "protocol")
    return tuple(error["loc"])


def _describe(error: dict) -> str:  # type: ignore[type-arg]
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    if kind == "union_tag_invalid":
        return f"unknown protocol {error['ctx']['tag']!r}; use one of: {', '.join(sorted(GATEWAY_TAGS))}"
    if kind == "union_tag_not_found":
        return f"required key is missing; use one of: {', '.join(sorted(GATEWAY_TAGS))}"
    message = f"{error['msg'][0].lower()}{error['msg'][1:]}"
    given = error.get("input")
    if isinstance(given, dict | list):
        return message
    shown = repr(given)
    return f"{message} (got {shown if len(shown) <= 60 else shown[:57] + '...'})"


def parse_site(text: str, source: str, path: Path | None = None) -> SiteConfig:
    """Validate a site file's text; ``source`` is how messages name the file."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{source}: invalid TOML: {exc}"]) from None
    try:
        model = SiteFile.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(
            [f"{source}: {_key_path(_location(e))}: {_describe(e)}" for e in exc.errors()]
        ) from None
    points, problems = _resolve(model)
    problems += check_rules(model.alarm_rules, {p.path for p in points})
    if problems:
        raise ConfigError([f"{source}: {problem}" for problem in problems])
    return SiteConfig(model, path, tuple(points))


def load_site(path: Path) -> SiteConfig:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError([f"{path}: cannot read the site file: {exc.strerror}"]) from None
    return parse_site(text, str(path), path)


def _resolve(model: SiteFile) -> tuple[list[PointInfo], list[str]]:
    """Expand profiles into points; report unknown profiles and duplicate paths."""
    profiles = builtin_profiles()
    points: list[PointInfo] = []
    problems: list[str] = []
    first_seen: dict[str, str] = {}
    for s, site in enumerate(model.sites):
        if site.id in first_seen:
            problems.append(f"sites[{s}].id: site id {site.id!r} is already used at {first_seen[site.id]}")
        first_seen.setdefault(site.id, f"sites[{s}]")
        for g, gateway in enumerate(site.gateways):
            protocol = "modbus" if gateway.protocol == "modbus-tcp" else "mqtt"
            for d, device in enumerate(gateway.devices):
                where = f"sites[{s}].gateways[{g}].devices[{d}]"
                device_path = f"{site.id}/{device.id}"
                if device_path in first_seen:
                    problems.append(
                        f"{where}.id: device {device_path!r} is already defined at {first_seen[device_path]}"
                    )
                    continue
                first_seen[device_path] = where
                profile = _profile(profiles, device.profile, protocol, where, problems)
                defaults = profile.defaults if profile else RegisterDefaults()
                resolved = list(profile.points if profile else ())
                for p, point in enumerate(device.points):
                    try:
                        resolved.append(resolve_point(point, protocol, defaults, f"{where}.points[{p}]"))
                    except ProfileError as exc:
                        problems.append(str(exc))
                for point in resolved:
                    path = f"{device_path}/{point.quantity}"
                    if path in first_seen:
                        problems.append(
                            f"{where}: duplicate point path {path!r}, first defined at {first_seen[path]}"
                        )
                        continue
                    first_seen[path] = where
                    points.append(
                        PointInfo(
                            path=path,
                            site=site.id,
                            gateway=gateway.id,
                            device=device.id,
                            device_path=device_path,
                            quantity=point.quantity,
                            unit=point.unit,
                            name=point.name,
                            source=point,
                        )
                    )
    return points, problems


def _profile(
    profiles: dict[str, DeviceProfile], name: str | None, protocol: str, where: str, problems: list[str]
) -> DeviceProfile | None:
    if name is None:
        return None
    profile = profiles.get(name)
    if profile is None:
        problems.append(
            f"{where}.profile: unknown device profile {name!r}; known: {', '.join(sorted(profiles))}"
        )
    elif profile.protocol != protocol:
        problems.append(
            f"{where}.profile: profile {name!r} is for {profile.protocol}, not {protocol} devices"
        )
        return None
    return profile
