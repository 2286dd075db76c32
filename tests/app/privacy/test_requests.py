"""Data-subject requests: due dates under the site's law, overdue flags, and the notice in two languages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.privacy.laws import RequestKind, law
from app.site.people_settings import PrivacySettings
from tests.people_fixtures import ADMIN, OPERATOR, Staff, make_staff

DAY_MS = 86_400_000


def at(text: str) -> int:
    return round(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp() * 1000)


def test_viet_nam_answers_within_two_working_days_and_sets_a_due_date_per_right() -> None:
    vn = law("vn-pdpl")
    friday = at("2027-01-15T09:00:00")
    assert vn.acknowledge_by_ms(friday) == at("2027-01-19T09:00:00")  # Monday and Tuesday are the two
    assert vn.due_ms(RequestKind.ACCESS, friday) == friday + 10 * DAY_MS
    assert vn.due_ms(RequestKind.WITHDRAWAL, friday) == friday + 15 * DAY_MS
    assert "91/2025/QH15" in vn.name and "356/2025/ND-CP" in vn.name


def test_the_gdpr_gives_one_calendar_month() -> None:
    eu = law("eu-gdpr")
    assert eu.due_ms(RequestKind.DELETION, at("2027-01-31T10:00:00")) == at("2027-02-28T10:00:00")
    assert eu.due_ms(RequestKind.ACCESS, at("2027-03-15T10:00:00")) == at("2027-04-15T10:00:00")
    assert eu.acknowledge_by_ms(at("2027-03-15T10:00:00")) is None


def test_a_request_received_by_phone_is_flagged_when_late(staff: Staff) -> None:
    privacy = staff.people.privacy
    admin = staff.sessions[ADMIN].actor
    request = privacy.receive_request(admin, OPERATOR, RequestKind.ACCESS, note="asked at the gate")
    assert privacy.overdue(admin) == []
    staff.clock.advance(5 * 86_400)  # Friday + 5 days: past the two working days to answer
    assert [r.id for r in privacy.overdue(admin)] == [request]
    privacy.acknowledge_request(admin, request)
    assert privacy.overdue(admin) == []
    staff.clock.advance(6 * 86_400)  # past the 10 days to carry it out
    assert [r.id for r in privacy.overdue(admin)] == [request]
    privacy.complete_request(admin, request, "data sent on a USB stick")
    assert privacy.overdue(admin) == [] and privacy.requests(admin, open_only=True) == []
    done = staff.people.trail.records(action_prefix="privacy.request_done")
    assert done[-1].details == {"request": request}


def test_a_deletion_window_longer_than_the_law_allows_is_pointed_out(tmp_path: Path) -> None:
    staff = make_staff(tmp_path, privacy=PrivacySettings(law="vn-pdpl", deletion_days=90))
    try:
        warning = staff.people.privacy.law_warning()
        assert warning is not None and "90 days" in warning and "10 days" in warning
    finally:
        staff.db.close()
    short = make_staff(tmp_path, privacy=PrivacySettings(law="eu-gdpr", deletion_days=20), name="short")
    try:
        assert short.people.privacy.law_warning() is None
    finally:
        short.db.close()


def test_the_notice_in_english_and_vietnamese_names_the_site_s_choices(tmp_path: Path) -> None:
    settings = PrivacySettings(law="vn-pdpl", contact="dpo@plant.example", deletion_days=60, inquiry_days=45)
    staff = make_staff(tmp_path, privacy=settings)
    try:
        english, vietnamese = (staff.people.privacy.notice(language) for language in ("en", "vi"))
    finally:
        staff.db.close()
    for text in (english, vietnamese):
        assert "dpo@plant.example" in text and "60" in text and "45" in text and "{" not in text
    assert "Personal Data Protection Law 91/2025/QH15" in english
    assert "Luật Bảo vệ dữ liệu cá nhân" in vietnamese and "Quyền của bạn" in vietnamese
