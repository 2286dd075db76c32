"""``wattkeeper demo`` and ``wattkeeper gui``: the operator's window.

The demo needs no hardware and no set-up: it starts a simulated plant in-process,
writes a site file for it into a fresh demo folder and opens the window on it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from app.accounts.passwords import PasswordRejectedError
from app.accounts.service import AccountError, Session, SignInError
from app.commands.context import CommandError, Context, plainly
from app.commands.signing_in import Prompter
from app.commands.simulate import add_fault_option
from app.i18n import translate
from app.logging_setup import configure_logging
from app.paths import DataDir
from app.pipeline.runtime import Runtime
from app.plant_control import PlantControl
from app.site.config import load_site
from simulator.plant import SimulatedPlant
from storage.database import open_database
from storage.keys import keyring_available


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    demo = commands.add_parser("demo", help="open the control room on a simulated plant (no hardware needed)")
    demo.set_defaults(handler=run_demo)
    add_fault_option(demo)
    demo.add_argument(
        "--admin",
        metavar="EMAIL",
        help="for a scripted run: create the demo's administrator with this email and open the window "
        "signed in (the password is asked for, or read from standard input with --password-stdin)",
    )
    demo.add_argument(
        "--password-stdin", action="store_true", help="read the --admin password from standard input"
    )
    gui = commands.add_parser("gui", help="open the control room on the configured site")
    gui.set_defaults(handler=run_gui)
    for parser in (demo, gui):
        parser.add_argument(
            "--quit-after", type=float, metavar="SECONDS", help="close the window after this long"
        )
        parser.add_argument(
            "--screenshot", type=Path, metavar="PNG", help="with --quit-after: save the window first"
        )


def require_display() -> None:
    """Fail with a plain message, rather than a Qt abort, when there is no screen."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    ):
        raise CommandError(
            "no graphical display: run this on a desktop session (or under xvfb-run); "
            "the headless 'collect' command needs none"
        )


def run_gui(context: Context) -> int:
    from app import gui

    require_display()
    configure_logging(context.data.log_file)
    config = context.load_config()
    db = context.open_db(create=True)
    runtime = Runtime.build(config, db, key_file=context.key_file, data_dir=context.data.root)
    runtime.start()
    try:
        return gui.run_main_window(
            runtime, None, quit_after_s=context.args.quit_after, screenshot=context.args.screenshot
        )
    finally:
        runtime.stop()
        db.close()


def run_demo(context: Context) -> int:
    from app import gui

    require_display()
    demo = DataDir(context.data.root / "demo")
    shutil.rmtree(demo.root, ignore_errors=True)
    demo.root.mkdir(parents=True)
    configure_logging(demo.log_file)
    key_file = context.key_file
    if key_file is None and not keyring_available():
        key_file = demo.root / "demo.key"
        print(
            translate("cli", "No OS keyring here: the demo database key is kept in {path}.").format(
                path=key_file
            ),
            file=sys.stderr,
        )
    with SimulatedPlant(faults=context.args.fault) as plant:
        demo.site_file.write_text(plant.site_toml(), encoding="utf-8")
        config = load_site(demo.site_file)
        db = open_database(demo.database, key_file, create=True)
        runtime = Runtime.build(config, db, key_file=key_file, data_dir=demo.root)
        runtime.start()
        try:
            session = _scripted_admin(context, runtime) if context.args.admin else None
            return gui.run_main_window(
                runtime,
                PlantControl(plant),
                quit_after_s=context.args.quit_after,
                screenshot=context.args.screenshot,
                session=session,
            )
        finally:
            runtime.stop()
            db.close()


def _scripted_admin(context: Context, runtime: Runtime) -> Session:
    """The demo's first administrator from ``--admin`` and a password on standard input, signed in."""
    password = Prompter(context.args.password_stdin).new_secret(
        translate("cli", "Password for {email}: ").format(email=context.args.admin), "password"
    )
    accounts = runtime.people.accounts
    plainly(
        lambda: accounts.create_first_admin(context.args.admin, "", password),
        AccountError,
        PasswordRejectedError,
        ValueError,
    )
    return plainly(lambda: accounts.sign_in(context.args.admin, password), SignInError)
