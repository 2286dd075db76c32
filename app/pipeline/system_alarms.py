"""Alarms about Wattkeeper itself, which no site file needs to declare.

The historian refusing samples (the disk slower than the field) must never be silent:
the writer's refusals become a 0/1 point watched by a built-in critical alarm, raised at
the first refusal and cleared after a quiet spell.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from app.site.alarm_rules import AlarmRule, Priority, RuleKind
from app.site.config import SiteConfig
from drivers.base import Quality, Sample, SampleBatch

DROPPING_PATH = "wattkeeper/historian/dropping_samples"
QUIET_MS = 10_000

DROPPING_RULE = AlarmRule(
    id="wattkeeper:historian-dropping-samples",
    point=DROPPING_PATH,
    kind=RuleKind.DIGITAL,
    state=1.0,
    priority=Priority.CRITICAL,
    message="Samples are being dropped: the disk is slower than the field",
)


def channel_failing_path(channel: str) -> str:
    """The 0/1 point that says an alert channel keeps failing."""
    return f"wattkeeper/alerts/{channel}/failing"


def channel_failing_rule(channel: str) -> AlarmRule:
    """Alerts that cannot leave must be seen on the screen: a high alarm per failing channel."""
    return AlarmRule(
        id=f"wattkeeper:alert-channel-{channel}",
        point=channel_failing_path(channel),
        kind=RuleKind.DIGITAL,
        state=1.0,
        priority=Priority.HIGH,
        message=f"Alerts cannot be sent through the channel {channel}",
    )


def system_paths(config: SiteConfig) -> list[str]:
    """The points of the built-in alarms, which no device provides."""
    return [DROPPING_PATH, *(channel_failing_path(c.id) for c in config.file.alert_channels)]


def with_system_alarms(config: SiteConfig) -> SiteConfig:
    """The site's configuration with the built-in alarms added to its rules."""
    channels = [channel_failing_rule(c.id) for c in config.file.alert_channels]
    rules = [*config.file.alarm_rules, DROPPING_RULE, *channels]
    return dataclasses.replace(config, file=config.file.model_copy(update={"alarm_rules": rules}))


class DropFeed:
    """Turns the writer's refusals into samples of the dropping-samples point."""

    def __init__(self, point_id: int, deliver: Callable[[SampleBatch], None]) -> None:
        self._point_id = point_id
        self._deliver = deliver
        self._last_drop_ms: int | None = None

    def on_drop(self, now_ms: int, _total: int) -> None:
        if self._last_drop_ms is None:
            self._send(now_ms, 1.0)
        self._last_drop_ms = now_ms

    def tick(self, now_ms: int) -> None:
        """Clear the point once no batch has been refused for a while."""
        if self._last_drop_ms is not None and now_ms - self._last_drop_ms > QUIET_MS:
            self._last_drop_ms = None
            self._send(now_ms, 0.0)

    def _send(self, ts_ms: int, value: float) -> None:
        send_state(self._deliver, "wattkeeper/historian", self._point_id, ts_ms, value)


def send_state(
    deliver: Callable[[SampleBatch], None], source: str, point_id: int, ts_ms: int, value: float
) -> None:
    """One good 0/1 sample of a built-in point, handed to the alarm service."""
    deliver(SampleBatch(source, [Sample(point_id, ts_ms, value, Quality.GOOD)]))
