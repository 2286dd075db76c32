"""``wattkeeper users`` (administrators) and ``wattkeeper account`` (one's own account).

There is no default account and no default password: the first ``users add EMAIL --role
admin`` on a database without accounts creates the first administrator, asking for its
password; every later change is made by a signed-in administrator.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TypeVar

from app.accounts.actors import Right
from app.accounts.passwords import PasswordRejectedError
from app.accounts.roles import Role, parse_role
from app.accounts.service import Account, AccountError, SignInError
from app.commands.context import CommandError, Context, plainly
from app.commands.signing_in import Prompter, Signed, add_sign_in_options, open_people, prompter, signed_in
from app.i18n import translate
from app.timefmt import iso_utc

T = TypeVar("T")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    users = commands.add_parser("users", help="add and manage accounts (administrators)")
    actions = users.add_subparsers(title="actions", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add an account; on a new database, the first administrator")
    add.add_argument("email", metavar="EMAIL")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--organisation", default="", help="the organisation the person works for")
    add.add_argument("--sites", metavar="SITE,...", help="limit the account to these site ids (default: all)")
    add.add_argument(
        "--user", metavar="EMAIL", help="the administrator adding it (not for the first account)"
    )
    add.add_argument("--password-stdin", action="store_true", help="read passwords from standard input")
    add.set_defaults(handler=add_user)
    listing = actions.add_parser("list", help="every account with its role, state and second factor")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=list_users)
    for name, handler, text in (
        ("disable", disable_user, "stop an account from signing in"),
        ("enable", enable_user, "let a disabled account sign in again"),
        ("unlock", unlock_user, "lift the sign-in delay after failed attempts"),
        ("reset-mfa", reset_mfa, "forget an account's second factor (a lost phone)"),
        ("set-password", set_password, "give an account a new password"),
    ):
        parser = actions.add_parser(name, help=text)
        parser.add_argument("email", metavar="EMAIL")
        parser.set_defaults(handler=handler)
    role = actions.add_parser("set-role", help="change an account's role and sites")
    role.add_argument("email", metavar="EMAIL")
    role.add_argument("--role", required=True, choices=[r.value for r in Role])
    role.add_argument("--sites", metavar="SITE,...", help="site ids it may see (default: all)")
    role.set_defaults(handler=set_role)
    policy = actions.add_parser("require-mfa", help="require a second factor for a role, or not")
    policy.add_argument("role", choices=[r.value for r in Role])
    policy.add_argument("state", choices=("on", "off"))
    policy.set_defaults(handler=require_mfa)
    for parser in actions.choices.values():
        if parser is not add:
            add_sign_in_options(parser, help_user="the administrator acting (asked for their password)")

    account = commands.add_parser("account", help="your own account: second factor, password")
    own = account.add_subparsers(title="actions", metavar="ACTION", required=True)
    mfa = own.add_parser("mfa", help="set up the second factor with an authenticator app")
    mfa.set_defaults(handler=enrol_mfa)
    password = own.add_parser("password", help="change your password")
    password.set_defaults(handler=change_password)
    codes = own.add_parser("recovery-codes", help="replace your recovery codes with 10 new ones")
    codes.set_defaults(handler=renew_codes)
    for parser in (mfa, password, codes):
        add_sign_in_options(parser, help_user="your account's email")


def _sites(text: str | None) -> frozenset[str] | None:
    if text is None:
        return None
    sites = frozenset(s.strip() for s in text.split(",") if s.strip())
    if not sites:
        raise CommandError(translate("cli", "--sites names no site"))
    return sites


def _new_password(ask: Prompter, email: str) -> str:
    return ask.new_secret(translate("cli", "New password for {email}: ").format(email=email), "new password")


def add_user(context: Context) -> int:
    args = context.args
    role = parse_role(args.role)
    db = context.open_db(create=True)
    try:
        people = open_people(context, db)
        ask = prompter(context)
        if not people.accounts.has_accounts():
            if role is not Role.ADMIN:
                raise CommandError(
                    translate("cli", "the first account must be an administrator: --role admin")
                )
            print(
                translate("cli", "No accounts yet: {email} becomes the first administrator.").format(
                    email=args.email
                ),
                file=sys.stderr,
            )
            account = _guarded(
                lambda: people.accounts.create_first_admin(
                    args.email, args.organisation, _new_password(ask, args.email)
                )
            )
            print(translate("cli", "Administrator {email} created.").format(email=account.email))
            print(
                translate(
                    "cli",
                    "Administrators sign in with a second factor: set it up now with "
                    "'wattkeeper account mfa --user {email}'.",
                ).format(email=account.email)
            )
            return 0
        if args.user is None:
            raise CommandError(
                translate("cli", "accounts exist: name the administrator adding this one with --user")
            )
        with signed_in(context, Right.MANAGE_USERS, db=db) as signed:
            password = _new_password(signed.ask, args.email)
            account = _guarded(
                lambda: signed.people.accounts.add_user(
                    signed.session.actor,
                    args.email,
                    args.organisation,
                    role,
                    password,
                    sites=_sites(args.sites),
                )
            )
        print(
            translate("cli", "Account {email} ({role}) created.").format(
                email=account.email, role=account.role
            )
        )
        return 0
    finally:
        db.close()


def _guarded(action: Callable[[], T]) -> T:
    return plainly(action, AccountError, PasswordRejectedError, ValueError)


def _record(account: Account, throttled_until: int | None) -> dict[str, object]:
    return {
        "email": account.email,
        "ref": account.ref,
        "organisation": account.organisation,
        "role": account.role.value,
        "sites": None if account.sites is None else sorted(account.sites),
        "status": account.status,
        "second_factor": account.mfa_enrolled,
        "created": iso_utc(account.created_ms),
        "last_sign_in": None if account.last_sign_in_ms is None else iso_utc(account.last_sign_in_ms),
        "throttled_until": None if throttled_until is None else iso_utc(throttled_until),
    }


def list_users(context: Context) -> int:
    with signed_in(context, Right.MANAGE_USERS) as signed:
        accounts = signed.people.accounts
        rows = [_record(a, accounts.throttled_until(a.email)) for a in accounts.users(signed.session.actor)]
    if context.args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for row in rows:
        sites = ",".join(row["sites"]) if row["sites"] else translate("cli", "all sites")  # type: ignore[arg-type]
        second = translate("cli", "2FA") if row["second_factor"] else translate("cli", "no 2FA")
        print(f"{row['email']}\t{row['role']}\t{row['status']}\t{second}\t{sites}")
    return 0


def _admin_action(context: Context, act: Callable[[Signed], str]) -> int:
    with signed_in(context, Right.MANAGE_USERS) as signed:
        print(_guarded(lambda: act(signed)))
    return 0


def _enabling(context: Context, enabled: bool) -> int:
    email = context.args.email

    def act(signed: Signed) -> str:
        signed.people.accounts.set_enabled(signed.session.actor, email, enabled)
        if enabled:
            return translate("cli", "{email} is enabled.").format(email=email)
        return translate("cli", "{email} is disabled.").format(email=email)

    return _admin_action(context, act)


def disable_user(context: Context) -> int:
    return _enabling(context, False)


def enable_user(context: Context) -> int:
    return _enabling(context, True)


def unlock_user(context: Context) -> int:
    email = context.args.email

    def act(signed: Signed) -> str:
        lifted = signed.people.accounts.unlock(signed.session.actor, email)
        if lifted:
            return translate("cli", "{email} may try to sign in again now.").format(email=email)
        return translate("cli", "{email} was not held back.").format(email=email)

    return _admin_action(context, act)


def reset_mfa(context: Context) -> int:
    email = context.args.email

    def act(signed: Signed) -> str:
        signed.people.accounts.reset_mfa(signed.session.actor, email)
        return translate("cli", "{email} sets up a second factor again at the next sign-in.").format(
            email=email
        )

    return _admin_action(context, act)


def set_password(context: Context) -> int:
    email = context.args.email

    def act(signed: Signed) -> str:
        signed.people.accounts.set_password(signed.session.actor, email, _new_password(signed.ask, email))
        return translate("cli", "{email} has a new password.").format(email=email)

    return _admin_action(context, act)


def set_role(context: Context) -> int:
    args = context.args

    def act(signed: Signed) -> str:
        account = signed.people.accounts.set_role(
            signed.session.actor, args.email, parse_role(args.role), _sites(args.sites)
        )
        return translate("cli", "{email} is now {role}.").format(email=account.email, role=account.role.value)

    return _admin_action(context, act)


def require_mfa(context: Context) -> int:
    args = context.args

    def act(signed: Signed) -> str:
        roles = signed.people.accounts.set_mfa_required(
            signed.session.actor, Role(args.role), args.state == "on"
        )
        names = ", ".join(sorted(r.value for r in roles)) or translate("cli", "no role")
        return translate("cli", "A second factor is required for: {roles}.").format(roles=names)

    return _admin_action(context, act)


def enrol_mfa(context: Context) -> int:
    with signed_in(context, allow_enrolment=True) as signed:
        accounts = signed.people.accounts
        enrolment = accounts.begin_enrolment(signed.session)
        print(translate("cli", "Scan this code with an authenticator app:"))
        print(enrolment.qr_terminal())
        print(
            translate("cli", "or type this secret into it: {secret}").format(secret=enrolment.grouped_secret)
        )
        sys.stdout.flush()
        code = signed.ask.text(translate("cli", "Code the app shows now: "), "code")
        try:
            _session, codes = accounts.confirm_enrolment(signed.session, enrolment, code)
        except SignInError as exc:
            raise CommandError(str(exc)) from None
    _print_codes(codes)
    return 0


def renew_codes(context: Context) -> int:
    with signed_in(context) as signed:
        codes = _guarded(lambda: signed.people.accounts.new_recovery_codes(signed.session))
    _print_codes(codes)
    return 0


def _print_codes(codes: list[str]) -> None:
    print(
        translate(
            "cli",
            "Second factor ready. Keep these recovery codes somewhere safe, off this computer; each "
            "signs you in once if the phone is lost. They are not shown again:",
        )
    )
    for code in codes:
        print(f"  {code}")


def change_password(context: Context) -> int:
    with signed_in(context) as signed:
        old = signed.ask.secret(translate("cli", "Current password: "), "current password")
        new = _new_password(signed.ask, signed.session.account.email)
        _guarded(lambda: signed.people.accounts.change_password(signed.session, old, new))
    print(translate("cli", "Password changed."))
    return 0
