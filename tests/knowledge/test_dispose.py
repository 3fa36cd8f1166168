"""Replaced indexes are freed a slice at a time, and never while something still reads them."""

from __future__ import annotations

import asyncio
import gc

from knowledge.answers import Answerer
from knowledge.service import collector_paused, dispose
from knowledge.store import FactStore


async def test_a_replaced_index_waits_for_its_readers_then_is_emptied(store: FactStore) -> None:
    """While a command still holds the old index it stays whole (answers stay right); once nobody
    does, it is emptied in the background."""
    answerer = Answerer.from_knowledge(await store.knowledge())
    reader = answerer.index
    facts = reader.facts  # the container itself: holding it keeps no reference to the index
    task = asyncio.create_task(dispose(answerer))
    del answerer
    await asyncio.sleep(0.7)
    assert reader.facts and "34%" in Answerer(reader).ask("how much of nissan does mitsubishi own").answer
    del reader
    await asyncio.wait_for(task, timeout=5)
    assert not facts, "taken apart once nobody read it"


def test_collection_stays_off_while_any_pause_is_open() -> None:
    """Nested and overlapping pauses: the collector comes back only when the last one ends."""
    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
