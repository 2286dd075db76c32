"""Turning the site file's gateways and devices into running drivers.

Modbus TCP and TLS devices get a connection each; the devices of a serial bus or of an
RTU-over-TCP converter share one link and are polled in turn. Each MQTT broker gets one
subscriber for all its devices. Secrets (broker passwords, key passphrases) are read
from the OS keyring here and handed to the drivers in memory.

Each driver is planned with a key (what it serves) and the settings it is built from, so
that a changed site file restarts only the drivers whose settings changed.
"""

from __future__ import annotations

import json
import socket
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from zoneinfo import ZoneInfo

from app.pipeline.probe import ModbusTarget, MqttTarget
from app.secrets import get_secret, mqtt_password_name, require_secret, tls_key_password_name
from app.site.config import PointInfo, SiteConfig, device_profile, mqtt_timestamp_path, mqtt_topic
from app.site.gateways import (
    SHARED_LINK_PROTOCOLS,
    ModbusDevice,
    ModbusGateway,
    ModbusRtuGateway,
    ModbusTlsGateway,
    MqttDevice,
    MqttGateway,
)
from drivers.base import Driver
from drivers.json_path import JsonPath
from drivers.modbus_link import ModbusLink, SerialTransport, TcpTransport, Transport
from drivers.modbus_plan import MAX_REGISTERS_PER_READ
from drivers.modbus_poller import ModbusDevice as ModbusDeviceSpec
from drivers.modbus_poller import ModbusLinkDriver, ModbusPoint
from drivers.mqtt import MqttBroker, MqttSubscriber
from drivers.mqtt import MqttDevice as MqttDeviceSpec
from drivers.mqtt_payload import MqttPoint, PayloadMap
from drivers.tls import TlsSettings


@dataclass(frozen=True)
class DriverPlan:
    """One driver to run: the device paths it serves, what it is built from, how to build it."""

    devices: tuple[str, ...]
    #: The gateway's and devices' settings and the points' ids: equal settings, same driver.
    settings: str
    make: Callable[[], Driver]


def plan_drivers(
    config: SiteConfig, point_ids: dict[str, int], congested: Callable[[], bool] = lambda: False
) -> dict[str, DriverPlan]:
    """One driver per Modbus link and per MQTT broker, keyed ``site/gateway`` (a link or broker
    shared by its devices) or ``site/gateway/device`` (a connection of its own)."""
    return _Planner(config, point_ids, congested).plans()


def build_drivers(
    config: SiteConfig, point_ids: dict[str, int], congested: Callable[[], bool] = lambda: False
) -> dict[str, Driver]:
    """The drivers of :func:`plan_drivers`, built."""
    return {key: plan.make() for key, plan in plan_drivers(config, point_ids, congested).items()}


class _Planner:
    def __init__(self, config: SiteConfig, ids: dict[str, int], congested: Callable[[], bool]) -> None:
        self.config = config
        self.ids = ids
        self.congested = congested
        self.by_device: dict[str, list[PointInfo]] = defaultdict(list)
        for point in config.points:
            self.by_device[point.device_path].append(point)

    def plans(self) -> dict[str, DriverPlan]:
        plans: dict[str, DriverPlan] = {}
        for site in self.config.file.sites:
            for gateway in site.gateways:
                if isinstance(gateway, MqttGateway):
                    make = partial(self._mqtt_subscriber, site.id, gateway)
                elif gateway.protocol in SHARED_LINK_PROTOCOLS:
                    make = partial(self._modbus_link_driver, site.id, gateway, list(gateway.devices))
                else:
                    for device in gateway.devices:
                        make = partial(self._modbus_link_driver, site.id, gateway, [device])
                        plans[f"{site.id}/{gateway.id}/{device.id}"] = self._plan(
                            site.id, gateway, [device], make
                        )
                    continue
                plans[f"{site.id}/{gateway.id}"] = self._plan(site.id, gateway, gateway.devices, make)
        return plans

    def _plan(
        self,
        site: str,
        gateway: ModbusGateway | MqttGateway,
        devices: list[ModbusDevice] | list[MqttDevice],
        make: Callable[[], Driver],
    ) -> DriverPlan:
        paths = tuple(f"{site}/{d.id}" for d in devices)
        settings = {
            "gateway": gateway.model_dump(mode="json", exclude={"devices"}),
            "devices": [d.model_dump(mode="json") for d in devices],
            "points": [(p.path, self.ids[p.path]) for path in paths for p in self.by_device[path]],
        }
        return DriverPlan(paths, json.dumps(settings, sort_keys=True), make)

    def _mqtt_subscriber(self, site: str, gateway: MqttGateway) -> Driver:
        return MqttSubscriber(
            _mqtt_broker(self.config, site, gateway, self.by_device, self.ids), self.congested
        )

    def _modbus_link_driver(self, site: str, gateway: ModbusGateway, devices: list[ModbusDevice]) -> Driver:
        specs = [
            _modbus_device(f"{site}/{d.id}", d, self.by_device[f"{site}/{d.id}"], self.ids) for d in devices
        ]
        shared = gateway.protocol in SHARED_LINK_PROTOCOLS
        name = f"{site}/{gateway.id}" if shared else specs[0].name
        link = ModbusLink(name, modbus_transport(self.config, site, gateway), timeout_s=gateway.timeout_s)
        return ModbusLinkDriver(link, specs, shared=shared)


