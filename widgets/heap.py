"""Keeping Python's cyclic garbage collector from stalling the window.

A full collection walks every tracked object; with the window's tens of thousands of Qt
wrappers, pyqtgraph items and imported modules, that took 60–90 ms, and since the
pipeline allocates continuously, it came every few seconds, on whichever thread
allocated, holding every other thread. Once the window is built, those objects live as
long as it does: frozen, the collector skips them, and a full collection costs a few
milliseconds of what is new.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect what start-up left behind, then exempt everything alive from later collections."""
    gc.collect()
    gc.freeze()
