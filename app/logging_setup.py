"""One logging set-up for every command: a rotating file in the data directory."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def configure_logging(log_file: Path | None, *, console_level: int = logging.WARNING) -> None:
    """Log INFO and above to ``log_file`` (rotated at 5 MB, 5 kept) and warnings to stderr."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    console = logging.StreamHandler()
    console.setLevel(console_level)
    console.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    root.addHandler(console)
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    # Link trouble is reported once per change by the drivers; pymodbus would repeat it every poll.
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
