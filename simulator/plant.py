"""The simulated plant as a whole: Modbus gateway, MQTT sensor, broker and fault schedule.

It runs on its own thread and asyncio loop, so the same object serves the
``simulate`` command, the in-process plant of the demo and the test fixtures.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion
from pymodbus.server import ModbusTcpServer

from simulator.broker import MosquittoBroker
from simulator.faults import Fault, ScheduledFault
from simulator.modbus_server import build_server
from simulator.net import free_port, port_is_free, wait_for_port
from simulator.plant_model import PlantModel

log = logging.getLogger(__name__)

ENV_TOPIC = "wattkeeper-sim/env-sensor"
SITE_ID = "demo-plant"


class SimulatorError(RuntimeError):
    """The plant could not start (port taken, broker missing); the text says why."""


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


def parse_broker_url(url: str) -> Endpoint:
    parts = urlsplit(url)
    if parts.scheme not in ("mqtt", "tcp") or not parts.hostname:
        raise SimulatorError(f"broker URL {url!r} must look like mqtt://HOST:PORT")
    return Endpoint(parts.hostname, parts.port or 1883)


class SimulatedPlant:
    def __init__(
        self,
        *,
        modbus_port: int = 0,
        mqtt_port: int = 0,
        broker_url: str | None = None,
        host: str = "127.0.0.1",
        seed: int | None = None,
        faults: Sequence[ScheduledFault] = (),
        publish_interval_s: float = 1.0,
    ) -> None:
        self.model = PlantModel(seed)
        self.modbus = Endpoint(host, modbus_port or free_port(host))
        self._own_broker = None if broker_url else MosquittoBroker(mqtt_port, host)
        self.mqtt = parse_broker_url(broker_url) if broker_url else Endpoint(host, self._own_broker.port)  # type: ignore[union-attr]
        self._faults = list(faults)
        self._broker_trouble = False
        self._publish_interval_s = publish_interval_s
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="wattkeeper-simulator", daemon=True
        )
        self._server: ModbusTcpServer | None = None
        self._publisher = paho.Client(
            CallbackAPIVersion.VERSION2, client_id=f"wattkeeper-sim-{self.modbus.port}"
        )

    def start(self, timeout: float = 10.0) -> SimulatedPlant:
        if not port_is_free(self.modbus.host, self.modbus.port):
            raise SimulatorError(
                f"Modbus port {self.modbus} is already in use; choose another with --modbus-port"
            )
        if self._own_broker is not None:
            self._own_broker.start(timeout)
        self._thread.start()
        serving = asyncio.run_coroutine_threadsafe(self._serve(), self._loop)
        if not wait_for_port(self.modbus.host, self.modbus.port, timeout) or serving.done():
            reason = serving.exception() if serving.done() else "timed out"
            self.stop()
            raise SimulatorError(f"the Modbus server could not listen on {self.modbus}: {reason}")
        self._publisher.on_connect_fail = self._on_publisher_trouble
        self._publisher.on_disconnect = self._on_publisher_trouble
        self._publisher.on_connect = self._on_publisher_connected
        self._publisher.reconnect_delay_set(1, 5)
        self._publisher.connect_async(self.mqtt.host, self.mqtt.port, keepalive=30)
        self._publisher.loop_start()
        for scheduled in self._faults:
            self._loop.call_soon_threadsafe(
                self._loop.call_later, scheduled.start_s, self._begin_fault, scheduled.fault
            )
        return self

    def _on_publisher_trouble(self, *_args: object) -> None:
        if not self._broker_trouble:
            self._broker_trouble = True
            log.warning("the sensor cannot reach the MQTT broker at %s; retrying", self.mqtt)

    def _on_publisher_connected(self, *_args: object) -> None:
        if self._broker_trouble:
            log.warning("the sensor reached the MQTT broker at %s again", self.mqtt)
        self._broker_trouble = False

    def _begin_fault(self, fault: Fault) -> None:
        log.warning("simulated fault begins: %s", fault.value)
        self.model.set_fault(fault, True)

    async def _serve(self) -> None:
        self._server = build_server(self.model, self.modbus.host, self.modbus.port)
        publisher = asyncio.create_task(self._publish_forever())
        try:
            await self._server.serve_forever()
        finally:
            publisher.cancel()

    async def _publish_forever(self) -> None:
        while True:
            self.model.advance()
            reading = self.model.environment()
            payload = {
                "time": datetime.now(UTC).isoformat(timespec="seconds"),
                "temperature": round(reading.temperature_c, 2),
                "humidity": round(reading.humidity_pct, 1),
                "vibration_rms": round(reading.vibration_mm_s, 3),
            }
            self._publisher.publish(ENV_TOPIC, json.dumps(payload), qos=1)
            await asyncio.sleep(self._publish_interval_s)

    def stop(self) -> None:
        self._publisher.on_disconnect = None
        self._publisher.loop_stop()
        self._publisher.disconnect()
        if self._thread.is_alive():
            if self._server is not None:
                asyncio.run_coroutine_threadsafe(self._server.shutdown(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
        if self._own_broker is not None:
            self._own_broker.stop()

    def __enter__(self) -> SimulatedPlant:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def site_toml(self) -> str:
        """A site file that points Wattkeeper at this plant, with a rule for each fault."""
        return SITE_TEMPLATE.format(modbus=self.modbus, mqtt=self.mqtt, site=SITE_ID, topic=ENV_TOPIC)


SITE_TEMPLATE = """\
# Wattkeeper site file for the simulated plant ('wattkeeper simulate').
# Modbus gateway {modbus}, MQTT broker {mqtt}.

