"""Changing the window's language: the window is built again in it, signed in as before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from app.accounts.service import Session
from app.i18n import apply_language, current_language
from app.pipeline.runtime import Runtime
from storage.account_store import sessions_of
from tests.people_fixtures import OPERATOR, seed_staff
from tests.widgets.screenshots import save_screenshot
from widgets.window_host import LANGUAGE_KEY, WindowHost


def still_open(runtime: Runtime, session: Session) -> bool:
    with runtime.db.engine.connect() as conn:
        row = next(r for r in sessions_of(conn, session.account.id) if r.id == session.session_id)
    return row.ended_ms is None


@pytest.fixture
def english() -> Iterator[None]:
    """Whatever a test chooses, the next one starts in English."""
    yield
    apply_language("en")


def test_vietnamese_is_applied_without_a_restart_and_remembered(
    qtbot: QtBot, runtime: Runtime, tmp_path: Path, english: None
) -> None:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    session = seed_staff(runtime.people)[OPERATOR]
    host = WindowHost(runtime, None, settings, session=session)
    first = host.window
    qtbot.addWidget(first)
    first.tabs.setCurrentIndex(1)
    assert first.tabs.tabText(0) == "Overview" and first.menuBar().actions()[0].text() == "&View"

    first.language_actions["vi"].trigger()
    second = host.window
    qtbot.addWidget(second)
    assert second is not first and not first.isVisible() and second.isVisible()
    assert second.session is session and first.session is None  # handed over, not signed out
    assert still_open(runtime, session)
    assert second.tabs.tabText(0) == "Tổng quan" and second.tabs.currentIndex() == 1
    assert second.point_filter.placeholderText().startswith("Lọc")
    assert current_language() == "vi" and settings.value(LANGUAGE_KEY) == "vi"
    assert second.language_actions["vi"].isChecked() and not second.language_actions["en"].isChecked()
    second.tabs.setCurrentIndex(0)
    second.resize(1400, 900)
    save_screenshot(second, tmp_path, "overview-vi.png")

    again = WindowHost(runtime, None, settings, session=session)  # the next start remembers
    qtbot.addWidget(again.window)
    assert again.window.tabs.tabText(0) == "Tổng quan"

    second.language_actions["en"].trigger()
    qtbot.addWidget(host.window)
    assert host.window.tabs.tabText(0) == "Overview" and settings.value(LANGUAGE_KEY) == "en"
