"""``wattkeeper privacy``: a person's data and rights, and the administrator's register.

Without ``--subject``, each action concerns the signed-in person's own account; with
``--subject EMAIL`` an administrator acts on someone's request.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.accounts.actors import Right, RightMissingError
from app.commands.context import CommandError, Context
from app.commands.signing_in import Signed, add_sign_in_options, signed_in
from app.i18n import translate
from app.privacy.consents import Purpose
from app.privacy.laws import RequestKind
from app.privacy.notice import notice
from app.privacy.service import PrivacyError
from app.timefmt import iso_utc, now_ms, parse_time


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    privacy = commands.add_parser("privacy", help="see, correct, export or delete personal data; requests")
    actions = privacy.add_subparsers(title="actions", metavar="ACTION", required=True)

    show = actions.add_parser("show", help="everything held about a person, as JSON on standard output")
    show.set_defaults(handler=show_data)
    export = actions.add_parser("export", help="write a person's data to a JSON file ('My data')")
    export.add_argument("--output", type=Path, required=True, metavar="FILE")
    export.set_defaults(handler=export_data)
    correct = actions.add_parser("correct", help="correct a person's email address or organisation")
    correct.add_argument("--email", dest="new_email", metavar="EMAIL")
    correct.add_argument("--organisation", metavar="NAME")
    correct.set_defaults(handler=correct_data)
    consent = actions.add_parser("consent", help="agree to or refuse an optional purpose")
    consent.add_argument("purpose", choices=[p.value for p in Purpose])
    consent.add_argument("answer", choices=("yes", "no"))
    consent.set_defaults(handler=set_consent)
    withdraw = actions.add_parser("withdraw", help="disable an account now and delete it after the window")
    withdraw.set_defaults(handler=withdraw_account)
    for parser in (show, export, correct, consent, withdraw):
        parser.add_argument("--subject", metavar="EMAIL", help="someone else's account (administrators)")

    _register_administration(actions)
    notice = actions.add_parser("notice", help="print the privacy notice (English or Vietnamese)")
    notice.add_argument("--language", choices=("en", "vi"), default="en")
    notice.set_defaults(handler=print_notice)

    for parser in actions.choices.values():
        if parser is not notice:
            add_sign_in_options(parser)


def _register_administration(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """What administrators do on people's requests: restore, erase, purge, the register, contacts."""
    restore = actions.add_parser("restore", help="give a withdrawn account back within its window")
    restore.add_argument("subject", metavar="EMAIL")
    restore.set_defaults(handler=restore_account)
    erase = actions.add_parser("erase", help="hard-delete an account now (offboarding)")
    erase.add_argument("subject", metavar="EMAIL")
    erase.set_defaults(handler=erase_account)
    purge = actions.add_parser("purge", help="apply every retention rule now")
    purge.add_argument(
        "--as-of", metavar="T", help="as if it were this time (ISO 8601), e.g. to check a rule"
    )
    purge.set_defaults(handler=purge_now)

    requests = actions.add_parser("requests", help="the register of data-subject requests")
    requests.add_argument("--open", action="store_true", help="only those not done")
    requests.add_argument("--json", action="store_true")
    requests.set_defaults(handler=list_requests)
    receive = actions.add_parser("request", help="register a request received by mail, phone or in person")
    receive.add_argument("subject", metavar="EMAIL")
    receive.add_argument("kind", choices=[k.value for k in RequestKind])
    receive.add_argument("--note", default="")
    receive.set_defaults(handler=receive_request)
    for name, handler, text in (
        ("acknowledge", acknowledge_request, "record that a request was answered"),
        ("done", complete_request, "record that a request was carried out"),
    ):
        parser = actions.add_parser(name, help=text)
        parser.add_argument("request", type=int, metavar="ID")
        parser.add_argument("--note", default="")
        parser.set_defaults(handler=handler)

    inquiry = actions.add_parser("inquiry", help="keep a support or quote inquiry (purged after its period)")
    inquiry.add_argument("--name", required=True)
    inquiry.add_argument("--email", dest="contact_email", required=True)
    inquiry.add_argument("--company", default="")
    inquiry.add_argument("--phone", default="")
    inquiry.add_argument("--message", default="")
    inquiry.set_defaults(handler=add_inquiry)
    contact = actions.add_parser("contact", help="add a site's point of contact (removed when the role ends)")
    contact.add_argument("--site", required=True)
    contact.add_argument("--name", required=True)
    contact.add_argument("--email", dest="contact_email", default="")
    contact.add_argument("--phone", default="")
    contact.add_argument("--role", dest="contact_role", default="")
    contact.add_argument("--until", metavar="T", help="when the role ends, if known")
    contact.set_defaults(handler=add_contact)
    end = actions.add_parser("contact-ended", help="a point of contact no longer holds the role")
    end.add_argument("contact", type=int, metavar="ID")
    end.set_defaults(handler=end_contact)


@contextmanager
def _acting(context: Context, right: Right | None = None) -> Iterator[Signed]:
    """Signed in as ``--user``; a refusal of the privacy service becomes the command's one-line error.

    ``ValueError`` is what the service raises for typed input it cannot take (an email that is
    not one, a time in the wrong form), ``OSError`` what an export meets at its destination.
    """
    with signed_in(context, right) as signed:
        try:
            yield signed
        except (PrivacyError, RightMissingError, ValueError, OSError) as exc:
            raise CommandError(str(exc)) from None


