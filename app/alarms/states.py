"""The ISA-18.2 alarm life cycle: states, the events that move between them, and their rules.

An alarm's state follows from a few facts: is its condition active, has the operator
acknowledged it, and is it shelved, suppressed or out of service. Keeping the facts rather
than the state makes every transition of the standard fall out of two rules:

* the condition comes and goes on its own; an operator's acknowledgement is needed once
  per activation (and for a return that nobody acknowledged);
* shelving, suppression and removal from service hide the alarm; while hidden its
  condition is still followed, and when it reappears while active it must be acknowledged
  again, because nobody saw it start.

Functions here only check and change one alarm's facts and describe the change as an
:class:`AlarmEvent`; persisting and announcing it is the alarm service's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from app.accounts.actors import SYSTEM, Actor, Right
from app.i18n import translate

#: ISA-18.2 asks for shelving to be time-limited; longer absences are "out of service".
MAX_SHELVE_MS = 24 * 3_600_000


class AlarmState(StrEnum):
    NORMAL = "normal"
    UNACK_ACTIVE = "unacknowledged"
    ACK_ACTIVE = "acknowledged"
    UNACK_RETURNED = "returned-unacknowledged"
    SHELVED = "shelved"
    SUPPRESSED = "suppressed"
    OUT_OF_SERVICE = "out-of-service"


class EventKind(StrEnum):
    ACTIVATED = "activated"
    RETURNED = "returned"
    ACKNOWLEDGED = "acknowledged"
    SHELVED = "shelved"
    UNSHELVED = "unshelved"
    SUPPRESSED = "suppressed"
    UNSUPPRESSED = "unsuppressed"
    REMOVED_FROM_SERVICE = "removed-from-service"
    RETURNED_TO_SERVICE = "returned-to-service"
    CHATTERING = "chattering"
    CHATTER_ENDED = "chatter-ended"


class AlarmError(Exception):
    """An alarm operation that cannot be done; ``where`` names the alarm."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


class PermissionDeniedError(AlarmError):
    """The actor lacks the right the operation needs."""


@dataclass(slots=True)
class AlarmStatus:
    """The facts that make an alarm's state; persisted with every event."""

    active: bool = False
    acked: bool = True
    shelved_until_ms: int | None = None
    suppressed_by: frozenset[str] = field(default_factory=frozenset)
    out_of_service: bool = False
    chattering: bool = False

    @property
    def hidden(self) -> bool:
        return self.out_of_service or self.shelved_until_ms is not None or bool(self.suppressed_by)

    @property
    def state(self) -> AlarmState:
        if self.out_of_service:
            return AlarmState.OUT_OF_SERVICE
        if self.shelved_until_ms is not None:
            return AlarmState.SHELVED
        if self.suppressed_by:
            return AlarmState.SUPPRESSED
        if self.active:
            return AlarmState.ACK_ACTIVE if self.acked else AlarmState.UNACK_ACTIVE
        return AlarmState.NORMAL if self.acked else AlarmState.UNACK_RETURNED

    def copy(self) -> AlarmStatus:
        return AlarmStatus(
            self.active,
            self.acked,
            self.shelved_until_ms,
            self.suppressed_by,
            self.out_of_service,
            self.chattering,
        )


@dataclass(frozen=True, slots=True)
class AlarmEvent:
    """One journalled change of one alarm: what happened, when, by whom, and the result."""

    alarm: str
    kind: EventKind
    ts_ms: int
    before: AlarmState
    status: AlarmStatus
    value: float | None = None
    user: str = SYSTEM.name
    comment: str = ""
    first_out: bool = False

    @property
    def after(self) -> AlarmState:
        return self.status.state


def _event(
    key: str, kind: EventKind, ts_ms: int, before: AlarmState, status: AlarmStatus, **extra: object
) -> AlarmEvent:
    return AlarmEvent(key, kind, ts_ms, before, status.copy(), **extra)  # type: ignore[arg-type]


def _require(actor: Actor, right: Right, key: str) -> None:
    if not actor.can(right):
        raise PermissionDeniedError(
            key,
            translate("Alarm", "{user} does not hold the right {right}").format(
                user=actor.display, right=right.value
            ),
        )


