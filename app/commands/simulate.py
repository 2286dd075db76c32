"""``wattkeeper simulate``: a small plant on loopback ports, for demos, training and tests."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.context import CommandError, Context
from app.i18n import translate
from app.logging_setup import configure_logging
from app.shutdown import StopRequest
from simulator.faults import Fault, ScheduledFault
from simulator.modbus_server import GENSET_UNIT, INVERTER_UNIT, METER_UNIT
from simulator.plant import ENV_TOPIC, SimulatedPlant


def _fault(text: str) -> ScheduledFault:
    try:
        return ScheduledFault.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_fault_option(parser: argparse.ArgumentParser) -> None:
    """``--fault NAME[@SECONDS]``, shared by ``simulate`` and ``demo`` so training runs can be scripted."""
    parser.add_argument(
        "--fault",
        type=_fault,
        action="append",
        default=[],
        metavar="NAME[@SECONDS]",
        help="inject a fault, now or that many seconds after launch; repeatable "
        f"({', '.join(f.value for f in Fault)})",
    )


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "simulate",
        help="run a simulated plant: an SDM630 meter and a generator over Modbus TCP, a sensor over MQTT",
    )
    parser.add_argument(
        "--modbus-port", type=int, default=5020, help="Modbus TCP port (default 5020; 0 = any free)"
    )
    parser.add_argument(
        "--mqtt-port", type=int, default=0, help="port of the plant's own broker (default 0 = any free)"
    )
    parser.add_argument(
        "--broker", metavar="URL", help="publish to this existing broker (mqtt://HOST:PORT) instead"
    )
    add_fault_option(parser)
    parser.add_argument(
        "--write-config", type=Path, metavar="FILE", help="write a site file that reads this plant"
    )
    parser.add_argument("--seed", type=int, help="seed for reproducible noise")
    parser.set_defaults(handler=run)


def run(context: Context) -> int:
    args = context.args
    configure_logging(None)
    plant = SimulatedPlant(
        modbus_port=args.modbus_port,
        mqtt_port=args.mqtt_port,
        broker_url=args.broker,
        seed=args.seed,
        faults=args.fault,
    )
    stop = StopRequest().install()
    plant.start()
    try:
        if args.write_config is not None:
            try:
                args.write_config.write_text(plant.site_toml(), encoding="utf-8")
            except OSError as exc:
                raise CommandError(
                    f"{args.write_config}: cannot write the site file: {exc.strerror}"
                ) from None
        lines = [
            translate(
                "cli",
                "Modbus TCP  {endpoint}  (SDM630 meter: unit {meter}, generator: unit {genset}, "
                "SunSpec PV inverter: unit {inverter})",
            ).format(endpoint=plant.modbus, meter=METER_UNIT, genset=GENSET_UNIT, inverter=INVERTER_UNIT),
            translate("cli", "MQTT        {endpoint}  (sensor topic {topic})").format(
                endpoint=plant.mqtt, topic=ENV_TOPIC
            ),
        ]
        if args.write_config is not None:
            lines.append(translate("cli", "Site file   {path}").format(path=args.write_config))
        for scheduled in args.fault:
            lines.append(
                translate("cli", "Fault       {fault} after {seconds:g} s").format(
                    fault=scheduled.fault.value, seconds=scheduled.start_s
                )
            )
        lines.append(translate("cli", "Simulating; Ctrl+C stops."))
        print("\n".join(lines), flush=True)
        stop.wait(None)
    finally:
        plant.stop()
    return 0
