"""``wattkeeper db``: create and check the encrypted historian."""

from __future__ import annotations

import argparse

from app.cli import Context
from app.i18n import translate


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    db = commands.add_parser("db", help="manage the encrypted database")
    actions = db.add_subparsers(title="actions", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="create the database (and its key) if it does not exist")
    init.set_defaults(handler=init_db)
    check = actions.add_parser("check", help="verify the database's pages and encryption")
    check.set_defaults(handler=check_db)


def init_db(context: Context) -> int:
    db = context.open_db(create=True)
    db.close()
    print(translate("cli", "Database ready: {path}").format(path=db.path))
    return 0


def check_db(context: Context) -> int:
    db = context.open_db(migrate=False)
    try:
        problems = db.integrity_problems()
    finally:
        db.close()
    if problems:
        for problem in problems:
            print(f"{db.path}: {problem}")
        return 1
    print(translate("cli", "ok: {path} passed the integrity and cipher checks").format(path=db.path))
    return 0
