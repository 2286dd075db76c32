"""Who is told of an alarm change, by which channel, and when: decisions only, no sending.

Each decision is a :class:`storage.notification_store.NewNotification` whose key is derived
from what it is about (the alarm's activation, the tier, the recipient, the channel), so the
same decision taken again — after a restart, on a second workstation — is the same row.

* People are told when an alarm becomes *active and unacknowledged* (it started, or came back
  from shelving, suppression or out of service while still active): the tiers due at once, the
  later tiers by :func:`escalations` while nobody acknowledges. Returns to normal and
  acknowledgements go to the people already told of that activation when the rule asks for them.
* Machine channels (MQTT, webhook) get every change of an alarm the rule covers.
* An alarm that is shelved, suppressed or out of service tells nobody, before and after.
* A person is told only on a channel they agreed to (``Purpose.ALARM_ALERTS`` for e-mail,
  ``Purpose.SMS_ALERTS`` with a phone number for SMS); during their quiet hours only of critical
  alarms: what is held back is recorded as such, so the outbox still shows it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.alarms.states import AlarmEvent, AlarmState
from app.site.alarm_rules import Priority
from app.site.alert_settings import AlertRecipient, AlertRule
from storage.notification_store import NewNotification

HIDDEN = {AlarmState.SHELVED, AlarmState.SUPPRESSED, AlarmState.OUT_OF_SERVICE}
ACTIVATION = "activated"
ESCALATION = "escalated"


@dataclass(frozen=True, slots=True)
class AlarmInfo:
    """What a message says about an alarm, from its rule and the site file."""

    key: str
    site: str
    site_name: str
    point: str
    point_name: str
    unit: str
    priority: Priority
    message: str
    #: The alarm's number, which a reply "ACK <number>" names.
    number: int = 0


@dataclass(frozen=True, slots=True)
class Person:
    """An account that may be told: the channels it agreed to, its language and quiet hours."""

    ref: str
    email: str
    channels: frozenset[str]  # "email", "sms": what the account agreed to and can receive
    settings: AlertRecipient


#: Whether a person's quiet hours hold at a UTC time for a site: (person, site, ts_ms) -> bool.
Quiet = Callable[[Person, str, int], bool]


def notification_key(*parts: object) -> str:
    """The idempotency key of one decision: the same parts give the same key, anywhere."""
    return "n-" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:40]


@dataclass(frozen=True, slots=True)
class Change:
    """One change of an alarm as alerts see it: a journalled event, or the present state."""

    kind: str
    ts_ms: int
    before: AlarmState
    after: AlarmState
    value: float | None = None
    user: str = ""
    comment: str = ""

    @classmethod
    def of(cls, event: AlarmEvent) -> Change:
        return cls(
            event.kind.value, event.ts_ms, event.before, event.after, event.value, event.user, event.comment
        )


def _data(info: AlarmInfo, event: Change, activated_ms: int) -> dict[str, object]:
    return {
        "alarm": info.key, "site": info.site, "site_name": info.site_name, "point": info.point,
        "point_name": info.point_name, "unit": info.unit, "priority": info.priority.value,
        "message": info.message, "event": event.kind, "state": event.after.value,
        "before": event.before.value, "ts_ms": event.ts_ms, "value": event.value, "user": event.user,
        "comment": event.comment, "activated_ms": activated_ms, "number": info.number,
    }  # fmt: skip


def becomes_active(event: Change) -> bool:
    return event.after is AlarmState.UNACK_ACTIVE and event.before is not AlarmState.UNACK_ACTIVE


@dataclass
class Router:
    rules: list[AlertRule]
    people: dict[str, Person]  # by e-mail, lower case
    kinds: dict[str, str]  # channel id -> kind
    quiet: Quiet

    def on_event(
        self, event: Change, info: AlarmInfo, activated_ms: int, told: Iterable[tuple[str, str]] = ()
    ) -> list[NewNotification]:
        """The notifications one journalled event asks for (those quiet hours hold back marked so).

        ``told`` holds (recipient ref, channel) pairs already told of this activation: the
        people a return or an acknowledgement is reported to.
        """
        if event.after in HIDDEN or (event.before in HIDDEN and not becomes_active(event)):
            return []
        decided: list[NewNotification] = []
        data = _data(info, event, activated_ms)
        for rule in self._covering(info):
            for channel in rule.machines:
                key = notification_key(info.key, event.ts_ms, event.kind, event.after.value, channel)
                decided.append(
                    NewNotification(key, info.key, event.kind, event.ts_ms, 0, rule.name, "", channel, data)
                )
            if becomes_active(event):
                for tier, _ in enumerate(rule.tiers):
                    if rule.tiers[tier].after_minutes == 0:
                        decided += self._tier(
                            rule,
                            tier,
                            info,
                            data,
                            why=ACTIVATION,
                            activated_ms=activated_ms,
                            at_ms=event.ts_ms,
                        )
            elif (event.kind == "returned" and rule.returns) or (
                event.kind == "acknowledged" and rule.acknowledgements
            ):
                by_ref = {p.ref: p for p in self.people.values()}
                for ref, channel in sorted(set(told)):
                    if ref not in by_ref:
                        continue
                    key = notification_key(info.key, activated_ms, event.kind, event.ts_ms, ref, channel)
                    language = by_ref[ref].settings.language
                    new = NewNotification(
                        key, info.key, event.kind, event.ts_ms, 0, rule.name, ref, channel,
                        {**data, "language": language},
                    )  # fmt: skip
                    decided.append(new)
        return decided

    def escalations(
        self, info: AlarmInfo, event: Change, activated_ms: int, now_ms: int
    ) -> list[NewNotification]:
        """The later tiers due by ``now_ms`` for an activation still waiting for acknowledgement.

        ``event`` describes the alarm's present state; keys make a tier told once, however often
        this is asked.
        """
        if event.after not in (AlarmState.UNACK_ACTIVE, AlarmState.UNACK_RETURNED):
            return []
        decided: list[NewNotification] = []
        data = _data(info, event, activated_ms)
        for rule in self._covering(info):
            for tier, settings in enumerate(rule.tiers):
                due_ms = activated_ms + round(settings.after_minutes * 60_000)
                if settings.after_minutes > 0 and due_ms <= now_ms:
                    decided += self._tier(
                        rule, tier, info, data, why=ESCALATION, activated_ms=activated_ms, at_ms=due_ms
                    )
        return decided

    def _covering(self, info: AlarmInfo) -> list[AlertRule]:
        return [rule for rule in self.rules if rule.covers(info.site, info.key, info.priority)]

    def _tier(
        self, rule: AlertRule, tier: int, info: AlarmInfo, data: dict[str, object], *, why: str,
        activated_ms: int, at_ms: int,
    ) -> list[NewNotification]:  # fmt: skip
        decided = []
        for email in rule.tiers[tier].to:
            person = self.people.get(email.lower())
            if person is None:
                continue
            held = info.priority is not Priority.CRITICAL and self.quiet(person, info.site, at_ms)
            for channel in rule.tiers[tier].by:
                if self.kinds.get(channel) not in person.channels:
                    continue
                key = notification_key(info.key, activated_ms, "person", tier, person.ref, channel)
                new = NewNotification(
                    key, info.key, why, activated_ms, tier, rule.name, person.ref, channel,
                    {**data, "tier": tier, "language": person.settings.language}, held,
                )  # fmt: skip
                decided.append(new)
        return decided
