"""Gateways and devices set up from the window: checked, saved to the site file, applied, audited.

The window's dialogs produce the site file's new text (``app/site/site_edits.py``); this
is the one way such a text goes into force. It needs the right to configure, is checked
like any site file, refuses to overwrite a file edited on disk since it was read, is
written atomically beside the old one, and is applied to the running pipeline; the
change is audited with the gateway's or device's settings before and after.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.accounts.actors import SYSTEM, Actor, Right
from app.accounts.guard import require
from app.audit.actions import Action
from app.audit.config_changes import record_config
from app.i18n import translate
from app.pipeline.runtime import Applied, Runtime
from app.site.config import ConfigError, SiteConfig, parse_site


@dataclass(frozen=True)
class Change:
    """One change as the audit trail tells it: what, which, and its settings before and after."""

    action: Action
    #: ``site/gateway`` or ``site/device``.
    target: str
    before: str
    after: str


class SetupError(Exception):
    """The change cannot be saved; the message says why and what to do."""


def save_site(runtime: Runtime, actor: Actor, text: str, change: Change) -> Applied:
    """Put ``text`` in force as the site file; what restarted and what waits for the next start.

    Raises ``RightMissingError`` (audited), ``ConfigError`` (every problem of the new text),
    ``SetupError`` (no site file, or one edited on disk meanwhile) or ``OSError`` (not written;
    the running configuration stays).
    """
    trail = runtime.people.trail
    require(trail, actor, Right.CONFIGURE, change.target)
    path = runtime.config.path
    if path is None:
        raise SetupError(translate("SiteSetup", "This configuration has no site file to save to."))
    config = parse_site(text, str(path), path)
    try:
        on_disk = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SetupError(
            translate("SiteSetup", "The site file {path} cannot be read: {problem}").format(
                path=path, problem=exc.strerror
            )
        ) from None
    if on_disk != runtime.config.text:
        raise SetupError(
            translate(
                "SiteSetup",
                "The site file {path} was edited on disk since it was loaded; nothing was saved. "
                "Wait for the window to load it, then make the change again.",
            ).format(path=path)
        )
    _write_atomically(path, text)
    try:
        applied = runtime.apply(config)
    except Exception:
        _write_atomically(path, on_disk)  # the file stays what is running
        raise
    trail.record(
        actor,
        change.action,
        change.target,
        details={"before": change.before, "after": change.after, "restarted": list(applied.restarted)},
    )
    record_config(trail, actor, str(path), text)
    return applied


def put_edited_in_force(runtime: Runtime, config: SiteConfig) -> Applied:
    """Run a site file edited outside the program (a text editor, then the window's watch or
    SIGHUP to the collector); recorded as a configuration change made by the system, since
    who edited the file is not known. Raises as ``Runtime.apply`` does, changing nothing."""
    applied = runtime.apply(config)
    record_config(runtime.people.trail, SYSTEM, str(config.path), config.text)
    return applied


def check_site(runtime: Runtime, text: str) -> list[str]:
    """The problems of ``text`` as the running site file's next version (none: it can be saved)."""
    path = runtime.config.path
    try:
        parse_site(text, str(path) if path else "site file", path)
    except ConfigError as exc:
        return exc.problems
    return []


def _write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one rename, keeping its permissions; no half-written file."""
    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
