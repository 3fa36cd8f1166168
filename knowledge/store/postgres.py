"""PostgreSQL through asyncpg: one store shared by several bot processes (shards) and the CLI.

A small pool serves reads and writes. Every write transaction first takes one advisory lock, so
writers queue as they do on SQLite and a version check can never race another process's save.
Migrations run under their own advisory lock, the applied version kept in `factbot_schema`.
Committed changes are announced with NOTIFY on `factbot_changes`; a dedicated connection LISTENs.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from knowledge.store.backend import (
    CHANGES_CHANNEL,
    Backend,
    Connection,
    Row,
    StoreError,
    StoreFull,
    StoreUnavailable,
    describe,
)

log = logging.getLogger(__name__)

WRITE_LOCK = 0x66616374  # "fact": the advisory lock every write transaction holds
MIGRATION_LOCK = 0x6D696772  # "migr"
POOL_SIZE = 4
FETCH_CHUNK = 1000
CONNECT_TIMEOUT = 5.0
COMMAND_TIMEOUT = 30.0

_UNREACHABLE: tuple[type[BaseException], ...] = (
    OSError,
    asyncio.TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
)
_CANNOT_OPEN: tuple[type[BaseException], ...] = (*_UNREACHABLE, asyncpg.PostgresError)


@functools.lru_cache(maxsize=512)
def numbered(sql: str) -> str:
    """`?` parameters as PostgreSQL's `$1, $2, …` (the store's SQL has no `?` inside literals)."""
    counter = iter(range(1, 10_000))
    return re.sub(r"\?", lambda _: f"${next(counter)}", sql)


def _rows(records: Iterable[asyncpg.Record]) -> list[Row]:
    return [tuple(record.values()) for record in records]


class PostgresConnection:
    """The store's `Connection` over one asyncpg connection (inside a transaction)."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    async def fetch(self, sql: str, args: Sequence[object] = ()) -> list[Row]:
        """Every row of a query."""
        return _rows(await self.conn.fetch(numbered(sql), *args))

    async def chunks(self, sql: str, args: Sequence[object] = ()) -> AsyncIterator[list[Row]]:
        """The rows of a query a chunk at a time (a cursor: inside a transaction)."""
        async with self.conn.transaction():
            cursor = await self.conn.cursor(numbered(sql), *args)
            while chunk := await cursor.fetch(FETCH_CHUNK):
                yield _rows(chunk)

    async def fetchone(self, sql: str, args: Sequence[object] = ()) -> Row | None:
        """The first row of a query, or None."""
        record = await self.conn.fetchrow(numbered(sql), *args)
        return None if record is None else tuple(record.values())

    async def execute(self, sql: str, args: Sequence[object] = ()) -> int:
        """Run a statement; returns how many rows it changed (from the command tag, 'DELETE 3')."""
        tag = await self.conn.execute(numbered(sql), *args)
        last = str(tag).rsplit(" ", 1)[-1]
        return int(last) if last.isdigit() else 0

    async def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        """Run one statement for each row of parameters."""
        await self.conn.executemany(numbered(sql), list(rows))


class _PoolReader:
    """Reads outside a transaction: each borrows a pooled connection; an outage is StoreUnavailable."""

    def __init__(self, backend: PostgresBackend) -> None:
        self.backend = backend

    async def fetch(self, sql: str, args: Sequence[object] = ()) -> list[Row]:
        # asyncpg decodes rows on the event loop: a cursor read in chunks gives the loop a turn
        # between them, where one fetch of 100,000 rows would hold it for the whole decode.
        rows: list[Row] = []
        async for chunk in self.chunks(sql, args):
            rows.extend(chunk)
        return rows

    async def chunks(self, sql: str, args: Sequence[object] = ()) -> AsyncIterator[list[Row]]:
        async with self.backend.connection() as conn:
            async for chunk in conn.chunks(sql, args):
                yield chunk

    async def fetchone(self, sql: str, args: Sequence[object] = ()) -> Row | None:
        async with self.backend.connection() as conn:
            return await conn.fetchone(sql, args)

    async def execute(self, sql: str, args: Sequence[object] = ()) -> int:
        async with self.backend.connection() as conn:
            return await conn.execute(sql, args)

    async def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        async with self.backend.connection() as conn:
            await conn.executemany(sql, rows)


