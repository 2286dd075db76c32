"""The site file: sites, gateways, devices, points and alarm rules, validated into types.

A site file is written by people on site, often under pressure, so every problem is
reported with the file, the key path and what is wrong, in one line each.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError

from app.site.alarm_rules import AlarmRule, AlarmSettings, check_rules
from app.site.alert_settings import AlertChannel, AlertRecipient, AlertRule, check_alerts
from app.site.diagnostics_settings import Supply, VibrationLimits
from app.site.diagrams import Diagram, diagram_path
from app.site.energy_settings import Emissions, EnergyPerformance, Tariff
from app.site.gateways import (
    GATEWAY_TAGS,
    Gateway,
    ModbusDevice,
    ModbusGateway,
    MqttDevice,
    MqttGateway,
)
from app.site.people_settings import AccountSettings, PrivacySettings
from app.site.report_schedules import ReportSchedule, check_schedules
from app.site.strict_model import Strict
from drivers.json_path import JsonPath, PathError
from drivers.profiles import (
    DeviceProfile,
    Identifier,
    ProfileError,
    RegisterDefaults,
    ResolvedPoint,
    builtin_profiles,
    resolve_point,
)


class ConfigError(Exception):
    """A site file that cannot be used. ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            problems[0] if len(problems) == 1 else f"{problems[0]} (and {len(problems) - 1} more)"
        )
        self.problems = problems


class Site(Strict):
    id: Identifier
    name: str = ""
    gateways: list[Gateway] = Field(default_factory=list)
    #: IANA zone of the site's days and hours in reports; "" is this computer's zone.
    timezone: str = ""
    #: Devices whose energy counters add up to the site's consumption; empty: every device.
    main_meters: list[Identifier] = Field(default_factory=list)
    power_factor_limit: Annotated[float, Field(gt=0, le=1)] = 0.9
    tariff: Tariff | None = None
    emissions: Emissions | None = None
    energy_performance: EnergyPerformance | None = None
    supply: Supply = Field(default_factory=Supply)
    vibration: list[VibrationLimits] = Field(default_factory=list)
    diagrams: list[Diagram] = Field(default_factory=list)

    def zone(self) -> tzinfo:
        """The site's time zone (checked when the file was read)."""
        if self.timezone:
            return ZoneInfo(self.timezone)
        local = datetime.now().astimezone().tzinfo
        return local if local is not None else UTC


class SiteFile(Strict):
    sites: list[Site]
    alarm_rules: list[AlarmRule] = Field(default_factory=list)
    alarm_settings: AlarmSettings = Field(default_factory=AlarmSettings)
    accounts: AccountSettings = Field(default_factory=AccountSettings)
    privacy: PrivacySettings = Field(default_factory=PrivacySettings)
    report_schedules: list[ReportSchedule] = Field(default_factory=list)
    alert_channels: list[AlertChannel] = Field(default_factory=list)
    alert_recipients: list[AlertRecipient] = Field(default_factory=list)
    alert_rules: list[AlertRule] = Field(default_factory=list)


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
    #: The file's text as read: configuration changes are audited with their before and after.
    text: str = ""

    def resolve_file(self, path: Path) -> Path:
        """A file named in the site file; relative names are relative to the site file's folder."""
        if path.is_absolute() or self.path is None:
            return path
        return self.path.parent / path

    def point(self, path: str) -> PointInfo | None:
        return next((p for p in self.points if p.path == path), None)

    def devices(self) -> Iterator[tuple[Site, ModbusGateway | MqttGateway, ModbusDevice | MqttDevice]]:
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
    """Pydantic's error in the words of someone editing a site file."""
    protocols = ", ".join(sorted(GATEWAY_TAGS))
    plain = {
        "extra_forbidden": lambda: "unknown key",
        "missing": lambda: "required key is missing",
        "union_tag_invalid": lambda: f"unknown protocol {error['ctx']['tag']!r}; use one of: {protocols}",
        "union_tag_not_found": lambda: f"required key is missing; use one of: {protocols}",
        "value_error": lambda: str(error["ctx"]["error"]),
    }
    if error["type"] in plain:
        return plain[error["type"]]()
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
    problems += check_schedules(
        model.report_schedules, {s.id for s in model.sites}, {p.device_path for p in points}
    )
    problems += check_alerts(
        model.alert_channels,
        model.alert_recipients,
        model.alert_rules,
        {s.id for s in model.sites},
        {r.key for r in model.alarm_rules},
    )
    problems += _check_named_points(model, {p.path for p in points})
    problems += _check_files(model, path.parent if path is not None else None)
    if problems:
        raise ConfigError([f"{source}: {problem}" for problem in problems])
    return SiteConfig(model, path, tuple(points), text)


def load_site(path: Path) -> SiteConfig:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError([f"{path}: cannot read the site file: {exc.strerror}"]) from None
    return parse_site(text, str(path), path)


