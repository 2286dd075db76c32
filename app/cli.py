"""The ``wattkeeper`` command line: global options, sub-commands, one-line errors.

Each sub-command is a function registered on its parser (no string dispatch); any
expected failure becomes one line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from app.commands import register_all
from app.commands.context import CommandError, Context, Handler
from app.paths import HOME_ENV, DataDir
from app.site.config import ConfigError
from drivers.base import DriverError
from simulator.broker import BrokerError
from simulator.plant import SimulatorError
from storage.errors import StorageError

EXIT_FAILURE = 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wattkeeper",
        description="Energy and machine monitoring for the control room, over Modbus and MQTT.",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help=f"where the database, logs and site file live (default: ${HOME_ENV} or the "
        "platform's user data folder)",
    )
    parser.add_argument(
        "--config", type=Path, metavar="FILE", help="site file (default: site.toml in the data directory)"
    )
    parser.add_argument(
        "--key-file",
        type=Path,
        metavar="FILE",
        help="keep the database key in this file instead of the OS keyring (created if new)",
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help="a PostgreSQL server shared by several workstations, e.g. postgresql://user@host/wattkeeper "
        "(default: the encrypted database file in the data directory)",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    register_all(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    context = Context(args, DataDir.resolve(args.data_dir))
    handler: Handler = args.handler
    try:
        return handler(context)
    except ConfigError as exc:
        _fail(str(exc))
    except (CommandError, StorageError, DriverError, SimulatorError, BrokerError) as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    return EXIT_FAILURE


def _fail(message: str) -> None:
    print(f"wattkeeper: error: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