def show_data(context: Context) -> int:
    with _acting(context) as signed:
        overview = signed.people.privacy.overview(signed.session.actor, context.args.subject)
    json.dump(overview.data.document, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


def export_data(context: Context) -> int:
    with _acting(context) as signed:
        data = signed.people.privacy.export(signed.session.actor, context.args.output, context.args.subject)
    print(
        translate("cli", "Data of {email} written to {file} ({records} audit records)").format(
            email=data.document["account"]["email"], file=context.args.output, records=len(data.audit_records)
        )
    )
    return 0


def correct_data(context: Context) -> int:
    args = context.args
    if args.new_email is None and args.organisation is None:
        raise CommandError(translate("cli", "give --email and/or --organisation"))
    with _acting(context) as signed:
        row = signed.people.privacy.correct(
            signed.session.actor,
            email=args.subject,
            new_email=args.new_email,
            organisation=args.organisation,
        )
    print(
        translate("cli", "Now: {email}, {organisation}").format(
            email=row.email, organisation=row.organisation
        )
    )
    return 0


def set_consent(context: Context) -> int:
    args = context.args
    with _acting(context) as signed:
        signed.people.privacy.set_consent(
            signed.session.actor, Purpose(args.purpose), args.answer == "yes", args.subject
        )
    print(translate("cli", "Recorded: {purpose} = {answer}").format(purpose=args.purpose, answer=args.answer))
    return 0


def withdraw_account(context: Context) -> int:
    with _acting(context) as signed:
        due = signed.people.privacy.withdraw(signed.session.actor, context.args.subject)
    print(
        translate("cli", "Account withdrawn and disabled; it is deleted for good after {time}.").format(
            time=iso_utc(due)
        )
    )
    return 0


def restore_account(context: Context) -> int:
    with _acting(context, Right.MANAGE_PRIVACY) as signed:
        signed.people.privacy.restore(signed.session.actor, context.args.subject)
    print(translate("cli", "{email} is active again.").format(email=context.args.subject))
    return 0


def erase_account(context: Context) -> int:
    with _acting(context, Right.MANAGE_PRIVACY) as signed:
        done = signed.people.privacy.erase_now(signed.session.actor, context.args.subject)
    print(translate("cli", "Erased; records of it keep only {ref}.").format(ref=done.ref))
    return 0


def purge_now(context: Context) -> int:
    as_of = None
    if context.args.as_of:
        try:
            as_of = parse_time(context.args.as_of)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
    with signed_in(context, Right.MANAGE_PRIVACY) as signed:
        run = signed.people.privacy.purge(signed.session.actor, as_of_ms=as_of)
    for name, count in run.counts.items():
        print(f"{name}\t{count}")
    return 0


def list_requests(context: Context) -> int:
    with signed_in(context, Right.MANAGE_PRIVACY) as signed:
        privacy = signed.people.privacy
        views = privacy.requests(signed.session.actor, open_only=context.args.open)
        names = signed.people.accounts.names()
        warning = privacy.law_warning()
    now = now_ms()
    rows = [
        {
            "id": v.id,
            "subject": names.get(v.row.subject, v.row.subject),
            "kind": v.row.kind,
            "law": v.row.law,
            "received": iso_utc(v.row.received_ms),
            "acknowledged": None if v.row.acknowledged_ms is None else iso_utc(v.row.acknowledged_ms),
            "done": None if v.row.done_ms is None else iso_utc(v.row.done_ms),
            "due": iso_utc(v.row.due_ms),
            "overdue": v.overdue(now),
            "note": v.row.note,
        }
        for v in views
    ]
    if context.args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for row in rows:
            flag = translate("cli", "OVERDUE") if row["overdue"] else ""
            state = translate("cli", "done") if row["done"] else translate("cli", "open")
            print(f"{row['id']:>4}  {row['kind']:<12} {state:<5} due {row['due']}  {row['subject']}  {flag}")
    if warning:
        print(warning, file=sys.stderr)
    return 1 if any(r["overdue"] for r in rows) else 0


def receive_request(context: Context) -> int:
    args = context.args
    with _acting(context, Right.MANAGE_PRIVACY) as signed:
        request = signed.people.privacy.receive_request(
            signed.session.actor, args.subject, RequestKind(args.kind), args.note
        )
    print(translate("cli", "Request {id} registered.").format(id=request))
    return 0


def acknowledge_request(context: Context) -> int:
    with _acting(context, Right.MANAGE_PRIVACY) as signed:
        signed.people.privacy.acknowledge_request(signed.session.actor, context.args.request)
    return 0


def complete_request(context: Context) -> int:
    with _acting(context, Right.MANAGE_PRIVACY) as signed:
        signed.people.privacy.complete_request(signed.session.actor, context.args.request, context.args.note)
    return 0


def add_inquiry(context: Context) -> int:
    args = context.args
    with _acting(context) as signed:
        inquiry = signed.people.privacy.add_inquiry(
            signed.session.actor,
            name=args.name,
            email=args.contact_email,
            company=args.company,
            phone=args.phone,
            message=args.message,
        )
    days = signed.people.privacy.settings.inquiry_days
    print(
        translate("cli", "Inquiry {id} kept; it is purged after {days} days.").format(id=inquiry, days=days)
    )
    return 0


def add_contact(context: Context) -> int:
    args = context.args
    try:
        until = None if args.until is None else parse_time(args.until)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    with _acting(context, Right.MANAGE_PRIVACY) as signed:
        contact = signed.people.privacy.add_contact(
            signed.session.actor,
            site=args.site,
            name=args.name,
            email=args.contact_email,
            phone=args.phone,
            role=args.contact_role,
            role_ends_ms=until,
        )
    print(translate("cli", "Contact {id} added.").format(id=contact))
    return 0


def end_contact(context: Context) -> int:
    with _acting(context, Right.MANAGE_PRIVACY) as signed:
        signed.people.privacy.end_contact(signed.session.actor, context.args.contact)
    return 0


def print_notice(context: Context) -> int:
    print(notice(context.site_settings().privacy, context.args.language))
    return 0