def _resolve(model: SiteFile) -> tuple[list[PointInfo], list[str]]:
    """Expand profiles into points; report unknown profiles, duplicates and missing topics."""
    points: list[PointInfo] = []
    problems: list[str] = []
    first_seen: dict[str, str] = {}
    for s, site in enumerate(model.sites):
        if site.id in first_seen:
            problems.append(f"sites[{s}].id: site id {site.id!r} is already used at {first_seen[site.id]}")
        first_seen.setdefault(site.id, f"sites[{s}]")
        problems += _check_energy_settings(site, f"sites[{s}]")
        for g, gateway in enumerate(site.gateways):
            units: dict[int, str] = {}
            for d, device in enumerate(gateway.devices):
                where = f"sites[{s}].gateways[{g}].devices[{d}]"
                device_path = f"{site.id}/{device.id}"
                if device_path in first_seen:
                    problems.append(
                        f"{where}.id: device {device_path!r} is already defined at {first_seen[device_path]}"
                    )
                    continue
                first_seen[device_path] = where
                if isinstance(device, ModbusDevice):
                    if device.unit_id in units:
                        first = units[device.unit_id]
                        problems.append(f"{where}.unit_id: unit {device.unit_id} is already used at {first}")
                    units.setdefault(device.unit_id, where)
                else:
                    problems += _check_mqtt_device(device, where)
                for point in _device_points(device, gateway, where, problems):
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


def _check_energy_settings(site: Site, where: str) -> list[str]:
    problems = []
    if site.timezone:
        try:
            ZoneInfo(site.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"{where}.timezone: unknown time zone {site.timezone!r} (e.g. Asia/Ho_Chi_Minh)")
    devices = {d.id for g in site.gateways for d in g.devices}
    for m, meter in enumerate(site.main_meters):
        if meter not in devices:
            known = ", ".join(sorted(devices)) or "none"
            problems.append(f"{where}.main_meters[{m}]: no device {meter!r} at this site (devices: {known})")
    return problems


def _check_named_points(model: SiteFile, paths: set[str]) -> list[str]:
    """Points a site's settings name as ``device/quantity`` must exist at that site."""
    problems = []
    for s, site in enumerate(model.sites):
        named = [
            (f"sites[{s}].vibration[{v}].point", limits.point) for v, limits in enumerate(site.vibration)
        ]
        if site.energy_performance is not None:
            named.append((f"sites[{s}].energy_performance.point", site.energy_performance.point))
        for where, point in named:
            if f"{site.id}/{point}" not in paths:
                known = sorted(p.removeprefix(f"{site.id}/") for p in paths if p.startswith(f"{site.id}/"))
                hint = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
                problems.append(f"{where}: no point {point!r} at site {site.id!r} (points: {hint or 'none'})")
    return problems


def _device_points(
    device: ModbusDevice | MqttDevice, gateway: ModbusGateway | MqttGateway, where: str, problems: list[str]
) -> list[ResolvedPoint]:
    """The profile's points followed by the device's own."""
    protocol = "mqtt" if gateway.protocol == "mqtt" else "modbus"
    profile = _profile(device.profile, protocol, where, problems)
    defaults = profile.defaults if profile else RegisterDefaults()
    resolved = list(profile.points if profile else ())
    for p, point in enumerate(device.points):
        try:
            sunspec_model = profile.sunspec_model if profile else None
            resolved.append(resolve_point(point, protocol, defaults, f"{where}.points[{p}]", sunspec_model))
        except ProfileError as exc:
            problems.append(str(exc))
    return resolved


def device_profile(device: ModbusDevice | MqttDevice) -> DeviceProfile | None:
    return builtin_profiles().get(device.profile) if device.profile else None


def mqtt_topic(device: MqttDevice) -> str | None:
    """The device's topic filter, or its profile's template filled with the device id."""
    profile = device_profile(device)
    if device.topic is None and profile is not None and profile.topic_template:
        return profile.topic_template.replace("{id}", device.id)
    return device.topic


def mqtt_timestamp_path(device: MqttDevice) -> str | None:
    profile = device_profile(device)
    path = (
        device.timestamp_path if device.timestamp_path is not None else (profile and profile.timestamp_path)
    )
    return path or None


def _check_mqtt_device(device: MqttDevice, where: str) -> list[str]:
    problems = []
    if mqtt_topic(device) is None:
        problems.append(f"{where}.topic: required key is missing (the device's profile gives no topic)")
    try:
        ZoneInfo(device.timestamp_timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"{where}.timestamp_timezone: unknown time zone {device.timestamp_timezone!r}")
    try:
        JsonPath.parse(mqtt_timestamp_path(device) or "")
    except PathError as exc:
        problems.append(f"{where}.timestamp_path: {exc}")
    return problems


def _profile(name: str | None, protocol: str, where: str, problems: list[str]) -> DeviceProfile | None:
    if name is None:
        return None
    profiles = builtin_profiles()
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


def _check_files(model: SiteFile, folder: Path | None) -> list[str]:
    """Certificate and key files named by TLS gateways, and diagrams, must be readable files."""
    problems = []
    for s, site in enumerate(model.sites):
        for d, diagram in enumerate(site.diagrams):
            if not diagram_path(diagram, folder).is_file():
                full = diagram_path(diagram, folder)
                problems.append(f"sites[{s}].diagrams[{d}].file: no such file {str(full)!r}")
        for g, gateway in enumerate(site.gateways):
            tls = gateway.tls if isinstance(gateway, MqttGateway) else gateway
            for key in ("ca_file", "cert_file", "key_file"):
                name = getattr(tls, key, None)
                if name is None:
                    continue
                full = name if name.is_absolute() or folder is None else folder / name
                if not full.is_file():
                    where = f"sites[{s}].gateways[{g}].{'tls.' if tls is not gateway else ''}{key}"
                    problems.append(f"{where}: no such file {str(full)!r}")
    for c, channel in enumerate(model.alert_channels):
        name = getattr(channel, "ca_file", None)
        if (
            name is not None
            and not (full := name if name.is_absolute() or folder is None else folder / name).is_file()
        ):
            problems.append(f"alert_channels[{c}].ca_file: no such file {str(full)!r}")
    return problems
