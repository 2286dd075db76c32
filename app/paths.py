"""Where Wattkeeper keeps its files on this machine."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

HOME_ENV = "WATTKEEPER_HOME"


@dataclass(frozen=True)
class DataDir:
    """The data directory and the well-known files inside it."""

    root: Path

    @classmethod
    def resolve(cls, explicit: Path | None) -> DataDir:
        """``--data-dir``, else ``$WATTKEEPER_HOME``, else the platform's user data folder."""
        if explicit is not None:
            return cls(explicit.expanduser().absolute())
        env = os.environ.get(HOME_ENV)
        if env:
            return cls(Path(env).expanduser().absolute())
        return cls(Path(platformdirs.user_data_dir("wattkeeper", appauthor=False)))

    @property
    def database(self) -> Path:
        return self.root / "wattkeeper.db"

    @property
    def site_file(self) -> Path:
        return self.root / "site.toml"

    @property
    def reports(self) -> Path:
        """Where scheduled reports are written, a folder per schedule."""
        return self.root / "reports"

    @property
    def log_file(self) -> Path:
        return self.root / "logs" / "wattkeeper.log"
