"""A site file edited outside the window: checked at once, its problems shown, a valid one handed on."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.site.config import SiteConfig, load_site
from tests.app.test_config import VALID
from widgets.site_watch import SiteWatch


def test_an_edited_site_file_is_checked_and_a_valid_one_handed_on(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text(VALID, encoding="utf-8")
    running = load_site(path)
    watch = SiteWatch(lambda: running)
    notices: list[str] = []
    edits: list[SiteConfig] = []
    watch.notice.connect(notices.append)
    watch.edited.connect(edits.append)

    path.write_text(VALID.replace("unit_id = 3", 'unit_id = "three"'), encoding="utf-8")
    qtbot.waitUntil(lambda: bool(notices), timeout=5_000)  # the file system told the window
    assert notices[-1].startswith(
        "The site file was edited and has problems; the running configuration stays:"
    )
    assert "sites[0].gateways[0].devices[0].unit_id" in notices[-1]
    assert not edits

    path.write_text(VALID.replace('host = "10.0.0.5"', 'host = "10.0.0.9"'), encoding="utf-8")
    edited = watch.check()
    assert notices[-1] == ""  # the problems are gone
    assert isinstance(edited, SiteConfig) and edits[-1] is edited
    assert 'host = "10.0.0.9"' in edited.text
    path.write_text(VALID, encoding="utf-8")
    assert watch.check() is None  # the running one: nothing to do
    assert len(edits) == 1
