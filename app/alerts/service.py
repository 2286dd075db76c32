"""Alerts off the screen: alarm changes become notifications in the outbox, and the outbox is sent.

 alarm recorder (journalled events) ─► on_events ─► routing ─► outbox (one transaction)
 escalation clock (every 5 s) ─────► escalate ───────┘             │
               one worker thread per channel: claim due rows ─► render ─► send
                                                 └► sent / retried with back-off / failed, audited

A channel that hangs or is down delays only its own worker; the others go on. A failed attempt
is retried at 10 s, 20 s, 40 s … up to every 10 minutes, for a day; the outbox keeps every row
across restarts, and a row a crashed process left "sending" is sent again under the same key.
Three failed attempts in a row on a channel raise its system alarm (``health``), cleared by the
next success.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from app.accounts.actors import SYSTEM, Actor, Right, RightMissingError
from app.accounts.guard import require
from app.accounts.service import Account, actor_for
from app.alarms.service import AlarmView
from app.alarms.states import AlarmError, AlarmEvent, AlarmState
from app.alerts import messages
from app.alerts.channels import Channel
from app.alerts.routing import AlarmInfo, Change, Person, Router, becomes_active, notification_key
from app.audit.actions import Action
from app.audit.trail import AuditTrail
from app.privacy.consents import Purpose, current
from app.site.alert_settings import AlertRecipient, SmsChannel
from app.site.config import ConfigError, SiteConfig
from drivers.base import now_ms
from senders.base import SendError
from storage import account_store, notification_store
from storage.account_store import AccountRow
from storage.audit_log import AuditEntry
from storage.notification_store import NewNotification, NotificationRow

log = logging.getLogger(__name__)

ESCALATE_EVERY_S = 5.0
REFRESH_PEOPLE_MS = 60_000
FIRST_RETRY_MS = 10_000
MAX_RETRY_MS = 10 * 60_000
GIVE_UP_MS = 24 * 3_600_000
#: During a flood, how long people's notifications wait to be gathered into one summary.
FLOOD_GATHER_MS = 20_000
#: How often a channel that takes replies reads them.
REPLY_POLL_S = 15.0
#: A reply acknowledging an alarm: "ACK 12", any case, anything after.
ACK_REPLY = re.compile(r"\s*ACK\s+(\d+)\b", re.IGNORECASE)
#: Failed attempts in a row after which a channel's system alarm is raised.
FAILING_AFTER = 3

#: Tells the runtime whether a channel is failing: (channel id, failing).
Health = Callable[[str, bool], None]


def owner_dead(owner: str) -> bool:
    """Whether a claim's owner (``host:pid:nonce``) was a process on this machine that no longer runs.

    A process elsewhere cannot be asked; its claims are handed back when they grow stale.
    """
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def retry_delay_ms(attempts: int) -> int:
    """The wait after the ``attempts``-th failure: 10 s doubling, at most 10 minutes."""
    return min(FIRST_RETRY_MS * 2 ** max(attempts - 1, 0), MAX_RETRY_MS)


def unknown_recipients(config: SiteConfig, emails: set[str]) -> list[str]:
    """Rules and recipient settings naming an account that does not exist, as site-file problems."""
    where = str(config.path) if config.path is not None else "site file"
    problems = [
        f"{where}: alert_rules[{r}].tiers[{t}].to[{i}]: no account {email!r}"
        for r, rule in enumerate(config.file.alert_rules)
        for t, tier in enumerate(rule.tiers)
        for i, email in enumerate(tier.to)
        if email.lower() not in emails
    ]
    problems += [
        f"{where}: alert_recipients[{i}].account: no account {recipient.account!r}"
        for i, recipient in enumerate(config.file.alert_recipients)
        if recipient.account.lower() not in emails
    ]
    return problems


@dataclass(frozen=True, slots=True)
class Delivery:
    """What became of a notification sent at once (a test message)."""

    key: str
    sent: bool
    result: str


class AlertService:
    def __init__(
        self,
        config: SiteConfig,
        trail: AuditTrail,
        alarms: Callable[[], list[AlarmView]],
        *,
        clock: Callable[[], int] = now_ms,
        health: Health | None = None,
        flooding: Callable[[], bool] = lambda: False,
        acknowledge: Callable[[int, Actor, str], object] | None = None,
    ) -> None:
        self.config = config
        self._trail = trail
        self._db = trail.db
        self._alarms = alarms
        self._clock = clock
        self._health = health
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._stop = threading.Event()
        self._wake: dict[str, threading.Event] = {}
        self._failures: dict[str, int] = defaultdict(int)
        self._people_lock = threading.Lock()
        self._people: dict[str, Person] = {}
        self._names: dict[str, str] = {}
        self._phones: dict[str, str] = {}
        #: When each alarm was last shown active and unacknowledged: escalation counts from there.
        self._shown_ms: dict[str, int] = {}
        self._undecided: list[AlarmEvent] = []
        self._flooding = flooding
        self._acknowledge = acknowledge
        self._accounts: dict[str, AccountRow] = {}
        #: SMS sent with delivery reports asked for, per channel: (row ids, references, result).
        self._awaiting: dict[str, list[tuple[list[int], list[int], str]]] = {}
        self._people_ms = -REFRESH_PEOPLE_MS
        self._threads: list[threading.Thread] = []
        self.channels = {
            c.id: Channel(c, config.resolve_file, self._standing) for c in config.file.alert_channels
        }

    # Who may be told

    def check(self) -> None:
        """Raise :class:`ConfigError` for rules naming accounts that do not exist."""
        with self._db.engine.connect() as conn:
            emails = {a.email.lower() for a in account_store.all_accounts(conn)}
        if problems := unknown_recipients(self.config, emails):
            raise ConfigError(problems)

    def refresh_people(self) -> None:
        """Read who agreed to which channel (consents change while running)."""
        settings = {r.account.lower(): r for r in self.config.file.alert_recipients}
        people: dict[str, Person] = {}
        with self._db.engine.connect() as conn:
            accounts = account_store.all_accounts(conn)
            for account in accounts:
                if account.status != "active":
                    continue
                answers = current(
                    [(c.purpose, c.granted) for c in account_store.consent_history(conn, account.id)]
                )
                kinds = {"email"} if answers[Purpose.ALARM_ALERTS] else set()
                if answers[Purpose.SMS_ALERTS] and account.phone:
                    kinds.add("sms")
                recipient = settings.get(account.email, AlertRecipient(account=account.email))
                people[account.email] = Person(account.ref, account.email, frozenset(kinds), recipient)
        with self._people_lock:
            self._people = people
            self._phones = {a.ref: a.phone for a in accounts if a.phone}
            self._names = {a.ref: a.email for a in accounts}
            self._accounts = {a.ref: a for a in accounts}
            self._people_ms = self._clock()

    def _fresh_people(self) -> None:
        if self._clock() - self._people_ms >= REFRESH_PEOPLE_MS:
            self.refresh_people()

    def _router(self) -> Router:
        self._fresh_people()
        with self._people_lock:
            people = self._people
        kinds = {c.id: c.kind for c in self.config.file.alert_channels}
        return Router(list(self.config.file.alert_rules), people, kinds, self._quiet)

    def _zone(self, site: str) -> tzinfo:
        return next((s.zone() for s in self.config.file.sites if s.id == site), UTC)

    def _quiet(self, person: Person, site: str, ts_ms: int) -> bool:
        local = datetime.fromtimestamp(ts_ms / 1000, UTC).astimezone(self._zone(site))
        return person.settings.quiet_at(local.hour * 60 + local.minute)

    def _info(self, key: str, views: dict[str, AlarmView]) -> AlarmInfo | None:
        view = views.get(key)
        if view is None:
            return None
        point = self.config.point(view.point)
        site = point.site if point is not None else ""
        site_name = next((s.name or s.id for s in self.config.file.sites if s.id == site), "Wattkeeper")
        return AlarmInfo(
            key, site, site_name, view.point, point.name if point is not None and point.name else view.point,
            point.unit if point is not None else "", view.priority, view.message, view.id,
        )  # fmt: skip

    # Decisions

    def on_events(self, events: Sequence[AlarmEvent]) -> None:
        """The recorder's listener: decide and record the notifications of journalled events.

        Events whose decisions cannot be recorded now (the database busy or failing) are kept
        and decided again by the clock thread, so no alarm goes untold.
        """
        if not self.config.file.alert_rules:
            return
        try:
            self._decide(events)
        except Exception:
            log.exception("alert decisions for %d alarm change(s) wait for the next try", len(events))
            with self._people_lock:
                self._undecided.extend(events)

    def _retry_undecided(self) -> None:
        with self._people_lock:
            events, self._undecided = self._undecided, []
        if events:
            self.on_events(events)

    def _decide(self, events: Sequence[AlarmEvent]) -> None:
        router = self._router()
        views = {v.key: v for v in self._alarms()}
        decided: list[NewNotification] = []
        with self._db.engine.connect() as conn:
            for event in events:
                info = self._info(event.alarm, views)
                if info is None:
                    continue
                change = Change.of(event)
                if becomes_active(change):
                    self._shown_ms[event.alarm] = event.ts_ms
                activated = self._shown_ms.get(event.alarm, views[event.alarm].activated_ms)
                if becomes_active(change):
                    activated = event.ts_ms
                told: list[tuple[str, str]] = []
                if not becomes_active(change) and activated is not None:
                    told = [
                        (n.recipient, n.channel)
                        for n in notification_store.told(conn, event.alarm, activated)
                        if n.recipient and n.event in ("activated", "escalated") and n.status != "held"
                    ]
                decided += router.on_event(change, info, activated or event.ts_ms, told)
        self._record(decided)

    def escalate(self, now: int | None = None) -> int:
        """Tell the later tiers of alarms still unacknowledged; how many notifications that made."""
        if not any(rule.tiers for rule in self.config.file.alert_rules):
            return 0
        now = self._clock() if now is None else now
        router = self._router()
        views = {v.key: v for v in self._alarms()}
        decided: list[NewNotification] = []
        for view in views.values():
            if (
                view.state not in (AlarmState.UNACK_ACTIVE, AlarmState.UNACK_RETURNED)
                or view.activated_ms is None
            ):
                continue
            info = self._info(view.key, views)
            if info is not None:
                # Tiers count from when the alarm was last shown unacknowledged, not from when its
                # condition began (it may have begun while shelved).
                shown = self._shown_ms.get(view.key, view.activated_ms)
                change = Change("activated", shown, AlarmState.NORMAL, view.state, view.value)
                decided += router.escalations(info, change, shown, now)
        return len(self._record(decided))

    def _record(self, decided: list[NewNotification]) -> list[str]:
        if not decided:
            return []
        now = self._clock()
        with self._db.engine.begin() as conn:
            fresh = set(notification_store.enqueue(conn, decided, now))
            held = [n for n in decided if n.held and n.key in fresh]
            if held:
                self._trail.record_many(
                    [self._entry(Action.ALERT_HELD, n, {"why": "quiet hours"}) for n in held], conn
                )
        for channel in {n.channel for n in decided if n.key in fresh and not n.held}:
            if (wake := self._wake.get(channel)) is not None:
                wake.set()
        return sorted(fresh)

    def _entry(
        self, action: Action, n: NewNotification | NotificationRow, more: dict[str, object]
    ) -> AuditEntry:
        details: dict[str, object] = {
            "key": n.key, "channel": n.channel, "recipient": n.recipient or n.channel, "event": n.event,
            "tier": n.tier,
        }  # fmt: skip
        return self._trail.entry(SYSTEM, action, n.alarm, details={**details, **more})

    # Sending

    def start(self) -> None:
        self.release_abandoned()
        for channel in self.channels:
            self._wake[channel] = threading.Event()
            self._threads.append(
                threading.Thread(
                    target=self._work, args=(channel,), name=f"wattkeeper-alerts-{channel}", daemon=True
                )
            )
        self._threads.append(
            threading.Thread(target=self._clock_loop, name="wattkeeper-escalation", daemon=True)
        )
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for wake in self._wake.values():
            wake.set()
        for thread in self._threads:
            thread.join(30)
        for channel in self.channels.values():
            channel.close()

    def _clock_loop(self) -> None:
        """Every few seconds: decisions that failed, escalation, and claims left by dead processes."""
        while not self._stop.wait(ESCALATE_EVERY_S):
            try:
                self._retry_undecided()
                self.escalate()
                self.release_abandoned()
            except Exception:
                log.exception("alert escalation failed; tried again in %g s", ESCALATE_EVERY_S)

    def release_abandoned(self) -> int:
        """Hand back rows whose sender died, to be sent again under the same key."""
        with self._db.engine.begin() as conn:
            released = notification_store.release_stale(conn, self._clock(), owner_dead)
        if released:
            log.warning("%d notification(s) left unfinished by a stopped program are sent again", released)
        return released

    def _work(self, channel: str) -> None:
        wake = self._wake[channel]
        next_reading = 0.0
        while not self._stop.is_set():
            wake.wait(1.0)
            wake.clear()
            try:
                while not self._stop.is_set() and self.send_due(channel):
                    pass
                if self._awaiting.get(channel):
                    self.check_deliveries(channel)
                if self.channels[channel].takes_replies and time.monotonic() >= next_reading:
                    next_reading = time.monotonic() + REPLY_POLL_S
                    self.read_replies(channel)
            except Exception:
                log.exception("alert channel %s failed unexpectedly; tried again in a second", channel)

    def read_replies(self, channel_id: str) -> list[str]:
        """Act on the replies a channel received: "ACK <number>" from the phone of an account that
        agreed to SMS alerts acknowledges that alarm as that account (its role's rights apply, and
        the alarm service audits the acknowledgement). Every reply is audited; a number no account
        agreed with is named nowhere. The outcome of each, in words."""
        channel = self.channels[channel_id]
        try:
            received = channel.replies()
        except SendError as exc:
            log.warning("alert channel %s: replies cannot be read: %s", channel_id, exc)
            return []
        self._fresh_people()
        outcomes = []
        for sms in received:
            outcome, target = self._reply(channel, sms.number, sms.text)
            refused = not outcome.startswith("acknowledged")
            self._trail.record(
                SYSTEM, Action.ALERT_REPLY, target, details={"channel": channel_id, "result": outcome},
                outcome="refused" if refused else "ok",
            )  # fmt: skip
            (log.warning if refused else log.info)("SMS reply on %s: %s", channel_id, outcome)
            outcomes.append(outcome)
        return outcomes

    def _reply(self, channel: Channel, number: str, text: str) -> tuple[str, str]:
        """What one reply did, and whom or what it concerned (an account's ref, an alarm)."""
        with self._people_lock:
            ref = next((r for r, phone in self._phones.items() if phone == number), None)
            person = next((p for p in self._people.values() if p.ref == ref), None)
            account = self._accounts.get(ref or "")
        if person is None or account is None or channel.kind not in person.channels:
            return "ignored: from a number no account agreed to SMS alerts with", ""
        found = ACK_REPLY.match(text)
        if found is None:
            return f"ignored: not understood (expected 'ACK <number>'), from {ref}", ref or ""
        if self._acknowledge is None:
            return "ignored: acknowledging by reply is not possible here", ref or ""
        actor = actor_for(Account.of(account))
        try:
            self._acknowledge(int(found.group(1)), actor, f"by SMS reply through {channel.id}")
        except (AlarmError, RightMissingError) as exc:
            return f"refused: {exc} (from {ref})", ref or ""
        return f"acknowledged alarm {found.group(1)} as {ref}", ref or ""

    def send_due(self, channel: str) -> int:
        """Send what is due on one channel; how many notifications were settled.

        During an alarm flood, people's notifications wait ``FLOOD_GATHER_MS`` after they were
        decided, so that a flood arriving in many small groups still reaches each person as one
        summary. After a failure a retry may cure, the channel's other messages of this pass are
        put off with it rather than each waiting for the same time-out.
        """
        sending = self.channels[channel]
        now = self._clock()
        gather = sending.kind in ("email", "sms") and self._flooding()
        with self._db.engine.begin() as conn:
            rows = notification_store.claim_due(
                conn, now, self.owner, channel, decided_before_ms=now - FLOOD_GATHER_MS if gather else None
            )
        groups: dict[str, list[NotificationRow]] = defaultdict(list)
        for row in rows:
            groups[row.recipient or row.key].append(row)  # machines: each change on its own
        failure: SendError | None = None
        for group in groups.values():
            if failure is not None:
                self._put_off(group, failure)
                continue
            failure = self._send_group(sending, group)
        if any(groups) and failure is None:
            self._after_batch(sending)
        return len(rows)

    def _after_batch(self, channel: Channel) -> None:
        try:
            channel.after_batch()
        except SendError as exc:
            log.warning("alert channel %s: %s", channel.id, exc)

    def _put_off(self, rows: list[NotificationRow], failure: SendError) -> None:
        """Rows not tried because their channel just failed: due again with the failed ones."""
        now = self._clock()
        with self._db.engine.begin() as conn:
            for row in rows:
                notification_store.mark_failed(
                    conn, row.id, now, self.owner, error=f"not tried: {failure}",
                    retry_at_ms=now + retry_delay_ms(max(row.attempts, 1)), tried=False,
                )  # fmt: skip

    def _address(self, channel: Channel, ref: str) -> tuple[str | None, str]:
        """The e-mail or phone number of an account that still agrees to this channel, and its language."""
        self._fresh_people()
        with self._people_lock:
            person = next((p for p in self._people.values() if p.ref == ref), None)
            phone = self._phones.get(ref)
        if person is None or channel.kind not in person.channels:
            return None, "en"
        return (person.email if channel.kind == "email" else phone), person.settings.language

    def _send_group(
        self, channel: Channel, rows: list[NotificationRow], *, own_email: str | None = None
    ) -> SendError | None:
        """Send one message for ``rows`` (one person, or one machine change); the failure a retry
        may cure, if that is what happened. ``own_email``: a test message a person asked for
        themself, which needs no standing agreement to e-mail alerts."""
        first = rows[0]
        address, language = (None, str(first.data.get("language", "en")))
        if first.recipient:
            address, language = self._address(channel, first.recipient)
            address = address or own_email
            if address is None:
                refused = SendError(
                    channel.id, "the account has not agreed to alerts on this channel", permanent=True
                )
                self._settle(rows, refused)
                return None
        with self._people_lock:
            names = dict(self._names)
        with self._db.engine.begin() as conn:
            notification_store.touch(conn, [r.id for r in rows], self._clock(), self.owner)
        try:
            message = messages.render(
                [(r.key, r.event, r.data) for r in rows],
                language,
                self._zone(str(first.data.get("site", ""))),
                names,
                replies=channel.takes_replies,
            )
            result = channel.deliver(address, message, language)
        except Exception as exc:  # a broken CA file, a sender's bug: a failure like any other, retried
            error = (
                exc if isinstance(exc, SendError) else SendError(channel.id, f"{type(exc).__name__}: {exc}")
            )
            log.warning("alert channel %s: %s (%d notification(s))", channel.id, error, len(rows))
            self._settle(rows, error)
            if not error.permanent:
                self._note_health(channel.id, ok=False)
                return error
            return None
        self._settle(rows, None, result, sent_as=message.id)
        self._note_health(channel.id, ok=True)
        if isinstance(channel.config, SmsChannel) and channel.config.delivery_reports:
            refs = [int(ref) for ref in re.findall(r"\d+", result)]
            with self._people_lock:
                self._awaiting.setdefault(channel.id, []).append(([r.id for r in rows], refs, result))
        return None

    def check_deliveries(self, channel_id: str) -> int:
        """Note in the outbox what the modem's delivery reports said of SMS sent earlier; how many
        messages were settled. The newest 1,000 still without a report are looked for again."""
        with self._people_lock:
            awaiting = self._awaiting.pop(channel_id, [])
        channel = self.channels[channel_id]
        still, settled = [], 0
        for ids, refs, result in awaiting:
            states = channel.delivery(refs)
            if len(states) < len(refs) or "pending" in states.values():
                still.append((ids, refs, result))
                continue
            word = "delivered" if set(states.values()) == {"delivered"} else "NOT delivered"
            with self._db.engine.begin() as conn:
                notification_store.note_result(conn, ids, f"{result}; {word}")
            settled += 1
        with self._people_lock:
            self._awaiting.setdefault(channel_id, [])[:0] = still[-1000:]
        return settled

    def _settle(
        self,
        rows: list[NotificationRow],
        error: SendError | None,
        result: str = "",
        *,
        sent_as: str | None = None,
    ) -> None:
        """Record the outcome, row by row: sent; or failed, to be retried after its own number of
        attempts, or given up (refused for good, or after a day of failures), which is audited.
        Rows another process took over meanwhile (this one was thought dead) are left to it."""
        now = self._clock()
        with self._db.engine.begin() as conn:
            if error is None:
                assert sent_as is not None
                if notification_store.mark_sent(
                    conn, [r.id for r in rows], now, self.owner, sent_as=sent_as, result=result
                ):
                    entries = [
                        self._entry(Action.ALERT_SENT, r, {"result": result[:200], "sent_as": sent_as})
                        for r in rows
                    ]
                    self._trail.record_many(entries, conn)
                return
            for row in rows:
                give_up = error.permanent or now - row.created_ms >= GIVE_UP_MS
                retry = None if give_up else now + retry_delay_ms(row.attempts + 1)
                held = notification_store.mark_failed(
                    conn, row.id, now, self.owner, error=str(error), retry_at_ms=retry
                )
                if held and give_up:
                    self._trail.record_many(
                        [self._entry(Action.ALERT_FAILED, row, {"error": str(error)[:500]})], conn
                    )

    def _note_health(self, channel: str, *, ok: bool) -> None:
        if ok:
            if self._failures[channel] >= FAILING_AFTER and self._health is not None:
                self._health(channel, False)
            self._failures[channel] = 0
            return
        self._failures[channel] += 1
        if self._failures[channel] == FAILING_AFTER and self._health is not None:
            self._health(channel, True)

    def _standing(self) -> list[dict[str, object]]:
        """The alarms active or waiting for acknowledgement, for machines' retained summary."""
        return [
            {"alarm": v.key, "priority": v.priority.value, "state": v.state.value, "since_ms": v.activated_ms}
            for v in self._alarms()
            if v.state in (AlarmState.UNACK_ACTIVE, AlarmState.ACK_ACTIVE, AlarmState.UNACK_RETURNED)
        ]

    # For people

    def send_test(self, actor: Actor, channel_id: str, to: str | None = None) -> Delivery:
        """Send a test message now through one channel: to an account (``to``, default the actor) for
        e-mail and SMS, to the channel's topic or URL for machines. Recorded in the outbox and audited."""
        require(self._trail, actor, Right.CONFIGURE, f"alert channel {channel_id}")
        channel = self.channels.get(channel_id)
        if channel is None:
            known = ", ".join(sorted(self.channels)) or "none"
            raise KeyError(f"no alert channel {channel_id!r} (channels: {known})")
        self.refresh_people()
        recipient, own = "", None
        if channel.kind in ("email", "sms"):
            email = (to or actor.display).lower()
            own = email if channel.kind == "email" and email == actor.display.lower() else None
            with self._people_lock:
                person = self._people.get(email)
            if person is None:
                raise KeyError(f"no active account {email!r} to send a test message to")
            recipient = person.ref
        now = self._clock()
        key = notification_key("test", channel_id, recipient, now, uuid.uuid4().hex)
        site = self.config.file.sites[0]
        data = {
            "alarm": "test", "site": site.id, "site_name": site.name or site.id, "channel": channel_id,
            "priority": "low", "ts_ms": now,
        }  # fmt: skip
        new = NewNotification(key, "test", "test", now, 0, "test", recipient, channel_id, data)
        with self._db.engine.begin() as conn:
            notification_store.enqueue(conn, [new], now)
            self._trail.record(
                actor, Action.ALERT_TEST, channel_id, details={"key": key, "to": recipient}, conn=conn
            )
            claimed = notification_store.claim_key(conn, key, now, self.owner)
        self._send_group(channel, [claimed], own_email=own)
        with self._db.engine.connect() as conn:
            row = notification_store.by_key(conn, key)
        assert row is not None
        return Delivery(key, row.status == notification_store.SENT, row.result or "")

    def outbox(self, actor: Actor, *, limit: int = 500, status: str | None = None) -> list[NotificationRow]:
        """The newest notifications, for administrators (who was told what, and whether it arrived)."""
        require(self._trail, actor, Right.VIEW_AUDIT, "alert outbox")
        with self._db.engine.connect() as conn:
            return notification_store.recent(conn, limit=limit, status=status)

    def counts(self) -> dict[str, int]:
        with self._db.engine.connect() as conn:
            return notification_store.counts(conn)

    def settled(self) -> bool:
        """Nothing due now on any channel (for orderly shutdown and tests)."""
        counts = self.counts()
        return not counts.get(notification_store.PENDING) and not counts.get(notification_store.SENDING)
