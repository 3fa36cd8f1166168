"""SQLite through aiosqlite: the embedded default, for one bot process (the CLI may write alongside).

One connection; WAL so readers never wait for the writer; `BEGIN IMMEDIATE` takes SQLite's write
lock up front, so a transaction never fails half-way on a lock; the schema version is
`PRAGMA user_version`. Other processes' writes are found by polling the change marks.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from knowledge.store.backend import Backend, Connection, Row, StoreError, StoreFull

log = logging.getLogger(__name__)

FETCH_CHUNK = 1000


def _is_full(exc: sqlite3.OperationalError) -> bool:
    return "full" in str(exc).casefold()


class SqliteConnection:
    """The store's `Connection` over an aiosqlite connection."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db

    async def fetch(self, sql: str, args: Sequence[object] = ()) -> list[Row]:
        """Every row of a query, read in chunks: one `fetchall` of 100,000 rows holds the interpreter
        (and so the event loop) for a quarter of a second; chunks give the loop a turn in between."""
        rows: list[Row] = []
        async for chunk in self.chunks(sql, args):
            rows.extend(chunk)
        return rows

    async def chunks(self, sql: str, args: Sequence[object] = ()) -> AsyncIterator[list[Row]]:
        """The rows of a query a chunk at a time."""
        async with self.db.execute(sql, args) as cursor:
            while chunk := await cursor.fetchmany(FETCH_CHUNK):
                yield [tuple(row) for row in chunk]

    async def fetchone(self, sql: str, args: Sequence[object] = ()) -> Row | None:
        """The first row of a query, or None."""
        async with self.db.execute(sql, args) as cursor:
            row = await cursor.fetchone()
        return None if row is None else tuple(row)

    async def execute(self, sql: str, args: Sequence[object] = ()) -> int:
        """Run a statement; returns how many rows it changed."""
        async with self.db.execute(sql, args) as cursor:
            return cursor.rowcount

    async def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        """Run one statement for each row of parameters."""
        await self.db.executemany(sql, rows)


class SqliteBackend(Backend):
    """A SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = str(path)
        self._db: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        self.read_only = False

    @property
    def db(self) -> aiosqlite.Connection:
        """The open aiosqlite connection."""
        if self._db is None:
            raise StoreError("the fact store is not open")
        return self._db

    @property
    def reader(self) -> Connection:
        """The one connection (reads see committed data; WAL keeps them from blocking the writer)."""
        return SqliteConnection(self.db)

    async def open(self) -> None:
        """Open (creating the folder and file if needed) and set the pragmas.

        A database this process may not write (a read-only file or folder, a backup mounted
        read-only) is opened read-only: questions are answered from it, and a write says why not."""
        if self.path.is_dir():
            raise StoreError(
                f"cannot open the fact database at {self.path}: it is a folder; give a file path, "
                f"like {self.path / 'factbot.sqlite3'}"
            )
        self.read_only = self.path.exists() and not (
            os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)
        )
        try:
            if self.read_only:
                # immutable: no -wal/-shm files are needed (or could be made) beside it.
                uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
                self._db = await aiosqlite.connect(uri, uri=True, isolation_level=None)
                log.info("the fact database at %s is read-only: answering only", self.path)
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = await aiosqlite.connect(self.path, isolation_level=None)
            await self._db.execute("PRAGMA journal_mode=WAL")
            await self._db.execute("PRAGMA synchronous=FULL")
            await self._db.execute("PRAGMA busy_timeout=5000")
        except (sqlite3.DatabaseError, OSError) as exc:
            await self.close()
            raise StoreError(f"cannot open the fact database at {self.path}: {exc}") from exc

    async def close(self) -> None:
        """Close the connection (safe to call twice)."""
        if self._db is not None:
            db, self._db = self._db, None
            await db.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        """`BEGIN IMMEDIATE` … `COMMIT`; a full disk rolls back and raises StoreFull."""
        if self.read_only:
            raise StoreError(f"the fact database at {self.path} is read-only here: nothing changed")
        async with self._write_lock:
            await self.db.execute("BEGIN IMMEDIATE")
            try:
                yield SqliteConnection(self.db)
            except sqlite3.OperationalError as exc:
                await self._rollback()
                if _is_full(exc):
                    raise StoreFull(self.path) from exc
                raise
            except BaseException:
                await self._rollback()
                raise
            else:
                try:
                    await self.db.execute("COMMIT")
                except sqlite3.OperationalError as exc:
                    await self._rollback()
                    if _is_full(exc):
                        raise StoreFull(self.path) from exc
                    raise

    async def _rollback(self) -> None:
        if self.db.in_transaction:
            await self.db.execute("ROLLBACK")

    async def schema_version(self) -> int:
        """PRAGMA user_version."""
        async with self.db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self, steps: Sequence[tuple[int, str, str]]) -> int:
        """Each step with its version bump in one script under SQLite's write lock."""
        current = await self.schema_version()
        if self.read_only and steps and current < steps[-1][0]:
            raise StoreError(
                f"the fact database at {self.path} is read-only and older than this factbot "
                f"(schema {current}, needs {steps[-1][0]}): open it once where it can be written"
            )
        for number, name, script in steps:
            if number <= current:
                continue
            log.info("applying migration %s", name)
            async with self._write_lock:
                # executescript commits first, so the whole step, version bump included, is one script.
                try:
                    await self.db.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
                except sqlite3.DatabaseError:
                    await self._rollback()
                    if await self.schema_version() >= number:
                        continue  # another process applied this step while we waited for the lock
                    raise
            current = number
        return current