def modbus_transport(config: SiteConfig, site: str, gateway: ModbusGateway) -> Transport:
    if isinstance(gateway, ModbusRtuGateway):
        return SerialTransport(
            gateway.serial_port, gateway.baudrate, gateway.parity, gateway.stopbits, gateway.bytesize
        )
    tls = None
    if isinstance(gateway, ModbusTlsGateway):
        files = [
            config.resolve_file(f) if f else None
            for f in (gateway.ca_file, gateway.cert_file, gateway.key_file)
        ]
        tls = TlsSettings(
            *files,
            get_secret(tls_key_password_name(site, gateway.id)) if gateway.key_file else None,
        )
    return TcpTransport(
        gateway.host, gateway.port, rtu_framing=gateway.protocol == "modbus-rtu-over-tcp", tls=tls
    )


def _modbus_device(
    name: str, device: ModbusDevice, points: list[PointInfo], ids: dict[str, int]
) -> ModbusDeviceSpec:
    profile = device_profile(device)
    max_gap = device.max_gap if device.max_gap is not None else (profile.max_gap if profile else 0)
    max_count = device.max_registers_per_read or (
        profile.max_registers_per_read if profile else MAX_REGISTERS_PER_READ
    )
    return ModbusDeviceSpec(
        name=name,
        unit_id=device.unit_id,
        points=tuple(ModbusPoint(ids[p.path], p.source.field, p.source.sunspec) for p in points),
        interval_s=device.interval_s,
        max_gap=max_gap,
        max_count=max_count,
    )


def _mqtt_broker(
    config: SiteConfig,
    site: str,
    gateway: MqttGateway,
    by_device: dict[str, list[PointInfo]],
    ids: dict[str, int],
) -> MqttBroker:
    devices = tuple(
        _mqtt_device(f"{site}/{device.id}", device, by_device[f"{site}/{device.id}"], ids)
        for device in gateway.devices
    )
    password = None
    if gateway.username is not None:
        password = require_secret(
            mqtt_password_name(site, gateway.id), f"password for MQTT user {gateway.username!r}"
        )
    return MqttBroker(
        name=f"{site}/{gateway.id}",
        host=gateway.host,
        port=gateway.effective_port,
        devices=devices,
        client_id=gateway.client_id or f"wattkeeper-{socket.gethostname()}-{site}-{gateway.id}"[:64],
        qos=gateway.qos,
        mqtt_version=gateway.mqtt_version,
        persistent_session=gateway.persistent_session,
        tls=_mqtt_tls(config, gateway),
        username=gateway.username,
        password=password,
        keepalive_s=gateway.keepalive_s,
    )


def _mqtt_device(
    name: str, device: MqttDevice, points: list[PointInfo], ids: dict[str, int]
) -> MqttDeviceSpec:
    timestamp_path = mqtt_timestamp_path(device)
    topic = mqtt_topic(device)
    assert topic is not None  # the site file check guarantees a topic
    payload = PayloadMap(
        points=tuple(MqttPoint(ids[p.path], p.source.json) for p in points if p.source.json is not None),
        timestamp_path=JsonPath.parse(timestamp_path) if timestamp_path else None,
        timestamp_zone=ZoneInfo(device.timestamp_timezone),
    )
    return MqttDeviceSpec(
        name=name, topic=topic, payload=payload, interval_s=device.interval_s, silence_s=device.silence_s
    )


def _mqtt_tls(config: SiteConfig, gateway: MqttGateway) -> TlsSettings | None:
    tls = gateway.tls
    if tls is None:
        return None
    return TlsSettings(
        *(config.resolve_file(f) if f else None for f in (tls.ca_file, tls.cert_file, tls.key_file))
    )


def probe_target(config: SiteConfig, device_path: str) -> ModbusTarget | MqttTarget:
    """What 'Test connection' reads for a configured device: its own points, through its gateway."""
    for site, gateway, device in config.devices():
        if f"{site.id}/{device.id}" != device_path:
            continue
        points = tuple(p.source for p in config.points if p.device_path == device_path)
        if isinstance(gateway, MqttGateway):
            assert isinstance(device, MqttDevice)
            password = None
            if gateway.username is not None:
                name = mqtt_password_name(site.id, gateway.id)
                password = require_secret(name, f"password for MQTT user {gateway.username!r}")
            return MqttTarget(
                gateway.host,
                gateway.effective_port,
                mqtt_topic(device) or "#",
                points,
                mqtt_timestamp_path(device),
                _mqtt_tls(config, gateway),
                gateway.username,
                password,
            )
        assert isinstance(device, ModbusDevice)
        spec = _modbus_device(device_path, device, [], {})
        profile = device_profile(device)
        return ModbusTarget(
            modbus_transport(config, site.id, gateway),
            device.unit_id,
            points,
            spec.max_gap,
            spec.max_count,
            sunspec=profile is not None and profile.sunspec_model is not None,
        )
    raise KeyError(device_path)
