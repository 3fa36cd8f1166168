"""The first step of retrieval: what a question asks (knowledge.asking)."""

from __future__ import annotations

import pytest

from knowledge import asking
from knowledge.matcher import FactIndex
from knowledge.store import FactStore


@pytest.fixture
async def index(store: FactStore) -> FactIndex:
    return FactIndex(await store.knowledge())


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("how much of nissan does mitsubishi own", {"own"}),
        ("what share of nissan does mitsubishi own", {"own"}),
        ("what day did honda and nissan sign the mou", {"sign", "mou"}),
        ("honda sales per quarter", {"sales", "quarter"}),
        ("honda sales in the first quarter of 2024", {"sales"}),
        ("when did nissan cut it to 0.5%", {"cut", "0.5%"}),
        ("how much did honda sell on thursday", {"sell"}),
        ("how hard did nissan stock tank", {"stock", "tank"}),
    ],
    ids=[
        "names-and-grammar",
        "what-share-of",
        "what-day",
        "per-quarter",
        "a-time",
        "a-figure",
        "a-weekday",
        "how-hard",
    ],
)
async def test_content_words_are_what_a_fact_must_account_for(index: FactIndex, question: str, words: set[str]) -> None:
    """Names, grammar, times and the question's own form ("what share of", "what day") are not content;
    "per quarter" is (the quarterly figure is asked), and a figure is kept for the answer to hold."""
    assert set(asking.content_words(index, index.parse(question)).values()) == words


async def test_a_figure_is_keyed_by_its_number(index: FactIndex) -> None:
    assert "#0.5" in asking.content_words(index, index.parse("when did nissan cut it to 0.5%"))


@pytest.mark.parametrize(
    ("token", "number"), [("0.5%", 0.5), ("1,000", 1000.0), ("0,5", 0.5), ("14.1", 14.1), ("1,2,3", None)]
)
def test_numbers_are_read_as_people_write_them(token: str, number: float | None) -> None:
    assert asking.read_number(token) == number


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("how much did they pay", "number"),
        ("how many jobs will go", "count"),
        ("what % of staff", "percent"),
        ("when was it signed", "date"),
        ("ボーイングのストは何日間続いた", "count"),
    ],
)
async def test_the_kind_of_answer_asked(index: FactIndex, question: str, kind: str) -> None:
    parsed = index.parse(question)
    kinds = {
        "number": asking.asks_for_number(parsed),
        "count": asking.asks_for_count(parsed),
        "percent": asking.asks_for_percent(parsed),
        "date": asking.asks_for_date(parsed),
    }
    assert kinds[kind]


def test_related_words_go_both_ways_and_broader_words_one_way() -> None:
    related = asking.related_words()
    assert "bid" in related["offer"] and "offer" in related["bid"]
    assert "presid" in related["boss"]
    assert "boss" not in related.get("presid", frozenset())
