"""Who may use a database file right now.

Programs that read and write history (collector, GUI, queries) share the lock file beside
the database; restoring and rekeying replace the file and take it alone. POSIX only:
elsewhere the lock is not taken, and the operator must stop the programs first.
"""

from __future__ import annotations

import os
from pathlib import Path

from storage.errors import StorageError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


class FileLock:
    def __init__(self, db_path: Path, *, exclusive: bool) -> None:
        self._fd: int | None = None
        if fcntl is None:
            return
        path = db_path.with_name(db_path.name + ".lock")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StorageError(
                str(db_path),
                "the database is in use by another program (collector or GUI); stop it first"
                if exclusive
                else "the database is being restored or rekeyed; try again when that has finished",
            ) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
