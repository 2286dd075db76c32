"""Turning the site file's gateways and devices into running drivers."""

from __future__ import annotations

from collections import defaultdict

from app.config import ModbusDevice, ModbusTcpGateway, MqttDevice, MqttGateway, PointInfo, SiteConfig
from drivers.base import Driver
from drivers.modbus_tcp import ModbusPoint, ModbusTcpDevice, ModbusTcpPoller
from drivers.mqtt import MqttBroker, MqttPoint, MqttSubscriber
from drivers.mqtt import MqttDevice as MqttDeviceSpec
from drivers.profiles import builtin_profiles


def build_drivers(config: SiteConfig, point_ids: dict[str, int]) -> list[Driver]:
    """One poller per Modbus device, one subscriber per MQTT broker."""
    by_device: dict[str, list[PointInfo]] = defaultdict(list)
    for point in config.points:
        by_device[point.device_path].append(point)
    drivers: list[Driver] = []
    for site in config.file.sites:
        for gateway in site.gateways:
            if isinstance(gateway, ModbusTcpGateway):
                for device in gateway.devices:
                    points = by_device[f"{site.id}/{device.id}"]
                    drivers.append(
                        ModbusTcpPoller(_modbus_device(site.id, gateway, device, points, point_ids))
                    )
            else:
                drivers.append(MqttSubscriber(_mqtt_broker(site.id, gateway, by_device, point_ids)))
    return drivers


def _modbus_device(
    site: str, gateway: ModbusTcpGateway, device: ModbusDevice, points: list[PointInfo], ids: dict[str, int]
) -> ModbusTcpDevice:
    profile = builtin_profiles().get(device.profile) if device.profile else None
    max_gap = device.max_gap if device.max_gap is not None else (profile.max_gap if profile else 0)
    return ModbusTcpDevice(
        name=f"{site}/{device.id}",
        host=gateway.host,
        port=gateway.port,
        unit_id=device.unit_id,
        points=tuple(ModbusPoint(ids[p.path], p.source.field) for p in points if p.source.field is not None),
        interval_s=device.interval_s,
        timeout_s=device.timeout_s,
        max_gap=max_gap,
        max_count=profile.max_registers_per_read if profile else 125,
    )


def _mqtt_broker(
    site: str, gateway: MqttGateway, by_device: dict[str, list[PointInfo]], ids: dict[str, int]
) -> MqttBroker:
    devices = []
    for device in gateway.devices:
        name = f"{site}/{device.id}"
        devices.append(_mqtt_device(name, device, by_device[name], ids))
    return MqttBroker(
        name=f"{site}/{gateway.id}",
        host=gateway.host,
        port=gateway.port,
        devices=tuple(devices),
        qos=gateway.qos,
    )


def _mqtt_device(
    name: str, device: MqttDevice, points: list[PointInfo], ids: dict[str, int]
) -> MqttDeviceSpec:
    return MqttDeviceSpec(
        name=name,
        topic=device.topic,
        points=tuple(
            MqttPoint(ids[p.path], p.source.json_path) for p in points if p.source.json_path is not None
        ),
        interval_s=device.interval_s,
        silence_s=device.silence_s,
    )
