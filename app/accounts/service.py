"""Accounts: the first administrator, users and roles, sign-in with a second factor, sessions.

Every change checks the acting account's right itself and is audited in the same
transaction. Sign-in gives the same answer, after the same work, for an unknown email and
for a wrong password: an unknown email is checked against a dummy hash of the same cost,
and failures are throttled per email typed whether or not an account has it.
"""

from __future__ import annotations

import getpass
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from sqlalchemy import Connection

from app.accounts import passwords, second_factor
from app.accounts import throttle as throttling
from app.accounts.actors import Actor, Right
from app.accounts.emails import check_email, normalise_email
from app.accounts.guard import require
from app.accounts.roles import DEFAULT_MFA_ROLES, ROLE_RIGHTS, Role
from app.accounts.second_factor import Enrolment
from app.audit.actions import Action
from app.audit.trail import AuditTrail
from app.i18n import translate
from app.timefmt import local_clock, now_ms
from storage import account_store as store
from storage.account_store import AccountRow, ThrottleRow

log = logging.getLogger(__name__)

MFA_ROLES_SETTING = "mfa_required_roles"
#: A window session left open by a program that died is taken as ended after this long.
STALE_SESSION_MS = 7 * 24 * 3_600_000


class Refusal(StrEnum):
    WRONG_CREDENTIALS = "wrong-credentials"
    THROTTLED = "throttled"
    DISABLED = "disabled"
    WITHDRAWN = "withdrawn"
    CODE_NEEDED = "code-needed"
    WRONG_CODE = "wrong-code"
    CODE_REUSED = "code-reused"


class SignInError(Exception):
    """Sign-in refused; ``reason`` says which refusal, the text says it in plain words."""

    def __init__(self, reason: Refusal, text: str, *, until_ms: int | None = None) -> None:
        super().__init__(text)
        self.reason = reason
        self.until_ms = until_ms


class AccountError(Exception):
    """An account operation that cannot be done (unknown email, taken email, last administrator…)."""


@dataclass(frozen=True, slots=True)
class Account:
    """What may be shown of an account: no hash, no second-factor secret."""

    id: int
    ref: str
    email: str
    organisation: str
    role: Role
    sites: frozenset[str] | None
    status: str
    mfa_enrolled: bool
    created_ms: int
    updated_ms: int
    last_sign_in_ms: int | None
    withdrawn_ms: int | None

    @classmethod
    def of(cls, row: AccountRow) -> Account:
        return cls(
            row.id,
            row.ref,
            row.email,
            row.organisation,
            Role(row.role),
            row.sites,
            row.status,
            row.mfa_enrolled,
            row.created_ms,
            row.updated_ms,
            row.last_sign_in_ms,
            row.withdrawn_ms,
        )


@dataclass(frozen=True, slots=True)
class Session:
    """A signed-in account. ``needs_enrolment``: its role requires a second factor it has not set up
    yet, so it holds no rights until it does."""

    actor: Actor
    account: Account
    session_id: int
    needs_enrolment: bool = False


def actor_for(account: Account, *, enrolled_as_required: bool = True) -> Actor:
    rights = ROLE_RIGHTS[account.role] if enrolled_as_required else frozenset()
    return Actor(account.ref, account.email, rights, account.role.value, account.sites, account.id)


