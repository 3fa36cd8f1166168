"""A full disk: answers still come, the question log is skipped, an edit says so and changes nothing.

The database's page limit (`PRAGMA max_page_count`) is set to what it holds, so the next write fails
with SQLite's own "database or disk is full", the error a full disk gives.
"""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from knowledge.store import BASE, FactStore, StoreFull


@pytest.fixture
async def full(store: FactStore) -> FactService:
    service = FactService(store)
    await service.start()
    async with store.backend.db.execute("PRAGMA page_count") as cursor:
        row = await cursor.fetchone()
    assert row is not None
    await store.backend.db.execute(f"PRAGMA max_page_count = {int(row[0])}")
    return service


async def test_a_question_is_answered_when_the_log_cannot_be_written(full: FactService) -> None:
    """Declined questions are logged best effort: a full disk costs the asker nothing."""
    answer = full.answerer().ask("who is toyota's ceo")
    await full.note_answer(1, "who is toyota's ceo", answer)  # must not raise
    assert not answer.answered and "sourced answer" in answer.answer


async def test_an_edit_on_a_full_disk_says_so_and_changes_nothing(full: FactService) -> None:
    """The edit is refused with 'disk … is full: nothing changed', and the fact keeps its version."""
    before = await full.store.record("honda-sales-fy2023")
    with pytest.raises(StoreFull, match="full: nothing changed"):
        await full.edit("honda-sales-fy2023", "note", "restated " * 100, "admin", "test", BASE)
    after = await full.store.record("honda-sales-fy2023")
    assert after.version == before.version and after.fact == before.fact
    assert "4.1 million" in full.answerer().ask("honda sales").answer
