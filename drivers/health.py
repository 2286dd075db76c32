"""Say once that a link broke and once that it came back.

A device that fails every second must not write a log line every second: operators
read logs to find when trouble started and ended, not to count polls.
"""

from __future__ import annotations

import logging


class LinkHealth:
    """Tracks whether one device or connection is failing, and why."""

    def __init__(self, logger: logging.Logger, where: str) -> None:
        self._log = logger
        self._where = where
        self.reason: str | None = None
        self.failures = 0

    @property
    def failing(self) -> bool:
        return self.reason is not None

    def fail(self, reason: str) -> None:
        """Record a failed attempt; log only when the reason changes."""
        self.failures += 1
        if reason != self.reason:
            self._log.warning("%s: %s", self._where, reason)
            self.reason = reason

    def ok(self) -> None:
        """Record a success; log the recovery if the link was failing."""
        if self.reason is not None:
            self._log.info("%s: back to normal after %d failed attempts", self._where, self.failures)
        self.reason = None
        self.failures = 0
