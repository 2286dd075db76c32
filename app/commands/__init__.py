"""The sub-commands of ``wattkeeper``; each module registers its own parsers."""

from __future__ import annotations

import argparse

from app.commands import (
    alarms,
    audit,
    collect,
    database,
    demo,
    history,
    notify,
    privacy,
    probe,
    report,
    secret,
    simulate,
    users,
)


def register_all(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    for module in (
        demo,
        simulate,
        collect,
        history,
        database,
        alarms,
        report,
        users,
        audit,
        privacy,
        probe,
        secret,
        notify,
    ):
        module.register(commands)
