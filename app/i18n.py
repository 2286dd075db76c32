"""Translation of user-facing text outside widgets (command line, reports).

Goes through Qt's translator so one catalogue serves the GUI and the command line;
``pyside6-lupdate`` finds ``translate("context", "text")`` calls for the catalogue
(``resources/translations/wattkeeper_vi.ts``, compiled to the ``.qm`` beside it).
Only QtCore is used, so the headless collector stays free of QtWidgets.

A report has a language of its own, which need not be the window's: ``in_language``
sets it for the calling thread only, so a report built in Vietnamese on a worker
thread never changes a word of an English window.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

LANGUAGES = ("en", "vi")
#: Each language in its own words, as a menu offers it.
LANGUAGE_NAMES = {"en": "English", "vi": "Tiếng Việt"}
CATALOGUES = Path(__file__).resolve().parent.parent / "resources" / "translations"
_thread = threading.local()


class LanguageError(ValueError):
    """A language without a catalogue, or a catalogue that cannot be read."""


def translate(context: str, text: str) -> str:
    chosen: QTranslator | bool | None = getattr(_thread, "translator", False)
    if chosen is False:
        return QCoreApplication.translate(context, text)
    if chosen is None:  # English, the source language
        return text
    return chosen.translate(context, text) or text  # type: ignore[union-attr]


@cache
def catalogue(language: str) -> QTranslator | None:
    """The compiled catalogue of ``language``; None for English, whose texts are the sources."""
    if language not in LANGUAGES:
        raise LanguageError(f"no translation into {language!r} (languages: {', '.join(LANGUAGES)})")
    if language == "en":
        return None
    path = CATALOGUES / f"wattkeeper_{language}.qm"
    translator = QTranslator()
    if not translator.load(str(path)):
        raise LanguageError(f"{path}: the {language!r} catalogue cannot be read")
    return translator


_installed: list[QTranslator] = []
_current = ["en"]


def current_language() -> str:
    """The application's language (``apply_language``); English until another is applied."""
    return _current[0]


def apply_language(language: str) -> None:
    """Make ``language`` the application's: every ``tr`` and ``translate`` outside ``in_language``.

    Widgets read their texts when they are built, so a window shows the new language once it
    is built again (the GUI does that at once, keeping the session and the collection going).
    """
    chosen = catalogue(language)
    application = QCoreApplication.instance()
    if application is None:
        raise LanguageError("no Qt application to translate")
    while _installed:
        application.removeTranslator(_installed.pop())
    if chosen is not None:
        application.installTranslator(chosen)
        _installed.append(chosen)
    _current[0] = language


@contextmanager
def in_language(language: str) -> Iterator[None]:
    """Translate into ``language`` on this thread until the block ends."""
    before = getattr(_thread, "translator", False)
    _thread.translator = catalogue(language)
    try:
        yield
    finally:
        _thread.translator = before
