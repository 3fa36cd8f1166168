"""The candidates for a question and their evidence (knowledge.candidates)."""

from __future__ import annotations

import pytest

from knowledge import asking, candidates, guard
from knowledge.matcher import FactIndex
from knowledge.store import FactStore


@pytest.fixture
async def index(store: FactStore) -> FactIndex:
    return FactIndex(await store.knowledge())


def ranked(index: FactIndex, question: str) -> list[candidates.Scored]:
    parsed = index.parse(question)
    return candidates.score(index, parsed, asking.content_words(index, parsed))


async def test_candidates_are_the_facts_about_every_name_asked(index: FactIndex) -> None:
    parsed = index.parse("how much of nissan does mitsubishi own")
    pool = candidates.candidates(index, parsed)
    names = [m.target for m in parsed.mentions]
    assert names == ["nissan", "mitsubishi-motors"]
    assert pool and all(guard.accounts_for(index, f, names) for f in pool)
    assert "mitsubishi-stake-in-nissan" in {f.id for f in pool}


async def test_a_fact_read_the_other_way_round_is_no_candidate(index: FactIndex) -> None:
    """Nissan's stake in Mitsubishi is not Mitsubishi's stake in Nissan."""
    pool = candidates.candidates(index, index.parse("nissan's stake in mitsubishi"))
    assert "mitsubishi-stake-in-nissan" not in {f.id for f in pool}


async def test_the_fact_the_question_names_ranks_first_and_is_named(index: FactIndex) -> None:
    first = ranked(index, "how much of nissan does mitsubishi own")[0]
    assert first.fact.id == "mitsubishi-stake-in-nissan"
    assert first.named and not first.unexplained


async def test_facts_leaving_words_unexplained_rank_after_those_that_explain_all(index: FactIndex) -> None:
    scored = ranked(index, "how much of nissan does mitsubishi own in cash")
    assert scored[0].unexplained == ("cash",)
    flags = [bool(s.unexplained) for s in ranked(index, "how much of nissan does mitsubishi own")]
    assert flags == sorted(flags)


async def test_evidence_of_an_answer_is_its_best_fact(index: FactIndex) -> None:
    parsed = index.parse("how much of nissan does mitsubishi own")
    stake = index.facts["mitsubishi-stake-in-nissan"]
    assert (
        candidates.evidence_of(index, parsed, [stake])
        == ranked(index, "how much of nissan does mitsubishi own")[0].score
    )
