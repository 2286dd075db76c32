"""Annunciation policy: one sound per group, summaries in a flood, mute never loses an alarm."""

from __future__ import annotations

from pathlib import Path

from app.alarms.annunciation import Announcement, Annunciator, sound_file
from app.alarms.states import AlarmEvent, AlarmState, AlarmStatus, EventKind
from app.site.alarm_rules import AlarmRule, AlarmSettings

RULES = [
    AlarmRule(id=f"r{i}", point="s/m/v", kind="high", limit=float(i), priority=p, message=f"alarm {i}")
    for i, p in enumerate(["low", "critical", "medium", "high", "medium"])
]


def activation(key: str, value: float = 1.0) -> AlarmEvent:
    return AlarmEvent(
        key, EventKind.ACTIVATED, 0, AlarmState.NORMAL, AlarmStatus(active=True, acked=False), value
    )


def acknowledged(key: str) -> AlarmEvent:
    return AlarmEvent(key, EventKind.ACKNOWLEDGED, 0, AlarmState.UNACK_ACTIVE, AlarmStatus(active=True))


class Outputs:
    def __init__(self, can_play: bool = True) -> None:
        self.notified: list[Announcement] = []
        self.played: list[Path] = []
        self.can_play = can_play

    def notify(self, announcement: Announcement) -> None:
        self.notified.append(announcement)

    def play(self, path: Path) -> bool:
        self.played.append(path)
        return self.can_play


def annunciator(outputs: Outputs) -> Annunciator:
    return Annunciator(AlarmSettings(), RULES, outputs.notify, outputs.play)


def test_a_few_alarms_are_notified_each_and_sound_once_for_the_most_urgent() -> None:
    out = Outputs()
    a = annunciator(out)
    a.on_events([activation("r0"), activation("r1", 7.5)])
    assert [n.alarm for n in out.notified] == ["r1", "r0"]
    assert out.notified[0].title == "Critical alarm" and "alarm 1 (7.5)" in out.notified[0].text
    assert out.played == [sound_file("critical.wav")] and out.played[0].exists()


def test_a_flood_gets_one_summary() -> None:
    out = Outputs()
    annunciator(out).on_events([activation(f"r{i}") for i in range(5)])
    assert len(out.notified) == 1 and out.notified[0].title == "5 new alarms"
    assert len(out.played) == 1


def test_muted_alarms_are_counted_and_the_most_urgent_sounds_on_unmute() -> None:
    out = Outputs()
    a = annunciator(out)
    a.set_muted(True)
    a.on_events([activation("r2"), activation("r3")])
    assert out.played == [] and a.missed_while_muted == 2 and len(out.notified) == 2
    a.on_events([acknowledged("r3")])
    a.set_muted(False)
    assert out.played == [sound_file("medium.wav")]


def test_a_sound_that_cannot_play_is_counted() -> None:
    out = Outputs(can_play=False)
    a = annunciator(out)
    a.on_events([activation("r1")])
    assert a.sound_failures == 1
    a.on_events([activation("r0")])  # low priority has no sound by default
    assert a.sound_failures == 1
