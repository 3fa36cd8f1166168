"""Shared fixtures: a real SQLite fact store in tmp_path, seeded from the shipped packs, and a
real PostgreSQL cluster started for the session (see tests/postgres.py).

`pytest` runs the suite in parallel (pytest-xdist, from addopts): every worker is a session of its own,
with its own cluster (own folder, own port) and its own tmp_path tree."""

from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

from knowledge.answers import Answerer
from knowledge.service import FactService
from knowledge.store import FactStore
from tests.postgres import PostgresServer, why_unavailable


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    """Without pytest-xdist (`-p no:xdist`, or not installed) addopts' --numprocesses and --dist are still
    understood, and ignored: the run is serial, in this one process. (`-n 0` is the same with xdist.)"""
    if not pluginmanager.has_plugin("xdist"):
        parser.addoption("--numprocesses", default=None, help="ignored: pytest-xdist is not loaded")
        parser.addoption("--dist", default="no", help="ignored: pytest-xdist is not loaded")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "facts.sqlite3"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[FactStore]:
    async with FactStore(db_path) as store:
        await store.seed()
        yield store


@pytest.fixture
async def service(store: FactStore) -> FactService:
    """The service over the seeded store, its indexes built, as the bot starts it."""
    service = FactService(store)
    await service.start()
    return service


@pytest.fixture
async def answerer(store: FactStore) -> Answerer:
    return Answerer.from_knowledge(await store.knowledge())


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL cluster for the session (for each xdist worker); skipped (failed under
    CI=true) without one."""
    reason = why_unavailable()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the PostgreSQL tests: {reason}")
        pytest.skip(reason)
    server = PostgresServer()
    server.init()
    server.start()
    yield server
    server.remove()


_databases = itertools.count()


@pytest.fixture
async def pg_url(postgres_server: PostgresServer) -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    name = f"factbot_test_{os.getpid()}_{next(_databases)}"
    admin = await asyncpg.connect(postgres_server.url("postgres"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    yield postgres_server.url(name)
    if postgres_server.running or postgres_server.external:
        admin = await asyncpg.connect(postgres_server.url("postgres"))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()
