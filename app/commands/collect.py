"""``wattkeeper collect``: the headless pipeline, for a service or a console.

Never imports QtWidgets, so it runs on machines with no display.
"""

from __future__ import annotations

import argparse
import sys

from app.commands.context import Context
from app.i18n import translate
from app.logging_setup import configure_logging
from app.pipeline.runtime import Runtime
from app.shutdown import StopRequest


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "collect", help="read the configured devices and record their values, without a GUI"
    )
    parser.add_argument(
        "--duration",
        type=float,
        metavar="SECONDS",
        help="stop after this many seconds (default: run until stopped)",
    )
    parser.set_defaults(handler=run)


def run(context: Context) -> int:
    configure_logging(context.data.log_file)
    config = context.load_config()
    db = context.open_db(create=True)
    stop = StopRequest().install()
    runtime = Runtime.build(config, db, key_file=context.key_file, data_dir=context.data.root)
    devices = sum(1 for _ in config.devices())
    print(
        translate("cli", "Collecting {points} points from {devices} devices into {db}; Ctrl+C stops.").format(
            points=len(config.points), devices=devices, db=db.path
        ),
        file=sys.stderr,
    )
    runtime.start()
    try:
        stop.wait(context.args.duration)
    finally:
        runtime.stop()
        db.close()
    print(
        translate("cli", "Stopped{reason}: {written} samples written, {dropped} dropped.").format(
            reason=f" ({stop.signal_name})" if stop.signal_name else "",
            written=runtime.writer.written,
            dropped=runtime.writer.dropped,
        ),
        file=sys.stderr,
    )
    return 0 if runtime.writer.dropped == 0 and runtime.writer.failed_writes == 0 else 1
