"""``wattkeeper collect``: the headless pipeline, for a service or a console.

Never imports QtWidgets, so it runs on machines with no display. SIGHUP (``systemctl
reload``) reads the site file again and puts it in force like the window does: only the
changed devices restart; a broken file is logged and the running configuration stays.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time

from app.commands.context import Context
from app.i18n import translate
from app.logging_setup import configure_logging
from app.pipeline.runtime import Runtime
from app.pipeline.site_setup import put_edited_in_force
from app.secrets import SecretError
from app.shutdown import StopRequest
from app.site.config import ConfigError, load_site
from storage.errors import StorageError

log = logging.getLogger(__name__)


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
    stop = StopRequest().install(reload=True)
    runtime = Runtime.build(config, db, key_file=context.key_file, data_dir=context.data.root)
    devices = sum(1 for _ in config.devices())
    print(
        translate("cli", "Collecting {points} points from {devices} devices into {db}; Ctrl+C stops.").format(
            points=len(config.points), devices=devices, db=db.path
        ),
        file=sys.stderr,
    )
    runtime.start()
    deadline = None if context.args.duration is None else time.monotonic() + context.args.duration
    try:
        while stop.wait_or_reload(_left(deadline)) == "reload":
            _reload(runtime)
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


def _left(deadline: float | None) -> float | None:
    return None if deadline is None else max(0.0, deadline - time.monotonic())


def _reload(runtime: Runtime) -> None:
    """The site file read again and put in force; anything wrong is logged and changes nothing."""
    path = runtime.config.path
    if path is None:
        return
    try:
        config = load_site(path)
        if config.text == runtime.config.text:
            log.info("reload: the site file %s is unchanged", path)
            return
        applied = put_edited_in_force(runtime, config)
    except ConfigError as exc:
        log.error(
            "reload: the site file has problems; the running configuration stays:\n%s",
            "\n".join(exc.problems),
        )
        return
    except (SecretError, StorageError, OSError) as exc:
        log.error("reload: %s", exc)
        return
    if applied.waiting:
        log.warning("reload: %s change(s) apply at the next start", ", ".join(applied.waiting))
