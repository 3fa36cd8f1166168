"""The coverage guard (knowledge.guard): a fact answers only if it accounts for everything asked."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from knowledge import guard
from knowledge.matcher import FactIndex
from knowledge.models import Fact
from tests.knowledge.sheets import HEADER, curated

SHEET = HEADER + (
    "Bank of Japan,10-year yield cap,,1%,%,2023-10-31,current,"
    '"The Bank of Japan made 1% a loose upper bound for the 10-year JGB yield.",Wire,2023-10-31,'
    'https://example.com/cap,"1% is now a reference."\n'
    "Bank of Japan,core cpi forecast for fiscal 2026,,1.8%,%,2025-07-31,current,"
    '"In July 2025 the Bank of Japan forecast fiscal 2026 core CPI at 1.8%.",Wire,2025-07-31,'
    'https://example.com/fy26,"1.8% for fiscal 2026."\n'
    "Bank of Japan,core cpi forecast for fiscal 2025,,2.7%,%,2025-07-31,current,"
    '"In July 2025 the Bank of Japan forecast fiscal 2025 core CPI at 2.7%.",Wire,2025-07-31,'
    'https://example.com/fy25,"2.7% for fiscal 2025."\n'
    "Federal Reserve,vice chair for supervision,,Michael Barr,,2023-04-28,current,"
    '"Michael Barr, the Fed\'s vice chair for supervision, led its review of SVB.",Wire,2023-04-28,'
    'https://example.com/barr,"Vice Chair for Supervision Michael Barr."\n'
    "Silicon Valley Bank,chief executive,,Tim Mayopoulos,,2023-03-13,current,"
    '"On 13 March 2023 the FDIC named Tim Mayopoulos to run the bridge bank.",Wire,2023-03-13,'
    'https://example.com/ceo,"The FDIC named Tim Mayopoulos CEO."\n'
    "Nissan,operating loss,,69.8e9,JPY,2025-05-13,current,"
    '"Nissan posted an operating loss of 69.8 billion yen.",Wire,2025-05-13,https://example.com/loss,'
    '"Operating loss of 69.8 billion yen."\n'
)


ENTITIES = (
    "name,kind,aliases\nBank of Japan,organization,BOJ\nNissan,company,\nFederal Reserve,organization,the Fed\n"
    "Silicon Valley Bank,company,SVB\nFDIC,government,\nTim Mayopoulos,person,Mayopoulos\n"
)


@pytest.fixture
async def index(tmp_path: Path) -> AsyncIterator[FactIndex]:
    async with curated(tmp_path / "guard.sqlite3", ENTITIES, SHEET) as service:
        yield FactIndex(await service.store.knowledge())


def fact(index: FactIndex, predicate: str, subject: str | None = None) -> Fact:
    return next(f for f in index.facts.values() if f.predicate == predicate and subject in (None, f.subject))


async def test_every_word_must_be_accounted_for(index: FactIndex) -> None:
    """The cap explains "what is the boj's 10-year yield cap"; "in cash" it does not say."""
    cap = fact(index, "10_year_yield_cap")
    assert guard.explains(index, index.parse("what is the boj's 10-year yield cap"), [cap])
    assert not guard.explains(index, index.parse("what is the boj's 10-year yield cap in cash"), [cap])


async def test_a_relation_asked_without_its_head_is_a_neighbour(index: FactIndex) -> None:
    """The 10-year yield itself is not its cap: the relation's head ("cap") is not asked."""
    parsed = index.parse("what is the 10 year jgb yield at the boj")
    assert guard.missing_head(index, parsed, fact(index, "10_year_yield_cap")) == "cap"


async def test_an_opposite_is_not_explained(index: FactIndex) -> None:
    """A question about profit is not answered by an operating loss."""
    parsed = index.parse("what was nissan's operating profit")
    words = {"profit": "profit"}
    assert guard.opposite_asked(index, words, fact(index, "operating_loss")) == "profit"
    assert not guard.explains(index, parsed, [fact(index, "operating_loss")])


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("valu", "valuat", True), ("oversubscrib", "oversubscript", True), ("invest", "investig", False)],
)
def test_derived_words_are_one_word(a: str, b: str, same: bool) -> None:
    assert guard.same_word(a, b) is same


@pytest.mark.parametrize(
    ("word", "text", "found"),
    [
        ("nyse", "listed on the New York Stock Exchange", True),
        ("rsus", "6 million restricted stock units", True),
        ("arr", "annual recurring revenue", True),
        ("rsu", "restricted units", False),
    ],
)
def test_initials_stand_for_the_words_they_begin(word: str, text: str, found: bool) -> None:
    assert guard.initials_of(word, text) is found


async def test_a_year_a_relation_names_must_be_the_year_asked(index: FactIndex) -> None:
    """Asked "fy26 … in july 2025": the fiscal 2026 forecast made in July 2025, not the fiscal 2025 one."""
    parsed = index.parse("fy26 cpi forecast from the boj in july 2025")
    assert not guard.label_years_differ(index, parsed, fact(index, "core_cpi_forecast_for_fiscal_2026"))
    assert guard.label_years_differ(index, parsed, fact(index, "core_cpi_forecast_for_fiscal_2025"))


async def test_a_role_qualifier_the_question_does_not_say_is_another_role(index: FactIndex) -> None:
    """The Fed's vice chair for supervision does not answer who chairs the Fed."""
    vice = fact(index, "vice_chair_for_supervision")
    assert guard.qualifier_unasked(index, index.parse("who chairs the federal reserve"), vice) == "vice"
    assert guard.qualifier_unasked(index, index.parse("who is the fed's vice chair for supervision"), vice) is None


async def test_a_role_is_held_at_the_facts_subject(index: FactIndex) -> None:
    """SVB's chief executive, whom the FDIC named, is not the FDIC's boss; asked about him, he is."""
    ceo = fact(index, "chief_executive", "silicon-valley-bank")
    assert guard.about_another(index, ceo, ["fdic"], index.parse("who runs the fdic"))
    assert not guard.about_another(index, ceo, ["tim-mayopoulos"], index.parse("what does tim mayopoulos run"))


async def test_a_count_is_not_answered_with_money_or_a_share(index: FactIndex) -> None:
    """A question asking "how many" wants a count: the 69.8 billion yen loss answers "how much", not "how many"."""
    loss = fact(index, "operating_loss")
    assert guard.gives_figure_asked(index.parse("how much did nissan lose"), loss)
    assert not guard.gives_figure_asked(index.parse("how many did nissan lose"), loss)
