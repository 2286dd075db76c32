"""Every kind of gateway, from site file to samples, through the real runtime."""

from __future__ import annotations

import json
import ssl
import subprocess
from pathlib import Path

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion
from pymodbus import FramerType
from pymodbus.server import ModbusTcpServer, ModbusTlsServer

from app.pipeline.driver_factory import build_drivers
from app.pipeline.runtime import Runtime
from app.secrets import SecretError, mqtt_password_name, set_secret
from app.site.config import parse_site
from drivers.base import Quality
from drivers.modbus_poller import ModbusLinkDriver
from simulator.broker import MosquittoBroker
from simulator.net import free_port, wait_for_port
from storage.database import open_database
from tests.conftest import MemoryKeyring, wait_until
from tests.drivers.modbus_servers import serve, sim_device
from tests.tls_certs import TestAuthority

SITE = """
[[sites]]
id = "plant"

[[sites.gateways]]
id = "converter"
protocol = "modbus-rtu-over-tcp"
host = "127.0.0.1"
port = {rtu_port}
[[sites.gateways.devices]]
id = "feeder-a"
unit_id = 1
interval_s = 0.2
[[sites.gateways.devices.points]]
quantity = "current"
unit = "A"
address = 0
scale = 0.01
[[sites.gateways.devices]]
id = "feeder-b"
unit_id = 2
interval_s = 0.2
[[sites.gateways.devices.points]]
quantity = "current"
unit = "A"
address = 0
scale = 0.01

[[sites.gateways]]
id = "secure"
protocol = "modbus-tls"
host = "localhost"
port = {tls_port}
ca_file = "{ca_file}"
[[sites.gateways.devices]]
id = "breaker"
interval_s = 0.2
[[sites.gateways.devices.points]]
quantity = "closed"
table = "holding"
address = 0
bit = 2

[[sites.gateways]]
id = "broker"
protocol = "mqtt"
host = "localhost"
port = {mqtt_port}
mqtt_version = "5"
username = "reader"
tls = {{ ca_file = "{ca_file}" }}
[[sites.gateways.devices]]
id = "plug"
profile = "tasmota-energy"
"""


def test_each_gateway_kind_delivers_samples(
    tmp_path: Path, key_file: Path, memory_keyring: MemoryKeyring
) -> None:
    authority = TestAuthority(tmp_path / "ca")
    server_cert = authority.issue("localhost")
    tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls_context.load_cert_chain(server_cert.cert, server_cert.key)
    rtu_port, tls_port = free_port(), free_port()
    passwords = tmp_path / "passwords"
    subprocess.run(["mosquitto_passwd", "-b", "-c", str(passwords), "reader", "pa55"], check=True)
    broker_tls = f"cafile {authority.ca_file}\ncertfile {server_cert.cert}\nkeyfile {server_cert.key}\n"
    rtu_devices = [sim_device(1, holding_registers={0: 1250}), sim_device(2, holding_registers={0: 980})]
    set_secret(mqtt_password_name("plant", "broker"), "pa55")
    with (
        serve(
            lambda: ModbusTcpServer(rtu_devices, framer=FramerType.RTU, address=("127.0.0.1", rtu_port)),
            lambda: wait_for_port("127.0.0.1", rtu_port, 10),
        ),
        serve(
            lambda: ModbusTlsServer(
                [sim_device(1, holding_registers={0: 0b100})],
                address=("127.0.0.1", tls_port),
                sslctx=tls_context,
            ),
            lambda: wait_for_port("127.0.0.1", tls_port, 10),
        ),
        MosquittoBroker(anonymous=False, extra_config=f"password_file {passwords}\n{broker_tls}") as broker,
    ):
        site = SITE.format(
            rtu_port=rtu_port, tls_port=tls_port, mqtt_port=broker.port, ca_file=authority.ca_file
        )
        config = parse_site(site, "site.toml")
        db = open_database(tmp_path / "wattkeeper.db", key_file, create=True)
        runtime = Runtime.build(config, db, key_file=key_file)
        drivers = runtime.host.drivers
        shared = [k for k, d in drivers.items() if isinstance(d, ModbusLinkDriver) and len(d.pollers) == 2]
        assert shared == ["plant/converter"]  # both units of the converter share one link
        runtime.start()
        publisher = paho.Client(CallbackAPIVersion.VERSION2)
        publisher.tls_set(ca_certs=str(authority.ca_file))
        publisher.username_pw_set("reader", "pa55")
        publisher.connect("localhost", broker.port)
        publisher.loop_start()
        try:
            ids = runtime.point_ids
            latest = runtime.live.latest

            def good(path: str) -> float | None:
                sample = latest(ids[path])
                return sample.value if sample is not None and sample.quality == Quality.GOOD else None

            wait_until(
                lambda: (
                    good("plant/feeder-a/current") is not None and good("plant/breaker/closed") is not None
                ),
                timeout=15,
            )
            payload = json.dumps({"Time": "2026-11-01T10:00:00", "ENERGY": {"Power": 950, "Voltage": 229}})
            wait_until(
                lambda: (
                    publisher.publish("tele/plug/SENSOR", payload, qos=1)
                    and good("plant/plug/active_power") is not None
                ),
                timeout=15,
            )
        finally:
            publisher.loop_stop()
            runtime.stop()
            db.close()
    assert good("plant/feeder-a/current") == pytest.approx(12.5)
    assert good("plant/feeder-b/current") == pytest.approx(9.8)
    assert good("plant/breaker/closed") == 1.0
    assert good("plant/plug/active_power") == pytest.approx(0.95)


def test_missing_broker_password_says_how_to_store_it(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    ca_file = TestAuthority(tmp_path).ca_file
    config = parse_site(SITE.format(rtu_port=1, tls_port=2, mqtt_port=3, ca_file=ca_file), "site.toml")
    with pytest.raises(SecretError, match="wattkeeper secret set mqtt-password:plant/broker"):
        build_drivers(config, {p.path: i for i, p in enumerate(config.points)})
