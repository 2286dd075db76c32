"""``wattkeeper secret``: keep broker passwords and key passphrases in the OS keyring."""

from __future__ import annotations

import argparse

from app.accounts.actors import Right
from app.commands.context import CommandError, Context
from app.commands.signing_in import add_sign_in_options, signed_in
from app.i18n import translate
from app.secrets import (
    SecretError,
    alert_password_name,
    get_secret,
    mqtt_password_name,
    remove_secret,
    sms_pin_name,
    store_secret,
    tls_key_password_name,
    webhook_token_name,
)
from app.site.alert_settings import EmailChannel, MqttChannel, SmsChannel, WebhookChannel
from app.site.config import SiteConfig
from app.site.gateways import ModbusTlsGateway, MqttGateway


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    secret = commands.add_parser("secret", help="store the passwords the site needs in the OS keyring")
    actions = secret.add_subparsers(title="actions", metavar="ACTION", required=True)
    store = actions.add_parser(
        "set", help="store a secret (asked for twice, or read from standard input after the password)"
    )
    store.add_argument(
        "name", metavar="NAME", help="as 'secret status' lists it, e.g. mqtt-password:site/broker"
    )
    store.set_defaults(handler=set_one)
    remove = actions.add_parser("delete", help="remove a secret")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(handler=delete_one)
    for parser in (store, remove):
        add_sign_in_options(parser, help_user="the engineer or administrator acting")
    status = actions.add_parser(
        "status", help="list the secrets the site file needs and whether each is stored"
    )
    status.set_defaults(handler=show_status)


def set_one(context: Context) -> int:
    name = context.args.name
    with signed_in(context, Right.MANAGE_SECRETS) as signed:  # before the secret is typed
        value = signed.ask.new_secret(translate("cli", "Secret for {name}: ").format(name=name), "secret")
        if not value:
            raise CommandError(translate("cli", "an empty secret was not stored"))
        try:
            store_secret(signed.people.trail, signed.session.actor, name, value)
        except SecretError as exc:
            raise CommandError(str(exc)) from None
    print(translate("cli", "Stored {name} in the OS keyring.").format(name=name))
    return 0


def delete_one(context: Context) -> int:
    name = context.args.name
    with signed_in(context) as signed:
        try:
            removed = remove_secret(signed.people.trail, signed.session.actor, name)
        except SecretError as exc:
            raise CommandError(str(exc)) from None
        if not removed:
            raise CommandError(translate("cli", "no secret named {name!r}").format(name=name))
    print(translate("cli", "Removed {name}.").format(name=name))
    return 0


def alert_secrets(config: SiteConfig) -> list[tuple[str, bool]]:
    """The passwords, SIM PINs and tokens the site's alert channels say they need."""
    needed = []
    for channel in config.file.alert_channels:
        if isinstance(channel, EmailChannel | MqttChannel) and channel.username is not None:
            needed.append((alert_password_name(channel.id), True))
        if isinstance(channel, SmsChannel) and channel.pin:
            needed.append((sms_pin_name(channel.id), True))
        if isinstance(channel, WebhookChannel) and channel.token:
            needed.append((webhook_token_name(channel.id), True))
    return needed


def show_status(context: Context) -> int:
    config = context.load_config()
    needed = []
    for site in config.file.sites:
        for gateway in site.gateways:
            if isinstance(gateway, MqttGateway) and gateway.username is not None:
                needed.append((mqtt_password_name(site.id, gateway.id), True))
            if isinstance(gateway, ModbusTlsGateway) and gateway.key_file is not None:
                needed.append((tls_key_password_name(site.id, gateway.id), False))
    needed += alert_secrets(config)
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
