"""What every sub-command receives and how it reports an expected failure.

Kept apart from ``app/cli.py`` so that the commands depend on this module and the
command line on the commands, never both ways.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from app.audit.actions import Action
from app.paths import DataDir
from app.people import note_security_event
from app.site.config import SiteConfig, load_site
from app.site.people_settings import AccountSettings, PrivacySettings
from storage.database import Database, open_database
from storage.errors import KeyMismatchError
from storage.postgres import open_postgresql


class CommandError(Exception):
    """An expected failure of a command, already phrased for the operator."""


@dataclass(frozen=True)
class SiteSettings:
    """What the services about people need from the site file (defaults when there is none)."""

    privacy: PrivacySettings
    accounts: AccountSettings
    site_name: str


@dataclass(frozen=True)
class Context:
    """What every command gets: parsed arguments and the resolved global options."""

    args: argparse.Namespace
    data: DataDir

    @property
    def key_file(self) -> Path | None:
        return self.args.key_file

    @property
    def config_path(self) -> Path:
        return self.args.config or self.data.site_file

    def load_config(self) -> SiteConfig:
        path = self.config_path
        if not path.exists():
            raise CommandError(
                f"no site file at {path}; pass --config FILE "
                "('wattkeeper simulate --write-config FILE' writes one for the simulated plant)"
            )
        return load_site(path)

    def site_settings(self) -> SiteSettings:
        path = self.config_path
        if not path.exists():
            return SiteSettings(PrivacySettings(), AccountSettings(), "")
        model = load_site(path).file
        name = ", ".join(s.name or s.id for s in model.sites)
        return SiteSettings(model.privacy, model.accounts, name)

    def open_db(self, *, create: bool = False, migrate: bool = True) -> Database:
        """The PostgreSQL database named by ``--database``, else the encrypted file.

        A wrong key is kept as a security event, recorded in the audit trail at the next open.
        """
        if self.args.database:
            return open_postgresql(self.args.database, migrate=migrate)
        try:
            return open_database(self.data.database, self.key_file, create=create, migrate=migrate)
        except KeyMismatchError as exc:
            note_security_event(
                self.data.root, Action.WRONG_KEY, str(self.data.database), {"problem": exc.message}
            )
            raise


Handler = Callable[[Context], int]
T = TypeVar("T")


def plainly(action: Callable[[], T], *expected: type[Exception]) -> T:
    """Run a service call; an expected refusal becomes the command's one-line error."""
    try:
        return action()
    except expected as exc:
        raise CommandError(str(exc)) from None
