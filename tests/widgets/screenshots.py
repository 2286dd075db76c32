"""Screenshots of real widgets: always saved under the test's folder and checked, and kept in
``$WATTKEEPER_SCREENSHOTS`` (e.g. ``docs/screenshots``) when that names a folder."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QWidget


def save_screenshot(widget: QWidget, tmp_path: Path, name: str, *, min_width: int = 800) -> Path:
    shot = widget.grab()
    assert not shot.isNull() and shot.width() >= min_width
    path = tmp_path / name
    assert shot.save(str(path)) and path.stat().st_size > 10_000
    image = shot.toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)}
    assert len(colours) > 10  # text and frames, not an empty grey
    folder = os.environ.get("WATTKEEPER_SCREENSHOTS")
    if folder:
        assert shot.save(str(Path(folder) / name))
    return path
