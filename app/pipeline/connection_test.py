"""'Test connection' for a configured device, as the GUI offers it."""

from __future__ import annotations

from app.pipeline.driver_factory import probe_target
from app.pipeline.probe import ModbusProbe, ModbusTarget, MqttProbe, probe_mqtt, run_probe_modbus
from app.secrets import SecretError
from app.site.config import SiteConfig


def test_device(config: SiteConfig, device_path: str, timeout_s: float = 2.0) -> ModbusProbe | MqttProbe:
    """Read the device once (Modbus) or wait for its next message (MQTT); never raises for field trouble."""
    try:
        target = probe_target(config, device_path)
    except SecretError as exc:
        return MqttProbe(problem=str(exc))
    if isinstance(target, ModbusTarget):
        return run_probe_modbus(target, timeout_s)
    return probe_mqtt(target, count=1, timeout_s=max(timeout_s, 10.0))
