"""The privacy service: a person's rights over their data, and the administrator's register.

A signed-in person acts on their own data (see, correct, export, consent, withdraw); an
administrator (``privacy.manage``) acts on anyone's, on their request, and keeps the
register of requests, inquiries and points of contact. Every act is audited and, where
it is a data-subject request, registered with the law's due date.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from app.accounts.actors import SYSTEM, Actor, Right
from app.accounts.emails import check_email, normalise_email
from app.accounts.guard import require
from app.audit.actions import Action
from app.audit.trail import AuditTrail
from app.i18n import translate
from app.privacy import erasure, my_data
from app.privacy.consents import Purpose, check_phone, current
from app.privacy.laws import Law, RequestKind, law
from app.privacy.notice import notice
from app.privacy.requests import RequestView, receive_in, view
from app.privacy.retention import DAY_MS, PrivacyRetention, RetentionRun
from app.site.people_settings import PrivacySettings
from app.timefmt import now_ms
from storage import account_store, privacy_store
from storage.account_store import AccountRow
from storage.privacy_store import ContactRow, InquiryRow


class PrivacyError(Exception):
    """A privacy operation that cannot be done; the text says why."""


@dataclass(frozen=True, slots=True)
class Overview:
    """What the panel shows a person about themself."""

    data: my_data.MyData
    consents: dict[Purpose, bool]
    deletion_due_ms: int | None


class PrivacyService:
    def __init__(
        self,
        trail: AuditTrail,
        settings: PrivacySettings,
        *,
        site: str = "",
        clock: Callable[[], int] = now_ms,
    ) -> None:
        self._trail = trail
        self._db = trail.db
        self.settings = settings
        self._site = site
        self._clock = clock
        self.retention = PrivacyRetention(trail, settings, clock=clock)

    def now_ms(self) -> int:
        """The service's clock (a test's clock in tests), for deciding what is overdue."""
        return self._clock()

    @property
    def law(self) -> Law:
        return law(self.settings.law)

    def notice(self, language: str = "en") -> str:
        return notice(self.settings, language)

    def law_warning(self) -> str | None:
        """Said when the site keeps withdrawn accounts longer than its law allows for a deletion."""
        limit = self.law.deletion_days()
        if limit is not None and self.settings.deletion_days > limit:
            return translate(
                "Privacy",
                "This site deletes withdrawn accounts after {days} days, but {law} asks for deletions "
                "within {limit} days: lower [privacy] deletion_days, or erase on request with "
                "'wattkeeper privacy erase'.",
            ).format(days=self.settings.deletion_days, law=self.law.name, limit=limit)
        return None

    # Whose data

    def _subject(self, actor: Actor, email: str | None) -> AccountRow:
        """The account acted on: the actor's own, or (for an administrator) the one named."""
        with self._db.engine.connect() as conn:
            if email is None or (actor.account_id is not None and normalise_email(email) == actor.display):
                if actor.account_id is None:
                    raise PrivacyError(translate("Privacy", "name the person with --user EMAIL"))
                row = account_store.account_by_id(conn, actor.account_id)
            else:
                require(self._trail, actor, Right.MANAGE_PRIVACY, normalise_email(email))
                row = account_store.account_by_email(conn, normalise_email(email))
        if row is None:
            raise PrivacyError(translate("Privacy", "no account has the email {email}").format(email=email))
        return row

    # Access and portability

    def overview(self, actor: Actor, email: str | None = None) -> Overview:
        row = self._subject(actor, email)
        data = my_data.collect(self._trail, row, site=self._site, clock_ms=self._clock())
        with self._db.engine.connect() as conn:
            history = [(c.purpose, c.granted) for c in account_store.consent_history(conn, row.id)]
        if row.id != actor.account_id:  # someone else's data: an administrator's access is on record
            self._trail.record(actor, Action.MY_DATA_VIEWED, row.ref)
        due = None if row.withdrawn_ms is None else row.withdrawn_ms + self.settings.deletion_days * DAY_MS
        return Overview(data, current(history), due)

    def export(self, actor: Actor, output: Path, email: str | None = None) -> my_data.MyData:
        """Write "My data" to ``output`` (readable by its owner only) and register the request as done."""
        row = self._subject(actor, email)
        data = my_data.collect(self._trail, row, site=self._site, clock_ms=self._clock())
        text = json.dumps(data.document, ensure_ascii=False, indent=1) + "\n"
        partial = output.with_name(output.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(partial, output)
        with self._db.engine.begin() as conn:
            self._done_at_once(conn, actor, row.ref, RequestKind.PORTABILITY, self._clock())
            self._trail.record(
                actor, Action.MY_DATA_EXPORTED, row.ref, details={"file": str(output)}, conn=conn
            )
        return data

    # Correction and consent

    def correct(
        self,
        actor: Actor,
        *,
        email: str | None = None,
        new_email: str | None = None,
        organisation: str | None = None,
    ) -> AccountRow:
        """Correct the email address or organisation; the record says which fields, not their values."""
        row = self._subject(actor, email)
        changes: dict[str, object] = {}
        if new_email is not None and normalise_email(new_email) != row.email:
            changes["email"] = check_email(new_email)
        if organisation is not None and organisation.strip() != row.organisation:
            changes["organisation"] = organisation.strip()
        if not changes:
            return row
        now = self._clock()
        with self._db.engine.begin() as conn:
            if "email" in changes and account_store.account_by_email(conn, str(changes["email"])) is not None:
                raise PrivacyError(translate("Privacy", "another account has that email"))
            account_store.update_account(conn, row.id, now, **changes)
            self._done_at_once(conn, actor, row.ref, RequestKind.CORRECTION, now)
            self._trail.record(
                actor, Action.PROFILE_CORRECTED, row.ref, details={"fields": sorted(changes)}, conn=conn
            )
            fresh = account_store.account_by_id(conn, row.id)
        assert fresh is not None
        return fresh

    def set_consent(
        self,
        actor: Actor,
        purpose: Purpose,
        granted: bool,
        email: str | None = None,
        *,
        phone: str | None = None,
    ) -> None:
        """Record an answer. Agreeing to SMS alerts needs the phone number they go to; refusing
        them removes it, since it is held for nothing else. The record says whether a number was
        given, never which."""
        row = self._subject(actor, email)
        details: dict[str, object] = {"purpose": purpose.value, "granted": granted}
        number: str | None = None
        if purpose is Purpose.SMS_ALERTS and granted:
            try:
                number = check_phone(phone or "")
            except ValueError as exc:
                raise PrivacyError(str(exc)) from None
            details["phone"] = "given"
        elif purpose is Purpose.SMS_ALERTS and row.phone is not None:
            details["phone"] = "removed"
        now = self._clock()
        with self._db.engine.begin() as conn:
            account_store.record_consent(
                conn, row.id, purpose=purpose.value, granted=granted, now_ms=now, recorded_by=actor.ref
            )
            if purpose is Purpose.SMS_ALERTS:
                account_store.update_account(conn, row.id, now, phone=number)
            if not granted:
                self._done_at_once(conn, actor, row.ref, RequestKind.WITHDRAWAL, now, note=purpose.value)
            self._trail.record(actor, Action.CONSENT_CHANGED, row.ref, details=details, conn=conn)

    def consents(self, actor: Actor, email: str | None = None) -> dict[Purpose, bool]:
        row = self._subject(actor, email)
        with self._db.engine.connect() as conn:
            return current([(c.purpose, c.granted) for c in account_store.consent_history(conn, row.id)])

    # Withdrawal, restoration, erasure

    def withdraw(self, actor: Actor, email: str | None = None) -> int:
        """Disable the account now and start its deletion window; when it will be deleted (UTC ms)."""
        row = self._subject(actor, email)
        if row.status == "withdrawn":
            raise PrivacyError(translate("Privacy", "this account is withdrawn already"))
        now = self._clock()
        with self._db.engine.begin() as conn:
            others = [
                a
                for a in account_store.all_accounts(conn)
                if a.role == "admin" and a.status == "active" and a.id != row.id
            ]
            if row.role == "admin" and not others:
                raise PrivacyError(
                    translate(
                        "Privacy", "the last active administrator cannot withdraw: add another one first"
                    )
                )
            account_store.update_account(conn, row.id, now, status="withdrawn", withdrawn_ms=now, phone=None)
            for purpose in Purpose:
                account_store.record_consent(
                    conn, row.id, purpose=purpose.value, granted=False, now_ms=now, recorded_by=actor.ref
                )
            for session in account_store.sessions_of(conn, row.id):
                if session.ended_ms is None:
                    account_store.end_session(conn, session.id, now)
            self._done_at_once(conn, actor, row.ref, RequestKind.WITHDRAWAL, now)
            deletion = receive_in(
                conn, self._trail, actor, law=self.law, subject=row.ref, kind=RequestKind.DELETION, now_ms=now
            )
            # Answered at once: the person is told when the deletion will happen.
            privacy_store.set_request_times(conn, deletion, acknowledged_ms=now, handled_by=actor.ref)
            self._trail.record(
                actor,
                Action.WITHDRAWN,
                row.ref,
                details={"delete_after_days": self.settings.deletion_days},
                conn=conn,
            )
        return now + self.settings.deletion_days * DAY_MS

    def restore(self, actor: Actor, email: str) -> None:
        """Give a withdrawn account back, within its deletion window, at the person's request."""
        require(self._trail, actor, Right.MANAGE_PRIVACY, normalise_email(email))
        row = self._subject(actor, email)
        if row.status != "withdrawn":
            raise PrivacyError(translate("Privacy", "this account is not withdrawn"))
        now = self._clock()
        with self._db.engine.begin() as conn:
            account_store.update_account(conn, row.id, now, status="active", withdrawn_ms=None)
            for request in privacy_store.requests(conn, subject=row.ref, open_only=True):
                if request.kind == RequestKind.DELETION.value:
                    privacy_store.set_request_times(
                        conn, request.id, done_ms=now, handled_by=actor.ref, note="withdrawn by the person"
                    )
            self._trail.record(actor, Action.RESTORED, row.ref, conn=conn)

    def erase_now(self, actor: Actor, email: str) -> erasure.Erasure:
        """Hard-delete an account now (offboarding, or a deletion due before the window ends)."""
        require(self._trail, actor, Right.MANAGE_PRIVACY, normalise_email(email))
        row = self._subject(actor, email)
        if row.id == actor.account_id:
            raise PrivacyError(
                translate("Privacy", "withdraw your own account instead; another administrator erases it")
            )
        if row.role == "admin" and row.status == "active":
            with self._db.engine.connect() as conn:
                admins = [
                    a for a in account_store.all_accounts(conn) if a.role == "admin" and a.status == "active"
                ]
            if len(admins) <= 1:
                raise PrivacyError(translate("Privacy", "the last active administrator cannot be erased"))
        done = erasure.erase(self._trail, actor, row.ref, self._clock(), why="erased by an administrator")
        assert done is not None
        return done

    def purge(self, actor: Actor = SYSTEM, *, as_of_ms: int | None = None) -> RetentionRun:
        return self.retention.run(actor, as_of_ms=as_of_ms)

    # The register

    def requests(self, actor: Actor, *, open_only: bool = False) -> list[RequestView]:
        require(self._trail, actor, Right.MANAGE_PRIVACY, "requests")
        with self._db.engine.connect() as conn:
            rows = privacy_store.requests(conn, open_only=open_only)
        return [view(r, law(r.law)) for r in rows]

    def overdue(self, actor: Actor) -> list[RequestView]:
        now = self._clock()
        return [r for r in self.requests(actor, open_only=True) if r.overdue(now)]

    def receive_request(self, actor: Actor, email: str, kind: RequestKind, note: str = "") -> int:
        """Register a request made by mail, phone or in person (the register is the administrators')."""
        require(self._trail, actor, Right.MANAGE_PRIVACY, normalise_email(email))
        row = self._subject(actor, email)
        with self._db.engine.begin() as conn:
            return receive_in(
                conn,
                self._trail,
                actor,
                law=self.law,
                subject=row.ref,
                kind=kind,
                now_ms=self._clock(),
                note=note,
            )

    def _done_at_once(
        self, conn: Connection, actor: Actor, subject: str, kind: RequestKind, now: int, *, note: str = ""
    ) -> None:
        """A request the person made through the product itself: registered as received and done."""
        receive_in(
            conn,
            self._trail,
            actor,
            law=self.law,
            subject=subject,
            kind=kind,
            now_ms=now,
            done=True,
            note=note,
        )

    def acknowledge_request(self, actor: Actor, request_id: int) -> None:
        self._set_request(actor, request_id, "acknowledged_ms", Action.REQUEST_ACKNOWLEDGED)

    def complete_request(self, actor: Actor, request_id: int, note: str = "") -> None:
        self._set_request(actor, request_id, "done_ms", Action.REQUEST_DONE, note)

    def _set_request(
        self, actor: Actor, request_id: int, column: str, action: Action, note: str = ""
    ) -> None:
        require(self._trail, actor, Right.MANAGE_PRIVACY, f"request:{request_id}")
        now = self._clock()
        with self._db.engine.begin() as conn:
            request = privacy_store.request_by_id(conn, request_id)
            if request is None:
                raise PrivacyError(translate("Privacy", "no request {id}").format(id=request_id))
            values: dict[str, object] = {column: now, "handled_by": actor.ref}
            if column == "done_ms" and request.acknowledged_ms is None:
                values["acknowledged_ms"] = now
            if note:
                values["note"] = note
            privacy_store.set_request_times(conn, request_id, **values)
            self._trail.record(actor, action, request.subject, details={"request": request_id}, conn=conn)

    # Inquiries and points of contact

    def add_inquiry(
        self, actor: Actor, *, name: str, email: str, company: str = "", phone: str = "", message: str = ""
    ) -> int:
        with self._db.engine.begin() as conn:
            inquiry = privacy_store.add_inquiry(
                conn,
                name=name,
                email=check_email(email),
                company=company,
                phone=phone,
                message=message,
                now_ms=self._clock(),
            )
            self._trail.record(actor, Action.INQUIRY_ADDED, f"inquiry:{inquiry}", conn=conn)
        return inquiry

    def inquiries(self, actor: Actor) -> list[InquiryRow]:
        require(self._trail, actor, Right.MANAGE_PRIVACY, "inquiries")
        with self._db.engine.connect() as conn:
            return privacy_store.all_inquiries(conn)

    def add_contact(
        self,
        actor: Actor,
        *,
        site: str,
        name: str,
        email: str = "",
        phone: str = "",
        role: str = "",
        role_ends_ms: int | None = None,
    ) -> int:
        require(self._trail, actor, Right.MANAGE_PRIVACY, f"site:{site}")
        with self._db.engine.begin() as conn:
            contact = privacy_store.add_contact(
                conn,
                site=site,
                name=name,
                email=check_email(email) if email else "",
                phone=phone,
                role=role,
                now_ms=self._clock(),
                role_ends_ms=role_ends_ms,
            )
            self._trail.record(
                actor, Action.CONTACT_ADDED, f"contact:{contact}", details={"site": site}, conn=conn
            )
        return contact

    def end_contact(self, actor: Actor, contact_id: int, ends_ms: int | None = None) -> None:
        require(self._trail, actor, Right.MANAGE_PRIVACY, f"contact:{contact_id}")
        with self._db.engine.begin() as conn:
            if not privacy_store.end_contact_role(
                conn, contact_id, self._clock() if ends_ms is None else ends_ms
            ):
                raise PrivacyError(translate("Privacy", "no contact {id}").format(id=contact_id))
            self._trail.record(actor, Action.CONTACT_ENDED, f"contact:{contact_id}", conn=conn)

    def contacts(self, actor: Actor) -> list[ContactRow]:
        require(self._trail, actor, Right.MANAGE_PRIVACY, "contacts")
        with self._db.engine.connect() as conn:
            return privacy_store.all_contacts(conn)
