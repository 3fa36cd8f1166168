"""A curator's two sheets loaded into a fresh database, for tests that ask about their own small story."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from knowledge.service import FactService
from knowledge.store import BASE, FactStore

HEADER = "subject,relation,object,value,unit,as_of,status,statement,publisher,published,url,quote\n"
"""The facts sheet's columns, as `factbot facts import` reads them."""
PERIOD_HEADER = HEADER.rstrip("\n") + ",period\n"
"""The same with the optional period, as a curator writes figures of a period ("Q3 fiscal 2024")."""


@contextlib.asynccontextmanager
async def curated(path: Path, entities: str, facts: str, known: str = "") -> AsyncIterator[FactService]:
    """A started service over a new database at `path` holding these sheets (entities first), imported as
    a curator would; `known`, an entity sheet the store already held before them (another story's)."""
    async with FactStore(path) as store:
        service = FactService(store)
        await service.start()
        if known:
            await service.import_file(known, "known.csv", "curator", BASE)
        await service.import_file(entities, "entities.csv", "curator", BASE)
        await service.import_file(facts, "facts.csv", "curator", BASE)
        yield service


def service_fixture(filename: str, entities: str, rows: list[str], header: str = HEADER) -> Callable[..., Any]:
    """A `service` fixture: a fresh database in the test's tmp_path holding these sheets."""

    @pytest.fixture
    async def service(tmp_path: Path) -> AsyncIterator[FactService]:
        async with curated(tmp_path / filename, entities, header + "\n".join(rows) + "\n") as started:
            yield started

    return service


def headline(service: FactService, question: str) -> str:
    """The first line of the answer to a question that must be answered (its figure and relation)."""
    answer = service.answerer().ask(question)
    assert answer.answered, answer.answer
    return answer.answer.split("\n")[0]