class PostgresBackend(Backend):
    """A PostgreSQL database, by URL."""

    shared = True

    def __init__(self, url: str) -> None:
        self.url = url
        self.where = describe(url)
        self._pool: asyncpg.Pool | None = None
        self._listener: Any = None
        self._callback: Callable[[str], None] | None = None

    @property
    def pool(self) -> asyncpg.Pool:
        """The open pool."""
        if self._pool is None:
            raise StoreError("the fact store is not open")
        return self._pool

    @property
    def reader(self) -> Connection:
        """Pooled reads."""
        return _PoolReader(self)

    async def open(self) -> None:
        """Create the pool (a connection is made now, so a wrong URL fails here, clearly)."""
        try:
            self._pool = await asyncpg.create_pool(
                self.url,
                min_size=1,
                max_size=POOL_SIZE,
                timeout=CONNECT_TIMEOUT,
                command_timeout=COMMAND_TIMEOUT,
            )
        except asyncpg.InvalidPasswordError as exc:
            raise StoreError(f"cannot open the fact database at {self.where}: wrong user or password") from exc
        except asyncpg.InvalidCatalogNameError as exc:
            raise StoreError(f"cannot open the fact database at {self.where}: {exc}; create it first") from exc
        except _CANNOT_OPEN as exc:
            raise StoreError(f"cannot open the fact database at {self.where}: {exc}") from exc

    async def close(self) -> None:
        """Close the listener and the pool (safe to call twice)."""
        listener, self._listener = self._listener, None
        if listener is not None and not listener.is_closed():
            await listener.close(timeout=2)
        if self._pool is not None:
            pool, self._pool = self._pool, None
            try:
                await asyncio.wait_for(pool.close(), timeout=5)
            except _UNREACHABLE:
                pool.terminate()

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[PostgresConnection]:
        """A pooled connection; a server that cannot be reached is StoreUnavailable, a full disk StoreFull."""
        try:
            async with self.pool.acquire() as conn:
                yield PostgresConnection(conn)
        except asyncpg.DiskFullError as exc:
            raise StoreFull(self.where) from exc
        except _UNREACHABLE as exc:
            raise StoreUnavailable(self.where, type(exc).__name__) from exc

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        """A transaction holding the write lock until it commits or rolls back."""
        async with self.connection() as conn, conn.conn.transaction():
            await conn.conn.execute("SELECT pg_advisory_xact_lock($1)", WRITE_LOCK)
            yield conn

    async def schema_version(self) -> int:
        """The newest applied step in factbot_schema (0 when factbot never migrated this database)."""
        async with self.connection() as conn:
            return await self._version(conn)

    async def _version(self, conn: PostgresConnection) -> int:
        exists = await conn.fetchone("SELECT to_regclass('factbot_schema') IS NOT NULL")
        if not exists or not exists[0]:
            return 0
        row = await conn.fetchone("SELECT max(version) FROM factbot_schema")
        return int(row[0]) if row and row[0] is not None else 0

    async def migrate(self, steps: Sequence[tuple[int, str, str]]) -> int:
        """All pending steps in one transaction (PostgreSQL's DDL is transactional) under a lock."""
        async with self.connection() as conn, conn.conn.transaction():
            await conn.conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
            await conn.conn.execute(
                "CREATE TABLE IF NOT EXISTS factbot_schema (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            current = await self._version(conn)
            for number, name, script in steps:
                if number <= current:
                    continue
                log.info("applying migration %s", name)
                await conn.conn.execute(script)
                await conn.conn.execute(
                    "INSERT INTO factbot_schema (version, applied_at) VALUES ($1, now()::text)", number
                )
                current = number
            return current

    async def notify(self, db: Connection, key: str) -> None:
        """NOTIFY in the transaction: PostgreSQL delivers it at commit, and never for a rollback."""
        await db.execute("SELECT pg_notify(?, ?)", (CHANGES_CHANNEL, key))

    async def listen(self, callback: Callable[[str], None]) -> bool:
        """LISTEN on a connection of its own; call again after a disconnect to reconnect."""
        self._callback = callback
        if self.listening():
            return True
        try:
            self._listener = await asyncpg.connect(self.url, timeout=CONNECT_TIMEOUT)
            await self._listener.add_listener(CHANGES_CHANNEL, self._heard)
        except _CANNOT_OPEN as exc:
            log.debug("cannot listen for changes at %s yet: %s", self.where, exc)
            self._listener = None
            return False
        return True

    def listening(self) -> bool:
        """Whether the LISTEN connection is up."""
        return self._listener is not None and not self._listener.is_closed()

    def _heard(self, conn: object, pid: int, channel: str, payload: str) -> None:
        if self._callback is not None:
            self._callback(payload)
