"""Words written as one that a fact writes as two ("pretax" for "pre-tax", "preorders"), a loss a curator
writes with its minus before the currency sign ("-£1.65 billion"), and everyday idioms ("sitting on" a
debt is having it).
"""

from __future__ import annotations

import pytest

from knowledge.models import MoneyValue
from knowledge.service import FactService
from tests.knowledge.sheets import service_fixture

ROWS = [
    "Harbour Water,pre-tax profit,,-£1.65 billion,GBP,2025-03-31,current,"
    '"Harbour Water made a pre-tax loss of £1.65 billion in the year to March 2025.",Wire,2025-07-15,'
    'https://example.com/1,"£1.65bn loss"',
    "Harbour Water,net debt,,£16.8 billion,GBP,2025-03-31,current,"
    '"Harbour Water\'s net debt was £16.8 billion at the end of March 2025.",Wire,2025-07-15,'
    'https://example.com/2,"£16.8bn"',
    "Alder Games,pre-order start date,,2025-04-24,,2025-04-18,current,"
    '"Pre-orders for the Alder console open in the US on 24 April 2025.",Wire,2025-04-18,'
    'https://example.com/3,"24 April"',
]
ENTITIES = "name,kind,aliases\nHarbour Water,company,harbour\nAlder Games,company,alder\n"

service = service_fixture("joined_words.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("harbour water pretax loss for the year to march 2025", "£1.65 billion"),
        ("how much debt is harbour water sitting on rn", "£16.8 billion"),
        ("when do alder preorders open in the us", "24 April 2025"),
    ],
)
async def test_words_as_people_write_them(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


async def test_a_minus_before_the_currency_sign_is_a_negative_sum(service: FactService) -> None:
    knowledge = await service.knowledge()
    (fact,) = [f for f in knowledge.facts if f.predicate == "pre_tax_profit"]
    assert isinstance(fact.value, MoneyValue)
    assert (fact.value.amount, fact.value.currency) == (-1.65e9, "GBP")


async def test_a_joined_word_is_not_any_two_words(service: FactService) -> None:
    # "taxpre" is no way of writing "pre-tax"; nor is a word two unrelated halves of the fact's words.
    answer = service.answerer().ask("harbour water taxpre loss for the year to march 2025")
    assert not answer.answered, answer.answer
