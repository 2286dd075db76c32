"""A site file edited outside the window: checked at once, its problems shown, the running one kept."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.site.config import load_site
from tests.app.test_config import VALID
from widgets.site_watch import SiteWatch


def test_an_edited_site_file_is_checked_and_explained(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text(VALID, encoding="utf-8")
    running = load_site(path)
    watch = SiteWatch(running)
    notices: list[str] = []
    watch.notice.connect(notices.append)

    path.write_text(VALID.replace("unit_id = 3", 'unit_id = "three"'), encoding="utf-8")
    qtbot.waitUntil(lambda: bool(notices), timeout=5_000)  # the file system told the window
    assert notices[-1].startswith(
        "The site file was edited and has problems; the running configuration stays:"
    )
    assert "sites[0].gateways[0].devices[0].unit_id" in notices[-1]

    path.write_text(VALID.replace('host = "10.0.0.5"', 'host = "10.0.0.9"'), encoding="utf-8")
    assert watch.check() == (
        "The site file was edited (changed: plant/meter); it applies when the collection is started again."
    )
    path.write_text(VALID, encoding="utf-8")
    assert watch.check() == ""