[[sites]]
id = "{site}"
name = "Demo plant (simulated)"

[sites.supply]
nominal_voltage = 230.0
nominal_frequency = 50

[[sites.diagrams]]
name = "Single-line diagram"
file = "demo-plant.svg"           # shipped with Wattkeeper; a site's own SVG goes beside this file

[[sites.vibration]]
point = "hall-sensor/vibration_rms"
machine = "Large machine, 300 kW to 50 MW, rigid foundation (ISO 10816-3 group 1)"
zones = [2.3, 4.5, 7.1]

[[sites.gateways]]
id = "sim-gateway"
name = "Modbus TCP gateway"
protocol = "modbus-tcp"
host = "{modbus.host}"
port = {modbus.port}
timeout_s = 0.5

[[sites.gateways.devices]]
id = "main-meter"
name = "Main incomer meter"
profile = "eastron-sdm630"
unit_id = 1
interval_s = 1.0

[[sites.gateways.devices]]
id = "genset"
name = "Diesel generator"
profile = "generic-genset"
unit_id = 2
interval_s = 1.0

[[sites.gateways.devices]]
id = "pv-inverter"
name = "Rooftop PV inverter"
profile = "sunspec-inverter-three-phase"
unit_id = 3
interval_s = 1.0

[[sites.gateways]]
id = "sim-broker"
name = "MQTT broker"
protocol = "mqtt"
host = "{mqtt.host}"
port = {mqtt.port}

[[sites.gateways.devices]]
id = "hall-sensor"
name = "Machine hall sensor"
topic = "{topic}"
interval_s = 1.0
silence_s = 5.0

[[sites.gateways.devices.points]]
quantity = "temperature"
unit = "°C"
json_path = "temperature"

[[sites.gateways.devices.points]]
quantity = "humidity"
unit = "%"
json_path = "humidity"

[[sites.gateways.devices.points]]
quantity = "vibration_rms"
unit = "mm/s"
json_path = "vibration_rms"

# One example rule for each simulated fault, then one of each other kind.

[[alarm_rules]]
id = "main-voltage-high"
point = "{site}/main-meter/voltage_l1"
kind = "high"
limit = 253.0
deadband = 2.0
delay_s = 2.0
priority = "high"
message = "Supply voltage L1 above +10 % of nominal"

[[alarm_rules]]
id = "hall-vibration-high"
point = "{site}/hall-sensor/vibration_rms"
kind = "high"
limit = 7.1
deadband = 0.5
delay_s = 2.0
priority = "critical"
message = "Machine vibration in the unacceptable zone"

