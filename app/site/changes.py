"""What a new version of the site file changes, against the one running.

Devices and gateways take effect at once (their drivers are replaced); the alarm engine's
rules, accounts and privacy settings are read when the program starts, so a change to
them is named as waiting for the next start.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.site.config import SiteConfig


@dataclass(frozen=True)
class DeviceChanges:
    """Device paths (``site/device``) added, removed and changed (their own or their gateway's settings)."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]


def device_changes(running: SiteConfig, edited: SiteConfig) -> DeviceChanges:
    before, after = _devices(running), _devices(edited)
    return DeviceChanges(
        tuple(sorted(set(after) - set(before))),
        tuple(sorted(set(before) - set(after))),
        tuple(sorted(d for d in set(before) & set(after) if before[d] != after[d])),
    )


def _devices(config: SiteConfig) -> dict[str, object]:
    return {
        f"{s.id}/{d.id}": (g.model_dump(exclude={"devices"}), d.model_dump()) for s, g, d in config.devices()
    }


#: Parts of the site file read only when the program starts.
ALARM_RULES, ACCOUNTS, PRIVACY, ALERTS = "alarm rules", "accounts", "privacy", "alerts"


def waiting_for_restart(running: SiteConfig, edited: SiteConfig) -> tuple[str, ...]:
    """The parts of ``edited`` that apply only when the program starts again."""
    waiting = []
    old, new = running.file, edited.file
    if (old.alarm_rules, old.alarm_settings) != (new.alarm_rules, new.alarm_settings) or _alarm_intervals(
        running
    ) != _alarm_intervals(edited):
        waiting.append(ALARM_RULES)
    if old.accounts != new.accounts:
        waiting.append(ACCOUNTS)
    if old.privacy != new.privacy:
        waiting.append(PRIVACY)
    if (old.alert_channels, old.alert_recipients, old.alert_rules) != (
        new.alert_channels, new.alert_recipients, new.alert_rules,
    ):  # fmt: skip
        waiting.append(ALERTS)
    return tuple(waiting)


def _alarm_intervals(config: SiteConfig) -> dict[str, float]:
    """The device interval behind each alarmed point: communication loss is timed by it."""
    interval = {f"{s.id}/{d.id}": d.interval_s for s, _g, d in config.devices()}
    alarmed = {rule.point for rule in config.file.alarm_rules}
    return {p.path: interval[p.device_path] for p in config.points if p.path in alarmed}
