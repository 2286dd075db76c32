"""Exponential retry delays for links that keep failing."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Doubles the wait after each failure, up to ``maximum``; a success resets it."""

    minimum: float = 1.0
    maximum: float = 10.0
    _current: float = field(init=False, default=0.0)

    def next_delay(self) -> float:
        self._current = self.minimum if self._current == 0.0 else min(self._current * 2, self.maximum)
        return self._current

    def reset(self) -> None:
        self._current = 0.0
