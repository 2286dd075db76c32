"""``wattkeeper probe``: read a Modbus device once, or listen to an MQTT topic, and show what came back."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

from app.commands.context import CommandError, Context
from app.i18n import translate
from app.pipeline.probe import (
    ModbusProbe,
    ModbusTarget,
    MqttProbe,
    MqttTarget,
    Reading,
    probe_mqtt,
    run_probe_modbus,
)
from drivers.base import Quality
from drivers.modbus_link import SerialTransport, TcpTransport, Transport
from drivers.profiles import DeviceProfile, builtin_profiles
from drivers.tls import TlsSettings


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    probe = commands.add_parser("probe", help="test a connection: read a device once or listen to a topic")
    kinds = probe.add_subparsers(title="kinds", metavar="KIND", required=True)

    modbus = kinds.add_parser("modbus", help="read a Modbus device once through a profile")
    modbus.add_argument(
        "target", metavar="HOST:PORT|SERIAL_PORT", help="e.g. 192.168.1.20:502 or /dev/ttyUSB0"
    )
    modbus.add_argument("--unit", type=int, default=1, help="unit id (default 1)")
    modbus.add_argument("--profile", help="device profile; without one, only SunSpec discovery is tried")
    modbus.add_argument(
        "--rtu-over-tcp", action="store_true", help="the TCP peer is a converter passing RTU frames"
    )
    modbus.add_argument("--tls", action="store_true", help="Modbus/TCP Security (port 802 by default)")
    modbus.add_argument("--ca-file", type=Path, help="authority that signed the device's certificate")
    modbus.add_argument("--cert-file", type=Path, help="client certificate, if the device asks for one")
    modbus.add_argument("--key-file-tls", type=Path, metavar="FILE", help="the client certificate's key")
    modbus.add_argument("--baudrate", type=int, default=9600)
    modbus.add_argument("--parity", choices=("N", "E", "O"), default="N")
    modbus.add_argument("--stopbits", type=int, choices=(1, 2), default=1)
    modbus.add_argument("--timeout", type=float, default=2.0, help="seconds to wait for each answer")
    modbus.add_argument("--json", action="store_true", help="print JSON for scripts")
    modbus.set_defaults(handler=run_modbus)

    mqtt = kinds.add_parser("mqtt", help="print the first messages on a topic and what the mapping extracts")
    mqtt.add_argument("url", metavar="URL", help="mqtt://HOST[:PORT] or mqtts://HOST[:PORT]")
    mqtt.add_argument("--topic", required=True, help="topic filter, wildcards allowed")
    mqtt.add_argument(
        "--profile", help="MQTT profile to map payloads with; without one, every number is listed"
    )
    mqtt.add_argument("--count", type=int, default=3, help="messages to wait for (default 3)")
    mqtt.add_argument("--timeout", type=float, default=10.0, help="seconds to wait (default 10)")
    mqtt.add_argument("--ca-file", type=Path, help="authority that signed the broker's certificate (mqtts)")
    mqtt.add_argument("--username", help="asks for the password (or reads it from standard input)")
    mqtt.add_argument("--json", action="store_true", help="print JSON for scripts")
    mqtt.set_defaults(handler=run_mqtt)


def _profile(name: str | None, protocol: str) -> DeviceProfile | None:
    if name is None:
        return None
    profiles = builtin_profiles()
    profile = profiles.get(name)
    if profile is None or profile.protocol != protocol:
        known = ", ".join(sorted(p for p, v in profiles.items() if v.protocol == protocol))
        raise CommandError(f"unknown {protocol} profile {name!r}; known: {known}")
    return profile


def _transport(args: argparse.Namespace) -> Transport:
    target: str = args.target
    if target.startswith("/") or target.upper().startswith("COM"):
        return SerialTransport(target, args.baudrate, args.parity, args.stopbits)
    host, _, port = target.rpartition(":")
    if not host or not port.isdigit():
        host, port = target, "802" if args.tls else "502"
    tls = TlsSettings(args.ca_file, args.cert_file, args.key_file_tls) if args.tls else None
    return TcpTransport(host, int(port), rtu_framing=args.rtu_over_tcp, tls=tls)


def _print_readings(readings: list[Reading]) -> None:
    width = max((len(r.quantity) for r in readings), default=8)
    for reading in readings:
        value = "" if reading.value is None else f"{reading.value:.6g}"
        status = "" if reading.quality == Quality.GOOD else reading.quality.label
        print(f"  {reading.quantity:<{width}}  {value:>14} {reading.unit:<5} {status}")


def _reading_json(readings: list[Reading]) -> list[dict[str, object]]:
    return [
        {"quantity": r.quantity, "value": r.value, "unit": r.unit, "quality": r.quality.label}
        for r in readings
    ]


def run_modbus(context: Context) -> int:
    args = context.args
    profile = _profile(args.profile, "modbus")
    transport = _transport(args)
    result: ModbusProbe = run_probe_modbus(
        ModbusTarget.from_profile(transport, args.unit, profile), args.timeout
    )
    if args.json:
        json.dump(
            {
                "target": str(transport),
                "unit": args.unit,
                "sunspec_models": result.sunspec_models,
                "identity": result.identity,
                "readings": _reading_json(result.readings),
                "problem": result.problem,
            },
            sys.stdout,
        )
        print()
    else:
        print(translate("cli", "{target}, unit {unit}").format(target=transport, unit=args.unit))
        if result.sunspec_models:
            print(
                translate("cli", "SunSpec models: {models}").format(
                    models=", ".join(map(str, result.sunspec_models))
                )
            )
        for label, text in result.identity.items():
            print(f"  {label}: {text}")
        if result.readings:
            print(
                translate("cli", "{count} values in {reads} reads:").format(
                    count=len(result.readings), reads=result.reads
                )
            )
            _print_readings(result.readings)
        if result.problem:
            print(translate("cli", "Problem: {problem}").format(problem=result.problem))
    good = any(r.quality == Quality.GOOD for r in result.readings) or bool(result.sunspec_models)
    return 0 if good else 1


def _password(username: str | None) -> str | None:
    if username is None:
        return None
    if sys.stdin.isatty():
        return getpass.getpass(translate("cli", "Password for {user}: ").format(user=username))
    return sys.stdin.readline().rstrip("\n")


def run_mqtt(context: Context) -> int:
    args = context.args
    parts = urlsplit(args.url)
    if parts.scheme not in ("mqtt", "mqtts") or not parts.hostname:
        raise CommandError(
            f"broker URL {args.url!r} must look like mqtt://HOST[:PORT] or mqtts://HOST[:PORT]"
        )
    secure = parts.scheme == "mqtts"
    profile = _profile(args.profile, "mqtt")
    target = MqttTarget(
        parts.hostname,
        parts.port or (8883 if secure else 1883),
        args.topic,
        profile.points if profile is not None else None,
        profile.timestamp_path if profile is not None else None,
        tls=TlsSettings(ca_file=args.ca_file) if secure else None,
        username=args.username,
        password=_password(args.username),
    )
    result: MqttProbe = probe_mqtt(target, count=args.count, timeout_s=args.timeout)
    if args.json:
        messages = [
            {
                "topic": m.topic,
                "payload": m.payload.decode(errors="replace"),
                "readings": _reading_json(m.readings),
                "problem": m.problem,
            }
            for m in result.messages
        ]
        json.dump({"messages": messages, "problem": result.problem}, sys.stdout)
        print()
    else:
        for message in result.messages:
            preview = message.payload[:200].decode(errors="replace")
            print(f"{message.topic}: {preview}{'…' if len(message.payload) > 200 else ''}")
            _print_readings(message.readings)
            if message.problem:
                print(translate("cli", "  Problem: {problem}").format(problem=message.problem))
        if result.problem:
            print(translate("cli", "Problem: {problem}").format(problem=result.problem))
    return 0 if result.messages else 1
