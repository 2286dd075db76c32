"""Keeping the GUI thread's frames short while other threads of the program work hard.

The drivers, the writer and the alarm service run in this process, in Python: the GUI
thread shares the interpreter with them.

* Python's cyclic collector walks every tracked object in a full collection; with the
  window's tens of thousands of Qt wrappers, pyqtgraph items and modules that took 60–90 ms,
  and under load it came every few seconds, on whichever thread allocated, holding every
  other thread. Once the window is built those objects live as long as it does: frozen,
  the collector skips them and a full collection costs a few milliseconds.
* A thread waiting for the interpreter gets it when the holder has run for the switch
  interval (5 ms by default); each wait lands inside a frame. A 1 ms interval shortens the
  worst frames at a small cost in switching.
"""

from __future__ import annotations

import gc
import sys

SWITCH_INTERVAL_S = 0.001


def share_interpreter() -> None:
    """Let the GUI thread have the interpreter back sooner from busy worker threads."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def settle_heap() -> None:
    """Collect what start-up left behind, then exempt everything alive from later collections."""
    gc.collect()
    gc.freeze()
