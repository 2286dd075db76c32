"""Showing text that someone typed without letting it forge a line of a log or a listing.

Names, comments and emails are stored exactly as typed. Wherever they are shown as lines
(the log file, ``audit list``, the viewer, CSV), control characters and the Unicode
characters that move or reverse text are shown as escapes, so a comment holding a
newline cannot start what looks like another record.
"""

from __future__ import annotations

import unicodedata

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}
#: Line and paragraph separators and the bidirectional controls (which can reorder a line on screen).
_INVISIBLE = frozenset(
    "\u2028\u2029\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff"
)


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    if unicodedata.category(char) == "Cc" or char in _INVISIBLE:
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def printable(text: str) -> str:
    """``text`` with every character that could break or disguise a line written as an escape."""
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(_escape(c) for c in text)


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (``=``, ``+``, ``-``, ``@`` lead a formula)."""
    text = printable(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
