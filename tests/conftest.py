"""Shared fixtures: a real SQLite fact store in tmp_path, seeded from the shipped packs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from knowledge.answers import Answerer
from knowledge.store import FactStore


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "facts.sqlite3"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[FactStore]:
    async with FactStore(db_path) as store:
        await store.seed()
        yield store


@pytest.fixture
async def answerer(store: FactStore) -> Answerer:
    return Answerer.from_knowledge(await store.knowledge())
