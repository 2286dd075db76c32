"""One logging set-up for every command: a rotating file in the data directory.

Messages can carry text someone typed (an email at a failed sign-in, an alarm comment);
the formatter shows control characters escaped, so no message can start a forged line.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from app.audit.text import printable

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


class OneLineFormatter(logging.Formatter):
    """Every message on one line; only a traceback, added after it, spans several."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging names it so)
        record.message = printable(record.message)
        return super().formatMessage(record)


def configure_logging(log_file: Path | None, *, console_level: int = logging.WARNING) -> None:
    """Log INFO and above to ``log_file`` (rotated at 5 MB, 5 kept) and warnings to stderr."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    console = logging.StreamHandler()
    console.setLevel(console_level)
    console.setFormatter(OneLineFormatter("%(levelname)s %(message)s"))
    root.addHandler(console)
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(OneLineFormatter(FORMAT))
        root.addHandler(handler)
    # Link trouble is reported once per change by the drivers; pymodbus would repeat it every poll.
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
