"""Reading an SQLCipher 4 file page by page with its raw key, to see what its bytes still hold.

SQLCipher 4 with a raw key: AES-256-CBC per 4096-byte page, the key used as is; each page
ends with 80 reserved bytes (a 16-byte IV, then a 64-byte HMAC); page 1 starts with the
16-byte salt instead of SQLite's header. A write-ahead log holds the same encrypted pages
after a 32-byte header, each behind a 24-byte frame header. Deleted rows are searched for
in the plaintext of every page, free pages included, which is what secure delete must wipe.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80
IV = 16
SALT = 16


def _decrypt_page(key: bytes, page: bytes, *, first: bool) -> bytes:
    iv = page[PAGE - RESERVE : PAGE - RESERVE + IV]
    body = page[SALT if first else 0 : PAGE - RESERVE]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def database_plaintext(path: Path, key_hex: str) -> bytes:
    """Every page of the database file, decrypted; checks that page 1 decrypts to a SQLite header."""
    key = bytes.fromhex(key_hex)
    data = path.read_bytes()
    pages = [data[i : i + PAGE] for i in range(0, len(data), PAGE)]
    plain = [_decrypt_page(key, page, first=index == 0) for index, page in enumerate(pages)]
    # Decrypted page 1 starts at header offset 16: the page size (4096, big-endian), then the file
    # format's write and read versions (1, 1 with a rollback journal; 2, 2 in write-ahead-log mode).
    assert plain and plain[0][:4] in (b"\x10\x00\x01\x01", b"\x10\x00\x02\x02"), (
        "the key does not decrypt this file"
    )
    return b"".join(plain)


def wal_plaintext(path: Path, key_hex: str) -> bytes:
    """Every frame of a write-ahead log, decrypted (empty if there is no log or it is empty)."""
    if not path.exists():
        return b""
    key = bytes.fromhex(key_hex)
    data = path.read_bytes()[32:]
    frame = 24 + PAGE
    return b"".join(
        _decrypt_page(key, data[i + 24 : i + frame], first=int.from_bytes(data[i : i + 4], "big") == 1)
        for i in range(0, len(data) - frame + 1, frame)
    )