[[alarm_rules]]
id = "main-meter-comm"
point = "{site}/main-meter/active_power"
kind = "comm_loss"
intervals = 3
priority = "high"
message = "Main meter not answering"

[[alarm_rules]]
id = "hall-sensor-comm"
point = "{site}/hall-sensor/vibration_rms"
kind = "comm_loss"
intervals = 10
priority = "medium"
message = "Machine hall sensor silent"

[[alarm_rules]]
id = "genset-fuel-low"
point = "{site}/genset/fuel_level"
kind = "low"
limit = 25.0
deadband = 1.0
delay_s = 5.0
priority = "medium"
message = "Generator fuel level low"
suppress_when = {{ point = "{site}/genset/running", state = 0 }}

[[alarm_rules]]
id = "genset-fuel-falling"
point = "{site}/genset/fuel_level"
kind = "rate_of_change"
direction = "falling"
limit = 0.2
delay_s = 5.0
priority = "high"
message = "Generator fuel falling fast (leak or theft?)"
suppress_when = {{ point = "{site}/genset/running", state = 0 }}

[[alarm_rules]]
id = "main-voltage-band"
point = "{site}/main-meter/voltage_l2"
kind = "nominal_band"
nominal = 230.0
tolerance_pct = 10.0
deadband = 1.0
delay_s = 2.0
priority = "medium"
message = "Voltage L2 outside 230 V ± 10 %"

[[alarm_rules]]
id = "main-frequency-band"
point = "{site}/main-meter/frequency"
kind = "band"
low = 49.5
high = 50.5
deadband = 0.05
delay_s = 3.0
priority = "medium"
message = "Supply frequency outside 49.5–50.5 Hz"

[[alarm_rules]]
id = "main-power-factor-low"
point = "{site}/main-meter/power_factor"
kind = "low"
limit = 0.85
deadband = 0.01
delay_s = 10.0
priority = "low"
message = "Power factor below 0.85"

[[alarm_rules]]
id = "main-voltage-unbalance"
point = "{site}/main-meter/voltage_l1"
kind = "deviation"
reference = ["{site}/main-meter/voltage_l1", "{site}/main-meter/voltage_l2", "{site}/main-meter/voltage_l3"]
limit = 2.0
delay_s = 5.0
priority = "medium"
message = "Voltage unbalance on L1 above 2 %"

[[alarm_rules]]
id = "main-voltage-frozen"
point = "{site}/main-meter/voltage_l1"
kind = "stale"
limit = 30.0
priority = "low"
message = "Voltage L1 reading frozen"

[[alarm_rules]]
id = "genset-stopped"
point = "{site}/genset/running"
kind = "digital"
state = 0
delay_s = 3.0
priority = "low"
message = "Generator not running"

[[alarm_rules]]
id = "main-load-anomaly"
point = "{site}/main-meter/active_power"
kind = "anomaly"
seasonal = true
sensitivity = 6.0
deadband = 1.0
delay_s = 5.0
priority = "medium"
message = "Site load unlike its usual pattern"

[[alarm_rules]]
id = "hall-vibration-anomaly"
point = "{site}/hall-sensor/vibration_rms"
kind = "anomaly"
sensitivity = 4.0
deadband = 1.0
delay_s = 3.0
priority = "high"
message = "Machine vibration unlike its usual level"

# Every alarm change, as JSON, on the plant's own broker for other systems (a building
# management system, a siren controller): wattkeeper/alarms/<alarm>, and the alarms standing
# now, retained, at wattkeeper/alarms/active. People are told by e-mail or SMS with channels
# of kind "email" and "sms" and rules with tiers (README: "Alerts off the screen").
[[alert_channels]]
id = "plant-broker"
kind = "mqtt"
host = "{mqtt.host}"
port = {mqtt.port}
topic = "wattkeeper/alarms"

[[alert_rules]]
name = "building-system"
machines = ["plant-broker"]

# A demonstration on a simulated plant: administrators may set up a second factor but need
# not. A real site keeps the default, which requires one of every administrator.
[accounts]
second_factor_roles = []
"""
