"""Sign-in as an attacker and a forgetful operator meet it: a real encrypted database, a clock we move."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import argon2
import pytest

from app.accounts import second_factor
from app.accounts.passwords import PasswordRejectedError, check_new_password, needs_rehash
from app.accounts.roles import Role
from app.accounts.service import AccountError, Refusal, SignInError
from app.people import People
from storage import account_store
from storage.database import open_database
from tests.people_fixtures import (
    ADMIN,
    ADMIN_PASSWORD,
    OPERATOR,
    OPERATOR_PASSWORD,
    VIEWER,
    Staff,
)


def refusal(staff: Staff, email: str, password: str, code: str | None = None) -> SignInError:
    with pytest.raises(SignInError) as caught:
        staff.people.accounts.sign_in(email, password, code=code)
    return caught.value


def test_an_unknown_email_and_a_wrong_password_get_the_same_answer(staff: Staff) -> None:
    unknown = refusal(staff, "nobody@plant.example", OPERATOR_PASSWORD)
    wrong = refusal(staff, OPERATOR, "not the right password at all")
    assert (
        (unknown.reason, str(unknown))
        == (wrong.reason, str(wrong))
        == (
            Refusal.WRONG_CREDENTIALS,
            "wrong email or password",
        )
    )
    failures = staff.people.trail.records(action_prefix="auth.sign_in_failed")
    operator_ref = staff.sessions[OPERATOR].actor.ref
    assert [(r.target, r.outcome) for r in failures] == [
        ("unknown-account", "refused"),
        (operator_ref, "refused"),
    ]
    assert failures[0].details == {"email": "nobody@plant.example", "why": "password", "failures": 1}
    assert "email" not in (failures[1].details or {})  # an account is named by its ref, not its email


def test_five_failures_then_a_growing_wait_capped_at_fifteen_minutes(staff: Staff) -> None:
    for _ in range(5):
        assert refusal(staff, OPERATOR, "wrong password, try again").reason is Refusal.WRONG_CREDENTIALS
    held = refusal(staff, OPERATOR, OPERATOR_PASSWORD)  # even the right password waits
    assert held.reason is Refusal.THROTTLED and held.until_ms == staff.clock.now + 30_000
    assert "try again after" in str(held)
    waits = []
    for _ in range(8):
        staff.clock.advance(15 * 60)  # past any lock
        refusal(staff, OPERATOR, "still the wrong password")
        waits.append(refusal(staff, OPERATOR, OPERATOR_PASSWORD).until_ms - staff.clock.now)  # type: ignore[operator]
    assert waits[:5] == [60_000, 120_000, 240_000, 480_000, 900_000] and set(waits[5:]) == {900_000}
    staff.clock.advance(15 * 60)  # never a lock that outlasts its 15 minutes
    assert staff.people.accounts.sign_in(OPERATOR, OPERATOR_PASSWORD).account.email == OPERATOR
    assert (
        refusal(staff, OPERATOR, "wrong once more").reason is Refusal.WRONG_CREDENTIALS
    )  # the count was reset
    assert len(staff.people.trail.records(action_prefix="auth.throttled")) == 9


def test_an_unknown_email_is_throttled_exactly_like_a_real_one(staff: Staff) -> None:
    for _ in range(5):
        refusal(staff, "guess@plant.example", "a password guessed")
    assert refusal(staff, "guess@plant.example", "a password guessed").reason is Refusal.THROTTLED


def test_an_administrator_lifts_the_wait(staff: Staff) -> None:
    for _ in range(6):
        refusal(staff, OPERATOR, "wrong password, try again")
    assert staff.people.accounts.throttled_until(OPERATOR) is not None
    assert staff.people.accounts.unlock(staff.sessions[ADMIN].actor, OPERATOR)
    assert staff.people.accounts.throttled_until(OPERATOR) is None
    assert staff.people.accounts.sign_in(OPERATOR, OPERATOR_PASSWORD).account.email == OPERATOR
    assert (
        staff.people.trail.records(action_prefix="user.unlocked")[0].actor == staff.sessions[ADMIN].actor.ref
    )


def test_a_code_is_accepted_once_within_one_step_of_drift(staff: Staff) -> None:
    accounts = staff.people.accounts
    step = second_factor.current_step(staff.clock.now) + 10
    staff.clock.now = step * 30_000 + 5_000
    assert refusal(staff, ADMIN, ADMIN_PASSWORD).reason is Refusal.CODE_NEEDED
    previous = second_factor.code_at(staff.admin_secret, step - 1)  # the phone is a little slow
    assert accounts.sign_in(ADMIN, ADMIN_PASSWORD, code=previous).account.email == ADMIN
    replay = refusal(staff, ADMIN, ADMIN_PASSWORD, previous)
    assert replay.reason is Refusal.CODE_REUSED and "used already" in str(replay)
    assert refusal(
        staff, ADMIN, ADMIN_PASSWORD, second_factor.code_at(staff.admin_secret, step - 1)
    ).reason is (Refusal.CODE_REUSED)
    ahead = second_factor.code_at(staff.admin_secret, step + 1)  # the phone is a little fast
    assert accounts.sign_in(ADMIN, ADMIN_PASSWORD, code=ahead).account.email == ADMIN
    # The current step is now older than the newest one used: refused although it is within drift.
    assert refusal(staff, ADMIN, ADMIN_PASSWORD, second_factor.code_at(staff.admin_secret, step)).reason is (
        Refusal.CODE_REUSED
    )
    far = second_factor.code_at(staff.admin_secret, step + 3)
    assert refusal(staff, ADMIN, ADMIN_PASSWORD, far).reason is Refusal.WRONG_CODE


def test_each_recovery_code_signs_in_once(staff: Staff) -> None:
    code = staff.recovery_codes[3]
    session = staff.people.accounts.sign_in(ADMIN, ADMIN_PASSWORD, code=code.upper().replace("-", " "))
    assert session.account.email == ADMIN
    assert refusal(staff, ADMIN, ADMIN_PASSWORD, code).reason is Refusal.WRONG_CODE
    used = staff.people.trail.records(action_prefix="user.recovery_code_used")
    assert used[-1].details == {"left": 9}


def test_the_second_factor_is_required_per_role(staff: Staff) -> None:
    accounts = staff.people.accounts
    admin = staff.sessions[ADMIN].actor
    accounts.set_mfa_required(admin, Role.OPERATOR, True)
    session = accounts.sign_in(OPERATOR, OPERATOR_PASSWORD)
    assert session.needs_enrolment and session.actor.rights == frozenset()
    enrolment = accounts.begin_enrolment(session)
    with pytest.raises(SignInError, match="wrong code"):
        accounts.confirm_enrolment(session, enrolment, "000000")
    code = second_factor.code_at(enrolment.secret, second_factor.current_step(staff.clock.now))
    session, codes = accounts.confirm_enrolment(session, enrolment, code)
    assert not session.needs_enrolment and session.actor.role == "operator" and len(codes) == 10
    assert refusal(staff, OPERATOR, OPERATOR_PASSWORD).reason is Refusal.CODE_NEEDED


def test_a_disabled_or_withdrawn_account_is_refused_in_plain_words(staff: Staff) -> None:
    admin = staff.sessions[ADMIN].actor
    staff.people.accounts.set_enabled(admin, OPERATOR, False)
    disabled = refusal(staff, OPERATOR, OPERATOR_PASSWORD)
    assert disabled.reason is Refusal.DISABLED and "disabled" in str(disabled)
    assert not staff.people.accounts.session_valid(staff.sessions[OPERATOR])
    staff.people.privacy.withdraw(staff.sessions[VIEWER].actor)
    assert refusal(staff, VIEWER, "glass window facing the switchyard").reason is Refusal.WITHDRAWN


def test_the_last_administrator_cannot_be_disabled_or_demoted(staff: Staff) -> None:
    admin = staff.sessions[ADMIN].actor
    with pytest.raises(AccountError, match="last active administrator"):
        staff.people.accounts.set_enabled(admin, ADMIN, False)
    with pytest.raises(AccountError, match="last active administrator"):
        staff.people.accounts.set_role(admin, ADMIN, Role.OPERATOR, None)


def test_a_hash_made_under_a_weaker_policy_is_upgraded_at_sign_in(staff: Staff) -> None:
    weak = argon2.PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(OPERATOR_PASSWORD)
    with staff.db.engine.begin() as conn:
        row = account_store.account_by_email(conn, OPERATOR)
        assert row is not None
        account_store.update_account(conn, row.id, staff.clock.now, password_hash=weak)
    staff.people.accounts.sign_in(OPERATOR, OPERATOR_PASSWORD)
    with staff.db.engine.connect() as conn:
        upgraded = account_store.account_by_email(conn, OPERATOR)
    assert upgraded is not None and upgraded.password_hash != weak
    assert upgraded.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert not needs_rehash(upgraded.password_hash)


def test_password_rules_length_commonness_and_unicode() -> None:
    with pytest.raises(PasswordRejectedError, match="too short: 14 characters; a password needs at least 15"):
        check_new_password("abcdefghijklmn")
    with pytest.raises(PasswordRejectedError, match="easy to guess"):
        check_new_password("aaaaaaaaaaaaaaaaaaaa")
    with pytest.raises(PasswordRejectedError, match="easy to guess"):
        check_new_password("ada@plant.example2026", context=("ada@plant.example",))
    with pytest.raises(PasswordRejectedError, match="common passwords"):
        check_new_password("1qaz2wsx3edc4rfv")  # on zxcvbn's list of the 30,000 most common
    long = "mây trắng bay qua nhà máy điện lúc bình minh " * 3  # 135 characters: no maximum to meet
    assert check_new_password(long) == unicodedata.normalize("NFKC", long)
    assert check_new_password("correct horse battery staple") == "correct horse battery staple"


def test_the_same_password_typed_on_another_keyboard_signs_in(staff: Staff) -> None:
    admin = staff.sessions[ADMIN].actor
    composed = "phở bò và cà phê sữa đá"
    staff.people.accounts.add_user(admin, "huong@plant.example", "Plant Co", Role.VIEWER, composed)
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert (
        staff.people.accounts.sign_in("Huong@Plant.Example ", decomposed).account.email
        == "huong@plant.example"
    )


def test_no_account_exists_until_the_first_administrator_is_named(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fresh.db", tmp_path / "fresh.key", create=True)
    try:
        accounts = People.open(db, tmp_path / "fresh.key").accounts
        assert not accounts.has_accounts()
        accounts.create_first_admin("first@plant.example", "", "a long and quiet control room")
        with pytest.raises(AccountError, match="accounts exist already"):
            accounts.create_first_admin("second@plant.example", "", "another long quiet control room")
    finally:
        db.close()


def test_an_account_holds_only_what_it_needs() -> None:
    from storage.account_store import accounts

    personal = {"email", "organisation", "phone"}  # the phone only while SMS alerts are agreed
    working = {"id", "ref", "password_hash", "role", "sites", "status", "mfa_secret", "mfa_last_step"}
    times = {"created_ms", "updated_ms", "last_sign_in_ms", "withdrawn_ms"}
    assert {c.name for c in accounts.columns} == personal | working | times  # no name, address, photo


def test_a_database_from_before_accounts_upgrades_and_asks_for_its_administrator(tmp_path: Path) -> None:
    from tests.app.cli_process import ADMIN, ADMIN_PASSWORD, InProcess
    from tests.storage.test_migrations import revisions

    cli = InProcess(tmp_path)
    old = open_database(cli.data_dir / "wattkeeper.db", cli.key_file, create=True, schema_revision="0005")
    old.close()
    asked = cli.as_user(ADMIN, ADMIN_PASSWORD, "users", "list")
    assert asked.returncode == 1 and "no accounts yet: create the first administrator" in asked.stderr
    db = open_database(cli.data_dir / "wattkeeper.db", cli.key_file)
    try:
        assert db.schema_revision() == revisions()[-1]  # upgraded all the way
        people = People.open(db, cli.key_file)
        assert not people.accounts.has_accounts() and people.trail.head().seq == 0
    finally:
        db.close()
