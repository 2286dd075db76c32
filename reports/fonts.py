"""The report font: DejaVu Sans, embedded, because it covers every Vietnamese letter.

reportlab's built-in Helvetica has no ơ, ư or ạ; a report in Vietnamese would lose its
diacritics. Set-up installs DejaVu (Debian's ``fonts-dejavu-core``); a build bundles the two
files and names their folder in ``WATTKEEPER_FONTS``.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
_FOLDERS = (
    "/usr/share/fonts/truetype/dejavu",  # Debian, Ubuntu
    "/usr/share/fonts/dejavu",  # Fedora, Arch
    "/usr/local/share/fonts",
    "/Library/Fonts",
    "C:/Windows/Fonts",
)


class FontMissingError(RuntimeError):
    pass


def _folders() -> list[Path]:
    named = os.environ.get("WATTKEEPER_FONTS")
    return ([Path(named)] if named else []) + [Path(f) for f in _FOLDERS]


def register_fonts() -> None:
    """Register DejaVu Sans and its bold once; a clear error naming where it looked if absent."""
    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    for folder in _folders():
        paths = {name: folder / file for name, file in _FILES.items()}
        if all(p.is_file() for p in paths.values()):
            for name, path in paths.items():
                pdfmetrics.registerFont(TTFont(name, str(path)))
            for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
                addMapping(REGULAR, bold, italic, face)
            return
    looked = ", ".join(str(f) for f in _folders())
    raise FontMissingError(
        f"the report font DejaVu Sans (DejaVuSans.ttf, DejaVuSans-Bold.ttf) is not in {looked}; "
        "install it (Debian: apt-get install fonts-dejavu-core) or name its folder in WATTKEEPER_FONTS"
    )
