"""The base index is saved after a build at start and read back by the next start, but only for the
very database state it was built from; a stale, foreign, damaged or unwritable snapshot costs a
build, never a wrong answer or a failed start."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from knowledge.service import FactService
from knowledge.snapshot import Snapshots
from knowledge.store import BASE, FactStore

QUESTION = "How much of Nissan does Mitsubishi own?"


async def start(db: Path, snapshots: Snapshots) -> FactService:
    store = FactStore(db)
    await store.open()
    await store.seed()
    service = FactService(store, snapshots=snapshots)
    await service.start()
    return service


async def refuse_builds(service: FactService) -> None:
    async def no_reading(scope: str = BASE) -> None:
        raise AssertionError("the index was built from the store, not read from its snapshot")

    service.store.knowledge = no_reading  # type: ignore[assignment,method-assign]


@pytest.fixture
def snapshots(tmp_path: Path) -> Snapshots:
    return Snapshots(tmp_path / "cache", min_facts=1)


async def test_the_next_start_reads_the_index_back(db_path: Path, snapshots: Snapshots) -> None:
    first = await start(db_path, snapshots)
    expected = first.answerer().ask(QUESTION).answer
    await first.store.close()
    assert "34%" in expected
    saved = snapshots.path(first.store.where)
    assert saved.exists() and saved.stat().st_mode & 0o777 == 0o600

    store = FactStore(db_path)
    await store.open()
    service = FactService(store, snapshots=snapshots)
    await refuse_builds(service)
    await service.start()
    assert service.answerer().ask(QUESTION).answer == expected
    await store.close()


async def test_a_write_after_the_snapshot_is_never_missed(db_path: Path, snapshots: Snapshots) -> None:
    """An edit made by another process after the snapshot: the next start builds and answers with it."""
    first = await start(db_path, snapshots)
    await first.store.close()
    async with FactService.open(db_path) as cli:  # the CLI: no index, just the store
        await cli.edit("mitsubishi-stake-in-nissan", "value", "35%", "owner", "restated", BASE)
    service = await start(db_path, snapshots)
    assert "35%" in service.answerer().ask(QUESTION).answer
    await service.store.close()


async def test_a_snapshot_others_may_write_is_not_read(
    db_path: Path, snapshots: Snapshots, caplog: pytest.LogCaptureFixture
) -> None:
    first = await start(db_path, snapshots)
    await first.store.close()
    snapshots.path(first.store.where).chmod(0o666)
    with caplog.at_level(logging.WARNING):
        service = await start(db_path, snapshots)
    assert "others may write it" in caplog.text
    assert "34%" in service.answerer().ask(QUESTION).answer
    await service.store.close()


async def test_a_damaged_snapshot_is_rebuilt(db_path: Path, snapshots: Snapshots) -> None:
    first = await start(db_path, snapshots)
    await first.store.close()
    path = snapshots.path(first.store.where)
    path.write_bytes(path.read_bytes()[:5000])  # cut short, as a crash mid-copy would leave it
    service = await start(db_path, snapshots)
    assert "34%" in service.answerer().ask(QUESTION).answer
    await service.store.close()
    assert path.stat().st_size > 5000, "the rebuilt index was saved again"


async def test_an_unwritable_cache_costs_nothing_but_time(
    db_path: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache directory should be")
    with caplog.at_level(logging.WARNING):
        service = await start(db_path, Snapshots(blocked / "index", min_facts=1))
    assert "could not save the index snapshot" in caplog.text
    assert "34%" in service.answerer().ask(QUESTION).answer
    await service.store.close()
