"""Autocomplete runs on the event loop at every keystroke: past FULL_SEARCH facts it ranks only the
facts and names the text leads to (ids and names that start with it, statements holding a word of
it), and what it finds there is what a user typing a name or an id is looking for."""

from __future__ import annotations

import pytest

from knowledge import matcher
from knowledge.answers import Answerer
from knowledge.service import FactService


@pytest.fixture
def big(monkeypatch: pytest.MonkeyPatch, answerer: Answerer) -> Answerer:
    monkeypatch.setattr(matcher, "FULL_SEARCH", 5)  # the shipped pack, searched as a 100,000-fact one is
    return answerer


def test_a_fact_is_found_by_its_id_or_its_words(big: Answerer) -> None:
    index = big.index
    assert [f.id for f in index.search_facts("honda-sales")][:1] == ["honda-sales-fy2023"]
    assert "honda-sales-fy2023" in [f.id for f in index.search_facts("honda sales fy2023")][:3]
    assert "mitsubishi-stake-in-nissan" in [f.id for f in index.search_facts("mitsubishi nissan stake")][:5]
    assert index.search_facts("zzzz qqqq") == []


def test_a_subject_is_found_by_a_name_or_an_alias(big: Answerer) -> None:
    index = big.index
    assert index.search_subjects("toyota")[:1] in (["toyota"], ["toyota-group"])
    assert "mitsubishi-motors" in index.search_subjects("mitsu")
    assert index.search_subjects("")[:3] == sorted(index.search_subjects(""))[:3]


async def test_what_autocomplete_offers_follows_edits(service: FactService, monkeypatch: pytest.MonkeyPatch) -> None:
    """Worked out once per change, never stale: a retired fact stops being offered, in the base and in
    a server's layer that retired it alone."""
    monkeypatch.setattr(matcher, "FULL_SEARCH", 5)
    assert "honda-sales-fy2023" in [f.id for f in service.answerer().index.search_facts("honda-sales")]
    await service.set_status("honda-sales-fy2023", matcher.Status.RETIRED, "user:1", "wrong", "99")
    assert "honda-sales-fy2023" not in [f.id for f in service.answerer("99").index.search_facts("honda-sales")]
    assert "honda-sales-fy2023" in [f.id for f in service.answerer().index.search_facts("honda-sales")]
