"""What can go wrong in storage, each carrying the file or database it concerns."""

from __future__ import annotations


class StorageError(Exception):
    """A database or key problem; ``where`` names the file, keyring entry or URL."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


class KeyMismatchError(StorageError):
    """The key opens no database: the file was encrypted with another key."""


class KeyUnavailableError(StorageError):
    """No key could be found or kept safely (no key file given and no usable keyring)."""


class DatabaseMissingError(StorageError):
    """A command that reads history was run before any database was created."""


class UnknownPointError(StorageError):
    """The historian has never recorded the point asked about."""
