"""What the store needs from a database, and the errors every backend raises.

The fact store (`knowledge.store.core`) is written once, against `Backend` and `Connection`, in
portable SQL with `?` parameters that SQLite and PostgreSQL both run. What differs between them
(opening, transactions and write locks, schema-version bookkeeping, disk-full and outage errors,
change notices across processes) lives in each backend's own module, as Red-DiscordBot keeps its
config drivers behind one base class.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

Row = tuple[Any, ...]

CHANGES_CHANNEL = "factbot_changes"
"""The notice channel a shared backend announces committed changes on (the payload is the change key)."""


class StoreError(Exception):
    """The database cannot be opened, migrated or read; the message says what to do."""


class StoreFull(StoreError):
    """The disk (or the database's size limit) is full: the write was rolled back whole."""

    def __init__(self, where: str | Path) -> None:
        super().__init__(f"the disk holding {where} is full: nothing changed; free some space and try again")


class StoreUnavailable(StoreError):
    """The database server cannot be reached (restarting, network down): nothing was written."""

    def __init__(self, where: str, detail: str = "") -> None:
        reason = f" ({detail})" if detail else ""
        super().__init__(f"the fact database at {where} is unreachable{reason}: nothing changed; try again in a moment")


class Connection(Protocol):
    """Portable SQL with `?` parameters; rows come back as tuples."""

    async def fetch(self, sql: str, args: Sequence[object] = ()) -> list[Row]:
        """Every row of a query."""
        ...

    async def fetchone(self, sql: str, args: Sequence[object] = ()) -> Row | None:
        """The first row of a query, or None."""
        ...

    async def execute(self, sql: str, args: Sequence[object] = ()) -> int:
        """Run a statement; returns how many rows it changed."""
        ...

    def chunks(self, sql: str, args: Sequence[object] = ()) -> AsyncIterator[list[Row]]:
        """The rows of a query a chunk at a time, so a big read is never held (or freed) whole."""
        ...

    async def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        """Run one statement for each row of parameters."""
        ...


class Backend(ABC):
    """A database the store can live in."""

    where: str
    """Where the data is, for messages (a path, or host:port/database: never a password)."""
    shared: bool = False
    """True when several processes use it at once (per-user budgets then live in the database)."""
    read_only: bool = False
    """True when this process can only read it: answers work, writes raise StoreError."""

    @abstractmethod
    async def open(self) -> None:
        """Connect (creating what is needed); raises StoreError with what to do."""

    @abstractmethod
    async def close(self) -> None:
        """Disconnect (safe to call twice)."""

    @property
    @abstractmethod
    def reader(self) -> Connection:
        """A connection for reads outside any transaction."""

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Connection]:
        """One write transaction, serialised with every other writer: all of it is committed, or none."""

    @abstractmethod
    async def schema_version(self) -> int:
        """The number of the newest migration applied (0 for an empty database)."""

    @abstractmethod
    async def migrate(self, steps: Sequence[tuple[int, str, str]]) -> int:
        """Apply the steps newer than the database, one process at a time; returns the new version."""

    async def notify(self, db: Connection, key: str) -> None:
        """Announce, on commit, that `key` changed (shared backends; others are polled)."""
        return

    async def listen(self, callback: Callable[[str], None]) -> bool:
        """Call `callback(key)` for every change another process commits; False if not supported.
        Safe to call again after a disconnect: it reconnects."""
        return False

    def listening(self) -> bool:
        """Whether change notices are arriving now."""
        return False


def describe(url: str | Path) -> str:
    """A database location fit for a message: the password of a URL is left out."""
    text = str(url)
    if "://" not in text or text.startswith("sqlite:"):
        return text
    parts = urlsplit(text)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def sqlite_path(url: str) -> Path | None:
    """The file of a `sqlite:///abs/path` or `sqlite://relative/path` URL; None for other URLs."""
    if not url.startswith("sqlite:"):
        return None
    path = url.removeprefix("sqlite:").removeprefix("//")
    if not path:
        raise StoreError("a sqlite: URL needs a file path, like sqlite:///var/lib/factbot/facts.sqlite3")
    return Path(path)


def open_backend(location: str | Path) -> Backend:
    """The backend for a database URL (`sqlite:///path`, `postgresql://…`) or a plain SQLite path."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        from knowledge.store.postgres import PostgresBackend  # asyncpg is only loaded when used

        return PostgresBackend(text)
    if "://" in text and not text.startswith("sqlite:"):
        scheme = text.split("://", 1)[0]
        raise StoreError(f"unknown database URL scheme {scheme!r}: use sqlite:///path or postgresql://…")
    from knowledge.store.sqlite import SqliteBackend

    path = sqlite_path(text) if isinstance(location, str) else None
    return SqliteBackend(path or Path(location))
