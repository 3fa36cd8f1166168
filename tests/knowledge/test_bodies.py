"""The index keeps fact and entity bodies compact and reads them back on demand: what a question
reads must be exactly what was stored, in the order the timeline needs, after a snapshot too."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from knowledge import reading
from knowledge.answers import Answerer
from knowledge.bodies import Bodies, Timelines
from knowledge.layers import WordPostings
from knowledge.matcher import FactIndex, _fact_order
from knowledge.models import Entity, Fact, Rank, Status
from knowledge.store import FactStore

QUESTIONS = [
    json.loads(line)["q"]
    for line in (Path(__file__).parent / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def round_trip(value: Any) -> Any:
    """What a snapshot does to a table: written out and read back."""
    return pickle.loads(pickle.dumps(value))  # noqa: S301 (our own bytes)


async def test_every_stored_fact_and_entity_reads_back_as_it_was(store: FactStore) -> None:
    knowledge = await store.knowledge()
    facts, entities = Bodies(Fact, keep=0), Bodies(Entity, keep=0)
    for fact in knowledge.facts:
        facts[fact.id] = fact
    for entity in knowledge.entities:
        entities[entity.id] = entity
    assert {f.value.kind for f in knowledge.facts} >= {"quantity", "percent", "stage"}
    for fact in knowledge.facts:
        assert facts[fact.id] == fact
    for entity in knowledge.entities:
        assert entities[entity.id] == entity
    # Compact: a body costs well under its JSON as stored.
    stored = sum(len(f.model_dump_json()) for f in knowledge.facts)
    assert sum(len(b) for b in facts.parts()[1].values()) < stored / 2


async def test_reading_many_facts_keeps_only_a_bounded_few_as_models(store: FactStore) -> None:
    knowledge = await store.knowledge()
    facts = Bodies(Fact, keep=3)
    for fact in knowledge.facts:
        facts[fact.id] = fact
    for fact_id in facts:
        assert facts[fact_id].id == fact_id
    recent, blobs = facts.parts()
    assert len(recent) <= 3 and len(blobs) == len(knowledge.facts)
    first = next(iter(facts))
    assert facts.pop(first).id == first and first not in facts and facts.get(first) is None
    with pytest.raises(KeyError):
        facts[first]


async def test_a_snapshot_holds_bodies_not_models(store: FactStore) -> None:
    knowledge = await store.knowledge()
    facts = Bodies(Fact)
    for fact in knowledge.facts:
        facts[fact.id] = fact
    copy = round_trip(facts)
    assert not copy.parts()[0], "no model travels in a snapshot"
    assert [copy[i] for i in copy] == [facts[i] for i in facts]


def timeline_fact(fact_id: str, as_of: str, rank: Rank = Rank.NORMAL) -> Fact:
    return Fact.model_validate(
        {
            "id": fact_id,
            "subject": "honda",
            "predicate": "sales_volume",
            "value": {"kind": "quantity", "amount": 1, "unit": "vehicles"},
            "statement": f"Honda sold vehicles ({as_of}).",
            "as_of": as_of,
            "rank": rank,
            "sources": [{"publisher": "Wire", "quote": "Honda sold vehicles."}],
        }
    )


def test_a_timeline_keeps_its_order_as_facts_come_and_go() -> None:
    facts: Bodies[Fact] = Bodies(Fact)
    lists = Timelines((facts,), _fact_order)
    key = ("honda", "sales_volume")
    for fact in (
        timeline_fact("honda-2022", "2022"),
        timeline_fact("honda-2024", "2024"),
        timeline_fact("honda-2023", "2023", Rank.PREFERRED),
    ):
        facts[fact.id] = fact
        lists.file(key, fact)
    assert [f.id for f in lists[key]] == ["honda-2023", "honda-2024", "honda-2022"]
    copy = round_trip((facts, lists))[1]
    assert [f.id for f in copy[key]] == ["honda-2023", "honda-2024", "honda-2022"]
    for fact_id in ("honda-2023", "honda-2024"):
        lists.unfile(key, facts[fact_id])
    assert [f.id for f in lists[key]] == ["honda-2022"]
    lists.unfile(key, facts["honda-2022"])
    assert key not in lists and lists.get(key) is None and lists[key] == []


def test_a_word_too_common_to_pick_by_is_only_counted() -> None:
    words = WordPostings(limit=3)
    for n in range(5):
        words.file("sales", f"fact-{n}")
    words.file("golden", "fact-1")
    assert words.get("sales") is None and words.common("sales")
    assert words.get("golden") == {"fact-1"} and not words.common("golden")
    for n in range(5):
        words.unfile("sales", f"fact-{n}")
    assert "sales" not in words
    copy = round_trip(words)
    assert copy.limit == 3 and copy.get("golden") == {"fact-1"}


async def test_a_snapshot_answers_known_words_without_the_lemmatiser(
    store: FactStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """simplemma's English table is 20 MB (50 MB more while it loads): a snapshot carries the stems
    of every word the index and the grammar know, so a question in those words never needs it."""
    index = FactIndex(await store.knowledge())
    index.warm()
    expected = [Answerer(index).ask(q).answer for q in QUESTIONS]
    saved = pickle.dumps(index)

    def no_lemmatiser(token: str) -> str:
        raise AssertionError(f"the lemmatiser was asked about {token!r}")

    monkeypatch.setattr(reading, "_STEMS", {})
    monkeypatch.setattr(reading, "_lemma", no_lemmatiser)
    copy = pickle.loads(saved)  # noqa: S301 (our own bytes)
    assert [Answerer(copy).ask(q).answer for q in QUESTIONS] == expected
    assert any("34%" in a for a in expected)


async def test_retired_and_superseded_facts_read_back_from_the_right_table(store: FactStore) -> None:
    index = FactIndex(await store.knowledge())
    fact = next(f for f in (await store.knowledge()).facts if f.id == "mitsubishi-stake-in-nissan")
    before = Answerer(index).ask("how much of nissan does mitsubishi own").answer
    index.add_fact(fact.model_copy(update={"status": Status.SUPERSEDED}))
    assert fact.id not in index.facts and fact.id in index._past
    assert index._history[(fact.subject, fact.predicate)][0].status is Status.SUPERSEDED
    index.add_fact(fact)
    assert fact.id in index.facts and fact.id not in index._past
    assert not index._history[(fact.subject, fact.predicate)]
    assert Answerer(index).ask("how much of nissan does mitsubishi own").answer == before
