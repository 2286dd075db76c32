"""Slowing down password guessing without letting an attacker lock anyone out for good.

Failures are counted per email typed, whether or not an account has it, so the answer
to an unknown email and to a wrong password are the same also when throttled. After five
consecutive failures each further attempt waits: 30 seconds, then twice as long after
each failure, at most 15 minutes. A success or an administrator's unlock resets the
count; a lock never outlasts 15 minutes on its own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

FREE_FAILURES = 5
FIRST_DELAY_MS = 30_000
MAX_DELAY_MS = 15 * 60_000
#: A count this old is forgotten, as if the person had never failed.
FORGET_AFTER_MS = 24 * 3_600_000


@dataclass(frozen=True, slots=True)
class ThrottleState:
    failures: int = 0
    last_failure_ms: int | None = None
    locked_until_ms: int | None = None

    def locked(self, now_ms: int) -> bool:
        return self.locked_until_ms is not None and now_ms < self.locked_until_ms

    def fresh(self, now_ms: int) -> ThrottleState:
        """The state as it counts now: an old count is forgotten."""
        if self.last_failure_ms is not None and now_ms - self.last_failure_ms > FORGET_AFTER_MS:
            return ThrottleState()
        return self


def delay_after(failures: int) -> int:
    """How long the next attempt waits after ``failures`` consecutive failures, in ms."""
    if failures < FREE_FAILURES:
        return 0
    return min(FIRST_DELAY_MS * 2 ** (failures - FREE_FAILURES), MAX_DELAY_MS)


def after_failure(state: ThrottleState, now_ms: int) -> ThrottleState:
    failures = state.fresh(now_ms).failures + 1
    delay = delay_after(failures)
    return ThrottleState(failures, now_ms, now_ms + delay if delay else None)


def throttle_key(email: str) -> str:
    """The stored key of a throttle: a digest, so the table does not list the emails typed."""
    return hashlib.sha256(("wattkeeper-throttle:" + email).encode()).hexdigest()