class AccountService:
    def __init__(
        self,
        trail: AuditTrail,
        *,
        clock: Callable[[], int] = now_ms,
        os_user: Callable[[], str] = getpass.getuser,
        mfa_roles: frozenset[Role] = DEFAULT_MFA_ROLES,
    ) -> None:
        self._trail = trail
        self._default_mfa_roles = mfa_roles
        self._db = trail.db
        self._clock = clock
        self._os_user = os_user

    @property
    def trail(self) -> AuditTrail:
        return self._trail

    # Reading

    def has_accounts(self) -> bool:
        with self._db.engine.connect() as conn:
            return store.count_accounts(conn) > 0

    def users(self, actor: Actor) -> list[Account]:
        require(self._trail, actor, Right.MANAGE_USERS)
        with self._db.engine.connect() as conn:
            return [Account.of(r) for r in store.all_accounts(conn)]

    def account(self, ref: str) -> Account | None:
        with self._db.engine.connect() as conn:
            row = store.account_by_ref(conn, ref)
        return None if row is None else Account.of(row)

    def find(self, actor: Actor, email: str) -> Account:
        require(self._trail, actor, Right.MANAGE_USERS, normalise_email(email))
        with self._db.engine.connect() as conn:
            return Account.of(self._row(conn, email))

    def throttled_until(self, email: str) -> int | None:
        with self._db.engine.connect() as conn:
            state = store.throttle(conn, throttling.throttle_key(normalise_email(email)))
        if state is None or state.locked_until_ms is None or state.locked_until_ms <= self._clock():
            return None
        return state.locked_until_ms

    def mfa_roles(self) -> frozenset[Role]:
        """The roles that need a second factor: an administrator's choice, else the site file's."""
        with self._db.engine.connect() as conn:
            text = store.setting(conn, MFA_ROLES_SETTING)
        return self._default_mfa_roles if text is None else frozenset(Role(r) for r in json.loads(text))

    def names(self) -> dict[str, str]:
        """Email by ref, to show who a record names (a deleted account's ref stays as it is)."""
        with self._db.engine.connect() as conn:
            return store.emails_by_ref(conn)

    # Creating and changing accounts

    def create_first_admin(self, email: str, organisation: str, password: str) -> Account:
        """The first account, when there is none; it is an administrator and records its own creation."""
        email = check_email(email)
        hashed = passwords.hash_password(
            passwords.check_new_password(password, context=(email, organisation))
        )
        now = self._clock()
        with self._db.engine.begin() as conn:
            if store.count_accounts(conn) > 0:
                raise AccountError(
                    translate("Accounts", "accounts exist already; an administrator adds the next ones")
                )
            row = store.insert_account(
                conn,
                email=email,
                organisation=organisation.strip(),
                password_hash=hashed,
                role=Role.ADMIN.value,
                sites=None,
                now_ms=now,
            )
            self._trail.record(
                row.ref, Action.USER_CREATED, row.ref, details={"role": "admin", "first": True}, conn=conn
            )
        log.info("first administrator created: %s", row.ref)
        return Account.of(row)

    def add_user(
        self,
        actor: Actor,
        email: str,
        organisation: str,
        role: Role,
        password: str,
        *,
        sites: frozenset[str] | None = None,
    ) -> Account:
        require(self._trail, actor, Right.MANAGE_USERS, normalise_email(email))
        email = check_email(email)
        hashed = passwords.hash_password(
            passwords.check_new_password(password, context=(email, organisation))
        )
        now = self._clock()
        with self._db.engine.begin() as conn:
            if store.account_by_email(conn, email) is not None:
                raise AccountError(
                    translate("Accounts", "{email} has an account already").format(email=email)
                )
            row = store.insert_account(
                conn,
                email=email,
                organisation=organisation.strip(),
                password_hash=hashed,
                role=role.value,
                sites=sites,
                now_ms=now,
            )
            self._trail.record(
                actor,
                Action.USER_CREATED,
                row.ref,
                details={"role": role.value, "sites": None if sites is None else sorted(sites)},
                conn=conn,
            )
        return Account.of(row)

    def set_enabled(self, actor: Actor, email: str, enabled: bool) -> Account:
        require(self._trail, actor, Right.MANAGE_USERS, normalise_email(email))
        with self._db.engine.begin() as conn:
            row = self._row(conn, email)
            if row.status == "withdrawn":
                raise AccountError(
                    translate(
                        "Accounts", "{email} withdrew; restore the account from the privacy requests"
                    ).format(email=row.email)
                )
            if not enabled:
                self._keep_an_admin(conn, row)
            store.update_account(conn, row.id, self._clock(), status="active" if enabled else "disabled")
            action = Action.USER_ENABLED if enabled else Action.USER_DISABLED
            self._trail.record(actor, action, row.ref, conn=conn)
            return Account.of(self._row(conn, email))

    def set_role(self, actor: Actor, email: str, role: Role, sites: frozenset[str] | None) -> Account:
        require(self._trail, actor, Right.MANAGE_USERS, normalise_email(email))
        with self._db.engine.begin() as conn:
            row = self._row(conn, email)
            if role is not Role.ADMIN:
                self._keep_an_admin(conn, row)
            before = {"role": row.role, "sites": None if row.sites is None else sorted(row.sites)}
            after = {"role": role.value, "sites": None if sites is None else sorted(sites)}
            store.update_account(conn, row.id, self._clock(), role=role.value, sites=sites)
            self._trail.record(
                actor,
                Action.USER_ROLE_CHANGED,
                row.ref,
                details={"before": before, "after": after},
                conn=conn,
            )
            return Account.of(self._row(conn, email))

    def set_password(self, actor: Actor, email: str, password: str) -> None:
        """An administrator sets a new password for someone who lost theirs."""
        require(self._trail, actor, Right.MANAGE_USERS, normalise_email(email))
        with self._db.engine.begin() as conn:
            row = self._row(conn, email)
            hashed = passwords.hash_password(
                passwords.check_new_password(password, context=(row.email, row.organisation))
            )
            store.update_account(conn, row.id, self._clock(), password_hash=hashed)
            self._trail.record(actor, Action.USER_PASSWORD_SET, row.ref, conn=conn)

    def unlock(self, actor: Actor, email: str) -> bool:
        """Lift a sign-in throttle now; False if there was none."""
        require(self._trail, actor, Right.MANAGE_USERS, normalise_email(email))
        email = normalise_email(email)
        with self._db.engine.begin() as conn:
            row = store.account_by_email(conn, email)
            lifted = store.clear_throttle(conn, throttling.throttle_key(email))
            self._trail.record(actor, Action.USER_UNLOCKED, row.ref if row else "unknown-account", conn=conn)
        return lifted

    def reset_mfa(self, actor: Actor, email: str) -> None:
        """Forget someone's second factor (a lost phone); they set it up again at their next sign-in."""
        require(self._trail, actor, Right.MANAGE_USERS, normalise_email(email))
        with self._db.engine.begin() as conn:
            row = self._row(conn, email)
            store.update_account(conn, row.id, self._clock(), mfa_secret=None, mfa_last_step=None)
            store.replace_recovery_codes(conn, row.id, [])
            self._trail.record(actor, Action.MFA_RESET, row.ref, conn=conn)

    def set_mfa_required(self, actor: Actor, role: Role, required: bool) -> frozenset[Role]:
        require(self._trail, actor, Right.MANAGE_USERS, f"role:{role.value}")
        roles = set(self.mfa_roles())
        roles = roles | {role} if required else roles - {role}
        with self._db.engine.begin() as conn:
            store.put_setting(conn, MFA_ROLES_SETTING, json.dumps(sorted(r.value for r in roles)))
            self._trail.record(
                actor, Action.MFA_POLICY, f"role:{role.value}", details={"required": required}, conn=conn
            )
        return frozenset(roles)

    def _row(self, conn: Connection, email: str) -> AccountRow:
        row = store.account_by_email(conn, normalise_email(email))
        if row is None:
            raise AccountError(translate("Accounts", "no account has the email {email}").format(email=email))
        return row

    def _keep_an_admin(self, conn: Connection, row: AccountRow) -> None:
        """Refuse to disable or demote the last active administrator: nobody could manage users after."""
        if row.role != Role.ADMIN.value or row.status != "active":
            return
        admins = [a for a in store.all_accounts(conn) if a.role == Role.ADMIN.value and a.status == "active"]
        if len(admins) <= 1:
            raise AccountError(
                translate("Accounts", "{email} is the last active administrator").format(email=row.email)
            )

    # Signing in and out

    def sign_in(self, email: str, password: str, *, code: str | None = None, kind: str = "window") -> Session:
        email = normalise_email(email)
        key = throttling.throttle_key(email)
        now = self._clock()
        with self._db.engine.connect() as conn:
            row = store.account_by_email(conn, email)
            stored = store.throttle(conn, key)
        state = _state(stored).fresh(now)
        target = row.ref if row is not None else "unknown-account"
        attempt = _Attempt(key, state, now, target)
        if state.locked(now):
            self._trail.record(
                target, Action.THROTTLED, target, details=self._typed(row, email), outcome="refused"
            )
            raise SignInError(
                Refusal.THROTTLED,
                translate("Accounts", "too many failed attempts: try again after {time}").format(
                    time=local_clock(state.locked_until_ms or now)
                ),
                until_ms=state.locked_until_ms,
            )
        matched = passwords.verify_password(
            row.password_hash if row is not None else passwords.dummy_hash(), password
        )
        if row is None or not matched:
            self._fail(attempt, self._typed(row, email), "password")
            raise SignInError(Refusal.WRONG_CREDENTIALS, translate("Accounts", "wrong email or password"))
        self._check_status(row)
        second = self._second_factor(row, code, attempt)
        with self._db.engine.begin() as conn:
            if passwords.needs_rehash(row.password_hash):
                store.update_account(conn, row.id, now, password_hash=passwords.hash_password(password))
            store.clear_throttle(conn, key)
            store.mark_signed_in(conn, row.id, now)
            session_id = store.start_session(
                conn,
                row.id,
                kind=kind,
                now_ms=now,
                workstation=self._trail.workstation,
                os_user=self._os_user(),
            )
            self._trail.record(
                row.ref, Action.SIGN_IN, row.ref, details={"kind": kind, "factor": second}, conn=conn
            )
            fresh = store.account_by_id(conn, row.id)
        assert fresh is not None
        account = Account.of(fresh)
        needs_enrolment = not account.mfa_enrolled and account.role in self.mfa_roles()
        return Session(
            actor_for(account, enrolled_as_required=not needs_enrolment), account, session_id, needs_enrolment
        )

    @staticmethod
    def _typed(row: AccountRow | None, email: str) -> dict[str, object]:
        """Details of a failure: what was typed, only when it names no account (a typo, a guess)."""
        return {} if row is not None else {"email": email}

    def _check_status(self, row: AccountRow) -> None:
        if row.status == "disabled":
            self._trail.record(
                row.ref, Action.SIGN_IN_FAILED, row.ref, details={"why": "disabled"}, outcome="refused"
            )
            raise SignInError(
                Refusal.DISABLED, translate("Accounts", "this account is disabled; ask an administrator")
            )
        if row.status == "withdrawn":
            self._trail.record(
                row.ref, Action.SIGN_IN_FAILED, row.ref, details={"why": "withdrawn"}, outcome="refused"
            )
            raise SignInError(
                Refusal.WITHDRAWN,
                translate(
                    "Accounts", "this account was withdrawn; an administrator can restore it for a while"
                ),
            )

    def _second_factor(self, row: AccountRow, code: str | None, attempt: _Attempt) -> str:
        """Check the code when the account has a second factor; which factor was used."""
        now = attempt.now
        if row.mfa_secret is None:
            return "password"
        if not code:
            raise SignInError(
                Refusal.CODE_NEEDED, translate("Accounts", "enter the code from your authenticator app")
            )
        if second_factor.looks_like_recovery_code(code):
            with self._db.engine.begin() as conn:
                used = store.use_recovery_code(conn, row.id, second_factor.recovery_code_hash(code), now)
                if used:
                    left = store.recovery_codes_left(conn, row.id)
                    self._trail.record(
                        row.ref, Action.RECOVERY_CODE_USED, row.ref, details={"left": left}, conn=conn
                    )
            if used:
                return "recovery-code"
            self._fail(attempt, {}, "recovery-code")
            raise SignInError(
                Refusal.WRONG_CODE, translate("Accounts", "this recovery code is wrong or was used already")
            )
        step = second_factor.matching_step(row.mfa_secret, code, now, row.mfa_last_step)
        if step is not None:
            with self._db.engine.begin() as conn:
                if store.claim_mfa_step(conn, row.id, step):
                    return "totp"
        if second_factor.replayed(row.mfa_secret, code, now, row.mfa_last_step) or step is not None:
            self._fail(attempt, {}, "code-reused")
            raise SignInError(
                Refusal.CODE_REUSED,
                translate("Accounts", "this code was used already; wait for the next one"),
            )
        self._fail(attempt, {}, "code")
        raise SignInError(Refusal.WRONG_CODE, translate("Accounts", "wrong code"))

    def _fail(self, attempt: _Attempt, details: dict[str, object], what: str) -> None:
        after = throttling.after_failure(attempt.state, attempt.now)
        with self._db.engine.begin() as conn:
            store.put_throttle(
                conn, attempt.key, ThrottleRow(after.failures, after.last_failure_ms, after.locked_until_ms)
            )
            self._trail.record(
                attempt.target,
                Action.SIGN_IN_FAILED,
                attempt.target,
                details={**details, "why": what, "failures": after.failures},
                outcome="refused",
                conn=conn,
            )

    def sign_out(self, session: Session, *, why: str = "sign-out") -> None:
        now = self._clock()
        with self._db.engine.begin() as conn:
            if store.end_session(conn, session.session_id, now):
                self._trail.record(
                    session.actor, Action.SIGN_OUT, session.account.ref, details={"why": why}, conn=conn
                )

    def session_valid(self, session: Session) -> bool:
        """Whether the account is still active (an administrator may have disabled it meanwhile)."""
        with self._db.engine.connect() as conn:
            row = store.account_by_id(conn, session.account.id)
        return row is not None and row.status == "active"

    # One's own account

    def change_password(self, session: Session, old: str, new: str) -> None:
        with self._db.engine.begin() as conn:
            row = self._row(conn, session.account.email)
            if not passwords.verify_password(row.password_hash, old):
                raise AccountError(translate("Accounts", "the current password is wrong"))
            hashed = passwords.hash_password(
                passwords.check_new_password(new, context=(row.email, row.organisation))
            )
            store.update_account(conn, row.id, self._clock(), password_hash=hashed)
            self._trail.record(session.actor, Action.PASSWORD_CHANGED, row.ref, conn=conn)

    def begin_enrolment(self, session: Session) -> Enrolment:
        """A new secret to scan; nothing is stored until a code from it is confirmed."""
        return second_factor.new_enrolment(session.account.email)

    def confirm_enrolment(
        self, session: Session, enrolment: Enrolment, code: str
    ) -> tuple[Session, list[str]]:
        """Keep the second factor once a code from it is right; the new session and 10 recovery codes."""
        now = self._clock()
        step = second_factor.matching_step(enrolment.secret, code, now, None)
        if step is None:
            raise SignInError(
                Refusal.WRONG_CODE, translate("Accounts", "wrong code: check the time on your phone")
            )
        codes = second_factor.new_recovery_codes()
        with self._db.engine.begin() as conn:
            store.update_account(
                conn, session.account.id, now, mfa_secret=enrolment.secret, mfa_last_step=step
            )
            store.replace_recovery_codes(
                conn, session.account.id, [second_factor.recovery_code_hash(c) for c in codes]
            )
            self._trail.record(session.actor, Action.MFA_ENROLLED, session.account.ref, conn=conn)
            row = store.account_by_id(conn, session.account.id)
        assert row is not None
        account = Account.of(row)
        return replace(session, actor=actor_for(account), account=account, needs_enrolment=False), codes

    def new_recovery_codes(self, session: Session) -> list[str]:
        if not session.account.mfa_enrolled:
            raise AccountError(translate("Accounts", "set up the second factor first"))
        codes = second_factor.new_recovery_codes()
        with self._db.engine.begin() as conn:
            store.replace_recovery_codes(
                conn, session.account.id, [second_factor.recovery_code_hash(c) for c in codes]
            )
            self._trail.record(session.actor, Action.RECOVERY_CODES_NEW, session.account.ref, conn=conn)
        return codes


@dataclass(frozen=True, slots=True)
class _Attempt:
    """One sign-in attempt: the throttle it counts against, its state then, the time, who it names."""

    key: str
    state: throttling.ThrottleState
    now: int
    target: str


def _state(row: ThrottleRow | None) -> throttling.ThrottleState:
    if row is None:
        return throttling.ThrottleState()
    return throttling.ThrottleState(row.failures, row.last_failure_ms, row.locked_until_ms)
