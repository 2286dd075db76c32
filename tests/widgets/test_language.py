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
from widgets.theme import NIGHT, use_look
from widgets.window_host import LANGUAGE_KEY, PALETTE_KEY, WindowHost


def still_open(runtime: Runtime, session: Session) -> bool:
    with runtime.db.engine.connect() as conn:
        row = next(r for r in sessions_of(conn, session.account.id) if r.id == session.session_id)
    return row.ended_ms is None


@pytest.fixture
def english() -> Iterator[None]:
    """Whatever a test chooses, the next one starts in English, in the light palette."""
    yield
    apply_language("en")
    use_look("light")


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
    meter = second.overview.tile("demo-plant/main-meter")
    assert [c.name.text() for c in meter.cells][:2] == ["Công suất tác dụng", "Điện áp L1"]
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


def test_night_theme_and_wall_mode(qtbot: QtBot, runtime: Runtime, tmp_path: Path, english: None) -> None:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    host = WindowHost(runtime, None, settings, session=seed_staff(runtime.people)[OPERATOR])
    qtbot.addWidget(host.window)
    assert NIGHT.background not in host.window.styleSheet()
    host.window.night_action.trigger()
    night = host.window
    qtbot.addWidget(night)
    assert night.night_action.isChecked() and NIGHT.background in night.styleSheet()
    assert settings.value(PALETTE_KEY) == "night"
    night.resize(1400, 900)
    save_screenshot(night, tmp_path, "overview-night.png")

    night.wall_action.trigger()
    wall = host.window
    qtbot.addWidget(wall)
    assert wall.wall_mode and wall.isFullScreen() and wall.tabs.currentWidget() is wall.overview
    assert not wall.alarm_dock.isVisible() and wall.alarm_banner.isVisible()
    assert "font-size: 32pt" in wall.styleSheet()  # the tiles' values, 20 pt × 1.6
    assert wall.overview.tiles[0].width() == round(430 * 1.6)
    wall.resize(1920, 1080)
    save_screenshot(wall, tmp_path, "wall-mode.png")
    wall.wall_action.trigger()
    assert not host.window.wall_mode and not host.window.isFullScreen() and host.window.alarm_dock.isVisible()
    qtbot.addWidget(host.window)


def test_the_window_comes_back_where_it_was(qtbot: QtBot, runtime: Runtime, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    session = seed_staff(runtime.people)[OPERATOR]
    first = WindowHost(runtime, None, settings, session=session)
    qtbot.addWidget(first.window)
    usual = (first.window.width(), first.window.height())
    first.window.resize(701, 503)  # the offscreen screen bounds it, and the window keeps a minimum
    moved = (first.window.width(), first.window.height())
    assert moved != usual
    first.window.tabs.setCurrentIndex(1)
    first.window.close()
    again = WindowHost(runtime, None, settings, session=session)
    qtbot.addWidget(again.window)
    assert (again.window.width(), again.window.height()) == moved
    assert again.window.tabs.currentIndex() == 1
