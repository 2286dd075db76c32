"""Typed text cannot forge a line of the log or of an audit listing."""

from __future__ import annotations

import logging
from pathlib import Path

from app.audit.text import printable, spreadsheet_safe
from app.logging_setup import configure_logging

FORGED = "bob\n2026-12-02 10:00:00,000 INFO app.accounts.service admin signed in\r\x1b[2K\u202eevil"


def test_control_characters_and_reordering_marks_are_shown_escaped() -> None:
    shown = printable(FORGED)
    assert "\n" not in shown and "\r" not in shown and "\x1b" not in shown and "\u202e" not in shown
    assert shown.startswith("bob\\n2026") and "\\r\\x1b[2K\\u202eevil" in shown
    assert printable("Nguyễn Văn An, tổ trưởng ca đêm") == "Nguyễn Văn An, tổ trưởng ca đêm"
    assert printable("C:\\plant") == "C:\\\\plant"  # a backslash cannot fake an escape


def test_a_cell_never_starts_a_spreadsheet_formula() -> None:
    assert spreadsheet_safe('=HYPERLINK("http://x")').startswith("'=")
    assert spreadsheet_safe("-2+3") == "'-2+3" and spreadsheet_safe("plain") == "plain"


def test_a_typed_newline_stays_on_one_log_line(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "wattkeeper.log"
    configure_logging(log_file)
    try:
        logging.getLogger("app.test").warning("sign-in failed for %s", FORGED)
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("app.test").exception("with a traceback")
    finally:
        for handler in list(logging.getLogger().handlers):
            handler.close()
            logging.getLogger().removeHandler(handler)
    lines = log_file.read_text(encoding="utf-8").splitlines()
    forged = [line for line in lines if "sign-in failed" in line]
    assert len(forged) == 1 and forged[0].endswith("\\u202eevil")
    assert not any(line.startswith("2026-12-02 10:00:00,000 INFO") for line in lines)
    assert any(line.startswith("Traceback") for line in lines)  # tracebacks keep their lines
