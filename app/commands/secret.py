"""``wattkeeper secret``: keep broker passwords and key passphrases in the OS keyring."""

from __future__ import annotations

import argparse
import getpass
import sys

from app.commands.context import CommandError, Context
from app.i18n import translate
from app.secrets import (
    SecretError,
    delete_secret,
    get_secret,
    mqtt_password_name,
    set_secret,
    tls_key_password_name,
)
from app.site.gateways import ModbusTlsGateway, MqttGateway


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    secret = commands.add_parser("secret", help="store the passwords the site needs in the OS keyring")
    actions = secret.add_subparsers(title="actions", metavar="ACTION", required=True)
    store = actions.add_parser("set", help="store a secret (asked for, or read from standard input)")
    store.add_argument(
        "name", metavar="NAME", help="as 'secret status' lists it, e.g. mqtt-password:site/broker"
    )
    store.set_defaults(handler=set_one)
    remove = actions.add_parser("delete", help="remove a secret")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(handler=delete_one)
    status = actions.add_parser(
        "status", help="list the secrets the site file needs and whether each is stored"
    )
    status.set_defaults(handler=show_status)


def _read_secret(name: str) -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(translate("cli", "Secret for {name}: ").format(name=name))
    if getpass.getpass(translate("cli", "Again: ")) != first:
        raise CommandError("the two entries differ; nothing was stored")
    return first


def set_one(context: Context) -> int:
    value = _read_secret(context.args.name)
    if not value:
        raise CommandError("an empty secret was not stored")
    try:
        set_secret(context.args.name, value)
    except SecretError as exc:
        raise CommandError(str(exc)) from None
    print(translate("cli", "Stored {name} in the OS keyring.").format(name=context.args.name))
    return 0


def delete_one(context: Context) -> int:
    try:
        removed = delete_secret(context.args.name)
    except SecretError as exc:
        raise CommandError(str(exc)) from None
    if not removed:
        raise CommandError(f"no secret named {context.args.name!r}")
    print(translate("cli", "Removed {name}.").format(name=context.args.name))
    return 0


def show_status(context: Context) -> int:
    config = context.load_config()
    needed = []
    for site in config.file.sites:
        for gateway in site.gateways:
            if isinstance(gateway, MqttGateway) and gateway.username is not None:
                needed.append((mqtt_password_name(site.id, gateway.id), True))
            if isinstance(gateway, ModbusTlsGateway) and gateway.key_file is not None:
                needed.append((tls_key_password_name(site.id, gateway.id), False))
    missing = 0
    try:
        for name, required in needed:
            stored = get_secret(name) is not None
            missing += required and not stored
            state = translate("cli", "stored") if stored else translate("cli", "missing")
            note = "" if required else translate("cli", " (only if the key file is encrypted)")
            print(f"{name}  {state}{note}")
    except SecretError as exc:
        raise CommandError(str(exc)) from None
    if not needed:
        print(translate("cli", "The site file needs no secrets."))
    return 1 if missing else 0
