"""What every sub-command receives and how it reports an expected failure.

Kept apart from ``app/cli.py`` so that the commands depend on this module and the
command line on the commands, never both ways.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.paths import DataDir
from app.site.config import SiteConfig, load_site
from storage.database import Database, open_database
from storage.postgres import open_postgresql


class CommandError(Exception):
    """An expected failure of a command, already phrased for the operator."""


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

    def open_db(self, *, create: bool = False, migrate: bool = True) -> Database:
        """The PostgreSQL database named by ``--database``, else the encrypted file."""
        if self.args.database:
            return open_postgresql(self.args.database, migrate=migrate)
        return open_database(self.data.database, self.key_file, create=create, migrate=migrate)


Handler = Callable[[Context], int]
