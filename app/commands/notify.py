"""``wattkeeper notify``: send a test message through an alert channel, and read the outbox."""

from __future__ import annotations

import argparse
import json

from app.accounts.actors import Right
from app.alerts.service import AlertService
from app.audit.trail import AuditTrail
from app.commands.context import CommandError, Context
from app.commands.signing_in import add_sign_in_options, signed_in
from app.i18n import translate
from app.timefmt import iso_utc, local_clock


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    notify = commands.add_parser("notify", help="test the alert channels and read the alert outbox")
    actions = notify.add_subparsers(title="actions", metavar="ACTION", required=True)
    test = actions.add_parser(
        "test", help="send a test message now through one channel of the site file and say what happened"
    )
    test.add_argument("channel", metavar="CHANNEL", help="an alert channel's id in the site file")
    test.add_argument(
        "--to", metavar="EMAIL", help="the account to send an e-mail or SMS test to (default: you)"
    )
    add_sign_in_options(test, help_user="the engineer or administrator acting")
    test.set_defaults(handler=send_test)
    outbox = actions.add_parser("outbox", help="the newest notifications and what became of each")
    outbox.add_argument("--status", choices=["pending", "sending", "sent", "failed", "held"])
    outbox.add_argument("--limit", type=int, default=50, help="how many, newest first (default 50)")
    outbox.add_argument("--json", action="store_true", help="print a JSON array for scripts")
    add_sign_in_options(outbox, help_user="the administrator reading it")
    outbox.set_defaults(handler=show_outbox)


def _service(context: Context, trail: AuditTrail) -> AlertService:
    """The site's channels, without alarms: a test or a reading needs no standing alarm."""
    config = context.load_config()
    if not config.file.alert_channels:
        raise CommandError(translate("cli", "the site file defines no alert channels ([[alert_channels]])"))
    return AlertService(config, trail, lambda: [])


def send_test(context: Context) -> int:
    with signed_in(context, Right.CONFIGURE) as signed:
        service = _service(context, signed.people.trail)
        try:
            delivery = service.send_test(signed.session.actor, context.args.channel, context.args.to)
        except KeyError as exc:
            raise CommandError(str(exc.args[0])) from None
        finally:
            service.stop()
    if not delivery.sent:
        raise CommandError(
            translate("cli", "the test message was not sent: {why}").format(why=delivery.result)
        )
    print(
        translate("cli", "Test message sent through {channel}: {result}").format(
            channel=context.args.channel, result=delivery.result
        )
    )
    return 0


def show_outbox(context: Context) -> int:
    with signed_in(context, Right.VIEW_AUDIT) as signed:
        service = _service(context, signed.people.trail)
        rows = service.outbox(signed.session.actor, limit=context.args.limit, status=context.args.status)
        counts = service.counts()
    if context.args.json:
        print(
            json.dumps(
                [
                    {
                        "key": r.key, "alarm": r.alarm, "event": r.event, "tier": r.tier, "rule": r.rule,
                        "recipient": r.recipient, "channel": r.channel, "status": r.status,
                        "attempts": r.attempts, "decided": iso_utc(r.created_ms),
                        "sent": None if r.sent_ms is None else iso_utc(r.sent_ms), "result": r.result,
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )  # fmt: skip
        return 0
    print(", ".join(f"{status} {n}" for status, n in sorted(counts.items())) or translate("cli", "empty"))
    for r in rows:
        who = r.recipient or translate("cli", "(machine)")
        print(
            f"{local_clock(r.created_ms)}  {r.status:<8} {r.attempts:>2}×  {r.channel:<12} {who:<18} "
            f"{r.event:<12} {r.alarm}  {r.result or ''}"
        )
    return 0
