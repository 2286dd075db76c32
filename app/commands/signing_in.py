"""Signing in on the command line, for every command that needs a right.

The password (and the second factor's code) is asked for on the terminal, without echo,
or — for scripts, as ``docker login`` does — read from standard input with
``--password-stdin``: one line per answer, in the order the command asks (the password,
then the code if the account has a second factor, then anything else the command needs,
such as a new user's password). Never from an argument or an environment variable, which
other users of the machine can see and shells keep in their history.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from app.accounts.actors import Right, RightMissingError
from app.accounts.guard import require
from app.accounts.service import Refusal, Session, SignInError
from app.commands.context import CommandError, Context
from app.i18n import translate
from app.people import People
from storage.database import Database


def add_sign_in_options(
    parser: argparse.ArgumentParser, *, required: bool = True, help_user: str | None = None
) -> None:
    parser.add_argument(
        "--user",
        metavar="EMAIL",
        required=required,
        help=help_user or "the account acting (its password is asked for; the action is recorded under it)",
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password, then the code and any other answer, one per line from standard input",
    )


class Prompter:
    """Answers to the questions a command asks: from the terminal, or line by line from stdin."""

    def __init__(self, from_stdin: bool) -> None:
        self._from_stdin = from_stdin

    def _line(self, what: str) -> str:
        line = sys.stdin.readline()
        if not line:
            raise CommandError(
                translate("cli", "standard input ended before the {what} was given").format(what=what)
            )
        return line.rstrip("\r\n")

    def secret(self, prompt: str, what: str) -> str:
        if self._from_stdin:
            return self._line(what)
        if not sys.stdin.isatty():
            raise CommandError(
                translate("cli", "no terminal to ask for the {what}; pass --password-stdin").format(what=what)
            )
        return getpass.getpass(prompt)

    def new_secret(self, prompt: str, what: str) -> str:
        """A new password: asked twice on a terminal, once from standard input."""
        first = self.secret(prompt, what)
        if not self._from_stdin and self.secret(translate("cli", "Again: "), what) != first:
            raise CommandError(translate("cli", "the two entries differ; nothing was changed"))
        return first

    def text(self, prompt: str, what: str) -> str:
        if self._from_stdin:
            return self._line(what)
        return input(prompt)


def prompter(context: Context) -> Prompter:
    return Prompter(bool(getattr(context.args, "password_stdin", False)))


def open_people(context: Context, db: Database) -> People:
    settings = context.site_settings()
    return People.open(
        db,
        context.key_file,
        privacy=settings.privacy,
        accounts=settings.accounts,
        site=settings.site_name,
        data_dir=context.data.root,
    )


def sign_in(people: People, context: Context, ask: Prompter, *, kind: str = "cli") -> Session:
    email = context.args.user
    password = ask.secret(translate("cli", "Password for {email}: ").format(email=email), "password")
    try:
        return people.accounts.sign_in(email, password, kind=kind)
    except SignInError as exc:
        if exc.reason is not Refusal.CODE_NEEDED:
            raise CommandError(str(exc)) from None
    code = ask.secret(translate("cli", "Code from the authenticator app (or a recovery code): "), "code")
    try:
        return people.accounts.sign_in(email, password, code=code, kind=kind)
    except SignInError as exc:
        raise CommandError(str(exc)) from None


@dataclass(frozen=True)
class Signed:
    """An open database, the people services on it, and the signed-in session."""

    db: Database
    people: People
    session: Session
    ask: Prompter


@contextmanager
def signed_in(
    context: Context, right: Right | None = None, *, db: Database | None = None, allow_enrolment: bool = False
) -> Iterator[Signed]:
    """Sign in as ``--user``, check ``right``, and sign out (and close the database) when done."""
    own = db is None
    database = context.open_db() if db is None else db
    try:
        people = open_people(context, database)
        if not people.accounts.has_accounts():
            raise CommandError(
                translate(
                    "cli",
                    "no accounts yet: create the first administrator with "
                    "'wattkeeper users add EMAIL --role admin'",
                )
            )
        ask = prompter(context)
        session = sign_in(people, context, ask)
        try:
            if session.needs_enrolment and not allow_enrolment:
                raise CommandError(
                    translate(
                        "cli",
                        "your role requires a second factor: set it up first with "
                        "'wattkeeper account mfa --user {email}'",
                    ).format(email=session.account.email)
                )
            if right is not None:
                try:
                    require(people.trail, session.actor, right)
                except RightMissingError as exc:
                    raise CommandError(str(exc)) from None
            yield Signed(database, people, session, ask)
        finally:
            people.accounts.sign_out(session, why="command ended")
    finally:
        if own:
            database.close()