def condition_changed(
    key: str, status: AlarmStatus, active: bool, ts_ms: int, value: float | None
) -> AlarmEvent | None:
    """The condition came or went; a hidden alarm follows it without asking for attention."""
    if status.active == active:
        return None
    before = status.state
    status.active = active
    if active and not status.hidden:
        status.acked = False
    return _event(
        key, EventKind.ACTIVATED if active else EventKind.RETURNED, ts_ms, before, status, value=value
    )


def acknowledge(key: str, status: AlarmStatus, actor: Actor, ts_ms: int, comment: str = "") -> AlarmEvent:
    _require(actor, Right.ACKNOWLEDGE, key)
    before = status.state
    if before not in (AlarmState.UNACK_ACTIVE, AlarmState.UNACK_RETURNED):
        raise AlarmError(
            key, translate("Alarm", "nothing to acknowledge: the alarm is {state}").format(state=before.value)
        )
    status.acked = True
    return _event(key, EventKind.ACKNOWLEDGED, ts_ms, before, status, user=actor.name, comment=comment)


def shelve(
    key: str, status: AlarmStatus, actor: Actor, ts_ms: int, *, until_ms: int, comment: str = ""
) -> AlarmEvent:
    _require(actor, Right.SHELVE, key)
    before = status.state
    if before in (AlarmState.SHELVED, AlarmState.OUT_OF_SERVICE):
        raise AlarmError(
            key, translate("Alarm", "cannot shelve an alarm that is {state}").format(state=before.value)
        )
    if not ts_ms < until_ms <= ts_ms + MAX_SHELVE_MS:
        raise AlarmError(key, translate("Alarm", "a shelf must end in the future and within 24 hours"))
    status.shelved_until_ms = until_ms
    status.acked = True
    return _event(key, EventKind.SHELVED, ts_ms, before, status, user=actor.name, comment=comment)


def _reappear(status: AlarmStatus) -> None:
    """Leaving a hidden state while active asks for acknowledgement: nobody saw it start."""
    if not status.hidden and status.active:
        status.acked = False


def unshelve(key: str, status: AlarmStatus, actor: Actor, ts_ms: int, comment: str = "") -> AlarmEvent:
    """End a shelf, by an operator or (``SYSTEM``) because it expired."""
    if actor is not SYSTEM:
        _require(actor, Right.SHELVE, key)
    if status.shelved_until_ms is None:
        raise AlarmError(key, translate("Alarm", "the alarm is not shelved"))
    before = status.state
    status.shelved_until_ms = None
    _reappear(status)
    return _event(key, EventKind.UNSHELVED, ts_ms, before, status, user=actor.name, comment=comment)


def set_suppressed(key: str, status: AlarmStatus, reason: str, on: bool, ts_ms: int) -> AlarmEvent | None:
    """Suppression by design or by a parent alarm; ``reason`` names which."""
    reasons = status.suppressed_by | {reason} if on else status.suppressed_by - {reason}
    if reasons == status.suppressed_by:
        return None
    before = status.state
    was_suppressed = bool(status.suppressed_by)
    status.suppressed_by = frozenset(reasons)
    if on and not was_suppressed:
        status.acked = True
    _reappear(status)
    if bool(reasons) == was_suppressed:
        return None
    kind = EventKind.SUPPRESSED if on else EventKind.UNSUPPRESSED
    return _event(key, kind, ts_ms, before, status, comment=reason)


def set_out_of_service(
    key: str, status: AlarmStatus, actor: Actor, out: bool, ts_ms: int, *, comment: str = ""
) -> AlarmEvent:
    _require(actor, Right.OUT_OF_SERVICE, key)
    if status.out_of_service == out:
        raise AlarmError(
            key,
            translate("Alarm", "the alarm is already out of service")
            if out
            else translate("Alarm", "the alarm is already in service"),
        )
    before = status.state
    status.out_of_service = out
    if out:
        status.acked = True
    _reappear(status)
    kind = EventKind.REMOVED_FROM_SERVICE if out else EventKind.RETURNED_TO_SERVICE
    return _event(key, kind, ts_ms, before, status, user=actor.name, comment=comment)


def set_chattering(key: str, status: AlarmStatus, chattering: bool, ts_ms: int) -> AlarmEvent | None:
    if status.chattering == chattering:
        return None
    before = status.state
    status.chattering = chattering
    return _event(key, EventKind.CHATTERING if chattering else EventKind.CHATTER_ENDED, ts_ms, before, status)
