"""The Vietnamese catalogue: compiled from its source, chosen per thread, never leaking into the window."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.i18n import CATALOGUES, LanguageError, in_language, translate


def test_the_compiled_catalogue_is_the_one_its_source_gives(tmp_path: Path) -> None:
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    assert lrelease is not None
    compiled = tmp_path / "vi.qm"
    subprocess.run(
        [lrelease, "-nounfinished", str(CATALOGUES / "wattkeeper_vi.ts"), "-qm", str(compiled)],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == (CATALOGUES / "wattkeeper_vi.qm").read_bytes(), (
        "run: pyside6-lrelease -nounfinished resources/translations/wattkeeper_vi.ts "
        "-qm resources/translations/wattkeeper_vi.qm"
    )


def test_a_language_holds_for_its_thread_only() -> None:
    seen_elsewhere: list[str] = []
    with in_language("vi"):
        assert translate("EnergyReport", "Energy consumption analysis") == "Phân tích tiêu thụ điện năng"
        assert translate("EnergyReport", "no such text") == "no such text"
        other = threading.Thread(
            target=lambda: seen_elsewhere.append(translate("EnergyReport", "Energy consumption analysis"))
        )
        other.start()
        other.join()
        with in_language("en"):
            assert translate("EnergyReport", "Summary") == "Summary"
        assert translate("EnergyReport", "Summary") == "Tóm tắt"
    assert seen_elsewhere == ["Energy consumption analysis"]
    assert translate("EnergyReport", "Summary") == "Summary"


def test_an_unknown_language_is_named() -> None:
    with (
        pytest.raises(LanguageError, match=r"no translation into 'fr' \(languages: en, vi\)"),
        in_language("fr"),
    ):
        pass


def test_the_catalogue_holds_every_text_of_the_sources(tmp_path: Path) -> None:
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    assert lupdate is not None
    root = CATALOGUES.parent.parent
    sources = sorted(str(p) for folder in ("app", "widgets") for p in (root / folder).rglob("*.py"))
    copy = tmp_path / "vi.ts"
    shutil.copy(CATALOGUES / "wattkeeper_vi.ts", copy)
    ran = subprocess.run(
        [lupdate, "-no-obsolete", "-locations", "none", *sources, "-ts", str(copy)],
        check=True,
        capture_output=True,
        text=True,
    )
    assert "(0 new and" in ran.stdout and "obsolete" not in ran.stdout, (
        f"{ran.stdout}\nrefresh the catalogue with pyside6-lupdate (docs/architecture.md, Translation)"
    )
