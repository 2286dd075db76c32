"""Site-file models of gateways and the devices behind them.

A gateway is one way into the field: a Modbus TCP or TLS endpoint, a serial RS-485
bus, a serial-to-Ethernet converter passing RTU frames, or an MQTT broker. Unknown
keys are errors, so a typo never silently falls back to a default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator

from app.site.strict_model import Strict
from drivers.profiles import Identifier, PointModel
from drivers.topics import check_topic_filter

Seconds = Annotated[float, Field(gt=0, le=86_400)]
Port = Annotated[int, Field(ge=1, le=65_535)]
UnitId = Annotated[int, Field(ge=0, le=255)]


class _Device(Strict):
    id: Identifier
    name: str = ""
    profile: str | None = None
    #: Expected time between readings: the poll interval, or the publish period.
    interval_s: Seconds = 1.0
    points: list[PointModel] = Field(default_factory=list)


class ModbusDevice(_Device):
    unit_id: UnitId = 1
    #: Unused registers a single read may span; None takes the profile's value.
    max_gap: Annotated[int, Field(ge=0, le=125)] | None = None
    #: Registers per read at most; None takes the profile's value.
    max_registers_per_read: Annotated[int, Field(ge=1, le=125)] | None = None


class MqttDevice(_Device):
    #: Topic filter (``+`` and ``#`` allowed); None takes the profile's template.
    topic: str | None = None
    #: Silence longer than this marks the device's points as communication errors.
    silence_s: Seconds = 5.0
    #: Where a payload carries its own time; None takes the profile's, "" ignores it.
    timestamp_path: str | None = None
    #: Time zone of payload times written without an offset (Tasmota sends local time).
    timestamp_timezone: str = "UTC"

    @field_validator("topic")
    @classmethod
    def _topic_is_a_filter(cls, topic: str | None) -> str | None:
        if topic is not None:
            check_topic_filter(topic)
        return topic


class _ModbusGateway(Strict):
    id: Identifier
    name: str = ""
    #: How long to wait for an answer before counting the request as unanswered.
    timeout_s: Annotated[float, Field(gt=0, le=60)] = 1.0
    devices: list[ModbusDevice] = Field(default_factory=list)


class ModbusTcpGateway(_ModbusGateway):
    """Modbus TCP; every device gets its own connection, so a slow one delays only itself."""

    protocol: Literal["modbus-tcp"]
    host: str
    port: Port = 502


class ModbusTlsGateway(_ModbusGateway):
    """Modbus/TCP Security; the server certificate is always verified (``ca_file`` or system CAs)."""

    protocol: Literal["modbus-tls"]
    host: str
    port: Port = 802
    ca_file: Path | None = None
    cert_file: Path | None = None
    key_file: Path | None = None


class ModbusRtuOverTcpGateway(_ModbusGateway):
    """A serial-to-Ethernet converter passing RTU frames: one connection, devices polled in turn."""

    protocol: Literal["modbus-rtu-over-tcp"]
    host: str
    port: Port = 502


class ModbusRtuGateway(_ModbusGateway):
    """An RS-485 bus on a serial port: devices polled in turn, never at the same time."""

    protocol: Literal["modbus-rtu"]
    serial_port: Annotated[str, Field(min_length=1)]
    baudrate: Literal[1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] = 9600
    parity: Literal["N", "E", "O"] = "N"
    stopbits: Literal[1, 2] = 1
    bytesize: Literal[7, 8] = 8


class MqttTls(Strict):
    """TLS to the broker; certificate checks are always on (``ca_file`` or system CAs)."""

    ca_file: Path | None = None
    cert_file: Path | None = None
    key_file: Path | None = None


class MqttGateway(Strict):
    id: Identifier
    name: str = ""
    protocol: Literal["mqtt"]
    host: str
    #: Default 1883, or 8883 with TLS.
    port: Port | None = None
    mqtt_version: Literal["3.1.1", "5"] = "3.1.1"
    tls: MqttTls | None = None
    #: The password is taken from the OS keyring, never from this file.
    username: str | None = None
    #: Stable identity for the persistent session; default derived from the machine and gateway.
    client_id: str | None = None
    persistent_session: bool = True
    qos: Literal[0, 1] = 1
    keepalive_s: Annotated[int, Field(ge=5, le=3600)] = 30
    devices: list[MqttDevice] = Field(default_factory=list)

    @property
    def effective_port(self) -> int:
        return self.port or (8883 if self.tls is not None else 1883)


ModbusGateway = ModbusTcpGateway | ModbusTlsGateway | ModbusRtuOverTcpGateway | ModbusRtuGateway
Gateway = Annotated[ModbusGateway | MqttGateway, Field(discriminator="protocol")]
GATEWAY_TAGS = {"modbus-tcp", "modbus-tls", "modbus-rtu-over-tcp", "modbus-rtu", "mqtt"}
#: Gateways whose devices share one connection and are polled in turn.
SHARED_LINK_PROTOCOLS = {"modbus-rtu-over-tcp", "modbus-rtu"}
