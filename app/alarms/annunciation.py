"""How alarms reach people: a log line headless, a notification and a sound per priority with a window.

The policy lives here, free of Qt, and the window supplies the two outputs (a desktop
notification, a sound player). A group of new alarms sounds once, for the most urgent,
and a flood gets one summary notification rather than hundreds. Muting is the operator's
choice and silences sounds only: notifications, the banner and the list still show every
alarm, the sounds missed while muted are counted on screen, and unmuting sounds the most
urgent alarm still waiting for acknowledgement. A sound that cannot be played is logged and counted, so a
broken speaker is visible rather than silent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from app.alarms.states import AlarmEvent, AlarmState, EventKind
from app.i18n import translate
from app.site.alarm_rules import AlarmRule, AlarmSettings, Priority

log = logging.getLogger(__name__)


def log_alarm_events(events: Sequence[AlarmEvent]) -> None:
    """The headless annunciation: an activation is a warning in the log, anything else is info."""
    for event in events:
        level = logging.WARNING if event.after is AlarmState.UNACK_ACTIVE else logging.INFO
        log.log(
            level,
            "alarm %s %s -> %s (%s) by %s at %d value %s",
            event.alarm,
            event.kind.value,
            event.after.value,
            event.comment,
            event.user,
            event.ts_ms,
            event.value,
        )


def sound_file(name: str) -> Path:
    """A shipped sound (``resources/sounds``) by name, or any file by absolute path."""
    path = Path(name)
    if path.is_absolute():
        return path
    return Path(str(resources.files("resources") / "sounds" / name))


@dataclass(frozen=True, slots=True)
class Announcement:
    alarm: str
    priority: Priority
    title: str
    text: str
    colour: str
    sound: Path | None


Notify = Callable[[Announcement], None]
#: More new alarms than this at once get one summary notification instead of one each.
INDIVIDUAL_NOTIFICATIONS = 3
Play = Callable[[Path], bool]


class Annunciator:
    """Turns journalled events into notifications and sounds; call from one thread only."""

    def __init__(
        self, settings: AlarmSettings, rules: Sequence[AlarmRule], notify: Notify, play: Play
    ) -> None:
        self._settings = settings
        self._rules = {r.key: r for r in rules}
        self._notify = notify
        self._play = play
        self._waiting: dict[str, Priority] = {}
        self.muted = False
        self.missed_while_muted = 0
        self.sound_failures = 0

    def on_events(self, events: Sequence[AlarmEvent]) -> None:
        """Announce the group's new alarms: each one when few, a summary in a flood; one sound."""
        new: list[tuple[AlarmRule, AlarmEvent]] = []
        for event in events:
            rule = self._rules.get(event.alarm)
            if rule is None:
                continue
            if event.after is AlarmState.UNACK_ACTIVE:
                if event.kind is not EventKind.CHATTERING and event.alarm not in self._waiting:
                    new.append((rule, event))
                self._waiting[event.alarm] = rule.priority
            elif event.after is not AlarmState.UNACK_RETURNED:
                self._waiting.pop(event.alarm, None)
        if not new:
            return
        new.sort(key=lambda pair: pair[0].priority.rank)
        announcements = [self._announcement(rule, event) for rule, event in new]
        if len(announcements) <= INDIVIDUAL_NOTIFICATIONS:
            for announcement in announcements:
                self._notify(announcement)
        else:
            self._notify(self._summary(announcements))
        if self.muted:
            self.missed_while_muted += len(announcements)
            log.info("%d alarm sounds muted by the operator", len(announcements))
        else:
            self._sound(announcements[0])

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute sounds; unmuting sounds the most urgent alarm nobody acknowledged."""
        was = self.muted
        self.muted = muted
        if was and not muted and self._waiting:
            key = min(self._waiting, key=lambda k: self._waiting[k].rank)
            self._sound(self._announcement(self._rules[key], None))

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def _summary(self, announcements: list[Announcement]) -> Announcement:
        top = announcements[0]
        return Announcement(
            alarm=top.alarm,
            priority=top.priority,
            title=translate("Alarm", "{count} new alarms").format(count=len(announcements)),
            text=translate("Alarm", "Most urgent: {text}").format(text=top.text),
            colour=top.colour,
            sound=top.sound,
        )

    def _announcement(self, rule: AlarmRule, event: AlarmEvent | None) -> Announcement:
        style = self._settings.style(rule.priority)
        value = "" if event is None or event.value is None else f" ({event.value:g})"
        return Announcement(
            alarm=rule.key,
            priority=rule.priority,
            title=translate("Alarm", "{priority} alarm").format(priority=priority_text(rule.priority)),
            text=f"{rule.message or rule.key}{value} — {rule.point}",
            colour=style.colour,
            sound=sound_file(style.sound) if style.sound else None,
        )

    def _sound(self, announcement: Announcement) -> None:
        if announcement.sound is None:
            return
        if not self._play(announcement.sound):
            self.sound_failures += 1
            log.error("alarm %s: cannot play %s", announcement.alarm, announcement.sound)


def priority_text(priority: Priority) -> str:
    texts = {
        Priority.CRITICAL: translate("Alarm", "Critical"),
        Priority.HIGH: translate("Alarm", "High"),
        Priority.MEDIUM: translate("Alarm", "Medium"),
        Priority.LOW: translate("Alarm", "Low"),
    }
    return texts[priority]
