"""``wattkeeper demo`` as a new user runs it: a window on a simulated plant, with a scripted fault."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

from storage.alarm_journal import AlarmJournal
from storage.database import open_database


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", header[16:24])


def test_demo_runs_a_scripted_fault_into_the_journal_and_saves_its_window(tmp_path: Path) -> None:
    data, key, shot = tmp_path / "data", tmp_path / "demo.key", tmp_path / "demo.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    argv = [sys.executable, "-m", "app", "--data-dir", str(data), "--key-file", str(key), "demo"]
    argv += ["--fault", "over-voltage@1", "--quit-after", "8", "--screenshot", str(shot)]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=90, env=env)
    assert result.returncode == 0, result.stderr
    width, height = png_size(shot)
    assert width >= 800 and height >= 600
    db = open_database(data / "demo" / "wattkeeper.db", key)
    try:
        events = [(e.key, e.event) for e in AlarmJournal(db).events()]
    finally:
        db.close()
    assert ("main-voltage-high", "activated") in events


def test_demo_refuses_an_unknown_fault_with_the_list_of_known_ones(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "app", "--data-dir", str(tmp_path), "demo", "--fault", "meltdown"]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "meltdown" in result.stderr and "over-voltage" in result.stderr
