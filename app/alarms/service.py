"""The alarm service: conditions from the bus become ISA-18.2 alarms, journalled and announced.

It subscribes to the sample bus and evaluates each batch inline on the driver thread
(vectorised, well under a millisecond per poll); the resulting events go to the recorder
thread, which journals them before any listener hears of them. A clock thread trips
communication loss when nothing arrives at all, ends expired shelves and chattering, and
picks up operator actions journalled by other processes (``wattkeeper alarms ack``).

The service knows nothing of Qt; the window gets its signals from ``widgets/alarm_signals.py``.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace

from app.accounts.actors import SYSTEM, Actor
from app.alarms import states
from app.alarms.audit_link import record_action, record_refusal
from app.alarms.conditions import ConditionChange, ConditionEvaluator
from app.alarms.facts import event_row, status_from_facts
from app.alarms.flood import FloodMonitor, FloodStatus
from app.alarms.recorder import AlarmRecorder, Listener
from app.alarms.states import AlarmError, AlarmEvent, AlarmState, AlarmStatus, EventKind
from app.audit.trail import AuditTrail
from app.i18n import translate
from app.site.alarm_rules import AlarmRule, AlarmSettings, Priority, RuleKind, SuppressWhen
from app.site.config import SiteConfig
from drivers.base import SampleBatch, now_ms
from storage.alarm_journal import AlarmDefinition, AlarmJournal

log = logging.getLogger(__name__)

TICK_S = 0.5
DESIGN = "design"


@dataclass(slots=True)
class Alarm:
    """One configured alarm and its present facts."""

    rule: AlarmRule
    id: int
    status: AlarmStatus
    activated_ms: int | None = None
    value: float | None = None
    first_out: bool = False

    @property
    def key(self) -> str:
        return self.rule.key

    @property
    def priority(self) -> Priority:
        return self.rule.priority


@dataclass(frozen=True, slots=True)
class AlarmView:
    """A snapshot of one alarm for displays and the command line."""

    id: int
    key: str
    point: str
    kind: str
    priority: Priority
    message: str
    state: AlarmState
    activated_ms: int | None
    value: float | None
    shelved_until_ms: int | None
    chattering: bool
    first_out: bool


class AlarmService:
    def __init__(
        self,
        config: SiteConfig,
        journal: AlarmJournal,
        point_ids: dict[str, int],
        *,
        clock: Callable[[], int] = now_ms,
        audit: AuditTrail | None = None,
    ) -> None:
        self.settings: AlarmSettings = config.file.alarm_settings
        #: Where operators' actions are audited (the runtime's trail; None in tests of the engine alone).
        self.audit = audit
        self._clock = clock
        self._journal = journal
        self._origin = uuid.uuid4().hex[:16]
        self._lock = threading.RLock()
        rules = list(config.file.alarm_rules)
        stored = journal.register(
            AlarmDefinition(r.key, r.point, r.kind.value, r.priority.value, r.message) for r in rules
        )
        self._alarms = {
            r.key: Alarm(
                r, stored[r.key].id, status_from_facts(stored[r.key].facts), stored[r.key].activated_ms
            )
            for r in rules
        }
        self._by_id = {a.id: a for a in self._alarms.values()}
        self._children: dict[str, list[str]] = {}
        for rule in rules:
            if rule.parent is not None:
                self._children.setdefault(rule.parent, []).append(rule.key)
        suppressors = sorted({r.suppress_when for r in rules if r.suppress_when is not None}, key=repr)
        self._suppressed_by_design = [[r.key for r in rules if r.suppress_when == s] for s in suppressors]
        self._targets = [r.key for r in rules]
        intervals = _point_intervals(config)
        self._evaluator = ConditionEvaluator(
            rules + [_suppressor_rule(s) for s in suppressors], point_ids, intervals, clock()
        )
        for index, key in enumerate(self._targets):
            self._evaluator.restore(index, self._alarms[key].status.active)
        self._flood = FloodMonitor(self.settings)
        #: Alarms the clock must look at: shelved (expiry) or chattering (end of chatter).
        self._timed = {
            a.key
            for a in self._alarms.values()
            if a.status.shelved_until_ms is not None or a.status.chattering
        }
        self._seen_event_id = journal.last_event_id()
        self._recorder = AlarmRecorder(
            journal, lambda e: event_row(e, self._alarms[e.alarm].id, self._origin)
        )
        self._stop = threading.Event()
        self._clock_thread = threading.Thread(
            target=self._run_clock, name="wattkeeper-alarm-clock", daemon=True
        )

    # Life

    def listen(self, listener: Listener) -> None:
        """Call ``listener`` (on the recorder thread) with each group of journalled events."""
        self._recorder.listen(listener)

    def unlisten(self, listener: Listener) -> None:
        """Stop calling ``listener``; a window being replaced must not hear events after it is gone."""
        self._recorder.unlisten(listener)

    def start(self) -> None:
        self._recorder.start()
        self._clock_thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._clock_thread.is_alive():
            self._clock_thread.join(10)
        self._recorder.stop()

    def settled(self) -> bool:
        """Every event so far is journalled and announced."""
        return self._recorder.idle()

    @property
    def recorded(self) -> int:
        return self._recorder.recorded

    # Evaluation

    def on_batch(self, batch: SampleBatch) -> None:
        """Bus subscriber: evaluate one batch and queue what changed."""
        with self._lock:
            events = self._apply(self._evaluator.on_samples(batch.samples))
        self._submit(events)

    def tick(self, now: int | None = None) -> None:
        """Time-driven changes: communication loss, expired shelves, chattering that stopped."""
        now = self._clock() if now is None else now
        with self._lock:
            events = self._apply(self._evaluator.tick(now))
            for alarm in [self._alarms[key] for key in self._timed]:
                until = alarm.status.shelved_until_ms
                if until is not None and until <= now:
                    events.append(states.unshelve(alarm.key, alarm.status, SYSTEM, until, "shelf expired"))
                if alarm.status.chattering and not self._flood.still_chattering(alarm.key, now):
                    events.append(states.set_chattering(alarm.key, alarm.status, False, now))  # type: ignore[arg-type]
        self._submit(events)

    def _submit(self, events: list[AlarmEvent]) -> None:
        """Queue events for the journal; remember which alarms the clock must watch."""
        if not events:
            return
        with self._lock:
            for event in events:
                status = self._alarms[event.alarm].status
                if status.shelved_until_ms is not None or status.chattering:
                    self._timed.add(event.alarm)
                else:
                    self._timed.discard(event.alarm)
        self._recorder.submit(events)

    def _apply(self, changes: list[ConditionChange]) -> list[AlarmEvent]:
        events: list[AlarmEvent] = []
        count = len(self._targets)
        changes.sort(key=lambda c: (c.ts_ms, c.condition < count, c.condition))
        for change in changes:
            if change.condition >= count:
                for key in self._suppressed_by_design[change.condition - count]:
                    self._suppress(key, DESIGN, change.active, change.ts_ms, events)
                continue
            alarm = self._alarms[self._targets[change.condition]]
            event = states.condition_changed(
                alarm.key, alarm.status, change.active, change.ts_ms, change.value
            )
            if event is None:
                continue
            if change.active:
                first, chattering = self._flood.activation(alarm.key, change.ts_ms, not alarm.status.hidden)
                alarm.activated_ms, alarm.value, alarm.first_out = change.ts_ms, change.value, first
                event = replace(event, first_out=first)
                events.append(event)
                if chattering and (
                    flagged := states.set_chattering(alarm.key, alarm.status, True, change.ts_ms)
                ):
                    events.append(flagged)
            else:
                events.append(event)
            for child in self._children.get(alarm.key, ()):
                self._suppress(child, f"parent {alarm.key}", change.active, change.ts_ms, events)
        return events

    def _suppress(self, key: str, reason: str, on: bool, ts_ms: int, events: list[AlarmEvent]) -> None:
        alarm = self._alarms[key]
        event = states.set_suppressed(key, alarm.status, reason, on, ts_ms)
        if event is not None:
            events.append(event)

    # Operator actions

    def acknowledge(self, alarm: int | str, actor: Actor, comment: str = "") -> AlarmEvent:
        return self._act(
            alarm, actor, lambda a, now: states.acknowledge(a.key, a.status, actor, now, comment)
        )

    def shelve(self, alarm: int | str, actor: Actor, duration_s: float, comment: str = "") -> AlarmEvent:
        return self._act(
            alarm,
            actor,
            lambda a, now: states.shelve(
                a.key, a.status, actor, now, until_ms=now + round(duration_s * 1000), comment=comment
            ),
        )

    def unshelve(self, alarm: int | str, actor: Actor, comment: str = "") -> AlarmEvent:
        return self._act(alarm, actor, lambda a, now: states.unshelve(a.key, a.status, actor, now, comment))

    def set_out_of_service(self, alarm: int | str, actor: Actor, out: bool, comment: str = "") -> AlarmEvent:
        return self._act(
            alarm,
            actor,
            lambda a, now: states.set_out_of_service(a.key, a.status, actor, out, now, comment=comment),
        )

    def _act(self, alarm: int | str, actor: Actor, change: Callable[[Alarm, int], AlarmEvent]) -> AlarmEvent:
        """Apply an operator's action; it is journalled, and audited with a link to the journal entry."""
        with self._lock:
            found = self._by_id.get(alarm) if isinstance(alarm, int) else self._alarms.get(alarm)
            if found is None or not actor.sees_path(found.rule.point):
                # An alarm on a site the actor may not see is, to them, no alarm at all.
                raise AlarmError(str(alarm), translate("Alarm", "no such alarm"))
            try:
                event = change(found, self._clock())
            except states.PermissionDeniedError as exc:
                log.warning("refused: %s", exc)
                record_refusal(self.audit, actor, found.id, found.key, exc.message)
                raise
        self._submit([event])
        record_action(
            self.audit, actor, alarm_id=found.id, key=found.key, event=event.kind.value, ts_ms=event.ts_ms
        )
        return event

    # Views

    def alarms(self) -> list[AlarmView]:
        with self._lock:
            return [_view(a) for a in self._alarms.values()]

    def flood_status(self, now: int | None = None) -> FloodStatus:
        with self._lock:
            return self._flood.status(self._clock() if now is None else now)

    # The clock thread

    def _run_clock(self) -> None:
        while not self._stop.wait(TICK_S):
            try:
                self.tick()
                self._merge_external()
            except Exception:
                log.exception("alarm clock tick failed")

    def _merge_external(self) -> None:
        """Adopt operator actions that another process journalled (the command line)."""
        events = self._journal.events(after_id=self._seen_event_id, not_origin=self._origin)
        if not events:
            return
        self._seen_event_id = events[-1].id
        adopted: list[AlarmEvent] = []
        with self._lock:
            for stored in events:
                alarm = self._by_id.get(stored.alarm_id)
                if alarm is None:
                    continue
                before = alarm.status.state
                theirs = status_from_facts(stored.facts)
                if stored.event == EventKind.ACKNOWLEDGED and (alarm.activated_ms or 0) > stored.ts_ms:
                    continue  # acknowledged an earlier activation than the one standing now
                alarm.status.acked = theirs.acked or alarm.status.acked
                alarm.status.shelved_until_ms = theirs.shelved_until_ms
                alarm.status.out_of_service = theirs.out_of_service
                if alarm.status.hidden:
                    alarm.status.acked = True
                adopted.append(
                    AlarmEvent(
                        alarm.key,
                        EventKind(stored.event),
                        stored.ts_ms,
                        before,
                        alarm.status.copy(),
                        user=stored.user,
                        comment=stored.comment,
                    )
                )
        self._submit(adopted)


def _view(alarm: Alarm) -> AlarmView:
    rule = alarm.rule
    return AlarmView(
        id=alarm.id,
        key=alarm.key,
        point=rule.point,
        kind=rule.kind.value,
        priority=rule.priority,
        message=rule.message,
        state=alarm.status.state,
        activated_ms=alarm.activated_ms,
        value=alarm.value,
        shelved_until_ms=alarm.status.shelved_until_ms,
        chattering=alarm.status.chattering,
        first_out=alarm.first_out,
    )


def _suppressor_rule(when: SuppressWhen) -> AlarmRule:
    return AlarmRule(point=when.point, kind=RuleKind.DIGITAL, state=when.state)


def _point_intervals(config: SiteConfig) -> dict[str, float]:
    """Each point's expected time between readings, from its device."""
    interval = {f"{site.id}/{device.id}": device.interval_s for site, _gw, device in config.devices()}
    return {p.path: interval[p.device_path] for p in config.points}
