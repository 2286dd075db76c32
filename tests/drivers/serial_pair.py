"""Two connected serial ports made of pseudo-terminals, standing in for an RS-485 cable.

Each side is a real tty that pyserial opens; a thread copies bytes between the two
master ends, as the wire would.
"""

from __future__ import annotations

import os
import select
import threading
import tty
from collections.abc import Iterator
from contextlib import contextmanager


def _pty() -> tuple[int, int, str]:
    """A raw pseudo-terminal; its slave end stays open so the line never hangs up between users."""
    master, slave = os.openpty()
    tty.setraw(slave)
    return master, slave, os.ttyname(slave)


@contextmanager
def serial_pair() -> Iterator[tuple[str, str]]:
    """Yields the paths of two ports wired to each other."""
    (master_a, slave_a, path_a), (master_b, slave_b, path_b) = _pty(), _pty()
    stop_r, stop_w = os.pipe()

    def pump() -> None:
        peer = {master_a: master_b, master_b: master_a}
        while True:
            ready, _, _ = select.select([master_a, master_b, stop_r], [], [])
            if stop_r in ready:
                return
            for fd in ready:
                os.write(peer[fd], os.read(fd, 4096))

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    try:
        yield path_a, path_b
    finally:
        os.write(stop_w, b"x")
        thread.join(5)
        for fd in (master_a, master_b, slave_a, slave_b, stop_r, stop_w):
            os.close(fd)
